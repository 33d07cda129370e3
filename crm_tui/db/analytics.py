"""Loyalty aggregates in SQLite: every GROUP BY over purchases and policies lives here.

- ``customer_stats`` (per customer: purchases, policies, totals, first and last dates, renewals,
  lapses, active policies and their commission) and ``purchase_daily`` (revenue per day) are
  kept up to date by triggers (migration step 3), so the overview never reads the million
  purchase rows. ``customer_stats.active`` mirrors "not archived, not erased".
- The RFM quintile cut points are read at offsets of three partial indexes on customer_stats
  (no sort), and a single customer's scores are three index counts.
- The overview builds one temporary table, ``temp.loyalty_facts``: one row per customer not
  archived, with everything already computed for ``today`` (RFM scores and cell, ladder stage,
  lifetime value for ordering, at-risk flags). The figures and every drill-down list are small
  queries over it.

The business rules themselves (segment map, ladder rules, lifetime-value formulas) are defined
in ``crm_tui.domain.loyalty``; the SQL here mirrors them and the domain tests check that both
agree customer by customer.

Money comes back in minor units (kuruş) as integers, or as floats for lifetime values (used for
ordering only; exact Decimal values are computed by the domain per customer).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from functools import lru_cache

from .models import db

# Open complaint statuses (the workflow's states before "resolved").
OPEN_COMPLAINT = ("new", "in_progress", "waiting")


@lru_cache(maxsize=1)
def _loyalty_objects() -> tuple[str, ...]:
    """Names of the tables, indexes and triggers the loyalty part of step 3 creates."""
    import re

    from .migrations import V3_LOYALTY

    pattern = re.compile(r"CREATE (?:TABLE|INDEX|TRIGGER) IF NOT EXISTS (\w+)")
    return tuple(m.group(1) for stmt in V3_LOYALTY for m in [pattern.search(stmt)] if m)


def ensure_schema() -> None:
    """Create the loyalty tables, triggers and indexes in a file stamped with schema version
    3 by a development build from before they (or some of them) were added to step 3. New and
    upgraded files have them already; checking costs one lookup."""
    if not db.in_transaction():
        # The helper tables live in memory (allowed only outside a transaction).
        db.execute_sql("PRAGMA temp_store = MEMORY")
    names = _loyalty_objects()
    marks = ",".join("?" * len(names))
    present = db.execute_sql(
        f"SELECT count(*) FROM sqlite_master WHERE name IN ({marks})", names
    ).fetchone()[0]
    if present == len(names):
        return
    from .migrations import V3_LOYALTY

    with db.atomic():
        # Whatever such a build made of them is derived data: made again from the rows.
        for (name,) in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            " AND (name LIKE 'customer\\_stats\\_%' ESCAPE '\\'"
            " OR name LIKE 'purchase\\_daily\\_%' ESCAPE '\\'"
            " OR name LIKE 'policy\\_daily\\_%' ESCAPE '\\'"
            " OR name LIKE 'customer\\_gap\\_%' ESCAPE '\\')"
        ).fetchall():
            db.execute_sql(f'DROP TRIGGER "{name}"')
        db.execute_sql("DROP TABLE IF EXISTS customer_stats")
        db.execute_sql("DROP TABLE IF EXISTS purchase_daily")
        db.execute_sql("DROP TABLE IF EXISTS policy_daily")
        db.execute_sql("DROP TABLE IF EXISTS customer_gap")
        for stmt in V3_LOYALTY:
            db.execute_sql(stmt)


@contextmanager
def totals_computed_at_the_end() -> Iterator[None]:
    """For filling a new database in bulk (demo, benchmark data): the per-row loyalty
    triggers are set aside while rows go in, and the totals are computed in one pass at the
    end (about half the filling time at a million purchases). Never around work on a database
    other desks are writing to: their changes in between would be counted only at the end."""
    from .migrations import V3_LOYALTY

    ensure_schema()
    triggers = [stmt for stmt in V3_LOYALTY if stmt.lstrip().startswith("CREATE TRIGGER")]
    fills = [
        stmt
        for stmt in V3_LOYALTY
        if stmt.startswith(("INSERT OR REPLACE", "UPDATE customer_stats"))
    ]
    names = [stmt.split("IF NOT EXISTS", 1)[1].split()[0] for stmt in triggers]
    with db.atomic():
        for name in names:
            db.execute_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    try:
        yield
    finally:
        with db.atomic():
            db.execute_sql("DELETE FROM customer_stats")
            db.execute_sql("DELETE FROM purchase_daily")
            db.execute_sql("DELETE FROM policy_daily")
            db.execute_sql("DELETE FROM customer_gap")
            for stmt in fills + triggers:
                db.execute_sql(stmt)


def overall_renewal_rate() -> float | None:
    """renewed / (renewed + lapsed) over every policy ever (fallback for lifetime value)."""
    renewed, lapsed = db.execute_sql(
        "SELECT coalesce(sum(renewed), 0), coalesce(sum(lapsed), 0) FROM customer_stats"
    ).fetchone()
    return renewed / (renewed + lapsed) if renewed + lapsed else None


# -- RFM ---------------------------------------------------------------------------------------

# Column of customer_stats and the partial index ordered by it (same WHERE for all three).
_RFM_INDEX = {"last_d": "customer_stats_last", "n": "customer_stats_n", "m": "customer_stats_m"}
_SCORED = "active AND n > 0"


def scored_count() -> int:
    """Active customers (not archived, at least one purchase or policy)."""
    return db.execute_sql(
        f"SELECT count(*) FROM customer_stats INDEXED BY customer_stats_n WHERE {_SCORED}"
    ).fetchone()[0]


def value_at(column: str, offset: int, count: int | None = None):
    """The value at ``offset`` (0-based) of ``column`` sorted ascending over active customers.
    With ``count`` (how many there are) the index is read from the nearer end: an offset is
    a walk through that many index entries."""
    index = _RFM_INDEX[column]
    order = "ASC"
    if count is not None and offset > count // 2:
        order, offset = "DESC", count - 1 - offset
    row = db.execute_sql(
        f"SELECT {column} FROM customer_stats INDEXED BY {index} WHERE {_SCORED}"
        f" ORDER BY {column} {order} LIMIT 1 OFFSET ?",
        (offset,),
    ).fetchone()
    return row[0] if row else None


def count_below(column: str, value) -> int:
    """Active customers whose ``column`` is strictly below ``value``."""
    index = _RFM_INDEX[column]
    return db.execute_sql(
        f"SELECT count(*) FROM customer_stats INDEXED BY {index} WHERE {_SCORED} AND {column} < ?",
        (value,),
    ).fetchone()[0]


def customer_stats(customer_id: int) -> dict | None:
    """The stored totals of one customer (None without purchases or policies)."""
    cur = db.execute_sql(
        "SELECT active, n_purch, m_purch, first_purch, last_purch, n_pol, m_pol, n, m,"
        " first_d, last_d FROM customer_stats WHERE customer_id = ?",
        (customer_id,),
    )
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def many_stats(ids: Sequence[int]) -> dict[int, tuple[int, int, str | None]]:
    """{id: (purchases and policies, revenue in minor units, last date)} for the given ids."""
    out: dict[int, tuple[int, int, str | None]] = {}
    for start in range(0, len(ids), 900):  # SQLite limits the number of parameters
        chunk = list(ids[start : start + 900])
        marks = ",".join("?" * len(chunk))
        for cid, n, m, last in db.execute_sql(
            f"SELECT customer_id, n, m, last_d FROM customer_stats WHERE customer_id IN ({marks})",
            chunk,
        ):
            out[cid] = (n, m, last)
    return out


# -- the scored customers ------------------------------------------------------------------------


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _julian(day: date) -> float:
    """SQLite's julianday() of a date (at midnight)."""
    return day.toordinal() + 1721424.5


