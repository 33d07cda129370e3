"""What one customer card shows, read in small pieces (read-only queries on the models).

The card opens while the phone rings, so it never reads a customer's whole history:

- ``load_header``: the figures of the header (no loyalty figures: see ``load_loyalty``) and
  the number of rows in each section;
- ``load_section``: one page of one section (timeline, policies, reminders, complaints,
  purchases and points, surveys), in a stable order so the next page follows on;
- ``load_loyalty``: stage, points, lifetime value (from the loyalty area; it reads the whole
  population for RFM scores, so the card fills these figures in a moment later);
- ``load_card``: all of it at once (first page of every section), for scripts and tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from peewee import SQL, Case, Value, fn

from ..clock import today as clock_today
from ..db.models import (
    Claim,
    Complaint,
    Consent,
    Customer,
    CustomerTag,
    InfoTextShown,
    Interaction,
    MessageLog,
    Phone,
    PointsEntry,
    Policy,
    Purchase,
    Reminder,
    Survey,
    Tag,
    Vehicle,
)
from ..i18n import _, format_date
from ..i18n.collate import sort_key
from .card_timeline import ENDED, TimelineItem, _at, _money, timeline
from .errors import NotFound
from .instalments import balance as instalment_balance

OPEN_COMPLAINT = ("new", "in_progress", "waiting")
SECTIONS = (
    "timeline",
    "policies",
    "claims",
    "reminders",
    "complaints",
    "purchases",
    "surveys",
    "vehicles",
    "notes",
)
PAGE = 50  # rows per page of a section: more than any screen shows, little to read
LIST_LIMIT = PAGE  # kept for callers of the former API


@dataclass
class PurchaseLine:
    """A row of the purchases and points section: a purchase (with the points it earned) or a
    points entry of its own (redeemed, adjusted, earned without a purchase)."""

    at: datetime
    kind: str  # purchase | earn | redeem | adjust
    amount: Decimal | None
    description: str
    points: int | None
    ref_id: int


@dataclass
class ConsentState:
    channel: str
    granted: bool | None  # None: never asked
    at: datetime | None = None
    method: str | None = None
    iys_status: str | None = None  # İYS's word on the channel (ONAY / RET), None: unknown
    iys_source: str | None = None


@dataclass
class Loyalty:
    stage: str | None = None
    stage_is_manual: bool = False
    points: int = 0
    tier: str | None = None
    ltv: Decimal | None = None
    ltv_formula: str = ""
    ltv_note: str = ""  # why the lifetime value is unknown (or leaves policies out)
    segment: str | None = None
    revenue: Decimal = Decimal(0)  # as the Loyalty screen counts it (``REVENUE_MEANING``)


@dataclass
class CardData:
    customer: Customer
    phones: list[Phone]
    tags: list[str]
    consents: list[ConsentState]
    age: int | None
    next_birthday: date | None
    open_complaints: int
    next_reminder: Reminder | None
    referred_by_name: str | None
    referrals: list[tuple[int, str]]
    points: int = 0
    balance: Decimal = Decimal(0)  # unpaid instalments (taksit) still due
    counts: dict[str, int] = field(default_factory=dict)  # rows per section
    loyalty: Loyalty | None = None  # None until ``load_loyalty`` answered
    # the information text (aydınlatma metni) last shown: "v3 05.01.2026", "" never
    info_shown: str = ""
    # first pages (``load_card`` only; the screen asks ``load_section`` per tab)
    timeline: list[TimelineItem] = field(default_factory=list)
    policies: list[Policy] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    vehicles: list[Vehicle] = field(default_factory=list)
    purchases: list[PurchaseLine] = field(default_factory=list)
    surveys: list[Survey] = field(default_factory=list)

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


def _info_shown(customer_id: int) -> str:
    row = (
        InfoTextShown.select(InfoTextShown.version, InfoTextShown.shown_at)
        .where(InfoTextShown.customer == customer_id)
        .order_by(InfoTextShown.shown_at.desc(), InfoTextShown.id.desc())
        .first()
    )
    return f"v{row.version} {format_date(row.shown_at.date())}" if row else ""


def _consents(customer_id: int) -> list[ConsentState]:
    latest: dict[str, Consent] = {}
    iys: dict[str, str] = {}
    for c in (
        Consent.select()
        .where(Consent.customer == customer_id)
        .order_by(Consent.at.desc(), Consent.id.desc())
    ):
        latest.setdefault(c.channel, c)
        if c.iys_status in ("ONAY", "RET"):
            iys.setdefault(c.channel, c.iys_status)
    out = []
    for channel in ("sms", "email", "call"):
        c = latest.get(channel)
        out.append(
            ConsentState(
                channel,
                c.granted if c else None,
                c.at if c else None,
                c.method if c else None,
                iys.get(channel),
                c.iys_source if c else None,
            )
        )
    return out


def section_counts(customer_id: int) -> dict[str, int]:
    """Rows in each section (for the tab titles and to know when the last page is read)."""

    def count(model) -> int:
        return model.select(fn.COUNT(model.id)).where(model.customer == customer_id).scalar()

    policies = count(Policy)
    ended = (
        Policy.select(fn.COUNT(Policy.id))
        .where(
            Policy.customer == customer_id,
            Policy.status.in_(ENDED),
            Policy.end_date.is_null(False),
        )
        .scalar()
    )
    interactions, purchases, complaints = count(Interaction), count(Purchase), count(Complaint)
    own_points = (
        PointsEntry.select(fn.COUNT(PointsEntry.id))
        .where(PointsEntry.customer == customer_id, PointsEntry.purchase.is_null())
        .scalar()
    )
    claims = count(Claim)
    messages = count(MessageLog)
    return {
        "timeline": interactions + purchases + complaints + policies + ended + claims + messages,
        "policies": policies,
        "claims": claims,
        "vehicles": count(Vehicle),
        "reminders": count(Reminder),
        "complaints": complaints,
        "purchases": purchases + own_points,
        "surveys": count(Survey),
    }


def load_header(customer_id: int, today: date | None = None) -> CardData:
    """The card's header figures and section sizes (a handful of indexed queries)."""
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
    next_reminder = (
        Reminder.select()
        .where(Reminder.customer == customer_id, Reminder.status == "open")
        .order_by(Reminder.due_at, Reminder.id)
        .first()
    )
    open_complaints = (
        Complaint.select(fn.COUNT(Complaint.id))
        .where(Complaint.customer == customer_id, Complaint.status.in_(OPEN_COMPLAINT))
        .scalar()
    )
    referred_by_name = None
    if customer.referred_by_id:
        referred_by_name = (
            Customer.select(Customer.name).where(Customer.id == customer.referred_by_id).scalar()
        )
    referrals = sorted(
        Customer.select(Customer.id, Customer.name)
        .where(Customer.referred_by == customer_id)
        .order_by(Customer.name)
        .limit(50)
        .tuples(),
        key=lambda r: sort_key(r[1]),  # Turkish letter order (SQLite's puts Ş after Z)
    )
    points = (
        PointsEntry.select(fn.COALESCE(fn.SUM(PointsEntry.points), 0))
        .where(PointsEntry.customer == customer_id)
        .scalar()
    )
    return CardData(
        customer=customer,
        phones=phones,
        tags=tags,
        consents=_consents(customer_id),
        info_shown=_info_shown(customer_id),
        age=age_on(customer.birthday, today),
        next_birthday=next_birthday(customer.birthday, today),
        open_complaints=open_complaints or 0,
        next_reminder=next_reminder,
        referred_by_name=referred_by_name,
        referrals=referrals,
        points=int(points or 0),
        counts=section_counts(customer_id),
        balance=instalment_balance(customer_id),
    )


