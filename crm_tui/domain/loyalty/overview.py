"""Loyalty: the overview of the whole book (headline, segments, top customers, months)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from ...clock import today as clock_today
from ...db import analytics
from ...db.change_counter import change_fingerprint
from ...db.dialect import read_snapshot
from ...db.models import Customer
from ..roles import can
from ..settings import get_setting, get_settings
from .customer import lifetime_values
from .segments import NO_CONTACT_DAYS, SEGMENT_MAP, SEGMENTS, STAGES
from .value import CENT, satisfaction

# -- the overview ---------------------------------------------------------------------------------------------


@dataclass
class Headline:
    active: int = 0
    bought_12m: int = 0
    retention: float | None = None
    retention_base: int = 0
    retained: int = 0
    renewal_rate: float | None = None
    renewals: int = 0
    nps: float | None = None
    nps_answers: int = 0
    csat: float | None = None
    csat_answers: int = 0
    revenue_12m: Decimal = Decimal(0)


@dataclass
class TopCustomer:
    id: int
    name: str
    ltv: Decimal
    kind: str = ""  # which formula: shop | policy | both


@dataclass
class Referrer:
    id: int
    name: str
    referred: int
    buyers: int
    revenue: Decimal


@dataclass
class MonthFigure:
    month: str  # YYYY-MM
    revenue: Decimal
    new_customers: int
    lost_customers: int = 0  # customers whose policy ending that month lapsed
    renewal_rate: float | None = None  # renewed / (renewed + lapsed) of that month's ends
    nps: int | None = None  # % promoters − % detractors of that month's answers


@dataclass
class Overview:
    today: date
    customers: int = 0
    headline: Headline = field(default_factory=Headline)
    ladder: dict[str, tuple[int, int]] = field(default_factory=dict)  # stage -> (n, manual)
    segments: dict[str, tuple[int, Decimal]] = field(default_factory=dict)
    risks: dict[str, int] = field(default_factory=dict)
    top: list[TopCustomer] = field(default_factory=list)
    referrers: list[Referrer] = field(default_factory=list)
    referred: int = 0
    referred_buyers: int = 0
    referred_revenue: Decimal = Decimal(0)
    months: list[MonthFigure] = field(default_factory=list)
    seconds: float = 0.0  # how long computing it took
    cached: bool = False  # served from the cache (nothing changed since it was computed)

    @property
    def empty(self) -> bool:
        return self.customers == 0


def money(minor: int | float | None) -> Decimal:
    """Stored minor units as currency (two decimals)."""
    return (Decimal(int(minor or 0)) / 100).quantize(CENT)


def _rfm_cuts() -> tuple[list, list, list]:
    """The quintile cut points (see ``quintile_cuts``) of last date, count and revenue over
    the active customers, read at their offsets in the sorted indexes."""
    n = analytics.scored_count()
    if not n:
        return [], [], []
    offsets = [-(-(k - 1) * n // 5) - 1 for k in range(2, 6)]
    return tuple(  # type: ignore[return-value]
        [analytics.value_at(column, offset, n) for offset in offsets]
        for column in ("last_d", "n", "m")
    )


def rfm_cells() -> dict[str, list[int]]:
    """Each segment's (R, F) cells as R*10+F, as the SQL conditions take them."""
    out: dict[str, list[int]] = {s: [] for s in SEGMENTS}
    for (r, f), seg in SEGMENT_MAP.items():
        out[seg].append(r * 10 + f)
    return out


def prepare_scores(
    today: date, book_rate: float | None, whole: bool = True, cuts: tuple | None = None
) -> analytics.Scored:
    """Score every customer for ``today`` (inside the caller's transaction); ``whole``
    False leaves out what the overview counts by itself (see ``analytics.Scored``); ``cuts``: the RFM
    cut points when the caller has them (recency and frequency suffice)."""
    return analytics.Scored(
        today,
        today - relativedelta(years=1),
        cuts if cuts is not None else _rfm_cuts(),
        STAGES,
        float(get_setting("ltv_expected_years") or 0),
        float(get_setting("ltv_discount_rate") or 0),
        no_contact_days(),
        book_rate,
        with_commission=can("see_commission"),  # staff: the policies' value counts 0
        whole=whole,
    )