def _score_expr(column: str, cuts: Sequence) -> str:
    """1 + the number of cut values ``column`` is strictly above. The cuts ascend, so a CASE
    from the top stops at the first that holds (most customers score high on recency)."""
    if not cuts:
        return "1"
    whens = " ".join(
        f"WHEN {column} > {_literal(v)} THEN {k}"
        for k, v in sorted(enumerate(cuts, start=2), reverse=True)
    )
    return f"(CASE {whens} ELSE 1 END)"


def _build_extra(today: date, y1: date, no_contact_days: int, stages: Sequence[str]) -> None:
    """``temp.loyalty_extra``, one row per customer with any of: a manual ladder stage
    (override_i, its index in ``stages``) or no contact for longer than their own rhythm or
    ``no_contact_days`` (quiet), both only for customers not archived; active policies already past their end date (not in
    force: exp_n, exp_comm), a lapse in the last 12 months, open complaints (open_c),
    customers they referred who are not archived (ref_n, of whom ref_buyers bought, for
    ref_m)."""
    db.execute_sql("DROP TABLE IF EXISTS temp.loyalty_extra")
    db.execute_sql(
        "CREATE TEMP TABLE loyalty_extra (cid INTEGER PRIMARY KEY, override_i INTEGER,"
        " quiet INTEGER NOT NULL DEFAULT 0,"
        " exp_n INTEGER NOT NULL DEFAULT 0, exp_comm INTEGER NOT NULL DEFAULT 0,"
        " lapsed_recent INTEGER NOT NULL DEFAULT 0, open_c INTEGER NOT NULL DEFAULT 0,"
        " ref_n INTEGER NOT NULL DEFAULT 0, ref_buyers INTEGER NOT NULL DEFAULT 0,"
        " ref_m INTEGER NOT NULL DEFAULT 0)"
    )
    # A manual stage counts only when it is a known stage (imports may bring anything);
    # kept as its index in ``stages``.
    override_i = (
        "CASE ladder_override "
        + " ".join(f"WHEN {_literal(code)} THEN {i}" for i, code in enumerate(stages))
        + " END"
    )
    db.execute_sql(
        f"""
        INSERT INTO loyalty_extra (cid, override_i)
        SELECT id, {override_i} FROM customer INDEXED BY customer_ladder_override
        WHERE ladder_override IS NOT NULL AND archived_at IS NULL AND anonymized_at IS NULL
        """
    )
    # No contact for long: contact_at is 'YYYY-MM-DD HH:MM:SS' (or a date), so any time on
    # the cut-off day is not older. A customer's own rhythm replaces the default (few have
    # one). Both read a range of an index, not every customer.
    db.execute_sql(
        """
        INSERT INTO loyalty_extra (cid, quiet)
        SELECT id, 1 FROM customer INDEXED BY customer_quiet
        WHERE coalesce(last_contact_at, created_at) < :contact_cut
          AND contact_every_days IS NULL AND archived_at IS NULL AND anonymized_at IS NULL
        ON CONFLICT (cid) DO UPDATE SET quiet = 1
        """,
        {"contact_cut": (today - timedelta(days=no_contact_days)).isoformat()},
    )
    db.execute_sql(
        """
        INSERT INTO loyalty_extra (cid, quiet)
        SELECT id, 1 FROM customer INDEXED BY customer_rhythm_cover
        WHERE contact_every_days IS NOT NULL AND archived_at IS NULL AND anonymized_at IS NULL
          AND julianday(:today) - julianday(date(coalesce(last_contact_at, created_at)))
              > contact_every_days
        ON CONFLICT (cid) DO UPDATE SET quiet = 1
        """,
        {"today": today.isoformat()},
    )
    db.execute_sql(
        """
        INSERT INTO loyalty_extra (cid, ref_n, ref_buyers, ref_m)
        SELECT c.referred_by_id, count(*), coalesce(sum(s.n > 0), 0), coalesce(sum(s.m), 0)
        FROM customer c INDEXED BY customer_referral_cover
        LEFT JOIN customer_stats s ON s.customer_id = c.id
        WHERE c.referred_by_id IS NOT NULL AND c.archived_at IS NULL AND c.anonymized_at IS NULL
        GROUP BY c.referred_by_id
        ON CONFLICT (cid) DO UPDATE SET ref_n = excluded.ref_n, ref_buyers = excluded.ref_buyers,
            ref_m = excluded.ref_m
        """
    )
    db.execute_sql(
        """
        INSERT INTO loyalty_extra (cid, exp_n, exp_comm)
        SELECT customer_id, count(*), coalesce(sum(commission), 0)
        FROM policy INDEXED BY policy_active_end_cover
        WHERE status = 'active' AND end_date < :today GROUP BY customer_id
        ON CONFLICT (cid) DO UPDATE SET exp_n = excluded.exp_n, exp_comm = excluded.exp_comm
        """,
        {"today": today.isoformat()},
    )
    db.execute_sql(
        """
        INSERT INTO loyalty_extra (cid, lapsed_recent)
        SELECT DISTINCT customer_id, 1 FROM policy
        WHERE status = 'lapsed' AND end_date > :y1 AND end_date <= :today
        ON CONFLICT (cid) DO UPDATE SET lapsed_recent = 1
        """,
        {"today": today.isoformat(), "y1": y1.isoformat()},
    )
    db.execute_sql(
        f"""
        INSERT INTO loyalty_extra (cid, open_c)
        SELECT customer_id, count(*) FROM complaint INDEXED BY complaint_open_customer
        WHERE status IN {OPEN_COMPLAINT} GROUP BY customer_id
        ON CONFLICT (cid) DO UPDATE SET open_c = excluded.open_c
        """
    )


