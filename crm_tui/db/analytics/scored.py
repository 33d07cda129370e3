"""The scored customers: every customer (not archived, not erased) with RFM cell, ladder
stage and lifetime value computed in SQL for one day, over ``customer_stats`` and a helper
table of what the stored totals do not hold (``temp.loyalty_extra``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .. import loyalty_rules as rules
from .. import sqlfn
from ..models import db
from ..sqlfn import literal
from .extra import add_expired, build_extra, expired_commission_below_zero


def _julian(day: date) -> float:
    """SQLite's julianday() of a date (at midnight)."""
    return day.toordinal() + 1721424.5


def temp_tables_in_memory() -> None:
    """The overview's helper tables live in memory (SQLite). The setting can change only
    before the connection's first temporary table; setting it again to the same is a
    no-op."""
    if not sqlfn.is_postgres() and db.execute_sql("PRAGMA temp_store").fetchone()[0] != 2:
        db.execute_sql("PRAGMA temp_store = MEMORY")


def score_expr(column: str, cuts: Sequence) -> str:
    """1 + the number of cut values ``column`` is strictly above. The cuts ascend, so a CASE
    from the top stops at the first that holds (most customers score high on recency)."""
    if not cuts:
        return "1"
    whens = " ".join(
        f"WHEN {column} > {literal(v)} THEN {k}"
        for k, v in sorted(enumerate(cuts, start=2), reverse=True)
    )
    return f"(CASE {whens} ELSE 1 END)"


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
        with_commission: bool = True,
        whole: bool = True,
    ) -> None:
        """``whole`` False (the overview, which counts these from indexes itself: see
        ``book``): no "not contacted" flags, recent lapses, open complaints nor referrals
        (their columns are 0). ``with_commission`` False (a staff login, who may not read commissions): the
        policies' part of the lifetime value counts as 0, and no commission is read."""
        temp_tables_in_memory()
        # The overview leaves the policies past their end out when no rung can see them
        # (``rules.in_force_decides_stage``): the stored stage is then the true one, and
        # only the lifetime values' candidates need them (``top_ltv``).
        self.expired = whole or rules.in_force_decides_stage()
        self.with_commission = with_commission
        self.extra = build_extra(
            today, y1, no_contact_days, stages, with_commission, whole, self.expired
        )
        self.today = today
        self.cuts = cuts
        self.stages = tuple(stages)
        self.params = {"today": today.isoformat()}
        r_sql = score_expr("s.last_d", cuts[0])
        f_sql = score_expr("s.n", cuts[1])
        # The ladder and lifetime-value rules are defined once, in ``db.loyalty_rules``; here their terms
        # are bound to the columns of ``s`` (customer_stats) and ``x`` (loyalty_extra).
        self.columns = {
            "n": "coalesce(s.n, 0)",
            "in_force": "(s.n_active_pol - coalesce(x.exp_n, 0))",
            "nps": "s.nps",
            "csat": "s.csat",
            "referred_buyers": "s.ref_buyers",
            "n_purchases": "s.n_purch",
            "shop_revenue": "s.m_purch",
            "days_since_first_purchase": f"({literal(_julian(today))} - s.first_purch_jd)",
            "n_policies": "s.n_pol",
            "renewed": "s.renewed",
            "lapsed": "s.lapsed",
            "commission_in_force": (
                "(s.comm_active - coalesce(x.exp_comm, 0))" if with_commission else "0"
            ),
        }
        self._ltv_params = {
            "ltv_expected_years": float(ltv_years),
            "ltv_discount_rate": float(discount_rate),
            "book_renewal_rate": None if book_renewal_rate is None else float(book_renewal_rate),
        }
        suggested = rules.ladder_sql(self.columns, self.stages)
        self._cell = f"CASE WHEN s.n > 0 THEN {r_sql} * 10 + {f_sql} ELSE 0 END"
        self._stage = f"coalesce(x.override_i, {suggested})"
        self._manual = sqlfn.flag("x.override_i IS NOT NULL")
        self._no_contact = f"coalesce({sqlfn.flag('s.n > 0 AND ' + sqlfn.truthy('x.quiet'))}, 0)"
        self.sql = f"""
            SELECT c.id AS id, c.referred_by_id AS ref, coalesce(s.n, 0) AS n,
                coalesce(s.m, 0) AS m, s.first_d AS first_d, s.last_d AS last_d,
                {self._cell} AS cell, {self._stage} AS stage_i, {self._manual} AS manual,
                CASE WHEN s.n > 0 THEN {self.ltv_expr()} ELSE 0 END AS ltv,
                coalesce(x.lapsed_recent, 0) AS lapsed_recent, coalesce(x.open_c, 0) AS open_c,
                {self._no_contact} AS no_contact, s.nps AS nps, s.csat AS csat
            FROM customer c{sqlfn.indexed_by("customer_loyalty_cover")}
            LEFT JOIN customer_stats s ON s.customer_id = c.id
            LEFT JOIN {self.extra} x ON x.cid = c.id
            WHERE c.archived_at IS NULL AND c.anonymized_at IS NULL"""

    def ltv_expr(self) -> str:
        """Lifetime value in minor units over ``s`` (customer_stats) and ``x`` (extra); the
        formula is ``rules.LTV_PARTS``."""
        return rules.ltv_sql(self.columns, self._ltv_params)

    def top_ltv(self, limit: int) -> list[int]:
        """Ids of the active customers with the highest lifetime value.

        Not every customer's value is computed: a customer's shop part is at most
        ``max(0, m_purch) × years`` and the policies' part at most ``max(0, comm_active) ×
        F``, F the largest factor the rules put on a commission (``_commission_factor``). So
        the value of everyone outside the first L customers by purchases and the first L by
        commission (two indexes, step 22) is at most the bound those two L-th customers
        give; when the limit-th best value among the candidates is above it, they hold the
        answer. Otherwise L grows, and past the whole book every customer is computed."""
        factor = self._commission_factor()
        years = float(self._ltv_params["ltv_expected_years"] or 0)
        if factor is not None and years >= 0:
            size = 4 * limit
            while size < 50_000:
                by_shop, shop_bound, shop_all = self._first_by("m_purch", size)
                by_comm, comm_bound, comm_all = (
                    self._first_by("comm_active", size) if factor else ([], 0, True)
                )
                best = self._ltv_of(set(by_shop) | set(by_comm), limit)
                if shop_all or (factor and comm_all):
                    return [cid for cid, _v in best]  # every customer was a candidate
                bound = years * max(0, shop_bound) + factor * max(0, comm_bound)
                if len(best) == limit and best[-1][1] > bound * (1 + 1e-9) + 1e-6:
                    return [cid for cid, _v in best]
                size *= 4
        return [cid for cid, _v in self._ltv_of(None, limit)]

    def _commission_factor(self) -> float | None:
        """The largest factor ``rules.POLICY_LTV`` can put on a customer's commission in
        force (0 for a login who may not see commissions), or None when a commission below
        zero would make the bound wrong."""
        if self.columns["commission_in_force"] == "0":
            return 0.0
        # stricter than a customer's sum below zero (one such policy is enough), and read
        # from an index whether or not ``extra`` holds the policies past their end
        if expired_commission_below_zero(self.today):
            return None
        # r / max(0.01, 1 + i − r) grows with the rate r (0..1); 1 without any rate
        discount = float(self._ltv_params["ltv_discount_rate"] or 0)
        return max(1.0, 1.0 / max(0.01, discount))

    def _first_by(self, column: str, size: int) -> tuple[list[int], float, bool]:
        """(ids of the first ``size`` active buyers by ``column`` descending, the value of
        the last of them, whether that was every one of them)."""
        rows = sqlfn.execute(
            f"SELECT customer_id, {column} FROM customer_stats"
            f"{sqlfn.indexed_by('customer_stats_' + column)}"
            f" WHERE {sqlfn.truthy('active')} AND n > 0 ORDER BY {column} DESC LIMIT ?",
            (size,),
        ).fetchall()
        if not rows:
            return [], 0, True
        return [r[0] for r in rows], float(rows[-1][1]), len(rows) < size

    def _ltv_of(self, ids: set[int] | None, limit: int) -> list[tuple[int, float]]:
        """(id, lifetime value) of the best ``limit`` among ``ids`` (None: everybody)."""
        where = ""
        if ids is not None:
            if not ids:
                return []
            where = f" AND s.customer_id IN ({', '.join(str(int(i)) for i in ids)})"
        if not self.expired:  # the candidates' policies past their end (all: everybody's)
            add_expired(
                self.extra, self.today, self.with_commission, None if ids is None else sorted(ids)
            )
            if ids is None:
                self.expired = True
        return [
            (r[0], float(r[1]))
            for r in sqlfn.execute(
                f"""
                SELECT s.customer_id, {self.ltv_expr()} AS ltv
                FROM customer_stats s{sqlfn.not_indexed() if ids is None else ""}
                LEFT JOIN {self.extra} x ON x.cid = s.customer_id
                WHERE {sqlfn.truthy("s.active")} AND s.n > 0{where}
                ORDER BY 2 DESC, s.customer_id
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
            for r in sqlfn.execute(
                f"SELECT id FROM ({self.sql}) AS scored WHERE {where} ORDER BY {order}",
                self.params | params,
            ).fetchall()
        ]

    def close(self) -> None:
        db.execute_sql(f"DROP TABLE IF EXISTS {self.extra}")
