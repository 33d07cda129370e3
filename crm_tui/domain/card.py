"""Everything one customer card shows, read in one call (read-only queries on the models)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from peewee import fn

from ..clock import today as clock_today
from ..db.models import (
    Complaint,
    Consent,
    Customer,
    CustomerTag,
    Interaction,
    Phone,
    PointsEntry,
    Policy,
    Purchase,
    Reminder,
    Survey,
    Tag,
)
from ..i18n import _
from .errors import NotFound

OPEN_COMPLAINT = ("new", "in_progress", "waiting")
LIST_LIMIT = 200  # per tab; a card with more shows the newest


@dataclass
class TimelineItem:
    at: datetime
    kind: str  # interaction | purchase | complaint | policy
    title: str
    detail: str = ""
    ref_id: int | None = None


@dataclass
class ConsentState:
    channel: str
    granted: bool | None  # None: never asked
    at: datetime | None = None
    method: str | None = None


@dataclass
class Loyalty:
    stage: str | None = None
    stage_is_manual: bool = False
    points: int = 0
    tier: str | None = None
    ltv: Decimal | None = None
    ltv_formula: str = ""
    segment: str | None = None


@dataclass
class CardData:
    customer: Customer
    phones: list[Phone]
    tags: list[str]
    consents: list[ConsentState]
    loyalty: Loyalty
    age: int | None
    next_birthday: date | None
    open_complaints: int
    next_reminder: Reminder | None
    referred_by_name: str | None
    referrals: list[tuple[int, str]]
    timeline: list[TimelineItem] = field(default_factory=list)
    policies: list[Policy] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)
    purchases: list[Purchase] = field(default_factory=list)
    points: list[PointsEntry] = field(default_factory=list)
    surveys: list[Survey] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)

    @property
    def archived(self) -> bool:
        return self.customer.archived_at is not None


def age_on(birthday: date | None, today: date) -> int | None:
    if birthday is None:
        return None
    years = today.year - birthday.year
    if (today.month, today.day) < (birthday.month, birthday.day):
        years -= 1
    return years


def next_birthday(birthday: date | None, today: date) -> date | None:
    if birthday is None:
        return None
    for year in (today.year, today.year + 1):
        try:
            day = birthday.replace(year=year)
        except ValueError:  # 29 February
            day = date(year, 3, 1)
        if day >= today:
            return day
    return None


def _at(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time(0, 0))


def _loyalty(customer: Customer, purchases_total: Decimal, policies: list[Policy], today: date):
    try:
        from .loyalty import customer_summary  # built by the loyalty area
    except ImportError:
        customer_summary = None
    if customer_summary is not None:
        try:
            s = customer_summary(customer.id, today=today)
            return Loyalty(
                stage=getattr(s, "stage", None),
                stage_is_manual=bool(getattr(s, "stage_is_manual", False)),
                points=int(getattr(s, "points", 0) or 0),
                tier=getattr(s, "tier", None),
                ltv=getattr(s, "ltv", None),
                ltv_formula=getattr(s, "ltv_formula", "") or "",
                segment=getattr(s, "segment", None),
            )
        except Exception:  # noqa: BLE001 - the card must open even if loyalty is broken
            pass
    points = (
        PointsEntry.select(fn.COALESCE(fn.SUM(PointsEntry.points), 0))
        .where(PointsEntry.customer == customer.id)
        .scalar()
    )
    premiums = sum((p.premium or Decimal(0)) for p in policies)
    if customer.ladder_override:
        stage, manual = customer.ladder_override, True
    elif purchases_total > 0 or policies:
        stage, manual = "customer", False
    else:
        stage, manual = "prospect", False
    return Loyalty(
        stage=stage,
        stage_is_manual=manual,
        points=int(points or 0),
        ltv=purchases_total + premiums,
        ltv_formula=_("purchases + premiums so far"),
    )


def load_card(customer_id: int, today: date | None = None) -> CardData:
    """Read a card: header figures and every tab, newest first, bounded per tab."""
    today = today or clock_today()
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("Customer {id} not found.", id=customer_id))
    phones = list(
        Phone.select()
        .where(Phone.customer == customer_id)
        .order_by(Phone.is_primary.desc(), Phone.id)
    )
    tags = [
        t.name
        for t in Tag.select(Tag.name)
        .join(CustomerTag)
        .where(CustomerTag.customer == customer_id)
        .order_by(Tag.name)
    ]
    latest: dict[str, Consent] = {}
    for c in (
        Consent.select()
        .where(Consent.customer == customer_id)
        .order_by(Consent.at.desc(), Consent.id.desc())
    ):
        latest.setdefault(c.channel, c)
    consents = []
    for channel in ("sms", "email", "call"):
        c = latest.get(channel)
        consents.append(
            ConsentState(
                channel, c.granted if c else None, c.at if c else None, c.method if c else None
            )
        )
    interactions = list(
        Interaction.select()
        .where(Interaction.customer == customer_id)
        .order_by(Interaction.at.desc(), Interaction.id.desc())
        .limit(LIST_LIMIT)
    )
    purchases = list(
        Purchase.select()
        .where(Purchase.customer == customer_id)
        .order_by(Purchase.date.desc(), Purchase.id.desc())
        .limit(LIST_LIMIT)
    )
    purchases_total = (
        Purchase.select(fn.COALESCE(fn.SUM(Purchase.amount), 0))
        .where(Purchase.customer == customer_id)
        .scalar()
    )
    purchases_total = Purchase.amount.python_value(purchases_total) or Decimal("0.00")
    complaints = list(
        Complaint.select()
        .where(Complaint.customer == customer_id)
        .order_by(Complaint.opened_at.desc(), Complaint.id.desc())
        .limit(LIST_LIMIT)
    )
    policies = list(Policy.select().where(Policy.customer == customer_id).limit(LIST_LIMIT))
    policies.sort(
        key=lambda p: (
            p.status != "active",
            (p.end_date or date.max).toordinal() if p.status == "active" else 0,
            -(p.start_date.toordinal() if p.start_date else 0),
        )
    )
    reminders = list(
        Reminder.select()
        .where(Reminder.customer == customer_id)
        .order_by(
            (Reminder.status != "open"),
            Reminder.due_at.asc(),
            Reminder.id.desc(),
        )
        .limit(LIST_LIMIT)
    )
    reminders = [r for r in reminders if r.status == "open"] + sorted(
        (r for r in reminders if r.status != "open"),
        key=lambda r: r.done_at or r.due_at,
        reverse=True,
    )
    next_reminder = next((r for r in reminders if r.status == "open"), None)
    points = list(
        PointsEntry.select()
        .where(PointsEntry.customer == customer_id)
        .order_by(PointsEntry.at.desc(), PointsEntry.id.desc())
        .limit(LIST_LIMIT)
    )
    surveys = list(
        Survey.select()
        .where(Survey.customer == customer_id)
        .order_by(Survey.at.desc(), Survey.id.desc())
        .limit(LIST_LIMIT)
    )
    open_complaints = (
        Complaint.select()
        .where(Complaint.customer == customer_id, Complaint.status.in_(OPEN_COMPLAINT))
        .count()
    )
    referred_by_name = None
    if customer.referred_by_id:
        ref = Customer.get_or_none(Customer.id == customer.referred_by_id)
        referred_by_name = ref.name if ref else None
    referrals = [
        (c.id, c.name)
        for c in Customer.select(Customer.id, Customer.name)
        .where(Customer.referred_by == customer_id)
        .order_by(Customer.name)
        .limit(50)
    ]

    timeline: list[TimelineItem] = []
    for i in interactions:
        timeline.append(TimelineItem(i.at, "interaction", i.channel, i.summary, i.id))
    for p in purchases:
        timeline.append(
            TimelineItem(_at(p.date), "purchase", "purchase", p.description or "", p.id)
        )
    for c in complaints:
        timeline.append(TimelineItem(c.opened_at, "complaint", c.status, c.subject, c.id))
    for p in policies:
        if p.start_date:
            timeline.append(TimelineItem(_at(p.start_date), "policy", "start", p.line, p.id))
        if p.status in ("lapsed", "cancelled", "renewed") and p.end_date:
            timeline.append(TimelineItem(_at(p.end_date), "policy", p.status, p.line, p.id))
    timeline.sort(key=lambda t: t.at, reverse=True)

    return CardData(
        customer=customer,
        phones=phones,
        tags=tags,
        consents=consents,
        loyalty=_loyalty(customer, purchases_total, policies, today),
        age=age_on(customer.birthday, today),
        next_birthday=next_birthday(customer.birthday, today),
        open_complaints=open_complaints,
        next_reminder=next_reminder,
        referred_by_name=referred_by_name,
        referrals=referrals,
        timeline=timeline[:LIST_LIMIT],
        policies=policies,
        reminders=reminders,
        complaints=complaints,
        purchases=purchases,
        points=points,
        surveys=surveys,
        interactions=interactions,
    )