class Scored:
    """Every customer (not archived, not erased) scored for one day.

    ``sql`` is a SELECT with one row per customer: id, ref (referred by), n (purchases and
    policies), m (revenue, minor units), first_d, last_d (first and last purchase or policy),
    cell (R × 10 + F, 0 without purchases), stage_i (index in ``stages``), manual (the stage
    was set by hand), ltv (float, minor units; 0 without purchases), lapsed_recent, open_c
    (open complaints), no_contact (a buying customer not contacted for long), nps and csat
    (latest answers). ``groups``
    counts the same expressions in one pass over ``customer_stats`` (which has no row for a
    customer who never bought or answered: those are counted apart).

    ``cuts``: the four values each of last date, count and revenue must be strictly above to
    reach scores 2..5 (see ``crm_tui.domain.loyalty.quintile_cuts``). Nothing is stored per
    customer: each query computes only the columns it reads. Use inside one transaction;
    ``close()`` drops the helper table.
    """

    def __init__(
        self,
        today: date,
        y1: date,
        cuts: tuple[Sequence, Sequence, Sequence],
        stages: Sequence[str],
        ltv_years: float,
        discount_rate: float,
        no_contact_days: int,
        book_renewal_rate: float | None,
    ) -> None:
        ensure_schema()
        _build_extra(today, y1, no_contact_days, stages)
        self.today = today
        self.stages = tuple(stages)
        self._years = ltv_years
        self._discount = discount_rate
        self._book = book_renewal_rate
        self.params = {"today": today.isoformat()}
        r_sql = _score_expr("s.last_d", cuts[0])
        f_sql = _score_expr("s.n", cuts[1])
        idx = {code: i for i, code in enumerate(stages)}
        # The ladder rules (see crm_tui.domain.loyalty.suggest_stage).
        suggested = f"""CASE WHEN coalesce(s.n, 0) = 0 THEN {idx["prospect"]}
            WHEN x.ref_buyers > 0 THEN {idx["advocate"]}
            WHEN s.nps >= 9 OR s.csat = 5 THEN {idx["supporter"]}
            WHEN s.n >= 2 OR s.n_active_pol - coalesce(x.exp_n, 0) >= 2 THEN {idx["client"]}
            ELSE {idx["customer"]} END"""
        self._cell = f"CASE WHEN s.n > 0 THEN {r_sql} * 10 + {f_sql} ELSE 0 END"
        self._stage = f"coalesce(x.override_i, {suggested})"
        self._manual = "(x.override_i IS NOT NULL)"
        self._no_contact = "coalesce(s.n > 0 AND x.quiet, 0)"
        self.sql = f"""
            SELECT c.id AS id, c.referred_by_id AS ref, coalesce(s.n, 0) AS n,
                coalesce(s.m, 0) AS m, s.first_d AS first_d, s.last_d AS last_d,
                {self._cell} AS cell, {self._stage} AS stage_i, {self._manual} AS manual,
                CASE WHEN s.n > 0 THEN {self.ltv_expr()} ELSE 0 END AS ltv,
                coalesce(x.lapsed_recent, 0) AS lapsed_recent, coalesce(x.open_c, 0) AS open_c,
                {self._no_contact} AS no_contact, s.nps AS nps, s.csat AS csat
            FROM customer c INDEXED BY customer_loyalty_cover
            LEFT JOIN customer_stats s ON s.customer_id = c.id
            LEFT JOIN temp.loyalty_extra x ON x.cid = c.id
            WHERE c.archived_at IS NULL AND c.anonymized_at IS NULL"""

    def ltv_expr(self) -> str:
        """Lifetime value in minor units over ``s`` (customer_stats) and ``x`` (extra); see
        ``crm_tui.domain.loyalty.customer_ltv``."""
        y = _literal(float(self._years))
        i = _literal(float(self._discount))
        book = self._book
        comm = "(s.comm_active - coalesce(x.exp_comm, 0))"
        rate = "(1.0 * s.renewed / (s.renewed + s.lapsed))"
        if book is None:
            fallback = f"1.0 * {comm}"
        else:
            o = _literal(float(book))
            fallback = f"{comm} * {o} / max(0.01, 1 + {i} - {o})"
        day = _literal(float(_julian(self.today)))
        return f"""CASE WHEN s.n_purch > 0 THEN s.m_purch * {y}
                 / max(1.0, ({day} - s.first_purch_jd) / 365.0) ELSE 0 END
            + CASE WHEN s.n_pol > 0 THEN (CASE WHEN s.renewed + s.lapsed > 0
                 THEN {comm} * {rate} / max(0.01, 1 + {i} - {rate}) ELSE {fallback} END)
                 ELSE 0 END"""

    def groups(self, y1: date, first_month: date) -> list[tuple[int, int, int]]:
        """(key, customers, revenue) over the customers with a ``customer_stats`` row, in one
        pass. The key packs everything the figures count, so the sort behind GROUP BY moves
        small rows; see ``unpack``. ``first_month``: the first of the 12 chart months."""
        base = first_month.year * 12 + first_month.month - 1
        month = f"""(CAST(substr(s.first_d, 1, 4) AS INTEGER) * 12
            + CAST(substr(s.first_d, 6, 2) AS INTEGER) - 1 - {base})"""
        # Summed into a small keyed table row by row: about half the cost of GROUP BY, which
        # sorts every row first.
        db.execute_sql("DROP TABLE IF EXISTS temp.loyalty_groups")
        db.execute_sql(
            "CREATE TEMP TABLE loyalty_groups (k INTEGER PRIMARY KEY, n INTEGER, m INTEGER)"
        )
        db.execute_sql(
            f"""
            INSERT INTO loyalty_groups
            SELECT {self._cell} + 100 * {self._manual} + 200 * {self._stage}
                + 2000 * CASE WHEN s.n > 0 AND s.first_d >= :m0 AND {month} < 12
                              THEN {month} ELSE 12 END
                + 26000 * coalesce(s.last_d > :y1, 0) + 52000 * {self._no_contact}, 1, s.m
            FROM customer_stats s NOT INDEXED
            LEFT JOIN temp.loyalty_extra x ON x.cid = s.customer_id
            WHERE s.active
            ON CONFLICT (k) DO UPDATE SET n = n + 1, m = m + excluded.m
            """,
            {"y1": y1.isoformat(), "m0": first_month.isoformat()},
        )
        rows = db.execute_sql("SELECT k, n, m FROM temp.loyalty_groups").fetchall()
        db.execute_sql("DROP TABLE temp.loyalty_groups")
        return rows

    @staticmethod
    def unpack(key: int) -> dict[str, int]:
        """The parts of a ``groups`` key: RFM cell, manual, stage index, month of the first
        purchase (0-11 in the chart, 12 otherwise), bought in the last 12 months, no contact
        for long."""
        return {
            "cell": key % 100,
            "manual": (key // 100) % 2,
            "stage_i": (key // 200) % 10,
            "month": (key // 2000) % 13,
            "bought_12m": (key // 26000) % 2,
            "no_contact": key // 52000,
        }

    def without_stats(self, with_stats: int) -> tuple[int, dict[str, int]]:
        """Customers (not archived) who never bought nor answered, given how many have a
        ``customer_stats`` row (the ``groups`` total): how many, and how many of them have
        each manual stage (the rest are prospects)."""
        total = db.execute_sql(
            "SELECT count(*) FROM customer INDEXED BY customer_loyalty_cover"
            " WHERE archived_at IS NULL AND anonymized_at IS NULL"
        ).fetchone()[0]
        manual = {
            self.stages[i]: n
            for i, n in db.execute_sql(
                "SELECT x.override_i, count(*) FROM temp.loyalty_extra x"
                " WHERE x.override_i IS NOT NULL"
                " AND NOT EXISTS (SELECT 1 FROM customer_stats s WHERE s.customer_id = x.cid)"
                " GROUP BY x.override_i"
            ).fetchall()
        }
        return int(total) - with_stats, manual

    def risk_counts(self) -> tuple[int, int]:
        """(customers not archived with an open complaint, with a lapse in 12 months)."""
        row = db.execute_sql(
            "SELECT coalesce(sum(x.open_c > 0), 0), coalesce(sum(x.lapsed_recent), 0)"
            " FROM temp.loyalty_extra x WHERE (x.open_c > 0 OR x.lapsed_recent)"
            " AND EXISTS (SELECT 1 FROM customer c INDEXED BY customer_loyalty_cover"
            " WHERE c.id = x.cid AND c.archived_at IS NULL AND c.anonymized_at IS NULL)"
        ).fetchone()
        return int(row[0]), int(row[1])

    def referral_totals(self) -> tuple[int, int, int]:
        """(customers who came by referral, of whom bought, their revenue)."""
        row = db.execute_sql(
            "SELECT coalesce(sum(ref_n), 0), coalesce(sum(ref_buyers), 0),"
            " coalesce(sum(ref_m), 0) FROM temp.loyalty_extra"
        ).fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    def top_ltv(self, limit: int) -> list[int]:
        """Ids of the active customers with the highest lifetime value."""
        return [
            r[0]
            for r in db.execute_sql(
                f"""
                SELECT s.customer_id FROM customer_stats s NOT INDEXED
                LEFT JOIN temp.loyalty_extra x ON x.cid = s.customer_id
                WHERE s.active AND s.n > 0
                ORDER BY {self.ltv_expr()} DESC, s.customer_id
                LIMIT :limit
                """,
                {"today": self.params["today"], "limit": limit},
            ).fetchall()
        ]

    def ids_where(self, where: str, params: dict, by_ltv: bool = False) -> list[int]:
        """Customer ids matching ``where``, most revenue (or lifetime value) first."""
        order = "ltv DESC, id" if by_ltv else "m DESC, id"
        return [
            r[0]
            for r in db.execute_sql(
                f"SELECT id FROM ({self.sql}) WHERE {where} ORDER BY {order}",
                self.params | params,
            ).fetchall()
        ]

    def close(self) -> None:
        db.execute_sql("DROP TABLE IF EXISTS temp.loyalty_extra")


def _cells(cells: Iterable[int]) -> str:
    return "cell IN (" + ", ".join(str(int(c)) for c in sorted(cells)) + ")"


def risk_condition(kind: str, cells: dict[str, list[int]]) -> tuple[str, dict]:
    """WHERE clause over ``Scored`` for one at-risk list; ``cells`` maps the RFM segments to
    their R × 10 + F cells."""
    if kind in ("at_risk", "cant_lose"):
        return _cells(cells[kind]), {}
    if kind == "lapsed":
        return "lapsed_recent = 1", {}
    if kind == "complaints":
        return "open_c > 0", {}
    if kind == "no_contact":
        return "no_contact = 1", {}
    raise ValueError(kind)


def group_condition(group: str, key: object, cells: dict[str, list[int]]) -> tuple[str, dict]:
    """WHERE clause for a drill-down group (see ``crm_tui.domain.loyalty.customer_ids``)."""
    if group == "segment":
        if key not in cells:
            raise ValueError(key)
        return _cells(cells[str(key)]), {}
    if group == "lost":  # key: (y2, y1); in the retention base, not back since y1
        y2, y1 = key  # type: ignore[misc]
        return "n > 0 AND last_d > :y2 AND last_d <= :y1", {"y2": y2, "y1": y1}
    where = {
        "stage": "stage_i = :key",
        "active": "n > 0",
        "bought_12m": "last_d > :key",
        "new_month": "substr(first_d, 1, 7) = :key",
        "referrer": "ref = :key",
        "referred": "ref IS NOT NULL",
        "top_ltv": "n > 0",
        "detractors": "nps <= 6",
        "unsatisfied": "csat <= 3",
    }
    if group not in where:
        raise ValueError(group)
    return where[group], {"key": key}


def referrers(limit: int) -> list[tuple[int, str, int, int, int]]:
    """(referrer id, name, referred customers, of whom bought, their revenue) best first
    (after ``Scored`` was built)."""
    return [
        tuple(r)
        for r in db.execute_sql(
            # the names of the few shown only
            "SELECT x.cid, c.name, x.ref_n, x.ref_buyers, x.ref_m FROM (SELECT * FROM"
            " temp.loyalty_extra WHERE ref_n > 0 ORDER BY ref_m DESC, ref_n DESC, cid LIMIT ?)"
            " AS x JOIN customer c ON c.id = x.cid ORDER BY x.ref_m DESC, x.ref_n DESC, x.cid",
            (limit,),
        ).fetchall()
    ]


def retention(y1: date, y2: date) -> tuple[int, int]:
    """(active customers who bought in the 12 months before y1, of whom bought after y1).

    Everyone who bought on or before y1 and after y2 is in, except those whose year
    (y2, y1] lies in a gap between two purchases (``customer_gap``): they bought before and
    after it, not in it.
    """
    params = {"y1": y1.isoformat(), "y2": y2.isoformat()}
    base, kept = db.execute_sql(
        "SELECT count(*), coalesce(sum(last_d > :y1), 0) FROM customer_stats NOT INDEXED"
        " WHERE active AND n > 0 AND first_d <= :y1 AND last_d > :y2",
        params,
    ).fetchone()
    gaps = db.execute_sql(
        "SELECT count(DISTINCT g.customer_id) FROM customer_gap g"
        " JOIN customer_stats s ON s.customer_id = g.customer_id"
        " WHERE g.after <= :y2 AND g.before > :y1 AND s.active",
        params,
    ).fetchone()[0]
    return base - gaps, kept - gaps


# -- queries over the base tables ----------------------------------------------------------------


def revenue_by_day(start: date, end: date) -> list[tuple[str, int]]:
    """Purchases and policy premiums per day in [start, end] (minor units)."""
    rows = db.execute_sql(
        "SELECT date, total FROM purchase_daily WHERE date >= ? AND date <= ? AND n > 0",
        (start.isoformat(), end.isoformat()),
    ).fetchall()
    rows += db.execute_sql(
        "SELECT date, total FROM policy_daily WHERE date >= ? AND date <= ? AND n > 0",
        (start.isoformat(), end.isoformat()),
    ).fetchall()
    return rows


def renewal_counts(since: date) -> tuple[int, int]:
    """(renewed, lapsed) policies whose end date is after ``since``."""
    row = db.execute_sql(
        "SELECT coalesce(sum(status = 'renewed'), 0), coalesce(sum(status = 'lapsed'), 0)"
        " FROM policy WHERE status IN ('renewed', 'lapsed') AND end_date > ?",
        (since.isoformat(),),
    ).fetchone()
    return row[0], row[1]


def answers_since(since: date, customer_id: int | None = None) -> list[tuple[str, int, int]]:
    """(kind, score, how many) of survey answers and resolved complaints' satisfaction
    (as CSAT; not counted twice when a CSAT survey is linked to the complaint)."""
    where_c = " AND customer_id = :cid" if customer_id is not None else ""
    # Everybody's answers: a range of the satisfaction index; one customer's: by customer.
    index = "complaint_satisfaction" if customer_id is None else "complaint_customer_id"
    rows = db.execute_sql(
        f"""
        SELECT kind, score, count(*) FROM survey
        WHERE kind IN ('nps', 'csat') AND at >= :since{where_c} GROUP BY kind, score
        UNION ALL
        SELECT 'csat', satisfaction, count(*) FROM complaint INDEXED BY {index}
        WHERE satisfaction IS NOT NULL AND status IN ('resolved', 'closed')
          AND coalesce(resolved_at, closed_at, updated_at) >= :since{where_c}
          AND id NOT IN (SELECT complaint_id FROM survey
                         WHERE kind = 'csat' AND complaint_id IS NOT NULL)
        GROUP BY satisfaction
        """,
        {"since": since.isoformat(), "cid": customer_id},
    ).fetchall()
    return [tuple(r) for r in rows]


def referred_revenue(customer_id: int) -> tuple[int, int, int]:
    """(customers referred by this one and not archived, of whom bought, their revenue)."""
    row = db.execute_sql(
        "SELECT count(*), coalesce(sum(s.n > 0), 0), coalesce(sum(s.m), 0) FROM customer c"
        " LEFT JOIN customer_stats s ON s.customer_id = c.id"
        " WHERE c.referred_by_id = ? AND c.archived_at IS NULL AND c.anonymized_at IS NULL",
        (customer_id,),
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


# -- campaigns ------------------------------------------------------------------------------------


def consent_split(customer_ids: Iterable[int], channel: str) -> tuple[dict[int, str], list[int]]:
    """Split ids into ({id: when the consent was given} for consent in force for
    ``channel``, [ids without]), both in the given order. The newest consent row per customer
    and channel (by ``at``, then id) decides."""
    ids = list(customer_ids)
    found: dict[int, str] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        rows = db.execute_sql(
            f"""
            SELECT customer_id, granted, at FROM (
                SELECT customer_id, granted, at, row_number() OVER (
                    PARTITION BY customer_id ORDER BY at DESC, id DESC) AS rn
                FROM consent WHERE channel = ? AND customer_id IN ({marks}))
            WHERE rn = 1
            """,
            (channel, *chunk),
        ).fetchall()
        found.update((cid, at) for cid, g, at in rows if g)
    return {i: found[i] for i in ids if i in found}, [i for i in ids if i not in found]


def customers_with_policy_line(line: str) -> set[int]:
    return {
        r[0]
        for r in db.execute_sql(
            "SELECT DISTINCT customer_id FROM policy WHERE line = ? AND status != 'cancelled'",
            (line,),
        ).fetchall()
    }


def customers_with_category(category: str) -> set[int]:
    return {
        r[0]
        for r in db.execute_sql(
            "SELECT DISTINCT customer_id FROM purchase WHERE category = ?", (category,)
        ).fetchall()
    }
