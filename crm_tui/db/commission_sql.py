"""Commission balances in SQL (the report's rows, the Loyalty screen's outstanding figure):
one grouped statement over policies and their commission lines instead of a Python loop
over every policy (about 3 s at 100k customers).

The same definition as ``domain.commission.reading.Balance``: expected = the policy's
entered commission, else the rate valid on its start day × the premium (rounded half up to
the cent); outstanding = expected + clawback − received; the sub-agent's share is summed
apart. The rates come in as *spans* the domain makes from the rate table: (the insurer as
the policies spell it, line, first day, day the next rate begins or None, rate in
hundredths of a percent) — the insurer's name is matched in Python (Turkish İ/ı folded),
so both engines match exactly the same names and SQL only compares equal strings.

Amounts are integers in cents (hundredths), as stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from .sqlfn import execute, is_postgres

Span = tuple[str, str, date, date | None, int]

_ENTRIES = """e AS (
    SELECT policy_id,
        SUM(CASE WHEN kind = 'received' THEN amount ELSE 0 END) AS received,
        SUM(CASE WHEN kind = 'clawback' THEN amount ELSE 0 END) AS clawback,
        SUM(CASE WHEN kind = 'subagent' THEN amount ELSE 0 END) AS subagent
    FROM commission_entry GROUP BY policy_id)"""

# premium (cents) × rate (hundredths of a percent) / 10000, half up (away from zero)
_BY_RATE = (
    "CASE WHEN p.premium * s.rate >= 0 THEN (p.premium * s.rate + 5000) / 10000"
    " ELSE -((5000 - p.premium * s.rate) / 10000) END"
)


def _day() -> str:
    # SQLite keeps days as 'YYYY-MM-DD' text; PostgreSQL needs the parameter typed
    return "CAST(? AS DATE)" if is_postgres() else "?"


def _day_value(day: date | None) -> Any:
    if day is None:
        return None
    return day if is_postgres() else day.isoformat()


def _spans_cte(spans: Sequence[Span], params: list[Any]) -> str:
    d = _day()
    row = f"(?, ?, {d}, {d}, CAST(? AS BIGINT))"
    if not spans:  # VALUES needs a row: one that matches no policy
        params.extend([None, None, None, None, None])
        return f"s(provider, line, valid_from, valid_until, rate) AS (VALUES {row})"
    for provider, line, first, until, rate in spans:
        params.extend([provider, line, _day_value(first), _day_value(until), rate])
    return f"s(provider, line, valid_from, valid_until, rate) AS (VALUES {', '.join([row] * len(spans))})"


def _balances(
    spans: Sequence[Span],
    columns: str,
    join: str,
    date_from: date | None,
    date_to: date | None,
    line: str | None,
    providers: Sequence[str] | None,
    params: list[Any],
) -> str:
    conditions = []
    cond_params: list[Any] = []
    if date_from:
        conditions.append(f"p.start_date >= {_day()}")
        cond_params.append(_day_value(date_from))
    if date_to:
        conditions.append(f"p.start_date <= {_day()}")
        cond_params.append(_day_value(date_to))
    if line:
        conditions.append("p.line = ?")
        cond_params.append(line)
    if providers is not None:
        if not providers:
            conditions.append("1 = 0")
        else:
            conditions.append(f"p.provider IN ({', '.join('?' * len(providers))})")
            cond_params.extend(providers)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    spans_sql = _spans_cte(spans, params)
    params.extend(cond_params)
    return f"""WITH {spans_sql}, {_ENTRIES},
    b AS (
        SELECT {columns}
            COALESCE(p.commission, {_BY_RATE}) AS expected,
            COALESCE(e.received, 0) AS received,
            COALESCE(e.clawback, 0) AS clawback,
            COALESCE(e.subagent, 0) AS subagent
        FROM policy p {join}
        LEFT JOIN s ON s.provider = p.provider AND s.line = p.line
            AND p.start_date >= s.valid_from
            AND (s.valid_until IS NULL OR p.start_date < s.valid_until)
        LEFT JOIN e ON e.policy_id = p.id
        {where})"""


def balance_rows(
    spans: Sequence[Span],
    date_from: date | None = None,
    date_to: date | None = None,
    line: str | None = None,
    providers: Sequence[str] | None = None,
    names: bool = True,
) -> list[tuple]:
    """(policy id, number, insurer, line, start day, customer name or '', expected or
    None, received, clawback, subagent) of every policy that earns or earned a commission,
    by start day. ``providers``: only policies of these insurers (as spelled)."""
    params: list[Any] = []
    name = "c.name AS name," if names else "'' AS name,"
    join = "JOIN customer c ON c.id = p.customer_id" if names else ""
    columns = f"p.id, p.number, p.provider, p.line, p.start_date, {name}"
    sql = _balances(spans, columns, join, date_from, date_to, line, providers, params)
    sql += """
    SELECT id, number, provider, line, start_date, name, expected, received, clawback, subagent
    FROM b WHERE expected IS NOT NULL OR received <> 0 OR clawback <> 0
    ORDER BY start_date, id"""
    rows = execute(sql, params).fetchall()
    if is_postgres():
        return [tuple(r) for r in rows]
    return [(*r[:4], date.fromisoformat(r[4]), *r[5:]) for r in rows]


def outstanding_cents(spans: Sequence[Span]) -> int:
    """The sum of every policy's outstanding commission that is above zero, in cents."""
    params: list[Any] = []
    sql = _balances(spans, "", "", None, None, None, None, params)
    sql += """
    SELECT COALESCE(SUM(o), 0) FROM (
        SELECT COALESCE(expected, 0) + clawback - received AS o FROM b) t
    WHERE o > 0"""
    return int(execute(sql, params).fetchone()[0])
