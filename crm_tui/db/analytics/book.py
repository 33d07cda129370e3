"""The whole book's loyalty counts, read from indexes of ``customer_stats`` (steps 22-23).

Each count is a streaming GROUP BY over a partial index in its own order (no sort, no
expression per customer): groups of equal (last date, purchases), (first date), or ladder
terms, thousands of rows where the book has a million customers; the RFM cells and the
ladder's rules are then applied to the groups. What a group cannot know (a manual stage,
which active policies are past their end today) is held for the few customers concerned
in ``temp.loyalty_extra`` (``extra``), whose stage is corrected one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from .. import loyalty_rules as rules
from .. import sqlfn
from ..models import db
from ..sqlfn import literal
from .extra import OPEN_COMPLAINT, override_index
from .scored import score_expr


def _buyers() -> str:
    """Active customers with a purchase or policy: the condition of the partial indexes."""
    return f"{sqlfn.truthy('active')} AND n > 0"


class RfmGroups:
    """The active customers with a purchase or policy in groups of equal (last date, count)
    with their revenue: ``rfm_groups``, kept by triggers (step 26; ~16,000 rows at a million
    customers; on PostgreSQL a group may be several rows, summed), which the cut points and
    the cells read. Use inside the overview's snapshot."""

    table = "rfm_groups"

    def quintile_cuts(self) -> tuple[list, list[int]]:
        """The recency and frequency cut points, as ``totals.value_at`` reads them at the
        quintile offsets of the sorted indexes: the value at offset ⌈(k − 1) × n / 5⌉ − 1
        for k = 2..5 (dates as ISO text)."""
        by_last = [
            (sqlfn.as_stored(v), int(k))
            for v, k in db.execute_sql(
                f"SELECT last_d, sum(k) FROM {self.table} GROUP BY last_d ORDER BY last_d"
            ).fetchall()
        ]
        by_count = [
            (int(v), int(k))
            for v, k in db.execute_sql(
                f"SELECT n, sum(k) FROM {self.table} GROUP BY n ORDER BY n"
            ).fetchall()
        ]
        total = sum(k for _v, k in by_count)
        if not total:
            return [], []
        offsets = [-(-(k - 1) * total // 5) - 1 for k in range(2, 6)]
        return _at_offsets(by_last, offsets), _at_offsets(by_count, offsets)

    def cells(self, cuts: tuple[Sequence, Sequence], y1: date, y2: date) -> Cells:
        """Customers and revenue per cell (R × 10 + F, scored over ``cuts``), and how many
        bought after ``y1`` and after ``y2``."""
        cell = f"{score_expr('last_d', cuts[0])} * 10 + {score_expr('n', cuts[1])}"
        rows = sqlfn.execute(
            f"""
            SELECT {cell} AS cell, sum(k), sum(m),
                sum(CASE WHEN last_d > :y1 THEN k ELSE 0 END),
                sum(CASE WHEN last_d > :y2 THEN k ELSE 0 END)
            FROM {self.table} GROUP BY 1
            """,
            {"y1": y1.isoformat(), "y2": y2.isoformat()},
        ).fetchall()
        out = Cells()
        for c, k, m, after_y1, after_y2 in rows:
            out.by_cell[int(c)] = (int(k), int(m or 0))
            out.bought_after_y1 += int(after_y1)
            out.bought_after_y2 += int(after_y2)
        return out


def _at_offsets(counts: list[tuple], offsets: list[int]) -> list:
    """The value at each (ascending) offset of values with their counts, in value order."""
    out, seen, values = [], 0, iter(counts)
    value = None
    for offset in offsets:
        while seen <= offset:
            value, k = next(values)
            seen += k
        out.append(value)
    return out


@dataclass
class Cells:
    """Counts over the active customers with a purchase or policy, by RFM cell."""

    by_cell: dict[int, tuple[int, int]] = field(default_factory=dict)  # cell -> (n, revenue)
    bought_after_y1: int = 0  # last purchase or policy after y1
    bought_after_y2: int = 0


def first_bought(y1: date, first_month: date) -> tuple[int, list[int]]:
    """(customers whose first purchase or policy is after ``y1``, how many had it in each of
    the 12 months from ``first_month``), over ``customer_stats_first``."""
    index = sqlfn.indexed_by("customer_stats_first")
    after_y1 = sqlfn.execute(
        f"SELECT count(*) FROM customer_stats{index} WHERE {_buyers()} AND first_d > ?",
        (y1.isoformat(),),
    ).fetchone()[0]
    base = first_month.year * 12 + first_month.month - 1
    months = [0] * 12
    for k, n in sqlfn.execute(
        f"SELECT {sqlfn.year_month_number('first_d')} - {base}, count(*)"
        f" FROM customer_stats{index} WHERE {_buyers()} AND first_d >= ? GROUP BY 1",
        (first_month.isoformat(),),
    ).fetchall():
        if 0 <= int(k) < 12:
            months[int(k)] = int(n)
    return int(after_y1), months


def ladder_groups() -> dict[int, int]:
    """{suggested stage's index in ``rules.STAGES``: active customers with a totals row},
    before corrections: ``stage_counts`` (step 26), kept from ``customer_stats.stage_i``
    (step 24: the rules over each row's own terms, every active policy counted as in
    force)."""
    return {
        int(i): int(k)
        for i, k in sqlfn.execute(
            "SELECT stage_i, sum(k) FROM stage_counts GROUP BY stage_i HAVING sum(k) <> 0"
        ).fetchall()
    }


def ladder_corrections(
    stages: Sequence[str], extra: str, true_columns: dict[str, str], expired: bool
) -> list[tuple[int | None, int, int, int]]:
    """(stage assumed by ``ladder_groups`` or None for a customer without a totals row,
    true stage, set by hand, customers) for the customers whose stage the groups cannot
    know: a manual stage, and with ``expired`` an active policy past its end date (only
    when the rules can see it: ``rules.in_force_decides_stage``; ``extra`` then holds both,
    built by ``Scored``, whose ``true_columns`` bind the ladder's terms). An unknown manual
    stage corrects nothing."""
    if not expired:
        # the manual stages straight from the customers: a small partial index, each
        # customer's totals looked up (PostgreSQL plans it with the customer's statistics,
        # which a temporary table lacks)
        override = override_index(stages, "c.ladder_override")
        rows = sqlfn.execute(
            f"""
            SELECT s.stage_i, {override}, count(*)
            FROM customer c{sqlfn.indexed_by("customer_ladder_override")}
            LEFT JOIN customer_stats s ON s.customer_id = c.id
            WHERE c.ladder_override IS NOT NULL AND c.archived_at IS NULL
              AND c.anonymized_at IS NULL AND {override} IS NOT NULL
            GROUP BY 1, 2
            """
        ).fetchall()
        return [(None if a is None else int(a), int(t), 1, int(k)) for a, t, k in rows]
    true = f"coalesce(x.override_i, {rules.ladder_sql(true_columns, stages)})"
    return [
        (None if a is None else int(a), int(t), int(m), int(k))
        for a, t, m, k in sqlfn.execute(
            f"""
            SELECT s.stage_i, {true}, {sqlfn.flag("x.override_i IS NOT NULL")}, count(*)
            FROM {extra} x LEFT JOIN customer_stats s ON s.customer_id = x.cid
            WHERE (x.override_i IS NOT NULL OR x.exp_n > 0)
              AND (s.customer_id IS NULL AND x.override_i IS NOT NULL
                   OR {sqlfn.truthy("s.active")})
            GROUP BY 1, 2, 3
            """
        ).fetchall()
    ]


def not_contacted(today: date, default_days: int) -> int:
    """Active customers with a purchase or policy not contacted for longer than their own
    rhythm, or than ``default_days`` without one (any time on the cut-off day is not
    older)."""
    quiet = sqlfn.execute(
        f"SELECT count(*) FROM customer_stats{sqlfn.indexed_by('customer_stats_contact')}"
        f" WHERE {_buyers()} AND rhythm IS NULL AND contact_d < ?",
        ((today - timedelta(days=default_days)).isoformat(),),
    ).fetchone()[0]
    overdue = sqlfn.execute(
        f"SELECT count(*) FROM customer_stats{sqlfn.indexed_by('customer_stats_rhythm')}"
        f" WHERE {_buyers()} AND rhythm IS NOT NULL"
        f" AND {sqlfn.day_number(literal(today.isoformat()))} - {sqlfn.day_number('contact_d')}"
        " > rhythm"
    ).fetchone()[0]
    return int(quiet) + int(overdue)


def _inactive() -> str:
    """The archived or erased customers (a small partial index), as a FROM item ``c``."""
    return f"customer c{sqlfn.indexed_by('customer_inactive')}"


_INACTIVE = "(c.archived_at IS NOT NULL OR c.anonymized_at IS NOT NULL)"


def without_totals(with_totals: int) -> int:
    """Customers (not archived) who never bought nor answered, given how many have a totals
    row (their manual stages come with ``ladder_corrections``)."""
    total = sqlfn.execute(
        f"SELECT (SELECT count(*) FROM customer)"
        f" - (SELECT count(*) FROM {_inactive()} WHERE {_INACTIVE})"
    ).fetchone()[0]
    return int(total) - with_totals


def _not_inactive(customer_id: str) -> str:
    """``customer_id`` is not archived nor erased: a probe of the small partial index."""
    return f"NOT EXISTS (SELECT 1 FROM {_inactive()} WHERE c.id = {customer_id} AND {_INACTIVE})"


def risk_counts(today: date, y1: date) -> tuple[int, int]:
    """(customers not archived with an open complaint, with a policy lapsed in the 12 months
    to ``today``): the customers of a range of an index, each probed in the small index of
    the archived and erased (at 1M customers a third of the time of subtracting those
    customers' own lapses, looked up policy by policy)."""
    open_c = f"r.status IN {OPEN_COMPLAINT}"
    complaints = sqlfn.execute(
        f"SELECT count(DISTINCT r.customer_id) FROM complaint r"
        f"{sqlfn.indexed_by('complaint_open_customer')}"
        f" WHERE {open_c} AND {_not_inactive('r.customer_id')}"
    ).fetchone()[0]
    lapsed = sqlfn.execute(
        f"SELECT count(DISTINCT r.customer_id) FROM policy r"
        f"{sqlfn.indexed_by('policy_status_end_customer')}"
        " WHERE r.status = 'lapsed' AND r.end_date > :y1 AND r.end_date <= :today"
        f" AND {_not_inactive('r.customer_id')}",
        {"today": today.isoformat(), "y1": y1.isoformat()},
    ).fetchone()[0]
    return int(complaints), int(lapsed)
