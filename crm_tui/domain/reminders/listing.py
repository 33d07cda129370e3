"""Reminders: the lists with their filters, a customer's, and stay-in-touch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from peewee import JOIN

from ...clock import now as clock_now
from ...clock import today as clock_today
from ...db import agenda as agenda_sql
from ...db import search
from ...db.models import Customer, Interaction, Reminder, db
from ...i18n import N_, _
from ..errors import NotFound, ValidationError
from .recurrence import PAGE_SIZE

# -- listing ------------------------------------------------------------------------------

FILTERS: list[tuple[str, str, str]] = [
    # (key, code, label)
    ("1", "overdue", N_("Overdue")),
    ("2", "today", N_("Due today")),
    ("3", "week", N_("This week")),
    ("4", "later", N_("Later")),
    ("5", "done", N_("Done")),
    ("0", "open", N_("All open")),
]


@dataclass
class ReminderRow:
    id: int
    title: str
    due_at: datetime
    has_time: bool
    status: str
    customer_id: int | None
    customer_name: str | None
    rrule: str | None
    notes: str | None
    done_at: datetime | None
    kind: str
    policy_id: int | None = None
    complaint_id: int | None = None
    assigned_to: str | None = None  # None: everyone's


def day_bounds(today: date) -> tuple[datetime, datetime]:
    start = datetime.combine(today, time.min)
    return start, start + timedelta(days=1)


def due_bounds(code: str, today: date) -> tuple[datetime | None, datetime | None]:
    """The [start, end) of due times an open-reminder filter holds (None: unbounded).
    ``week`` is the next 7 days after today; ``later`` everything after them."""
    start, tomorrow = day_bounds(today)
    week_end = start + timedelta(days=8)
    return {
        "overdue": (None, start),
        "today": (start, tomorrow),
        "week": (tomorrow, week_end),
        "later": (week_end, None),
    }.get(code, (None, None))


def _filter_query(query, code: str, today: date):
    if code == "done":
        return query.where(Reminder.status == "done").order_by(
            Reminder.done_at.desc(), Reminder.id.desc()
        )
    query = query.where(Reminder.status == "open")
    low, high = due_bounds(code, today)
    if low is not None:
        query = query.where(Reminder.due_at >= low)
    if high is not None:
        query = query.where(Reminder.due_at < high)
    return query.order_by(Reminder.due_at, Reminder.id)


_COLUMNS = [
    Reminder.id,
    Reminder.title,
    Reminder.due_at,
    Reminder.has_time,
    Reminder.status,
    Reminder.customer,
    Customer.name,
    Reminder.rrule,
    Reminder.notes,
    Reminder.done_at,
    Reminder.kind,
    Reminder.policy,
    Reminder.complaint,
    Reminder.assigned_to,
]


def _rows(query) -> list[ReminderRow]:
    # Plain tuples: building model instances costs 20x the query on a page of 50.
    return [ReminderRow(*row) for row in query.tuples()]


def _base_select():
    return Reminder.select(*_COLUMNS).join(
        Customer, JOIN.LEFT_OUTER, on=(Reminder.customer == Customer.id)
    )


def list_reminders(
    code: str = "open",
    text: str = "",
    offset: int = 0,
    limit: int = PAGE_SIZE,
    today: date | None = None,
) -> tuple[list[ReminderRow], bool]:
    """One page of reminders for a filter and an optional search (title, notes or the
    customer's name/phone). Returns (rows, more_pages)."""
    today = today or clock_today()
    query = _filter_query(_base_select(), code, today)
    text = (text or "").strip()
    if text:
        ids = search.match_ids(text, limit=500)
        like = f"%{text}%"
        cond = Reminder.title**like | Reminder.notes**like
        if ids:
            cond = cond | Reminder.customer.in_(ids)
        query = query.where(cond)
    rows = _rows(query.offset(offset).limit(limit + 1))
    return rows[:limit], len(rows) > limit


def due_reminders(
    code: str, today: date, limit: int = PAGE_SIZE, mine: str | None = None
) -> tuple[list[ReminderRow], bool]:
    """The first ``limit`` open reminders of the ``overdue`` or ``today`` filter (the Today
    queue), and whether there are more; the same rows as ``list_reminders`` without a
    search, read through ``db.agenda``."""
    low, high = due_bounds(code, today)
    if high is None:
        raise ValueError(f"no end for filter {code!r}")
    rows = [
        ReminderRow(
            id=rid,
            title=title,
            due_at=due,
            has_time=timed,
            status="open",
            customer_id=cid,
            customer_name=name,
            rrule=rule,
            notes=notes,
            done_at=None,
            kind=kind,
            policy_id=pid,
            complaint_id=compl,
            assigned_to=who,
        )
        for rid, title, due, timed, cid, name, rule, notes, kind, pid, compl, who in (
            agenda_sql.open_reminders(low, high, limit + 1, mine)
        )
    ]
    return rows[:limit], len(rows) > limit


def count_filters(today: date | None = None, cap: int = 999) -> dict[str, int]:
    """How many reminders each filter holds, counted up to ``cap`` (cheap on big tables)."""
    today = today or clock_today()
    counts = {}
    for _key, code, _label in FILTERS:
        inner = _filter_query(Reminder.select(Reminder.id), code, today).order_by().limit(cap + 1)
        counts[code] = Reminder.select().from_(inner.alias("q")).count()
    return counts


def customer_reminders(customer_id: int, limit: int = 20) -> list[ReminderRow]:
    """Open reminders of one customer (for the customer card)."""
    query = (
        _base_select()
        .where(Reminder.customer == customer_id, Reminder.status == "open")
        .order_by(Reminder.due_at)
        .limit(limit)
    )
    return _rows(query)


# -- stay in touch ------------------------------------------------------------------------


@dataclass
class StayInTouchRow:
    customer_id: int
    name: str
    every_days: int
    last_contact: datetime | None
    due: date  # the day contact was due


def stay_in_touch_due(today: date | None = None, limit: int = 50) -> list[StayInTouchRow]:
    """Customers whose contact rhythm ran out (no interaction within ``contact_every_days``
    of their last contact, or of their creation when never contacted), longest wait first.
    Contact falls due on the day of the last contact plus the rhythm."""
    today = today or clock_today()
    return [
        StayInTouchRow(customer_id=cid, name=name, every_days=days, last_contact=last, due=due)
        for cid, name, days, last, due in agenda_sql.stay_in_touch(today + timedelta(days=1), limit)
    ]


def log_contact(
    customer_id: int,
    summary: str,
    channel: str = "phone",
    direction: str = "out",
    outcome: str | None = None,
    now: datetime | None = None,
) -> Interaction:
    """Record a contact moment and reset the customer's stay-in-touch clock."""
    now = now or clock_now()
    with db.atomic():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFound(_("Customer {id} not found.", id=customer_id))
        interaction = Interaction.create(
            customer=customer_id,
            at=now,
            channel=channel,
            direction=direction,
            summary=summary,
            outcome=outcome,
        )
        if customer.last_contact_at is None or customer.last_contact_at < now:
            Customer.update(last_contact_at=now).where(Customer.id == customer_id).execute()
    return interaction


def resolve_customer(text: str) -> int:
    """The one customer a typed name or phone means (for the reminder form)."""
    ids = search.match_ids(text, limit=50)
    if len(ids) == 1:
        return ids[0]
    if ids:
        folded = search.fold(text).strip()
        exact = [
            c.id
            for c in Customer.select(Customer.id, Customer.name).where(Customer.id.in_(ids))
            if search.fold(c.name).strip() == folded
        ]
        if len(exact) == 1:
            return exact[0]
        raise ValidationError(
            {
                "customer": _(
                    "{n} customers match; type more of the name or the phone number.",
                    n=len(ids),
                )
            }
        )
    raise ValidationError({"customer": _("No customer matches; check the name or phone.")})
