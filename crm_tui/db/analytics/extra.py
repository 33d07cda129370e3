"""``temp.loyalty_extra``: what the stored totals do not hold, for the customers it concerns.

One row per customer with any of: a manual ladder stage (``override_i``, its index in the
stages; only customers not archived), no contact for longer than their own rhythm or the
default (``quiet``; not archived), active policies already past their end date (not in
force: ``exp_n``, ``exp_comm``), a lapse in the last 12 months (``lapsed_recent``), open
complaints (``open_c``). (Who referred whom is in the totals: ``customer_stats.ref`` and
``ref_buyers``, steps 22 and 23.)

Each part is a range of an index, added row by row (an upsert per part: on SQLite about
half the cost of gathering the parts' UNION ALL by customer, which sorts them; the same on
PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from .. import sqlfn
from ..models import db
from ..sqlfn import literal

# Open complaint statuses (the workflow's states before "resolved").
OPEN_COMPLAINT = ("new", "in_progress", "waiting")

Part = tuple[str, str, dict[str, str]]  # (FROM ... WHERE ..., customer id, column: value)


def _insert(table: str, part: Part, params: dict) -> None:
    source, cid, values = part
    cols = ", ".join(values)
    updates = ", ".join(f"{c} = excluded.{c}" for c in values)
    sqlfn.execute(
        f"INSERT INTO {table} (cid, {cols}) SELECT {cid}, {', '.join(values.values())} {source}"
        f" ON CONFLICT (cid) DO UPDATE SET {updates}",
        params,
    )


def build_extra(
    today: date,
    y1: date,
    no_contact_days: int,
    stages: Sequence[str],
    with_commission: bool = True,
    whole: bool = True,
    expired: bool = True,
) -> str:
    """Make ``temp.loyalty_extra`` for ``today`` and return its name. ``whole`` False (the
    overview, which counts the rest from indexes itself): only the manual stages and the
    policies past their end; ``expired`` False (the overview, when those cannot change a
    stage) starts it empty: the overview reads the manual stages itself
    (``book.ladder_corrections``) and ``add_expired`` adds the policies past their end of
    the customers it needs."""
    table = sqlfn.temp("loyalty_extra")
    db.execute_sql(f"DROP TABLE IF EXISTS {table}")
    db.execute_sql(
        "CREATE TEMP TABLE loyalty_extra (cid INTEGER PRIMARY KEY, override_i INTEGER,"
        " quiet INTEGER NOT NULL DEFAULT 0,"
        " exp_n INTEGER NOT NULL DEFAULT 0, exp_comm BIGINT NOT NULL DEFAULT 0,"
        " lapsed_recent INTEGER NOT NULL DEFAULT 0, open_c INTEGER NOT NULL DEFAULT 0)"
    )
    ix = sqlfn.indexed_by
    active = "archived_at IS NULL AND anonymized_at IS NULL"
    parts: list[Part] = []
    if expired or whole:  # else the overview reads the manual stages itself
        parts.append(
            _p(
                f"FROM customer{ix('customer_ladder_override')}"
                f" WHERE ladder_override IS NOT NULL AND {active}",
                "id",
                override_i=override_index(stages),
            )
        )
        parts.append(_expired(with_commission))
    if whole:
        # No contact for long: contact_at is 'YYYY-MM-DD HH:MM:SS' (or a date), so any time
        # on the cut-off day is not older. A customer's own rhythm replaces the default.
        last_day = sqlfn.date_of("coalesce(last_contact_at, created_at)")
        parts += [
            _p(
                f"FROM customer{ix('customer_quiet')}"
                " WHERE coalesce(last_contact_at, created_at) < :contact_cut"
                f" AND contact_every_days IS NULL AND {active}",
                "id",
                quiet="1",
            ),
            _p(
                f"FROM customer{ix('customer_rhythm_cover')}"
                f" WHERE contact_every_days IS NOT NULL AND {active}"
                f" AND {sqlfn.day_number(':today')} - {sqlfn.day_number(last_day)}"
                " > contact_every_days",
                "id",
                quiet="1",
            ),
            _p(
                "FROM policy WHERE status = 'lapsed' AND end_date > :y1"
                " AND end_date <= :today GROUP BY customer_id",
                "customer_id",
                lapsed_recent="1",
            ),
            _p(
                f"FROM complaint{ix('complaint_open_customer')}"
                f" WHERE status IN {OPEN_COMPLAINT} GROUP BY customer_id",
                "customer_id",
                open_c="count(*)",
            ),
        ]
    params = {
        "today": today.isoformat(),
        "y1": y1.isoformat(),
        "contact_cut": (today - timedelta(days=no_contact_days)).isoformat(),
    }
    for part in parts:
        _insert(table, part, params)
    return table


def override_index(stages: Sequence[str], column: str = "ladder_override") -> str:
    """A manual stage as its index in ``stages``; NULL for an unknown one (imports may bring
    anything: it counts as none)."""
    whens = " ".join(f"WHEN {literal(code)} THEN {i}" for i, code in enumerate(stages))
    return f"CASE {column} {whens} END"


def _expired(with_commission: bool, ids: str = "") -> Part:
    """Active policies past their end date, by customer (``ids``: a condition on the
    customers, looked up through their own index rather than the range of every customer)."""
    index = "policy_customer_id" if ids else "policy_active_end_cover"
    return _p(
        f"FROM policy{sqlfn.indexed_by(index)}"
        f" WHERE status = 'active' AND end_date < :today{ids} GROUP BY customer_id",
        "customer_id",
        exp_n="count(*)",
        exp_comm="coalesce(sum(commission), 0)" if with_commission else "0",
    )


def add_expired(
    table: str, today: date, with_commission: bool, ids: Sequence[int] | None = None
) -> None:
    """Add the policies past their end date of the customers ``ids`` (None: everybody) to
    a helper table built without them."""
    where = ""
    if ids is not None:
        if not ids:
            return
        where = f" AND customer_id IN ({', '.join(str(int(i)) for i in ids)})"
    _insert(table, _expired(with_commission, where), {"today": today.isoformat()})


def expired_commission_below_zero(today: date) -> bool:
    """Whether any active policy past its end date has a commission below zero (a range of
    the covering ``policy_active_end_cover``, stopped at the first)."""
    row = sqlfn.execute(
        f"SELECT 1 FROM policy{sqlfn.indexed_by('policy_active_end_cover')}"
        " WHERE status = 'active' AND end_date < ? AND commission < 0 LIMIT 1",
        (today.isoformat(),),
    ).fetchone()
    return row is not None


def _p(source: str, cid: str, **values: str) -> Part:
    return source, cid, values
