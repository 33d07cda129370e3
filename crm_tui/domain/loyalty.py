"""Loyalty: ladder, RFM, lifetime value, satisfaction, referrals, at-risk lists, campaigns.

Definitions (shown to users in the Loyalty screen and used everywhere):

- Revenue: purchases plus policy premiums (a policy counts at its start date; cancelled
  policies do not count). A renewal is a new policy, so it counts as buying again.
- Active customer: not archived, with at least one purchase or policy.
- RFM: recency (last purchase/policy date), frequency (number of purchases and policies),
  monetary (revenue). Each scored 1-5 by quintiles over active customers, 5 = best.
  Ties share the lower score: score = 1 + ⌊5 × worse / N⌋ with N active customers and
  ``worse`` the number of them with a strictly worse value. So equal values always get
  equal scores, and when everybody bought once everybody has F = 1.
- Segments on R and F (the common RFM map; see ``SEGMENT_MAP``).
- Ladder suggestion (highest rule that holds): referred someone who bought → advocate;
  latest NPS 9-10 or latest CSAT 5 → supporter; two or more purchases/policies, or two
  active policies → client; one → customer; none → prospect. Supporter and advocate need
  at least one purchase. ``suspect`` is only ever set by hand. A manual stage
  (``Customer.ladder_override``) wins and is shown as manual.
- Lifetime value: shops: average purchase × purchases per year × expected years
  (setting ``ltv_expected_years``), where purchases per year = purchases / years since the
  first purchase (at least one year). Policies: yearly commission of the policies in force ×
  r / (1 + i − r), r = renewed / (renewed + lapsed) of the customer's policies (the whole
  book's rate when the customer has none yet; one year's commission when nobody has any),
  i = setting ``ltv_discount_rate``. A customer with both gets the sum.
- NPS = % promoters (9-10) − % detractors (0-6), CSAT = share of 4s and 5s; both from the
  answers of the last 12 months; a resolved complaint's satisfaction (1-5) counts as CSAT.
  No answers → None (shown as "–").
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from dateutil.relativedelta import relativedelta
from peewee import fn

from ..clock import today as clock_today
from ..db import analytics
from ..db.models import Complaint, Customer, Phone, Policy, Purchase, Survey, db
from ..i18n import N_, _, format_money, format_number, format_percent
from .errors import NotFound, ValidationError
from .labels import LABELS
from .parsing import format_phone
from .purchases import customer_tier, points_balance
from .settings import get_setting

STAGES = ("suspect", "prospect", "customer", "client", "supporter", "advocate")

SEGMENTS = (
    "champions",
    "loyal",
    "potential",
    "new",
    "promising",
    "need_attention",
    "about_to_sleep",
    "at_risk",
    "cant_lose",
    "hibernating",
)
SEGMENT_LABELS = {
    "champions": N_("Champions"),
    "loyal": N_("Loyal customers"),
    "potential": N_("Potential loyalists"),
    "new": N_("New customers"),
    "promising": N_("Promising"),
    "need_attention": N_("Need attention"),
    "about_to_sleep": N_("About to sleep"),
    "at_risk": N_("At risk"),
    "cant_lose": N_("Can't lose them"),
    "hibernating": N_("Hibernating"),
}
SEGMENT_HINTS = {
    "champions": N_("bought recently and often"),
    "loyal": N_("buy often"),
    "potential": N_("recent, bought a few times"),
    "new": N_("first purchase just now"),
    "promising": N_("recent, bought once"),
    "need_attention": N_("average on both"),
    "about_to_sleep": N_("fading, bought rarely"),
    "at_risk": N_("bought often, but long ago"),
    "cant_lose": N_("best buyers, gone quiet"),
    "hibernating": N_("long ago and rarely"),
}


def _build_segment_map() -> dict[tuple[int, int], str]:
    """The common RFM map on recency (R) and frequency (F) scores."""
    out: dict[tuple[int, int], str] = {}
    for r in range(1, 6):
        for f in range(1, 6):
            if r <= 2:
                seg = "hibernating" if f <= 2 else "at_risk" if f <= 4 else "cant_lose"
            elif r == 3:
                seg = "about_to_sleep" if f <= 2 else "need_attention" if f == 3 else "loyal"
            elif r == 4:
                seg = "promising" if f == 1 else "potential" if f <= 3 else "loyal"
            else:
                seg = "new" if f == 1 else "potential" if f <= 3 else "champions"
            out[(r, f)] = seg
    return out


SEGMENT_MAP = _build_segment_map()

RISKS = ("at_risk", "cant_lose", "lapsed", "complaints", "no_contact")
RISK_LABELS = {
    "at_risk": N_("At risk (RFM)"),
    "cant_lose": N_("Can't lose them (RFM)"),
    "lapsed": N_("Policy lapsed in the last 12 months"),
    "complaints": N_("Open complaint"),
    "no_contact": N_("No contact for a long time"),
}
NO_CONTACT_DAYS = 180  # when neither the customer nor the settings say otherwise


def segment_label(code: str | None) -> str:
    if not code:
        return "–"
    return _(SEGMENT_LABELS.get(code, code))


def segment_for(r: int, f: int) -> str:
    return SEGMENT_MAP[(r, f)]


# -- quintile scores --------------------------------------------------------------------------


def quintile_score(value, sorted_values: list) -> int:
    """1 + ⌊5 × (values strictly below ``value``) / N⌋; ``sorted_values`` ascending, with
    "higher is better" (for recency pass dates: later is better)."""
    n = len(sorted_values)
    if n == 0:
        return 1
    return 1 + (5 * bisect_left(sorted_values, value)) // n


def quintile_cuts(sorted_values: list) -> list:
    """The four values a score has to be strictly above to reach 2, 3, 4 and 5.

    score ≥ k ⇔ at least ⌈(k−1)N/5⌉ values are strictly below ⇔ value > sorted[⌈(k−1)N/5⌉−1].
    """
    n = len(sorted_values)
    if n == 0:
        return []
    return [sorted_values[-(-(k - 1) * n // 5) - 1] for k in range(2, 6)]


# -- ladder ---------------------------------------------------------------------------------------


def suggest_stage(
    purchases: int,
    active_policies: int = 0,
    latest_nps: int | None = None,
    latest_csat: int | None = None,
    referred_a_buyer: bool = False,
) -> str:
    """``purchases`` counts purchases and policies (renewals included)."""
    if purchases > 0 and referred_a_buyer:
        return "advocate"
    if purchases > 0 and ((latest_nps is not None and latest_nps >= 9) or latest_csat == 5):
        return "supporter"
    if purchases >= 2 or active_policies >= 2:
        return "client"
    if purchases == 1:
        return "customer"
    return "prospect"


def set_ladder_override(customer_id: int, stage: str | None) -> Customer:
    """Set the stage by hand (kept until cleared); ``None`` goes back to the suggestion."""
    if stage is not None and stage not in STAGES:
        raise ValidationError({"stage": _("Choose a stage: {stages}.", stages=", ".join(STAGES))})
    with db.atomic():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFound(_("Customer {id} not found.", id=customer_id))
        Customer.update(ladder_override=stage).where(Customer.id == customer_id).execute()
    return Customer.get_by_id(customer_id)


# -- lifetime value ---------------------------------------------------------------------------------

CENT = Decimal("0.01")


def shop_ltv(
    total: Decimal, purchases: int, first: date, today: date, years: Decimal | float | int
) -> Decimal:
    """average purchase × purchases per year × expected years."""
    if purchases <= 0:
        return Decimal(0)
    average = Decimal(total) / purchases
    known_years = max(Decimal(1), Decimal((today - first).days) / Decimal(365))
    per_year = Decimal(purchases) / known_years
    return (average * per_year * Decimal(str(years))).quantize(CENT, ROUND_HALF_UP)


def policy_ltv(
    yearly_commission: Decimal, renewal_rate: Decimal | float | None, discount: Decimal | float
) -> Decimal:
    """yearly commission × r / (1 + i − r); one year's commission when r is unknown."""
    if renewal_rate is None:
        return Decimal(yearly_commission).quantize(CENT, ROUND_HALF_UP)
    r = Decimal(str(renewal_rate))
    i = Decimal(str(discount))
    denominator = max(Decimal("0.01"), 1 + i - r)
    return (Decimal(yearly_commission) * r / denominator).quantize(CENT, ROUND_HALF_UP)


