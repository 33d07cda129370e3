"""Loyalty: one customer's figures for the card, the ladder suggestion and the manual stage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from peewee import fn

from ...clock import today as clock_today
from ...db import analytics, sqlfn
from ...db import loyalty_rules as rules
from ...db.models import Complaint, Customer, Policy, Purchase, Survey, db
from ...i18n import _, format_money, format_number, format_percent, ngettext
from ..errors import NotFound, ValidationError
from ..purchases import customer_tier, points_balance
from ..roles import can, commissions
from ..settings import get_settings
from .segments import STAGES, segment_for
from .value import CENT, Ltv

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
    ltv_note: str  # why the value is unknown or leaves policies out ("" when it does not)
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


def as_date(value) -> date | None:
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
        int(stats["n"]), int(stats["m"]), as_date(stats["first_d"]), as_date(stats["last_d"])
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
    return lifetime_values([customer_id], today, book_rate)[customer_id]


def lifetime_values(
    customer_ids: Iterable[int],
    today: date | None = None,
    book_rate: float | None | object = _ASK,
    with_formula: bool = True,
) -> dict[int, Ltv]:
    """``customer_ltv`` of several customers in a few queries (the overview's top ten);
    ``with_formula`` False leaves the formula texts empty."""
    today = today or clock_today()
    ids = list(customer_ids)
    purchases = {
        cid: (int(n), int(total), as_date(first))
        for cid, n, total, first in Purchase.select(
            Purchase.customer,
            fn.COUNT(Purchase.id),
            fn.COALESCE(fn.SUM(Purchase.amount), 0).coerce(False),
            fn.MIN(Purchase.date).coerce(False),
        )
        .where(Purchase.customer.in_(ids))
        .group_by(Purchase.customer)
        .tuples()
    }
    # only what the value and its text read
    policies: dict[int, list[Policy]] = {cid: [] for cid in ids}
    for p in Policy.select(
        Policy.id, Policy.customer, Policy.status, Policy.end_date, Policy.premium
    ).where(Policy.customer.in_(ids), Policy.status != "cancelled"):
        policies[p.customer_id].append(p)
    in_force = {
        cid: [p for p in ps if p.status == "active" and (p.end_date is None or p.end_date >= today)]
        for cid, ps in policies.items()
    }
    # the commissions only for a user who may see them (staff: none, the value unknown)
    can_see = can("see_commission")
    comm = commissions(p.id for ps in in_force.values() for p in ps)
    settings = get_settings("ltv_expected_years", "ltv_discount_rate")
    rate: float | None | object = book_rate
    out: dict[int, Ltv] = {}
    for cid in ids:
        n, total, first = purchases.get(cid, (0, 0, None))
        # The terms of the rules (``rules.LTV_PARTS``) for this customer. Policies in force,
        # none with its commission entered: the commission is unknown, and so is their
        # value (a 0.00 would say they are worth nothing); the card says why.
        mine, forced = policies[cid], in_force[cid]
        env: dict[str, object] = {
            "n_purchases": n,
            "shop_revenue": Decimal(total) / 100,
            "days_since_first_purchase": (today - first).days if first else None,
            "n_policies": len(mine),
            "renewed": sum(1 for p in mine if p.status == "renewed"),
            "lapsed": sum(1 for p in mine if p.status == "lapsed"),
            "commission_in_force": (
                None
                if (forced and all(comm.get(p.id) is None for p in forced)) or not can_see
                else sum((comm.get(p.id) or Decimal(0) for p in forced), Decimal(0))
            ),
            "ltv_expected_years": Decimal(str(settings["ltv_expected_years"] or 0)),
            "ltv_discount_rate": Decimal(str(settings["ltv_discount_rate"] or 0)),
            "book_renewal_rate": None,
        }
        if mine and not rules.HAS_OWN_RATE.holds(env):  # the book's rate only if needed
            if rate is _ASK:
                rate = analytics.overall_renewal_rate()
            env["book_renewal_rate"] = rate
        out[cid] = _ltv_of(env, forced, with_formula)
    return out


def _ltv_of(env: dict[str, object], in_force: list[Policy], with_formula: bool) -> Ltv:
    parts: list[Decimal] = []
    texts: list[str] = []
    note = ""
    kinds: list[str] = []
    for kind, applies, formula in rules.LTV_PARTS:
        if not applies.holds(env):
            continue
        kinds.append(kind)
        value = formula.value(env)
        if value is not None:
            parts.append(value.quantize(CENT, ROUND_HALF_UP))
        if with_formula:
            texts.append(_shop_text(env) if kind == "shop" else _policy_text(env, in_force))
        if kind == "policy" and value is None:
            note = _no_commission_note()
    if not kinds:
        return Ltv(None, "", "")
    kind = "both" if len(kinds) == 2 else kinds[0]
    value_known = sum(parts, Decimal(0)) if parts else None
    return Ltv(value_known, kind, "; ".join(texts), note)


def _no_commission_note() -> str:
    if not can("see_commission"):
        return _("commissions are shown to owners only")
    return _("no commission entered for the policies in force")


def _shop_text(env: dict[str, object]) -> str:
    n = Decimal(str(env["n_purchases"]))
    total = Decimal(str(env["shop_revenue"]))
    known = rules.KNOWN_YEARS.value(env) or Decimal(1)
    return _(
        "shop: average purchase {avg} × {per_year} purchases a year × {years} years",
        avg=format_money((total / n).quantize(CENT, ROUND_HALF_UP)),
        per_year=format_number(float(n / known), 1),
        years=format_number(float(str(env["ltv_expected_years"])), 0),
    )


def _policy_text(env: dict[str, object], in_force: list[Policy]) -> str:
    commission = rules.COMMISSION.value(env)
    if commission is None:
        premiums = sum((p.premium or Decimal(0) for p in in_force), Decimal(0))
        return _(
            "policies: {note} (premiums {premium})",
            note=_no_commission_note(),
            premium=format_money(premiums),
        )
    rate = rules.RENEWAL_RATE.value(env)
    if rate is None:
        return _(
            "policies: one year's commission {commission} (no renewals yet)",
            commission=format_money(commission),
        )
    return _(
        "policies: yearly commission {commission} × r / (1 + i − r), r = {r}, i = {i}",
        commission=format_money(commission),
        r=format_percent(float(rate)),
        i=format_percent(float(str(env["ltv_discount_rate"]))),
    )


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
            # likely(): not selective, so SQLite reads the customer's index, not every
            # active policy of the book through (status, end, customer) (65 ms at 1M)
            sqlfn.likely(Policy.status == "active"),
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
        ltv_note=ltv.note,
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
    # which condition of the rung held (``rules.LADDER``): the first, or else the second
    env = {"n": s.purchases, "in_force": None, "nps": s.latest_nps, "csat": s.latest_csat}
    if stage == "supporter":
        if rules.ladder_clause(stage, env) == 0:
            return _("latest NPS answer {score}", score=s.latest_nps)
        return _("latest CSAT answer {score}", score=s.latest_csat)
    if stage == "client":
        if rules.ladder_clause(stage, env) == 0:
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
    the policies in force; ``referred_a_buyer``: someone this customer referred bought. The
    rules are ``rules.LADDER`` (the overview's SQL is made from the same)."""
    return rules.ladder_step(
        {
            "n": purchases,
            "in_force": active_policies,
            "nps": latest_nps,
            "csat": latest_csat,
            "referred_buyers": int(referred_a_buyer),
        }
    )


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