def no_contact_days() -> int:
    return int(get_setting("stay_in_touch_default_days") or NO_CONTACT_DAYS)


# The last overview computed, with what it depends on (``_cache_key``): opening the Loyalty
# screen again when no desk wrote anything since is served from here. One entry: the
# screen shows one day for one login.
_cache: tuple[tuple, Overview] | None = None
_cache_lock = threading.Lock()


def _cache_key(today: date, top: int) -> tuple | None:
    """What the figures depend on besides the rows: the day, the login's right to see
    commissions, the settings the rules read, and the book's change fingerprint (None:
    not cacheable now, e.g. inside a transaction)."""
    fingerprint = change_fingerprint()
    if fingerprint is None:
        return None
    settings = get_settings("ltv_expected_years", "ltv_discount_rate", "stay_in_touch_default_days")
    return (today, top, can("see_commission"), tuple(settings.values()), fingerprint)


def overview(today: date | None = None, top: int = 10) -> Overview:
    """Every figure of the Loyalty screen (SQL aggregates; call off the UI thread). The
    same figures as last time, at once, when nothing changed since (``cached`` is set)."""
    global _cache
    today = today or clock_today()
    # Read before computing: a write that lands meanwhile moves the fingerprint, so the
    # next call computes again whether or not this one saw it.
    key = _cache_key(today, top)
    if key is not None:
        with _cache_lock:
            hit = _cache
        if hit is not None and hit[0] == key:
            return replace(hit[1], cached=True)
    out = _compute(today, top)
    if key is not None:
        with _cache_lock:
            _cache = (key, out)
    return out


def forget_cached_overview() -> None:
    """Drop the cached overview (tests; a caller that changed something behind SQL)."""
    global _cache
    with _cache_lock:
        _cache = None


