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
- Ladder suggestion: no purchase → prospect, always (the upper rungs are all buying
  customers); otherwise the highest rule that holds: referred someone who bought → advocate;
  latest NPS 9-10 or latest CSAT 5 → supporter; two or more purchases/policies (repeat
  purchases), or two active policies in force → client; one → customer. ``suspect`` is only
  ever set by hand. A manual stage (``Customer.ladder_override``) wins, is shown as manual,
  and can be removed.
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
from ..i18n import N_, _, format_money, format_number, format_percent, ngettext
from .errors import NotFound, ValidationError
from .labels import LABELS
from .parsing import format_phone
from .purchases import customer_tier, points_balance
from .settings import get_setting
from .spreadsheet import safe_row

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
    "lapsed": N_("Policy lapsed (12 months)"),
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


def segment_range(segment: str, score: str) -> str:
    """The R (``score="r"``) or F scores of a segment's cells: ``1–2``, ``5``."""
    values = [r if score == "r" else f for (r, f), seg in SEGMENT_MAP.items() if seg == segment]
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}–{high}"


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


def customer_rfm(last: date, n: int, revenue: int) -> tuple[int, int, int]:
    """R, F and M scores of one active customer against all active customers (three index
    counts; the same scores the overview gives)."""
    population = analytics.scored_count()
    return (
        1 + (5 * analytics.count_below("last_d", last.isoformat())) // population,
        1 + (5 * analytics.count_below("n", n)) // population,
        1 + (5 * analytics.count_below("m", revenue)) // population,
    )


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
    stats = analytics.customer_stats(customer_id)
    if stats is None:
        return _Events(0, 0, None, None)
    return _Events(
        int(stats["n"]), int(stats["m"]), _as_date(stats["first_d"]), _as_date(stats["last_d"])
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


_ASK = object()  # book_rate not given: read it


def customer_ltv(
    customer_id: int, today: date | None = None, book_rate: float | None | object = _ASK
) -> Ltv:
    """The customer's lifetime value, with the formula and their numbers. ``book_rate``: the
    whole book's renewal rate (None when nobody renewed or lapsed yet) when the caller has it
    already."""
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
            rate = analytics.overall_renewal_rate() if book_rate is _ASK else book_rate  # type: ignore[assignment]
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
    referred, ref_buyers, ref_revenue = analytics.referred_revenue(customer_id)
    suggested = suggest_stage(n, active_policies, nps, csat, ref_buyers > 0)
    rfm = None
    segment = None
    if n and last is not None and customer.archived_at is None and customer.anonymized_at is None:
        rfm = customer_rfm(last, n, revenue)
        segment = segment_for(rfm[0], rfm[1])
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
        referred=referred,
        referred_buyers=ref_buyers,
        referred_revenue=Decimal(ref_revenue) / 100,
    )


def stage_reason(s: CustomerLoyalty) -> str:
    """Why the data suggests ``s.suggested_stage`` (the rule that decided it)."""
    stage = s.suggested_stage
    if stage == "advocate":
        return ngettext(
            "referred {count} customer who bought",
            "referred {count} customers who bought",
            s.referred_buyers,
            count=format_number(s.referred_buyers),
        )
    if stage == "supporter":
        if s.latest_nps is not None and s.latest_nps >= 9:
            return _("latest NPS answer {score}", score=s.latest_nps)
        return _("latest CSAT answer {score}", score=s.latest_csat)
    if stage == "client":
        if s.purchases >= 2:
            return _("{n} purchases and policies", n=format_number(s.purchases))
        return _("two or more policies in force")
    if stage == "customer":
        return _("one purchase or policy")
    return _("no purchase yet")


# -- ladder ---------------------------------------------------------------------------------------


def suggest_stage(
    purchases: int,
    active_policies: int = 0,
    latest_nps: int | None = None,
    latest_csat: int | None = None,
    referred_a_buyer: bool = False,
) -> str:
    """``purchases`` counts purchases and policies (renewals included); ``active_policies``
    the policies in force; ``referred_a_buyer``: someone this customer referred bought."""
    if purchases <= 0 and active_policies <= 0:
        return "prospect"
    if referred_a_buyer:
        return "advocate"
    if (latest_nps is not None and latest_nps >= 9) or latest_csat == 5:
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