@dataclass
class Ltv:
    value: Decimal | None
    kind: str  # "" | shop | policy | both
    formula: str  # the formula with the customer's numbers, translated

    def __str__(self) -> str:
        return self.formula


# -- satisfaction -------------------------------------------------------------------------------------


def nps_score(counts: dict[int, int]) -> float | None:
    """NPS in points (−100…100) from {score: answers}; None without answers."""
    total = sum(counts.values())
    if not total:
        return None
    promoters = sum(k for s, k in counts.items() if s >= 9)
    detractors = sum(k for s, k in counts.items() if s <= 6)
    return 100.0 * (promoters - detractors) / total


def csat_score(counts: dict[int, int]) -> float | None:
    """Share (0…1) of answers 4 or 5; None without answers."""
    total = sum(counts.values())
    if not total:
        return None
    return sum(k for s, k in counts.items() if s >= 4) / total


def satisfaction(since: date, customer_id: int | None = None) -> dict:
    nps: dict[int, int] = {}
    csat: dict[int, int] = {}
    for kind, score, k in analytics.answers_since(since, customer_id):
        target = nps if kind == "nps" else csat
        target[score] = target.get(score, 0) + k
    return {
        "nps": nps_score(nps),
        "nps_answers": sum(nps.values()),
        "csat": csat_score(csat),
        "csat_answers": sum(csat.values()),
    }