def _compute(today: date, top: int) -> Overview:
    import time

    started = time.perf_counter()
    y1 = today - relativedelta(years=1)
    y2 = today - relativedelta(years=2)
    out = Overview(today=today)
    # One consistent snapshot that does not hold the write lock (other desks keep working);
    # the temporary tables are dropped at the end.
    with read_snapshot():
        book_rate = analytics.overall_renewal_rate()
        # Everything below is counted from indexes of the stored totals in groups of equal
        # values (``analytics.book``), not customer by customer.
        groups = analytics.RfmGroups()
        r_cuts, f_cuts = groups.quintile_cuts()
        scored = prepare_scores(today, book_rate, whole=False, cuts=(r_cuts, f_cuts, []))
        h = out.headline
        first_month = date(today.year, today.month, 1) - relativedelta(months=11)
        cells = groups.cells((r_cuts, f_cuts), y1, y2)
        segments: dict[str, list[int]] = {s: [0, 0] for s in SEGMENTS}
        for cell, (count, revenue) in cells.by_cell.items():
            segment = SEGMENT_MAP[(cell // 10, cell % 10)]
            segments[segment][0] += count
            segments[segment][1] += revenue
        h.active = sum(count for count, _revenue in cells.by_cell.values())
        h.bought_12m = cells.bought_after_y1
        first_after_y1, new_by_month = analytics.first_bought(y1, first_month)
        # the retention base: bought on or before y1 (first date) and after y2 (last date);
        # a first date after y1 means a last date after y2
        retention_base = cells.bought_after_y2 - first_after_y1
        retained = cells.bought_after_y1 - first_after_y1
        ladder: dict[str, list[int]] = {s: [0, 0] for s in STAGES}
        for i, count in analytics.ladder_groups().items():
            ladder[STAGES[i]][0] += count
            out.customers += count
        # Customers who never bought nor answered: prospects unless set by hand (below).
        others = analytics.without_totals(out.customers)
        out.customers += others
        ladder["prospect"][0] += others
        for assumed, true, manual, count in analytics.ladder_corrections(
            STAGES, scored.extra, scored.columns, scored.expired
        ):
            # a manual stage of a customer without totals takes them from the prospects
            ladder["prospect" if assumed is None else STAGES[assumed]][0] -= count
            ladder[STAGES[true]][0] += count
            if manual:
                ladder[STAGES[true]][1] += count
        no_contact = analytics.not_contacted(today, no_contact_days())
        out.referred, out.referred_buyers, referred_revenue = analytics.referral_totals()
        out.referred_revenue = money(referred_revenue)
        complaints, lapsed = analytics.risk_counts(today, y1)
        risks = {
            "at_risk": segments["at_risk"][0],
            "cant_lose": segments["cant_lose"][0],
            "lapsed": lapsed,
            "complaints": complaints,
            "no_contact": no_contact,
        }
        out.ladder = {s: (v[0], v[1]) for s, v in ladder.items()}
        out.segments = {s: (v[0], money(v[1])) for s, v in segments.items()}
        out.risks = risks
        # analytics.retention's figures, the base counted with the groups above
        gaps = analytics.retention_gaps(y1, y2)
        base, kept = retention_base - gaps, retained - gaps
        h.retention_base = base
        h.retained = kept
        h.retention = kept / base if base else None
        renewed, lapsed_n = analytics.renewal_counts(y1)
        h.renewals = renewed + lapsed_n
        h.renewal_rate = renewed / h.renewals if h.renewals else None
        sat = satisfaction(y1)
        h.nps, h.nps_answers = sat["nps"], sat["nps_answers"]
        h.csat, h.csat_answers = sat["csat"], sat["csat_answers"]
        # The exact value (and formula) of the few shown, as the card computes it.
        top_ids = scored.top_ltv(top)
        names_by_id = {
            c.id: c.name
            for c in Customer.select(Customer.id, Customer.name).where(Customer.id.in_(top_ids))
        }
        values = lifetime_values(top_ids, today, book_rate=book_rate, with_formula=False)
        for cid in top_ids:
            value = values[cid]
            out.top.append(
                TopCustomer(cid, names_by_id[cid], value.value or Decimal(0), value.kind)
            )
        out.referrers = [
            Referrer(rid, name, k, b, money(m))
            for rid, name, k, b, m in analytics.top_referrers(top)
        ]
        start = min(first_month, y1 + relativedelta(days=1))
        by_month: dict[str, int] = {}
        revenue_12m = 0
        for day, amount in analytics.revenue_by_day(start, today):
            if day > y1.isoformat():
                revenue_12m += amount or 0
            if day >= first_month.isoformat():
                by_month[day[:7]] = by_month.get(day[:7], 0) + (amount or 0)
        h.revenue_12m = money(revenue_12m)
        out.months = [
            MonthFigure(month, money(by_month.get(month, 0)), new_by_month[k])
            for k, month in enumerate(
                (first_month + relativedelta(months=k)).strftime("%Y-%m") for k in range(12)
            )
        ]
        _add_trends(out.months)
        scored.close()
    out.seconds = time.perf_counter() - started
    return out


def _add_trends(months: list[MonthFigure]) -> None:
    """Lost customers, renewal rate and NPS of each month (one query per series)."""
    if not months:
        return
    by_month = {m.month: m for m in months}
    first = date.fromisoformat(months[0].month + "-01")
    last_start = date.fromisoformat(months[-1].month + "-01")
    last = last_start + relativedelta(months=1, days=-1)
    for month, renewed, lapsed, lost in analytics.renewal_months(first, last):
        figure = by_month.get(month)
        if figure is not None:
            figure.lost_customers = lost
            if renewed + lapsed:
                figure.renewal_rate = renewed / (renewed + lapsed)
    for month, answers, promoters, detractors in analytics.nps_months(first, last):
        figure = by_month.get(month)
        if figure is not None and answers:
            figure.nps = round(100 * (promoters - detractors) / answers)
