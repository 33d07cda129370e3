"""Loyalty and campaign queries over the base tables (purchases, policies, answers,
referrals, consent), and revenue per day from the daily tables."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .. import sqlfn
from ..dialect import chunked


def revenue_by_day(start: date, end: date) -> list[tuple[str, int]]:
    """Purchases and policy premiums per day in [start, end] (minor units)."""
    rows = []
    for table in ("purchase_daily", "policy_daily"):
        rows += sqlfn.execute(
            f'SELECT "date", total FROM {table} WHERE "date" >= ? AND "date" <= ? AND n > 0',
            (start.isoformat(), end.isoformat()),
        ).fetchall()
    return [(sqlfn.as_stored(day), int(total)) for day, total in rows]


def renewal_counts(since: date | None = None) -> tuple[int, int]:
    """(renewed, lapsed) policies whose end date is after ``since`` (None: every one):
    the per-day counts of ``policy_outcome_daily`` (step 26)."""
    where, params = ("", ()) if since is None else (" WHERE end_d > ?", (since.isoformat(),))
    counts = dict(
        sqlfn.execute(
            f"SELECT status, sum(n) FROM policy_outcome_daily{where} GROUP BY status", params
        ).fetchall()
    )
    return int(counts.get("renewed") or 0), int(counts.get("lapsed") or 0)


def answers_since(since: date, customer_id: int | None = None) -> list[tuple[str, int, int]]:
    """(kind, score, how many) of survey answers and resolved complaints' satisfaction
    (as CSAT; not counted twice when a CSAT survey is linked to the complaint)."""
    where_c = " AND customer_id = :cid" if customer_id is not None else ""
    # Everybody's answers: the answers per day (step 24) and a range of the complaints'
    # satisfaction index; one customer's: by customer. A complaint's own CSAT survey is
    # probed per complaint (the list of every CSAT survey's complaint read ~200,000 answers
    # at 1M customers: 85 ms).
    index = "complaint_satisfaction" if customer_id is None else "complaint_customer_id"
    surveys = (
        "SELECT kind, score, sum(n) FROM survey_daily"
        " WHERE kind IN ('nps', 'csat') AND day >= :since GROUP BY kind, score HAVING sum(n) > 0"
        if customer_id is None
        else "SELECT kind, score, count(*) FROM survey"
        f" WHERE kind IN ('nps', 'csat') AND at >= :since{where_c} GROUP BY kind, score"
    )
    rows = sqlfn.execute(
        f"""
        {surveys}
        UNION ALL
        SELECT 'csat', satisfaction, count(*) FROM complaint c{sqlfn.indexed_by(index)}
        WHERE satisfaction IS NOT NULL AND status IN ('resolved', 'closed')
          AND coalesce(resolved_at, closed_at, updated_at) >= :since{where_c}
          AND NOT EXISTS (SELECT 1 FROM survey v{sqlfn.indexed_by("survey_complaint_csat")}
                          WHERE v.complaint_id = c.id AND v.kind = 'csat')
        GROUP BY satisfaction
        """,
        {"since": since.isoformat(), "cid": customer_id},
    ).fetchall()
    return [tuple(r) for r in rows]


def referred_revenue(customer_id: int) -> tuple[int, int, int]:
    """(customers referred by this one and not archived, of whom bought, their revenue)."""
    row = sqlfn.execute(
        f"SELECT count(*), coalesce(sum({sqlfn.flag('s.n > 0')}), 0), coalesce(sum(s.m), 0)"
        " FROM customer c"
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
    for chunk in chunked(ids, reserve=1):
        marks = ",".join("?" * len(chunk))
        rows = sqlfn.execute(
            f"""
            SELECT customer_id, granted, at FROM (
                SELECT customer_id, granted, at, row_number() OVER (
                    PARTITION BY customer_id ORDER BY at DESC, id DESC) AS rn
                FROM consent WHERE channel = ? AND customer_id IN ({marks})) AS newest
            WHERE rn = 1
            """,
            (channel, *chunk),
        ).fetchall()
        found.update((cid, sqlfn.as_stored(at)) for cid, g, at in rows if g)
    return {i: found[i] for i in ids if i in found}, [i for i in ids if i not in found]


def customers_with_policy_line(line: str) -> set[int]:
    return {
        r[0]
        for r in sqlfn.execute(
            "SELECT DISTINCT customer_id FROM policy WHERE line = ? AND status != 'cancelled'",
            (line,),
        ).fetchall()
    }


def customers_with_category(category: str) -> set[int]:
    return {
        r[0]
        for r in sqlfn.execute(
            "SELECT DISTINCT customer_id FROM purchase WHERE category = ?", (category,)
        ).fetchall()
    }