# -- one customer (for the card) --------------------------------------------------------------------------

_POPULATION: dict[tuple, tuple] = {}


def _population(today: date) -> tuple[list, list, list]:
    """Sorted RFM values of all active customers, cached until the data changes."""
    key = (str(db.obj.database) if db.obj is not None else "", today)
    stamp = analytics.data_stamp()
    cached = _POPULATION.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    values = analytics.rfm_population()
    _POPULATION.clear()
    _POPULATION[key] = (stamp, values)
    return values


@dataclass
class CustomerLoyalty:
    customer_id: int
    stage: str
    stage_is_manual: bool
    suggested_stage: str
    points: int
    tier: str
    spend_12m: Decimal
    ltv: Decimal | None
    ltv_formula: str
    ltv_kind: str
    segment: str | None
    rfm: tuple[int, int, int] | None
    purchases: int
    revenue: Decimal
    last_purchase: date | None
    latest_nps: int | None
    latest_csat: int | None
    referred: int
    referred_buyers: int
    referred_revenue: Decimal


def _as_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


@dataclass
class _Events:
    count: int  # purchases and (not cancelled) policies
    revenue: int  # minor units: purchases and premiums
    first: date | None
    last: date | None


def _customer_events(customer_id: int) -> _Events:
    pn, pm, pfirst, plast = (
        Purchase.select(
            fn.COUNT(Purchase.id),
            fn.COALESCE(fn.SUM(Purchase.amount), 0).coerce(False),
            fn.MIN(Purchase.date).coerce(False),
            fn.MAX(Purchase.date).coerce(False),
        )
        .where(Purchase.customer == customer_id)
        .tuples()
        .get()
    )
    qn, qm, qfirst, qlast = (
        Policy.select(
            fn.COUNT(Policy.id),
            fn.COALESCE(fn.SUM(Policy.premium), 0).coerce(False),
            fn.MIN(Policy.start_date).coerce(False),
            fn.MAX(Policy.start_date).coerce(False),
        )
        .where(Policy.customer == customer_id, Policy.status != "cancelled")
        .tuples()
        .get()
    )
    firsts = [d for d in (_as_date(pfirst), _as_date(qfirst)) if d]
    lasts = [d for d in (_as_date(plast), _as_date(qlast)) if d]
    return _Events(
        int(pn) + int(qn),
        int(pm) + int(qm),
        min(firsts) if firsts else None,
        max(lasts) if lasts else None,
    )


