"""Referrals over the whole book: the totals of customers who came by referral and the
best referrers, from a range of an index of customer and one of the totals (which mirror
who referred each customer: step 22), without a row per referrer."""

from __future__ import annotations

from .. import sqlfn


def referral_totals() -> tuple[int, int, int]:
    """(customers who came by referral and are not archived, of whom bought, their revenue):
    a range of an index of customer and one of the totals (which mirror the referral)."""
    referred = sqlfn.execute(
        f"SELECT count(*) FROM customer{sqlfn.indexed_by('customer_referral_cover')}"
        " WHERE referred_by_id IS NOT NULL AND archived_at IS NULL AND anonymized_at IS NULL"
    ).fetchone()[0]
    buyers, revenue = sqlfn.execute(
        f"SELECT coalesce(sum({sqlfn.flag('n > 0')}), 0), coalesce(sum(m), 0)"
        f" FROM customer_stats{sqlfn.indexed_by('customer_stats_ref')}"
        f" WHERE {sqlfn.truthy('active')} AND ref IS NOT NULL"
    ).fetchone()
    return int(referred), int(buyers), int(revenue)


def top_referrers(limit: int) -> list[tuple[int, str, int, int, int]]:
    """(referrer id, name, customers referred (not archived), of whom bought, their revenue),
    the ``limit`` best by revenue, then customers referred, then id.

    The revenue per referrer is summed from the totals' referral index in its order; the
    count of customers referred (the tie-break, which includes those who never bought) is
    read for the candidates only: every referrer whose revenue reaches the limit-th's. When
    fewer than ``limit`` referrers brought revenue, every referrer is counted."""
    grouped = (
        f"SELECT ref, sum(m) AS rm, sum({sqlfn.flag('n > 0')}) AS rb"
        f" FROM customer_stats{sqlfn.indexed_by('customer_stats_ref')}"
        f" WHERE {sqlfn.truthy('active')} AND ref IS NOT NULL GROUP BY ref"
    )
    size = limit + 20
    while True:
        rows = [
            (int(r), int(m or 0), int(b))
            for r, m, b in sqlfn.execute(
                f"SELECT ref, rm, rb FROM ({grouped}) AS g ORDER BY rm DESC LIMIT ?", (size,)
            ).fetchall()
        ]
        if len(rows) < limit or rows[limit - 1][1] <= 0:
            return _all_referrers(limit)
        floor = rows[limit - 1][1]
        if rows[-1][1] < floor or len(rows) < size:
            break  # every referrer tied with the limit-th is among the rows
        size *= 4
    candidates = [r for r in rows if r[1] >= floor]
    counts = _referred_counts([r[0] for r in candidates])
    best = sorted(candidates, key=lambda r: (-r[1], -counts.get(r[0], 0), r[0]))[:limit]
    names = _names([r[0] for r in best])
    return [(r, names.get(r, ""), counts.get(r, 0), b, m) for r, m, b in best]


def _referred_counts(ids: list[int]) -> dict[int, int]:
    marks = ", ".join(str(int(i)) for i in ids)
    return {
        int(r): int(n)
        for r, n in sqlfn.execute(
            f"SELECT referred_by_id, count(*) FROM customer"
            f"{sqlfn.indexed_by('customer_referral_cover')}"
            f" WHERE referred_by_id IN ({marks}) AND archived_at IS NULL"
            " AND anonymized_at IS NULL GROUP BY referred_by_id"
        ).fetchall()
    }


def _names(ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ", ".join(str(int(i)) for i in ids)
    return {
        int(i): name
        for i, name in sqlfn.execute(f"SELECT id, name FROM customer WHERE id IN ({marks})")
    }


def _all_referrers(limit: int) -> list[tuple[int, str, int, int, int]]:
    """``top_referrers`` counting every referrer (a book where few referrals bought)."""
    rows = sqlfn.execute(
        f"""
        SELECT c.referred_by_id, count(*), coalesce(sum({sqlfn.flag("s.n > 0")}), 0),
            coalesce(sum(s.m), 0)
        FROM customer c{sqlfn.indexed_by("customer_referral_cover")}
        LEFT JOIN customer_stats s ON s.customer_id = c.id
        WHERE c.referred_by_id IS NOT NULL AND c.archived_at IS NULL AND c.anonymized_at IS NULL
        GROUP BY c.referred_by_id
        ORDER BY 4 DESC, 2 DESC, 1
        LIMIT ?
        """,
        (limit,),
    ).fetchall()
    names = _names([int(r[0]) for r in rows])
    return [(int(r), names.get(int(r), ""), int(k), int(b), int(m)) for r, k, b, m in rows]
