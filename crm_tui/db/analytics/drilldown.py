"""Drill-down lists over ``Scored``: the WHERE clause of each list, and the 12-month
retention."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import cast

from .. import sqlfn


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
        y2, y1 = cast(tuple[str, str], key)
        return "n > 0 AND last_d > :y2 AND last_d <= :y1", {"y2": y2, "y1": y1}
    where = {
        "stage": "stage_i = :key",
        "active": "n > 0",
        "bought_12m": "last_d > :key",
        "new_month": f"{sqlfn.month_key('first_d')} = :key",
        "referrer": "ref = :key",
        "referred": "ref IS NOT NULL",
        "top_ltv": "n > 0",
        "detractors": "nps <= 6",
        "unsatisfied": "csat <= 3",
    }
    if group not in where:
        raise ValueError(group)
    return where[group], {"key": key}


def retention(y1: date, y2: date) -> tuple[int, int]:
    """(active customers who bought in the 12 months before y1, of whom bought after y1).

    Everyone who bought on or before y1 and after y2 is in, except those whose year
    (y2, y1] lies in a gap between two purchases (``customer_gap``): they bought before and
    after it, not in it.
    """
    params = {"y1": y1.isoformat(), "y2": y2.isoformat()}
    base, kept = sqlfn.execute(
        f"SELECT count(*), coalesce(sum({sqlfn.flag('last_d > :y1')}), 0) FROM customer_stats"
        f"{sqlfn.not_indexed()} WHERE {sqlfn.truthy('active')} AND n > 0"
        " AND first_d <= :y1 AND last_d > :y2",
        params,
    ).fetchone()
    gaps = retention_gaps(y1, y2)
    return int(base) - gaps, int(kept) - gaps


def retention_gaps(y1: date, y2: date) -> int:
    """Active customers whose year (y2, y1] lies in a gap between two purchases: in the
    retention base by their first and last dates, and to be taken out of it (and out of
    the retained, as they bought after y1)."""
    params = {"y1": y1.isoformat(), "y2": y2.isoformat()}
    gaps = sqlfn.execute(
        # CROSS JOIN: the few gaps first, each customer looked up (SQLite would otherwise
        # walk a partial index of every active customer's totals)
        "SELECT count(DISTINCT g.customer_id) FROM customer_gap g"
        " CROSS JOIN customer_stats s"
        f" WHERE s.customer_id = g.customer_id AND g.after <= :y2 AND g.before > :y1 AND {sqlfn.truthy('s.active')}",
        params,
    ).fetchone()[0]
    return int(gaps)