def _latest_answers(customer_id: int) -> tuple[int | None, int | None]:
    nps = (
        Survey.select(Survey.score)
        .where(Survey.customer == customer_id, Survey.kind == "nps")
        .order_by(Survey.at.desc(), Survey.id.desc())
        .first()
    )
    csat_rows: list[tuple[str, int, int, int]] = []
    linked = {
        s.complaint_id
        for s in Survey.select(Survey.complaint).where(
            Survey.customer == customer_id, Survey.kind == "csat", Survey.complaint.is_null(False)
        )
    }
    for s in Survey.select().where(Survey.customer == customer_id, Survey.kind == "csat"):
        csat_rows.append((str(s.at), 1, s.id, s.score))
    for c in Complaint.select().where(
        Complaint.customer == customer_id,
        Complaint.satisfaction.is_null(False),
        Complaint.status.in_(("resolved", "closed")),
    ):
        if c.id in linked:
            continue
        at = c.resolved_at or c.closed_at or c.updated_at
        csat_rows.append((str(at), 0, c.id, c.satisfaction))
    csat = max(csat_rows)[3] if csat_rows else None
    return (nps.score if nps else None), csat


def customer_ltv(customer_id: int, today: date | None = None) -> Ltv:
    today = today or clock_today()
    years = Decimal(str(get_setting("ltv_expected_years") or 0))
    discount = Decimal(str(get_setting("ltv_discount_rate") or 0))
    pn, ptotal, pfirst = (
        Purchase.select(
            fn.COUNT(Purchase.id),
            fn.COALESCE(fn.SUM(Purchase.amount), 0).coerce(False),
            fn.MIN(Purchase.date).coerce(False),
        )
        .where(Purchase.customer == customer_id)
        .tuples()
        .get()
    )
    policies = list(
        Policy.select().where(Policy.customer == customer_id, Policy.status != "cancelled")
    )
    parts: list[Decimal] = []
    texts: list[str] = []
    kinds: list[str] = []
    if pn:
        total = Decimal(int(ptotal)) / 100
        first = _as_date(pfirst)
        value = shop_ltv(total, int(pn), first, today, years)
        known = max(Decimal(1), Decimal((today - first).days) / Decimal(365))
        parts.append(value)
        kinds.append("shop")
        texts.append(
            _(
                "shop: average purchase {avg} × {per_year} purchases a year × {years} years",
                avg=format_money((total / int(pn)).quantize(CENT, ROUND_HALF_UP)),
                per_year=format_number(float(Decimal(int(pn)) / known), 1),
                years=format_number(float(years), 0),
            )
        )
    if policies:
        in_force = [
            p
            for p in policies
            if p.status == "active" and (p.end_date is None or p.end_date >= today)
        ]
        commission = sum((p.commission or Decimal(0) for p in in_force), Decimal(0))
        renewed = sum(1 for p in policies if p.status == "renewed")
        lapsed = sum(1 for p in policies if p.status == "lapsed")
        rate: float | None
        if renewed + lapsed:
            rate = renewed / (renewed + lapsed)
        else:
            rate = analytics.overall_renewal_rate()
        value = policy_ltv(commission, None if rate is None else Decimal(str(rate)), discount)
        parts.append(value)
        kinds.append("policy")
        if rate is None:
            texts.append(
                _(
                    "policies: one year's commission {commission} (no renewals yet)",
                    commission=format_money(commission),
                )
            )
        else:
            texts.append(
                _(
                    "policies: yearly commission {commission} × r / (1 + i − r), r = {r}, i = {i}",
                    commission=format_money(commission),
                    r=format_percent(rate),
                    i=format_percent(float(discount)),
                )
            )
    if not parts:
        return Ltv(None, "", "")
    kind = "both" if len(kinds) == 2 else kinds[0]
    return Ltv(sum(parts, Decimal(0)), kind, "; ".join(texts))