# -- loyalty ------------------------------------------------------------------------------------


def load_loyalty(customer_id: int, today: date | None = None) -> Loyalty:
    """Stage, points, tier and lifetime value, as the loyalty area computes them (one
    definition: an error there surfaces instead of a figure from another formula)."""
    from .loyalty import customer_summary

    s = customer_summary(customer_id, today=today or clock_today())
    return Loyalty(
        stage=s.stage,
        stage_is_manual=bool(s.stage_is_manual),
        points=int(s.points or 0),
        tier=s.tier,
        ltv=s.ltv,
        ltv_formula=s.ltv_formula or "",
        ltv_note=s.ltv_note,
        segment=s.segment,
        revenue=s.revenue,
    )


# -- sections -----------------------------------------------------------------------------------


def _purchases(customer_id: int, offset: int, limit: int) -> list[PurchaseLine]:
    earned = PointsEntry.select(fn.SUM(PointsEntry.points)).where(
        PointsEntry.purchase == Purchase.id
    )
    purchases = Purchase.select(
        Purchase.date.alias("at"),
        Value("purchase").alias("kind"),
        Purchase.amount.alias("amount"),
        fn.COALESCE(Purchase.description, "").alias("description"),
        earned.alias("points"),
        Purchase.id.alias("ref_id"),
    ).where(Purchase.customer == customer_id)
    own = PointsEntry.select(
        PointsEntry.at,
        PointsEntry.kind,
        Value(None),
        fn.COALESCE(PointsEntry.note, ""),
        PointsEntry.points,
        PointsEntry.id,
    ).where(PointsEntry.customer == customer_id, PointsEntry.purchase.is_null())
    query = (
        (purchases + own)
        .order_by(SQL("at DESC"), SQL("kind"), SQL("ref_id DESC"))
        .limit(limit)
        .offset(offset)
    )
    return [
        PurchaseLine(_at(at), kind, _money(amount), description or "", points, ref_id)
        for at, kind, amount, description, points, ref_id in query.tuples()
    ]


