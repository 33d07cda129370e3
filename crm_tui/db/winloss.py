"""The win/loss analysis in one grouped query (issue 16 item 5).

The renewed and lost (``lapsed``) policies whose end date falls in a period, counted and
summed by outcome, reason, line, insurer and month of the end date. The premium kept is
the renewal's premium (the policy that ``renewed_from`` points back), the premium lost the
ended policy's. Step 13's ``policy_winloss_cover`` index holds every column read from the
ended policies; the renewal is one lookup by ``renewed_from_id``.
"""

from __future__ import annotations

from datetime import date

from . import sqlfn

# (status, lost_reason, line, provider, month, count, premium, renewal premium), minor units
WinLossTuple = tuple[str, str | None, str, str | None, str, int, int | None, int | None]


def winloss_groups(
    first: date, last: date, line: str | None = None, insurer: str | None = None
) -> list[WinLossTuple]:
    where = ["p.status IN ('renewed', 'lapsed')", "p.end_date >= ?", "p.end_date <= ?"]
    params: list[object] = [first.isoformat(), last.isoformat()]
    if line:
        where.append("p.line = ?")
        params.append(line)
    if insurer:
        where.append("p.provider = ?")
        params.append(insurer)
    month = sqlfn.month_key("p.end_date")
    sql = (
        f"SELECT p.status, p.lost_reason, p.line, p.provider, {month}, COUNT(*),"
        " SUM(p.premium),"
        " SUM((SELECT MAX(n.premium) FROM policy n WHERE n.renewed_from_id = p.id))"
        f" FROM policy p{sqlfn.indexed_by('policy_winloss_cover')} WHERE "
        + " AND ".join(where)
        + f" GROUP BY 1, 2, 3, 4, {month}"
    )
    return [tuple(row) for row in sqlfn.execute(sql, params).fetchall()]