def customer_summary(customer_id: int, today: date | None = None) -> CustomerLoyalty:
    """Everything the customer card shows about loyalty, for one customer."""
    today = today or clock_today()
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("Customer {id} not found.", id=customer_id))
    events = _customer_events(customer_id)
    n, revenue, last = events.count, events.revenue, events.last
    active_policies = (
        Policy.select()
        .where(
            Policy.customer == customer_id,
            Policy.status == "active",
            (Policy.end_date.is_null()) | (Policy.end_date >= today),
        )
        .count()
    )
    nps, csat = _latest_answers(customer_id)
    referred = list(
        Customer.select(Customer.id).where(
            Customer.referred_by == customer_id, Customer.archived_at.is_null()
        )
    )
    referred_ids = [c.id for c in referred]
    ref_buyers = 0
    ref_revenue = 0
    for rid in referred_ids:
        referred_events = _customer_events(rid)
        if referred_events.count:
            ref_buyers += 1
            ref_revenue += referred_events.revenue
    suggested = suggest_stage(n, active_policies, nps, csat, ref_buyers > 0)
    rfm = None
    segment = None
    if n and customer.archived_at is None:
        lasts, ns, ms = _population(today)
        r = quintile_score(last.isoformat(), lasts)
        f = quintile_score(n, ns)
        m = quintile_score(revenue, ms)
        rfm = (r, f, m)
        segment = segment_for(r, f)
    tier, spend = customer_tier(customer_id, today)
    ltv = customer_ltv(customer_id, today)
    manual = customer.ladder_override if customer.ladder_override in STAGES else None
    return CustomerLoyalty(
        customer_id=customer_id,
        stage=manual or suggested,
        stage_is_manual=manual is not None,
        suggested_stage=suggested,
        points=points_balance(customer_id),
        tier=tier,
        spend_12m=spend,
        ltv=ltv.value,
        ltv_formula=ltv.formula,
        ltv_kind=ltv.kind,
        segment=segment,
        rfm=rfm,
        purchases=n,
        revenue=Decimal(revenue) / 100,
        last_purchase=last,
        latest_nps=nps,
        latest_csat=csat,
        referred=len(referred_ids),
        referred_buyers=ref_buyers,
        referred_revenue=Decimal(ref_revenue) / 100,
    )


# -- the overview ---------------------------------------------------------------------------------------------


@dataclass
class Headline:
    active: int = 0
    bought_12m: int = 0
    retention: float | None = None
    retention_base: int = 0
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
    seconds: float = 0.0

    @property
    def empty(self) -> bool:
        return self.customers == 0


def _money(minor: int | float | None) -> Decimal:
    return (Decimal(int(minor or 0)) / 100).quantize(CENT)


def _prepare(today: date) -> None:
    """Build and score the facts for ``today`` (inside the caller's connection)."""
    y1 = today - relativedelta(years=1)
    analytics.build_facts(today, y1)
    # Three ascending lists of ~100k values: fetching and sorting them in Python is about
    # three times cheaper than SQLite window functions, and the card reuses them.
    rows = analytics.facts_rfm_values()
    lasts, ns, ms = (sorted(col) for col in zip(*rows, strict=True)) if rows else ([], [], [])
    key = (str(db.obj.database) if db.obj is not None else "", today)
    _POPULATION.clear()
    _POPULATION[key] = (analytics.data_stamp(), (lasts, ns, ms))
    analytics.score_facts(
        (quintile_cuts(lasts), quintile_cuts(ns), quintile_cuts(ms)),
        SEGMENT_MAP,
        today,
        float(get_setting("ltv_expected_years") or 0),
        float(get_setting("ltv_discount_rate") or 0),
        STAGES,
    )


def no_contact_days() -> int:
    return int(get_setting("stay_in_touch_default_days") or NO_CONTACT_DAYS)


