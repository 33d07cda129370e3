"""The customer list's filter as SQL (both engines): the WHERE clause of a saved view.

Each criterion uses an index that exists: ``customer_city``, ``customer_tag``'s tag and
customer index, ``policy_customer_id``, ``customer_last_contact_at`` and the birthday index
of steps 3/8 (``sqlfn.month_day``). Ladder stage and RFM segment are computed by the
loyalty scoring, not stored: the domain intersects the ids it gets here with theirs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import sqlfn


@dataclass
class FilterSql:
    """The criteria, already resolved to stored values (the domain folds names)."""

    cities: list[str] | None = None  # the stored spellings of one city; [] matches nobody
    tag_ids: list[int] | None = None
    line: str | None = None
    active_on: date | None = None
    no_contact_since: date | None = None
    birthday_month: int | None = None
    include_archived: bool = False


def _marks(values: Iterable[Any]) -> str:
    return ", ".join("?" for _ in values)


def where_clause(f: FilterSql) -> tuple[str, list[Any]]:
    """``c.``-qualified conditions joined by AND, with their ``?`` parameters."""
    conds: list[str] = []
    params: list[Any] = []
    if not f.include_archived:
        conds.append("c.archived_at IS NULL")
    if f.cities is not None:
        if not f.cities:
            return "1 = 0", []
        conds.append(f"c.city IN ({_marks(f.cities)})")
        params += f.cities
    if f.tag_ids is not None:
        if not f.tag_ids:
            return "1 = 0", []
        conds.append(
            "EXISTS (SELECT 1 FROM customer_tag ct WHERE ct.customer_id = c.id"
            f" AND ct.tag_id IN ({_marks(f.tag_ids)}))"
        )
        params += f.tag_ids
    if f.line:
        conds.append(
            # IN, not EXISTS: the line's active policies are read once (720 -> ms at 100k)
            "c.id IN (SELECT p.customer_id FROM policy p WHERE p.line = ?"
            " AND p.status = 'active' AND (p.end_date IS NULL OR p.end_date >= ?))"
        )
        params += [f.line, sqlfn.as_stored(f.active_on or date.today())]
    if f.no_contact_since:
        conds.append("(c.last_contact_at IS NULL OR c.last_contact_at < ?)")
        params.append(sqlfn.as_stored(f.no_contact_since))
    if f.birthday_month:
        month = f"{int(f.birthday_month):02d}"
        conds.append(f"c.birthday IS NOT NULL AND {sqlfn.month_day('c.birthday')} BETWEEN ? AND ?")
        params += [f"{month}-01", f"{month}-31"]
    return " AND ".join(conds) or "1 = 1", params


def filtered_ids(f: FilterSql, limit: int | None = None) -> list[int]:
    """The matching customers, most recently contacted first."""
    where, params = where_clause(f)
    sql = f"SELECT c.id FROM customer c WHERE {where}"
    sql += " ORDER BY c.last_contact_at IS NULL, c.last_contact_at DESC, c.id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [r[0] for r in sqlfn.execute(sql, params).fetchall()]


def count_ids(f: FilterSql) -> int:
    where, params = where_clause(f)
    return int(
        sqlfn.execute(f"SELECT COUNT(*) FROM customer c WHERE {where}", params).fetchone()[0]
    )


def distinct_cities() -> list[str]:
    return [
        r[0]
        for r in sqlfn.execute(
            "SELECT DISTINCT city FROM customer WHERE city IS NOT NULL AND city <> ''"
        ).fetchall()
    ]
