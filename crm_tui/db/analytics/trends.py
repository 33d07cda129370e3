"""The last twelve months as series for the Loyalty charts: each series one grouped query
(revenue and new customers come with the overview: ``purchase_daily``, ``scored``).

- ``renewal_months``: policies whose end date falls in each month, renewed or lapsed, and
  the customers who lapsed (lost), all read from the ``policy_status_end_customer`` index
  (status, end_date, customer_id): no table row is read. Through ``policy_winloss_cover``,
  which lacks the customer, it took 85 ms at 100k customers (52k policies ending in the
  twelve months), through this one 20 ms; counted per day in the index's order and summed
  into months in Python, with the distinct lapsed customers apart, 7 ms (issue 19).
- ``nps_months``: NPS answers per month of the answer, promoters (9–10) and detractors (0–6).
"""

from __future__ import annotations

from datetime import date

from .. import sqlfn

# (YYYY-MM, renewed, lapsed, customers who lapsed)
RenewalMonth = tuple[str, int, int, int]
# (YYYY-MM, answers, promoters, detractors)
NpsMonth = tuple[str, int, int, int]


def renewal_months(first: date, last: date) -> list[RenewalMonth]:
    # The per-day counts (step 26's policy_outcome_daily, summed into months here); only
    # the lapsed, far fewer, are grouped by month for distinct customers.
    params = [first.isoformat(), last.isoformat()]
    counts: dict[str, list[int]] = {}
    for status, day, n in sqlfn.execute(
        "SELECT status, end_d, n FROM policy_outcome_daily"
        " WHERE status IN ('renewed', 'lapsed') AND end_d >= ? AND end_d <= ?",
        params,
    ).fetchall():
        month = str(sqlfn.as_stored(day))[:7]
        counts.setdefault(month, [0, 0, 0])[status == "lapsed"] += int(n)
    month = sqlfn.month_key("p.end_date")
    for m, lost in sqlfn.execute(
        f"SELECT {month}, COUNT(DISTINCT p.customer_id)"
        f" FROM policy p{sqlfn.indexed_by('policy_status_end_customer')}"
        " WHERE p.status = 'lapsed' AND p.end_date >= ? AND p.end_date <= ?"
        f" GROUP BY {month}",
        params,
    ).fetchall():
        counts.setdefault(m, [0, 0, 0])[2] = int(lost)
    return [(m, r, lp, c) for m, (r, lp, c) in sorted(counts.items())]


def nps_months(first: date, last: date) -> list[NpsMonth]:
    """Answers, promoters and detractors of each month, from the answers per day (step 24)."""
    month = sqlfn.month_key("day")
    sql = (
        f"SELECT {month}, SUM(n),"
        " SUM(CASE WHEN score >= 9 THEN n ELSE 0 END),"
        " SUM(CASE WHEN score <= 6 THEN n ELSE 0 END)"
        " FROM survey_daily WHERE kind = 'nps' AND day >= ? AND day < ?"
        f" GROUP BY {month}"
    )
    end = date(last.year + (last.month == 12), last.month % 12 + 1, 1)  # the next month's 1st
    rows = sqlfn.execute(sql, [first.isoformat(), end.isoformat()]).fetchall()
    return [(m, int(n or 0), int(p or 0), int(d or 0)) for m, n, p, d in rows if n]


def purchases_by_year(customer_id: int) -> list[tuple[str, int]]:
    """(YYYY, purchases in minor units) of one customer (index on purchase.customer_id)."""
    year = sqlfn.year_key("date")
    sql = f"SELECT {year}, SUM(amount) FROM purchase WHERE customer_id = ? GROUP BY {year}"
    return [(y, int(a or 0)) for y, a in sqlfn.execute(sql, [customer_id]).fetchall()]


def premiums_by_year(customer_id: int) -> list[tuple[str, int]]:
    """(YYYY of the start date, premiums in minor units) of one customer's policies."""
    year = sqlfn.year_key("start_date")
    sql = (
        f"SELECT {year}, SUM(premium) FROM policy"
        f" WHERE customer_id = ? AND start_date IS NOT NULL GROUP BY {year}"
    )
    return [(y, int(a or 0)) for y, a in sqlfn.execute(sql, [customer_id]).fetchall()]