def overview(today: date | None = None, top: int = 10) -> Overview:
    """Every figure of the Loyalty screen (SQL aggregates; call off the UI thread)."""
    import time

    started = time.perf_counter()
    today = today or clock_today()
    y1 = today - relativedelta(years=1)
    y2 = today - relativedelta(years=2)
    out = Overview(today=today)
    with db.atomic():  # one consistent snapshot; the temp table is dropped at the end
        _prepare(today)
        h = out.headline
        ladder: dict[str, list[int]] = {s: [0, 0] for s in STAGES}
        segments: dict[str, list[int]] = {s: [0, 0] for s in SEGMENTS}
        for key, count, revenue in analytics.cell_counts():
            stage = STAGES[key // 1000]
            ladder[stage][0] += count
            if (key // 100) % 10:
                ladder[stage][1] += count
            cell = key % 100
            if cell:
                segment = SEGMENT_MAP[(cell // 10, cell % 10)]
                segments[segment][0] += count
                segments[segment][1] += revenue
        sums = analytics.flat_sums(y1, today, no_contact_days())
        out.customers = sums["customers"]
        h.active = sums["active"]
        h.bought_12m = sums["bought_12m"]
        out.referred = sums["referred"]
        out.referred_buyers = sums["referred_buyers"]
        out.referred_revenue = _money(sums["referred_revenue"])
        risks = dict.fromkeys(RISKS, 0)
        for kind in ("lapsed", "complaints", "no_contact"):
            risks[kind] = sums[kind]
        risks["at_risk"] = segments["at_risk"][0]
        risks["cant_lose"] = segments["cant_lose"][0]
        out.ladder = {s: (v[0], v[1]) for s, v in ladder.items()}
        out.segments = {s: (v[0], _money(v[1])) for s, v in segments.items()}
        out.risks = risks
        base, kept = analytics.retention(y1, y2)
        h.retention_base = base
        h.retention = kept / base if base else None
        renewed, lapsed_n = analytics.renewal_counts(y1)
        h.renewals = renewed + lapsed_n
        h.renewal_rate = renewed / h.renewals if h.renewals else None
        sat = satisfaction(y1)
        h.nps, h.nps_answers = sat["nps"], sat["nps_answers"]
        h.csat, h.csat_answers = sat["csat"], sat["csat_answers"]
        out.top = [
            TopCustomer(cid, name, _money(round(v or 0))) for cid, name, v in analytics.top_ltv(top)
        ]
        out.referrers = [
            Referrer(rid, name, k, b, _money(m)) for rid, name, k, b, m in analytics.referrers(top)
        ]
        first_month = date(today.year, today.month, 1) - relativedelta(months=11)
        start = min(first_month, y1 + relativedelta(days=1))
        by_month: dict[str, int] = {}
        revenue_12m = 0
        for day, amount in analytics.revenue_by_day(start, today):
            if day > y1.isoformat():
                revenue_12m += amount or 0
            if day >= first_month.isoformat():
                by_month[day[:7]] = by_month.get(day[:7], 0) + (amount or 0)
        h.revenue_12m = _money(revenue_12m)
        new = analytics.new_customers_by_month(first_month)
        out.months = [
            MonthFigure(m, _money(by_month.get(m, 0)), new.get(m, 0))
            for m in ((first_month + relativedelta(months=k)).strftime("%Y-%m") for k in range(12))
        ]
        analytics.drop_facts()
    out.seconds = time.perf_counter() - started
    return out


# -- drill-downs ---------------------------------------------------------------------------------------------------

GROUPS = (
    "stage",
    "segment",
    "risk",
    "active",
    "bought_12m",
    "new_month",
    "referrer",
    "referred",
    "top_ltv",
)


def customer_ids(group: str, key: object = None, today: date | None = None) -> list[int]:
    """The customers behind one figure of the overview (best customers first)."""
    today = today or clock_today()
    y1 = today - relativedelta(years=1)
    if group not in GROUPS:
        raise ValueError(group)
    with db.atomic():
        _prepare(today)
        if group == "risk":
            where, params = analytics.risk_condition(str(key), today, no_contact_days())
        elif group == "bought_12m":
            where, params = analytics.group_condition(group, y1.isoformat())
        else:
            where, params = analytics.group_condition(group, key)
        ids = analytics.ids_where(where, params, by_ltv=group == "top_ltv")
        analytics.drop_facts()
    return ids


@dataclass
class CustomerRow:
    id: int
    name: str
    phone: str
    city: str


def customer_rows(ids: list[int]) -> list[CustomerRow]:
    """Name, primary phone and city of the given customers, in the given order."""
    customers: dict[int, Customer] = {}
    phones: dict[int, str] = {}
    for start in range(0, len(ids), 900):  # SQLite limits the number of parameters
        chunk = ids[start : start + 900]
        for c in Customer.select(Customer.id, Customer.name, Customer.city).where(
            Customer.id.in_(chunk)
        ):
            customers[c.id] = c
        for ph in (
            Phone.select(Phone.customer, Phone.e164)
            .where(Phone.customer.in_(chunk))
            .order_by(Phone.is_primary.desc(), Phone.id)
        ):
            phones.setdefault(ph.customer_id, format_phone(ph.e164))
    return [
        CustomerRow(i, customers[i].name, phones.get(i, ""), customers[i].city or "")
        for i in ids
        if i in customers
    ]


def _emails(ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for start in range(0, len(ids), 900):
        for c in Customer.select(Customer.id, Customer.email).where(
            Customer.id.in_(ids[start : start + 900])
        ):
            out[c.id] = c.email or ""
    return out


# -- campaigns ------------------------------------------------------------------------------------------------------

CHANNELS = ("sms", "email", "call")


def campaign_filters() -> dict[str, list[str]]:
    """Product lines (policy lines and purchase categories) and cities present in the data."""
    lines = sorted(
        {p.line for p in Policy.select(Policy.line).distinct() if p.line}
        | {p.category for p in Purchase.select(Purchase.category).distinct() if p.category}
    )
    cities = sorted(
        {c.city for c in Customer.select(Customer.city).distinct() if c.city}, key=str.lower
    )
    return {"lines": lines, "cities": cities}


def campaign_customers(
    segment: str | None,
    line: str | None = None,
    city: str | None = None,
    today: date | None = None,
) -> list[int]:
    """Active customers of a segment (None = every active customer), optionally only those
    who bought that product line (policy line or purchase category) and live in ``city``."""
    ids = (
        customer_ids("segment", segment, today) if segment else customer_ids("active", None, today)
    )
    if line:
        keep = analytics.customers_with_policy_line(line) | analytics.customers_with_category(line)
        ids = [i for i in ids if i in keep]
    if city:
        wanted = city.strip().casefold()
        in_city = {
            c.id
            for c in Customer.select(Customer.id, Customer.city).where(Customer.city.is_null(False))
            if c.city.strip().casefold() == wanted
        }
        ids = [i for i in ids if i in in_city]
    return ids


@dataclass
class CampaignExport:
    path: Path
    written: int
    without_consent: int


def export_campaign(ids: list[int], channel: str, path: Path | str) -> CampaignExport:
    """Write the customers who consented to ``channel`` (their newest consent row for that
    channel is a grant) as CSV, created readable by the owner only; the others are left out
    and counted."""
    if channel not in CHANNELS:
        raise ValidationError({"channel": _("Channel must be sms, email or call.")})
    path = Path(path).expanduser()
    if not path.parent.is_dir():
        raise ValidationError({"path": _("Folder {folder} does not exist.", folder=path.parent)})
    consented, refused = analytics.consent_split(ids, channel)
    rows = customer_rows(consented)
    emails = _emails(consented)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(["id", "name", "phone", "email", "city", "channel"])
    for row in rows:
        writer.writerow([row.id, row.name, row.phone, emails.get(row.id, ""), row.city, channel])
    # owner-only, complete or not at all: a full disk leaves the previous file in place
    from .exporters import ExportError, write_private

    try:
        write_private(path, buf.getvalue().encode("utf-8"))
    except ExportError as exc:
        raise ValidationError({"path": str(exc)}) from exc
    return CampaignExport(path, len(rows), len(refused))


def stage_choices() -> list[tuple[str, str]]:
    return [(_(LABELS["ladder"][s]), s) for s in STAGES]