def _cells() -> dict[str, list[int]]:
    out: dict[str, list[int]] = {s: [] for s in SEGMENTS}
    for (r, f), seg in SEGMENT_MAP.items():
        out[seg].append(r * 10 + f)
    return out


def _prepare(today: date, book_rate: float | None) -> analytics.Scored:
    """Score every customer for ``today`` (inside the caller's transaction)."""
    return analytics.Scored(
        today,
        today - relativedelta(years=1),
        _rfm_cuts(),
        STAGES,
        float(get_setting("ltv_expected_years") or 0),
        float(get_setting("ltv_discount_rate") or 0),
        no_contact_days(),
        book_rate,
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
    # One consistent snapshot that does not hold the write lock (other desks keep working);
    # the temporary tables are dropped at the end.
    with db.atomic("DEFERRED"):
        book_rate = analytics.overall_renewal_rate()
        scored = _prepare(today, book_rate)
        h = out.headline
        ladder: dict[str, list[int]] = {s: [0, 0] for s in STAGES}
        segments: dict[str, list[int]] = {s: [0, 0] for s in SEGMENTS}
        first_month = date(today.year, today.month, 1) - relativedelta(months=11)
        bought_12m = no_contact = active = 0
        new_by_month = [0] * 13
        for key, count, revenue in scored.groups(y1, first_month):
            parts = scored.unpack(key)
            out.customers += count
            bought_12m += count * parts["bought_12m"]
            no_contact += count * parts["no_contact"]
            new_by_month[parts["month"]] += count
            stage = STAGES[parts["stage_i"]]
            ladder[stage][0] += count
            if parts["manual"]:
                ladder[stage][1] += count
            cell = parts["cell"]
            if cell:
                active += count
                segment = SEGMENT_MAP[(cell // 10, cell % 10)]
                segments[segment][0] += count
                segments[segment][1] += revenue
        # Customers who never bought nor answered: prospects unless set by hand.
        others, manual_stages = scored.without_stats(out.customers)
        out.customers += others
        for stage, count in manual_stages.items():
            ladder[stage][0] += count
            ladder[stage][1] += count
        ladder["prospect"][0] += others - sum(manual_stages.values())
        h.active = active
        h.bought_12m = bought_12m
        out.referred, out.referred_buyers, referred_revenue = scored.referral_totals()
        out.referred_revenue = _money(referred_revenue)
        complaints, lapsed = scored.risk_counts()
        risks = {
            "at_risk": segments["at_risk"][0],
            "cant_lose": segments["cant_lose"][0],
            "lapsed": lapsed,
            "complaints": complaints,
            "no_contact": no_contact,
        }
        out.ladder = {s: (v[0], v[1]) for s, v in ladder.items()}
        out.segments = {s: (v[0], _money(v[1])) for s, v in segments.items()}
        out.risks = risks
        base, kept = analytics.retention(y1, y2)
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
        for cid in top_ids:
            value = customer_ltv(cid, today, book_rate=book_rate)
            out.top.append(
                TopCustomer(cid, names_by_id[cid], value.value or Decimal(0), value.kind)
            )
        out.referrers = [
            Referrer(rid, name, k, b, _money(m)) for rid, name, k, b, m in analytics.referrers(top)
        ]
        start = min(first_month, y1 + relativedelta(days=1))
        by_month: dict[str, int] = {}
        revenue_12m = 0
        for day, amount in analytics.revenue_by_day(start, today):
            if day > y1.isoformat():
                revenue_12m += amount or 0
            if day >= first_month.isoformat():
                by_month[day[:7]] = by_month.get(day[:7], 0) + (amount or 0)
        h.revenue_12m = _money(revenue_12m)
        out.months = [
            MonthFigure(month, _money(by_month.get(month, 0)), new_by_month[k])
            for k, month in enumerate(
                (first_month + relativedelta(months=k)).strftime("%Y-%m") for k in range(12)
            )
        ]
        scored.close()
    out.seconds = time.perf_counter() - started
    return out


# -- drill-downs ---------------------------------------------------------------------------------------------------

GROUPS = (
    "stage",
    "segment",
    "risk",
    "active",
    "bought_12m",
    "lost",
    "detractors",
    "unsatisfied",
    "new_month",
    "referrer",
    "referred",
    "top_ltv",
)


def customer_ids(group: str, key: object = None, today: date | None = None) -> list[int]:
    """The customers behind one figure of the overview (best customers first)."""
    today = today or clock_today()
    y1 = today - relativedelta(years=1)
    y2 = today - relativedelta(years=2)
    if group not in GROUPS:
        raise ValueError(group)
    if group == "stage" and key not in STAGES:
        raise ValueError(key)
    with db.atomic("DEFERRED"):
        scored = _prepare(today, analytics.overall_renewal_rate())
        if group == "risk":
            where, params = analytics.risk_condition(str(key), _cells())
        elif group == "bought_12m":
            where, params = analytics.group_condition(group, y1.isoformat(), _cells())
        elif group == "lost":
            where, params = analytics.group_condition(
                group, (y2.isoformat(), y1.isoformat()), _cells()
            )
        elif group == "stage":
            where, params = analytics.group_condition(group, STAGES.index(str(key)), _cells())
        else:
            where, params = analytics.group_condition(group, key, _cells())
        ids = scored.ids_where(where, params, by_ltv=group == "top_ltv")
        scored.close()
    return ids


@dataclass
class CustomerRow:
    id: int
    name: str
    phone: str
    city: str
    last_purchase: date | None = None  # purchase or policy
    revenue: Decimal = Decimal(0)


def customer_rows(ids: list[int]) -> list[CustomerRow]:
    """Name, primary phone, city, last purchase and revenue of the given customers, in the
    given order."""
    customers: dict[int, Customer] = {}
    phones: dict[int, str] = {}
    for start in range(0, len(ids), 900):  # SQLite limits the number of parameters
        chunk = ids[start : start + 900]
        for c in Customer.select(Customer.id, Customer.name, Customer.city).where(
            Customer.id.in_(chunk)
        ):
            customers[c.id] = c
    phones = {cid: format_phone(e164) for cid, e164 in _primary_phones(ids).items()}
    stats = analytics.many_stats(ids)
    out = []
    for i in ids:
        if i not in customers:
            continue
        _n, revenue, last = stats.get(i, (0, 0, None))
        out.append(
            CustomerRow(
                i,
                customers[i].name,
                phones.get(i, ""),
                customers[i].city or "",
                _as_date(last),
                _money(revenue),
            )
        )
    return out


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


def consent_counts(ids: list[int], channel: str) -> tuple[int, int]:
    """(customers with consent in force for ``channel``, without)."""
    granted, refused = analytics.consent_split(ids, channel)
    return len(granted), len(refused)


def _primary_phones(ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for start in range(0, len(ids), 900):
        for ph in (
            Phone.select(Phone.customer, Phone.e164)
            .where(Phone.customer.in_(ids[start : start + 900]))
            .order_by(Phone.is_primary.desc(), Phone.id)
        ):
            out.setdefault(ph.customer_id, ph.e164)
    return out


def export_campaign(ids: list[int], channel: str, path: Path | str) -> CampaignExport:
    """Write the customers who consented to ``channel`` (their newest consent row for that
    channel is a grant) as CSV, created readable by the owner only and written whole or not
    at all; the others are left out and counted.

    Columns: id, name, phone (as written in Turkey), phone_e164 (for SMS services), email,
    city, channel, consent_at (when the consent in force was given)."""
    from .exporters import ExportError, write_private

    if channel not in CHANNELS:
        raise ValidationError({"channel": _("Channel must be sms, email or call.")})
    path = Path(path).expanduser()
    granted, refused = analytics.consent_split(ids, channel)
    consented = list(granted)
    rows = customer_rows(consented)
    emails = _emails(consented)
    e164 = _primary_phones(consented)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["id", "name", "phone", "phone_e164", "email", "city", "channel", "consent_at"])
    for row in rows:
        writer.writerow(
            safe_row(
                [
                    row.id,
                    row.name,
                    row.phone,
                    e164.get(row.id, ""),
                    emails.get(row.id, ""),
                    row.city,
                    channel,
                    str(granted[row.id] or "")[:10],
                ]
            )
        )
    try:
        # With a byte order mark, as the other CSV exports: spreadsheets then read UTF-8.
        write_private(path, b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    except ExportError as exc:
        raise ValidationError({"path": str(exc)}) from exc
    return CampaignExport(path, len(rows), len(refused))


def stage_choices() -> list[tuple[str, str]]:
    return [(_(LABELS["ladder"][s]), s) for s in STAGES]


# -- settings ----------------------------------------------------------------------------------

TIERS = ("silver", "gold", "platinum")


@dataclass
class LoyaltySettings:
    """The business settings behind points, tiers, lifetime value and the at-risk list."""

    points_per_100: Decimal  # points earned per 100 currency units
    tiers: dict[str, Decimal]  # rolling 12-month spend from which each tier starts
    ltv_expected_years: Decimal
    ltv_discount_rate: Decimal  # a fraction: 0.10 is 10 %
    no_contact_days: int


def loyalty_settings() -> LoyaltySettings:
    thresholds = get_setting("tier_thresholds") or {}
    return LoyaltySettings(
        points_per_100=Decimal(str(get_setting("points_per_100") or 0)),
        tiers={t: Decimal(str(thresholds[t])) for t in TIERS if t in thresholds},
        ltv_expected_years=Decimal(str(get_setting("ltv_expected_years") or 0)),
        ltv_discount_rate=Decimal(str(get_setting("ltv_discount_rate") or 0)),
        no_contact_days=no_contact_days(),
    )


def _number(raw: object) -> Decimal | None:
    """``2,5`` / ``2.5`` / ``%10`` / ``10 %`` → Decimal; None when it is not a number."""
    text = str(raw if raw is not None else "").strip().replace("%", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except (ArithmeticError, ValueError):
        return None
    return value if value.is_finite() else None


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def save_loyalty_settings(values: dict[str, object]) -> LoyaltySettings:
    """Check and store every loyalty setting at once (nothing is saved when one is wrong).

    ``values``: points_per_100, silver, gold, platinum (amounts), ltv_expected_years,
    ltv_discount_rate (in per cent: 10 means 10 %), no_contact_days.
    """
    from .parsing import parse_money
    from .settings import set_setting

    errors: dict[str, str] = {}
    rate = _number(values.get("points_per_100"))
    if rate is None or not Decimal(0) <= rate <= Decimal(1000):
        errors["points_per_100"] = _("Expected points per 100 from 0 to 1000, like 1 or 2.5.")
    tiers: dict[str, Decimal] = {}
    for tier in TIERS:
        try:
            amount = parse_money(str(values.get(tier) or "").strip())
        except ValidationError:
            amount = None
        if amount is None or amount <= 0:
            errors[tier] = _("Expected an amount above zero, like 20,000.")
        else:
            tiers[tier] = amount
    if len(tiers) == len(TIERS):
        if not tiers["silver"] < tiers["gold"]:
            errors["gold"] = _("Gold must start above Silver.")
        if not tiers["gold"] < tiers["platinum"]:
            errors["platinum"] = _("Platinum must start above Gold.")
    years = _number(values.get("ltv_expected_years"))
    if years is None or not Decimal("0.5") <= years <= Decimal(50):
        errors["ltv_expected_years"] = _("Expected years from 0.5 to 50, like 3.")
    discount = _number(values.get("ltv_discount_rate"))
    if discount is None or not Decimal(0) <= discount < Decimal(100):
        errors["ltv_discount_rate"] = _("Expected a percentage from 0 to 99, like 10.")
    days = _number(values.get("no_contact_days"))
    if days is None or days != days.to_integral_value() or not 7 <= days <= 3650:
        errors["no_contact_days"] = _("Expected a whole number of days from 7 to 3650, like 180.")
    if errors:
        raise ValidationError(errors)
    assert rate is not None and years is not None and discount is not None and days is not None
    with db.atomic():
        set_setting("points_per_100", _json_number(rate))
        set_setting("tier_thresholds", {t: _json_number(v) for t, v in tiers.items()})
        set_setting("ltv_expected_years", _json_number(years))
        set_setting("ltv_discount_rate", _json_number(discount / 100))
        set_setting("stay_in_touch_default_days", int(days))
    return loyalty_settings()