def load_section(
    customer_id: int, section: str, offset: int = 0, limit: int = PAGE
) -> list[TimelineItem] | list[PurchaseLine] | list[Policy] | list[Reminder] | list:
    """One page of a section, in an order that is stable from page to page."""
    if section == "timeline":
        return timeline(customer_id, offset, limit)
    if section == "purchases":
        return _purchases(customer_id, offset, limit)
    if section == "policies":
        active = Policy.status == "active"
        # active first, by end date (none: last); the others by start, newest first
        query = Policy.select().order_by(
            Case(None, [(active, 0)], 1),
            Case(None, [(active & Policy.end_date.is_null(), 1)], 0),
            Case(None, [(active, Policy.end_date)], None),
            Policy.start_date.desc(),
            Policy.id.desc(),
        )
        model = Policy
    elif section == "reminders":
        is_open = Reminder.status == "open"
        query = Reminder.select().order_by(
            Case(None, [(is_open, 0)], 1),
            Case(None, [(is_open, Reminder.due_at)], None),
            fn.COALESCE(Reminder.done_at, Reminder.due_at).desc(),
            Reminder.id.desc(),
        )
        model = Reminder
    elif section == "claims":
        # open files first, then by date of loss, newest first
        query = Claim.select().order_by(
            Claim.closed_at.is_null(False), Claim.loss_date.desc(), Claim.id.desc()
        )
        model = Claim
    elif section == "vehicles":
        query = Vehicle.select().order_by(Vehicle.id)
        model = Vehicle
    elif section == "complaints":
        query = Complaint.select().order_by(Complaint.opened_at.desc(), Complaint.id.desc())
        model = Complaint
    elif section == "surveys":
        query = Survey.select().order_by(Survey.at.desc(), Survey.id.desc())
        model = Survey
    else:
        return []
    return list(query.where(model.customer == customer_id).limit(limit).offset(offset))


def load_card(customer_id: int, today: date | None = None, limit: int = PAGE) -> CardData:
    """Header, loyalty figures and the first page of every section."""
    card = load_header(customer_id, today)
    card.loyalty = load_loyalty(customer_id, today)
    for section in SECTIONS[:-1]:
        setattr(card, section, load_section(customer_id, section, 0, limit))
    return card
