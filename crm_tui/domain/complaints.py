"""Complaints: opening, the status workflow, service deadlines, history and figures.

Workflow (``TRANSITIONS`` is the whole table; anything else is refused):
new → in_progress | waiting | resolved; in_progress → waiting | resolved;
waiting ("waiting on customer") → in_progress | resolved; resolved → closed;
resolved | closed → in_progress ("reopen").

Every change writes a ``ComplaintEvent`` (kind ``status``); notes are events of kind
``note``; when the deadline moves (after a pause or a priority change) an event of kind
``deadline`` records the new deadline as an ISO timestamp in its ``note``.

Deadlines come from the priority's service level (setting ``service_levels``):
``{"hours": n}`` or ``{"days": n}`` run on the calendar clock, ``{"working_days": n}``
(or ``{"working_hours": n}``) on the working clock of :mod:`workdays` (weekends and
Turkish public holidays do not count). While a complaint waits on the customer its
clock is paused: ``waiting_since`` holds the start of the pause and, when the complaint
leaves "waiting", ``deadline_at`` is pushed forward by the paused time measured on the
same clock. A reopened complaint gets a fresh deadline from the moment it was reopened.

A complaint is *breached* when it is still open after its deadline or resolved late;
``breached`` is stored at every change and never cleared (it stays after resolution
and after reopening). Figures also count open complaints that are overdue right now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

from peewee import Case, fn

from ..clock import now as clock_now
from ..db import complaint_sql, search
from ..db.hints import likely, likely_in
from ..db.models import Complaint, ComplaintEvent, Customer, Policy, Purchase, db
from ..i18n import N_, _
from . import workdays
from .concurrency import check_version
from .errors import ConflictError, NotFound, ValidationError
from .labels import label
from .settings import DEFAULTS, get_setting, set_setting

CHANNELS = ("phone", "visit", "email", "whatsapp", "web", "social", "complaint_site")
CATEGORIES = ("product", "service", "billing", "delivery", "staff", "claim", "other")
PRIORITIES = ("low", "normal", "high", "urgent")
STATUSES = ("new", "in_progress", "waiting", "resolved", "closed")
OPEN_STATUSES = ("new", "in_progress", "waiting")
RUNNING_STATUSES = ("new", "in_progress")  # the service clock runs
DONE_STATUSES = ("resolved", "closed")

# The allowed status changes. resolved/closed → in_progress is "reopen".
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("in_progress", "waiting", "resolved"),
    "in_progress": ("waiting", "resolved"),
    "waiting": ("in_progress", "resolved"),
    "resolved": ("closed", "in_progress"),
    "closed": ("in_progress",),
}

SUBJECT_MAX = 200
MAX_LEVEL = timedelta(days=90)  # the longest service level a user can set
DEFAULT_LIMIT = 50
DUE_LIMIT = 50


# -- service levels and the clock ------------------------------------------------------


@dataclass(frozen=True)
class ServiceLevel:
    amount: timedelta
    working: bool  # measured on the working clock (weekends/holidays do not count)


def _parse_level(raw: object) -> ServiceLevel | None:
    if not isinstance(raw, dict):
        return None
    try:
        if "working_days" in raw:
            level = ServiceLevel(timedelta(days=float(raw["working_days"])), True)
        elif "working_hours" in raw:
            level = ServiceLevel(timedelta(hours=float(raw["working_hours"])), True)
        elif "hours" in raw:
            level = ServiceLevel(timedelta(hours=float(raw["hours"])), False)
        elif "days" in raw:
            level = ServiceLevel(timedelta(days=float(raw["days"])), False)
        else:
            return None
    except (TypeError, ValueError, OverflowError):
        return None
    # A zero, negative or absurd level (edited by hand) falls back to the default.
    return level if timedelta(0) < level.amount <= MAX_LEVEL else None


def service_levels() -> dict[str, ServiceLevel]:
    """The configured service level of every priority (bad or missing entries: defaults)."""
    stored = get_setting("service_levels") or {}
    defaults = DEFAULTS["service_levels"]
    levels: dict[str, ServiceLevel] = {}
    for priority in PRIORITIES:
        level = _parse_level(stored.get(priority)) if isinstance(stored, dict) else None
        levels[priority] = level or _parse_level(defaults[priority])
    return levels


def working_calendar() -> workdays.Calendar:
    return workdays.calendar_from_settings(
        get_setting("complaint_skip_holidays"), get_setting("complaint_holidays")
    )


# -- the settings the user edits (service levels, holidays, "near" on Today) --------------

# How a service level is counted: calendar hours/days run day and night, working
# hours/days skip weekends and public holidays (see ``workdays``).
UNITS = ("hours", "working_hours", "working_days", "days")
MAX_NEAR_HOURS = 24 * 14


@dataclass
class ComplaintSettings:
    levels: dict[str, tuple[float, str]]  # priority -> (amount, unit)
    skip_holidays: bool
    extra_holidays: list[date]
    near_deadline_hours: float


UNIT_LABELS = {
    "hours": N_("hours"),
    "working_hours": N_("working hours"),
    "working_days": N_("working days"),
    "days": N_("days"),
}


def unit_label(unit: str) -> str:
    return _(UNIT_LABELS.get(unit, unit))


def _level_parts(raw: object) -> tuple[float, str] | None:
    """A stored level as (amount, unit), as the user wrote it; None when unusable."""
    if _parse_level(raw) is None:
        return None
    for unit in ("working_days", "working_hours", "hours", "days"):
        if unit in raw:  # the order _parse_level reads them in
            return _whole(float(raw[unit])), unit
    return None


def complaint_settings() -> ComplaintSettings:
    """The current service levels, holiday calendar choice and Today horizon."""
    extra = []
    for text in get_setting("complaint_holidays") or ():
        try:
            extra.append(date.fromisoformat(str(text)))
        except ValueError:
            continue
    stored = get_setting("service_levels")
    if not isinstance(stored, dict):
        stored = {}
    near = get_setting("complaint_near_deadline_hours")
    if not isinstance(near, int | float) or isinstance(near, bool):
        near = DEFAULTS["complaint_near_deadline_hours"]
    return ComplaintSettings(
        levels={
            p: _level_parts(stored.get(p)) or _level_parts(DEFAULTS["service_levels"][p])
            for p in PRIORITIES
        },
        skip_holidays=get_setting("complaint_skip_holidays") is not False,
        extra_holidays=sorted(set(extra)),
        near_deadline_hours=near,
    )


def _number(text: object) -> float | None:
    """``4``, ``1,5``, ``1.5`` → float; None when it is not a number."""
    raw = str(text if text is not None else "").strip().replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def _whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def parse_holidays(text: str | list | None) -> tuple[list[date], list[str]]:
    """Dates separated by commas, semicolons or spaces (``19.05.2027, 2027-10-28``):
    (the dates, the pieces that are not dates)."""
    from .parsing import parse_date

    pieces = text if isinstance(text, list) else re.split(r"[,;\s]+", text or "")
    days, bad = [], []
    for piece in pieces:
        piece = str(piece).strip()
        if not piece:
            continue
        # Only full dates: "+3g" or "yarın" make no sense in a holiday list.
        if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4}", piece):
            bad.append(piece)
            continue
        try:
            days.append(parse_date(piece))
        except ValidationError:
            bad.append(piece)
    return sorted(set(days)), bad


def save_complaint_settings(
    levels: dict[str, tuple[object, str]],
    skip_holidays: bool = True,
    extra_holidays: str | list | None = "",
    near_deadline_hours: object = DEFAULTS["complaint_near_deadline_hours"],
) -> ComplaintSettings:
    """Check and store the settings; a bad value raises ``ValidationError`` keyed
    ``<priority>_amount``, ``<priority>_unit``, ``holidays`` or ``near_hours`` and nothing
    is stored. New levels apply to complaints opened (or reopened) from now on; the
    deadline of an open complaint is a promise already made and stays."""
    errors: dict[str, str] = {}
    stored: dict[str, dict[str, int | float]] = {}
    for priority in PRIORITIES:
        amount_text, unit = levels.get(priority, ("", ""))
        if unit not in UNITS:
            errors[f"{priority}_unit"] = _(
                "Choose one of: {choices}.",
                choices=", ".join(unit_label(u) for u in UNITS),
            )
            continue
        amount = _number(amount_text)
        if amount is None or amount <= 0:
            errors[f"{priority}_amount"] = _(
                "Write how long, as a number greater than 0 (for example 4 or 1.5)."
            )
            continue
        span = timedelta(hours=amount) if unit.endswith("hours") else timedelta(days=amount)
        if span > MAX_LEVEL:
            errors[f"{priority}_amount"] = _(
                "At most {days} days: a complaint should not wait longer than that.",
                days=MAX_LEVEL.days,
            )
            continue
        if span < timedelta(minutes=15):
            errors[f"{priority}_amount"] = _("At least a quarter of an hour (0.25 hours).")
            continue
        stored[priority] = {unit: _whole(amount)}
    days, bad = parse_holidays(extra_holidays)
    if bad:
        errors["holidays"] = _(
            "Not a date: {bad}. Write dates like 19.05.2027, separated by commas.",
            bad=", ".join(bad[:3]),
        )
    near = _number(near_deadline_hours)
    if near is None or not 0 <= near <= MAX_NEAR_HOURS:
        errors["near_hours"] = _(
            "Write a number of hours from 0 to {max} (0: only overdue complaints).",
            max=MAX_NEAR_HOURS,
        )
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        set_setting("service_levels", stored)
        set_setting("complaint_skip_holidays", bool(skip_holidays))
        set_setting("complaint_holidays", [d.isoformat() for d in days])
        set_setting("complaint_near_deadline_hours", _whole(near))
    return complaint_settings()


@dataclass
class Clock:
    """Service levels plus working calendar: everything deadline arithmetic needs."""

    levels: dict[str, ServiceLevel]
    calendar: workdays.Calendar

    @classmethod
    def load(cls) -> Clock:
        return cls(service_levels(), working_calendar())

    def level(self, priority: str) -> ServiceLevel:
        return self.levels.get(priority) or self.levels["normal"]

    def deadline(self, priority: str, start: datetime) -> datetime:
        level = self.level(priority)
        if level.working:
            return self.calendar.add(start, level.amount)
        return start + level.amount

    def extend(self, priority: str, deadline: datetime, paused_from: datetime, until: datetime):
        """``deadline`` pushed forward by the pause ``paused_from``–``until`` (same clock)."""
        if until <= paused_from:
            return deadline
        if self.level(priority).working:
            return self.calendar.add(deadline, self.calendar.between(paused_from, until))
        return deadline + (until - paused_from)


def deadline_for(priority: str, start: datetime, clock: Clock | None = None) -> datetime:
    return (clock or Clock.load()).deadline(priority, start)


def deadline_from_events(
    priority: str, opened_at: datetime, events: list[ComplaintEvent], clock: Clock | None = None
) -> datetime:
    """The deadline rebuilt from the status history: from opening (or the last reopen)
    plus every finished pause while waiting on the customer."""
    clock = clock or Clock.load()
    start = opened_at
    pauses: list[tuple[datetime, datetime]] = []
    waiting_from: datetime | None = None
    for ev in sorted(events, key=lambda e: (e.at, e.id or 0)):
        if ev.kind != "status":
            continue
        if ev.to_status == "in_progress" and ev.from_status in DONE_STATUSES:
            start, pauses, waiting_from = ev.at, [], None
        elif ev.to_status == "waiting":
            waiting_from = ev.at
        elif ev.from_status == "waiting" and waiting_from is not None:
            pauses.append((waiting_from, ev.at))
            waiting_from = None
    deadline = clock.deadline(priority, start)
    for a, b in pauses:
        deadline = clock.extend(priority, deadline, a, b)
    return deadline


def is_overdue(c: Complaint, now: datetime) -> bool:
    """Open and past its deadline (a waiting complaint is overdue if it was when paused)."""
    if c.deadline_at is None or c.status not in OPEN_STATUSES:
        return False
    if c.status == "waiting" and c.waiting_since is not None:
        return c.deadline_at < c.waiting_since
    return c.deadline_at < now


def time_left(c, now: datetime) -> timedelta | None:
    """Time until the deadline (negative: overdue); frozen while waiting; None when done."""
    if c.deadline_at is None or c.status not in OPEN_STATUSES:
        return None
    if c.status == "waiting" and c.waiting_since is not None:
        return c.deadline_at - c.waiting_since
    return c.deadline_at - now


def duration_text(value: timedelta) -> str:
    """A span in human terms, ``2 d 3 h``, ``5 h 10 min``, ``25 min`` (absolute value;
    minutes are left out once it is a day or more)."""
    seconds = abs(int(value.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return (
            _("{days} d {hours} h", days=days, hours=hours) if hours else _("{days} d", days=days)
        )
    if hours:
        return (
            _("{hours} h {minutes} min", hours=hours, minutes=minutes)
            if minutes
            else _("{hours} h", hours=hours)
        )
    return _("{minutes} min", minutes=minutes)


def deadline_text(status: str, left: timedelta | None) -> str:
    """Time left or overdue in human terms (``3 h 20 min left``, ``2 d 4 h overdue``,
    ``paused, 1 d left`` while waiting on the customer); empty when done. For the list,
    the detail and Today."""
    if left is None or status not in OPEN_STATUSES:
        return ""
    if status == "waiting":
        if left < timedelta(0):
            return _("paused, {time} overdue", time=duration_text(left))
        return _("paused, {time} left", time=duration_text(left))
    if left < timedelta(0):
        return _("{time} overdue", time=duration_text(left))
    return _("{time} left", time=duration_text(left))


def _overdue_expr(now: datetime):
    return (Complaint.status.in_(RUNNING_STATUSES) & (Complaint.deadline_at < now)) | (
        (Complaint.status == "waiting") & (Complaint.deadline_at < Complaint.waiting_since)
    )


# -- reading --------------------------------------------------------------------------


def get_complaint(complaint_id: int) -> Complaint:
    c = Complaint.get_or_none(Complaint.id == complaint_id)
    if c is None:
        raise NotFound(_("Complaint {id} not found.", id=complaint_id))
    return c


def events(complaint_id: int) -> list[ComplaintEvent]:
    """The whole history, oldest first."""
    return list(
        ComplaintEvent.select()
        .where(ComplaintEvent.complaint == complaint_id)
        .order_by(ComplaintEvent.at, ComplaintEvent.id)
    )


def allowed_transitions(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


@dataclass
class ComplaintRow:
    id: int
    customer_id: int
    customer_name: str
    subject: str
    category: str
    priority: str
    status: str
    channel: str
    owner: str | None
    opened_at: datetime
    deadline_at: datetime | None
    waiting_since: datetime | None
    breached: bool
    resolved_at: datetime | None
    satisfaction: int | None
    time_left: timedelta | None = None  # negative when overdue; frozen while waiting
    overdue: bool = False


@dataclass
class ComplaintPage:
    rows: list[ComplaintRow]
    total: int
    offset: int
    limit: int


def _row(c: Complaint, customer_name: str, now: datetime) -> ComplaintRow:
    return ComplaintRow(
        id=c.id,
        customer_id=c.customer_id,
        customer_name=customer_name,
        subject=c.subject,
        category=c.category,
        priority=c.priority,
        status=c.status,
        channel=c.channel,
        owner=c.owner,
        opened_at=c.opened_at,
        deadline_at=c.deadline_at,
        waiting_since=c.waiting_since,
        breached=bool(c.breached) or is_overdue(c, now),
        resolved_at=c.resolved_at,
        satisfaction=c.satisfaction,
        time_left=time_left(c, now),
        overdue=is_overdue(c, now),
    )


STATUS_FILTERS = ("open", "new", "in_progress", "waiting", "resolved", "closed", "overdue", "all")


_LIST_FIELDS = (
    Complaint.id,
    Complaint.customer,
    Complaint.subject,
    Complaint.category,
    Complaint.priority,
    Complaint.status,
    Complaint.channel,
    Complaint.owner,
    Complaint.opened_at,
    Complaint.deadline_at,
    Complaint.waiting_since,
    Complaint.breached,
    Complaint.resolved_at,
    Complaint.satisfaction,
)


def _where(status: str, text: str, now: datetime):
    """The filter condition (no join: customers are matched through the search index)."""
    conds = []
    if status == "open":
        conds.append(Complaint.status.in_(OPEN_STATUSES))
    elif status == "overdue":
        conds.append(_overdue_expr(now))
    elif status in STATUSES:
        conds.append(Complaint.status == status)
    text = (text or "").strip()
    if text:
        number = text.lstrip("#")
        cond = (
            complaint_sql.folded_contains(Complaint.subject, text)
            | complaint_sql.folded_contains(Complaint.description, text)
            | complaint_sql.folded_contains(Complaint.owner, text)
        )
        if re.fullmatch(r"[0-9]{1,9}", number):  # not "²" or 40 digits (SQLite int overflow)
            cond = cond | (Complaint.id == int(number))
        ids = search.match_ids(text, limit=400)
        if ids:
            cond = cond | Complaint.customer.in_(ids)
        conds.append(cond)
    return conds


def list_complaints(
    status: str = "open",
    text: str = "",
    sort: str = "deadline",
    offset: int = 0,
    limit: int = DEFAULT_LIMIT,
    now: datetime | None = None,
) -> ComplaintPage:
    """One page of complaints. ``status``: one of ``STATUS_FILTERS``; ``text`` matches the
    customer (name, phone...), subject, description, owner (Turkish letters folded) or
    ``#id``; ``sort``: ``deadline`` (open ones first, soonest deadline first, a waiting
    complaint by the time it has left; then done ones, latest resolved first) or
    ``newest`` (opened, newest first)."""
    now = now or clock_now()
    conds = _where(status, text, now)
    # Two steps: the page of ids (sort keys come from the covering index
    # complaint_list_order, no table rows read), then those rows with the customer's name.
    ids_query = Complaint.select(Complaint.id)
    if conds:
        ids_query = ids_query.where(*conds)
    if sort == "newest":
        ids_query = ids_query.order_by(Complaint.opened_at.desc(), Complaint.id.desc())
    elif status in ("resolved", "closed"):
        # Done complaints have no time left: the most recently resolved first.
        ids_query = ids_query.order_by(Complaint.resolved_at.desc(), Complaint.id.desc())
    else:
        # Open complaints first, by the deadline as it stands now (a paused clock moves
        # a waiting complaint's deadline along); then the done ones, latest first.
        is_open = Complaint.status.in_(OPEN_STATUSES)
        ids_query = ids_query.order_by(
            Case(None, [(is_open, 0)], 1),
            Case(None, [(is_open, complaint_sql.effective_deadline(now))], None),
            Complaint.resolved_at.desc(),
            Complaint.id,
        )
    offset = max(0, offset)
    if (text or "").strip():
        # A text search scans the rows once: all matching ids, counted here.
        every = [i for (i,) in ids_query.tuples()]
        total, ids = len(every), every[offset : offset + limit]
    else:
        total = (
            Complaint.select(Complaint.id).where(*conds).count()
            if conds
            else (Complaint.select().count())
        )
        ids = [i for (i,) in ids_query.offset(offset).limit(limit).tuples()]
    found = (
        {
            c.id: c
            for c in Complaint.select(*_LIST_FIELDS, Customer.name.alias("customer_name"))
            .join(Customer, on=(Complaint.customer == Customer.id))
            .where(Complaint.id.in_(ids))
            .objects()
        }
        if ids
        else {}
    )
    rows = [_row(found[i], found[i].customer_name, now) for i in ids if i in found]
    return ComplaintPage(rows=rows, total=total, offset=offset, limit=limit)


def status_counts(now: datetime | None = None) -> dict[str, int]:
    """How many complaints in each status, plus ``open``, ``overdue`` and ``all``."""
    now = now or clock_now()
    counts = {s: 0 for s in STATUS_FILTERS}
    for status, n in (
        Complaint.select(Complaint.status, fn.COUNT(Complaint.id))
        .group_by(Complaint.status)
        .tuples()
    ):
        counts[status] = n
        counts["all"] += n
        if status in OPEN_STATUSES:
            counts["open"] += n
    counts["overdue"] = Complaint.select().where(_overdue_expr(now)).count()
    return counts


def list_for_customer(
    customer_id: int, now: datetime | None = None, limit: int = 100
) -> list[ComplaintRow]:
    """A customer's complaints for the card: open ones first (by deadline), then newest."""
    now = now or clock_now()
    query = (
        Complaint.select()
        .where(Complaint.customer == customer_id)
        .order_by(
            Case(None, [(Complaint.status.in_(OPEN_STATUSES), 0)], 1),
            Case(None, [(Complaint.status.in_(OPEN_STATUSES), Complaint.deadline_at)], None),
            Complaint.opened_at.desc(),
            Complaint.id.desc(),
        )
        .limit(limit)
    )
    customer = Customer.get_or_none(Customer.id == customer_id)
    name = customer.name if customer else ""
    return [_row(c, name, now) for c in query]


@dataclass
class ComplaintDue:
    id: int
    customer_id: int
    customer_name: str
    subject: str
    priority: str
    status: str
    deadline_at: datetime
    overdue: bool
    time_left: timedelta | None = None  # negative when overdue; frozen while waiting

    @property
    def deadline_text(self) -> str:
        """``3 h 20 min left``, ``1 d 2 h overdue``, ``paused, 2 h overdue``."""
        return deadline_text(self.status, self.time_left)


def due_for_today(
    now: datetime | None = None, within_hours: int | None = None, limit: int = DUE_LIMIT
) -> list[ComplaintDue]:
    """Open complaints past their deadline or due within ``within_hours`` (setting
    ``complaint_near_deadline_hours``, default 24), soonest deadline first, at most ``limit``.
    A complaint waiting on the customer has its clock paused: it is listed only when it
    was already overdue when the pause began."""
    now = now or clock_now()
    if within_hours is None:
        within_hours = get_setting("complaint_near_deadline_hours")
        if not isinstance(within_hours, int | float):
            within_hours = DEFAULTS["complaint_near_deadline_hours"]
    horizon = now + timedelta(hours=within_hours)
    query = (
        Complaint.select(
            Complaint.id,
            Complaint.customer,
            Complaint.subject,
            Complaint.priority,
            Complaint.status,
            Complaint.deadline_at,
            Complaint.waiting_since,
            Customer.name.alias("customer_name"),
        )
        .join(Customer, on=(Complaint.customer == Customer.id))
        .where(
            # The first term restates the rest so the partial index complaint_open_deadline
            # hands over open complaints in deadline order and the LIMIT ends the scan;
            # ``likely`` keeps the planner off the plain index on status.
            likely_in(Complaint.status, OPEN_STATUSES),
            (likely(Complaint.status.in_(RUNNING_STATUSES)) & (Complaint.deadline_at <= horizon))
            | (
                likely(Complaint.status == "waiting")
                & (Complaint.deadline_at < Complaint.waiting_since)
            ),
        )
        .order_by(Complaint.deadline_at, Complaint.id)
        .limit(limit)
    )
    return [
        ComplaintDue(
            id=c.id,
            customer_id=c.customer,
            customer_name=c.customer_name,
            subject=c.subject,
            priority=c.priority,
            status=c.status,
            deadline_at=c.deadline_at,
            overdue=is_overdue(c, now),
            time_left=time_left(c, now),
        )
        for c in query.namedtuples()  # the Today queue reads this: no model instances
    ]


@dataclass
class LinkChoices:
    """What a complaint of this customer can be linked to (for the form)."""

    customer_name: str
    policies: list[tuple[int, str]]
    purchases: list[tuple[int, str]]


def link_choices(customer_id: int, limit: int = 30) -> LinkChoices:
    """The customer's name, newest policies and purchases as (id, short text)."""
    from ..i18n import format_date, format_money

    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("Customer {id} not found.", id=customer_id))
    policies = [
        (
            p.id,
            " · ".join(
                x
                for x in (label("line", p.line), p.number, p.provider, format_date(p.end_date))
                if x
            ),
        )
        for p in Policy.select()
        .where(Policy.customer == customer_id)
        .order_by(Policy.start_date.desc(), Policy.id.desc())
        .limit(limit)
    ]
    purchases = [
        (
            p.id,
            " · ".join(
                x for x in (format_date(p.date), format_money(p.amount), p.description) if x
            ),
        )
        for p in Purchase.select()
        .where(Purchase.customer == customer_id)
        .order_by(Purchase.date.desc(), Purchase.id.desc())
        .limit(limit)
    ]
    return LinkChoices(customer.name, policies, purchases)


# -- writing --------------------------------------------------------------------------


def _choice(errors: dict, name: str, value: str | None, allowed: tuple[str, ...], kind: str):
    if value in allowed:
        return value
    errors[name] = _(
        "Choose one of: {choices}.", choices=", ".join(label(kind, code) for code in allowed)
    )
    return None


def _validate(
    errors: dict,
    subject: str | None,
    channel: str | None,
    category: str | None,
    priority: str | None,
) -> dict:
    values: dict = {}
    subject = " ".join((subject or "").split())
    if not subject:
        errors["subject"] = _("A subject is required: what is the complaint about?")
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = _(
            "The subject is too long ({n} characters, at most {max}).",
            n=len(subject),
            max=SUBJECT_MAX,
        )
    values["subject"] = subject
    values["channel"] = _choice(errors, "channel", channel, CHANNELS, "channel")
    values["category"] = _choice(errors, "category", category, CATEGORIES, "complaint_category")
    values["priority"] = _choice(errors, "priority", priority, PRIORITIES, "priority")
    return values


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def open_complaint(
    customer_id: int,
    subject: str,
    description: str | None = None,
    channel: str = "phone",
    category: str = "other",
    priority: str = "normal",
    owner: str | None = None,
    policy_id: int | None = None,
    purchase_id: int | None = None,
    now: datetime | None = None,
) -> Complaint:
    """Record a new complaint with its deadline and a first history event."""
    now = now or clock_now()
    errors: dict[str, str] = {}
    values = _validate(errors, subject, channel, category, priority)
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        errors["customer"] = _("Choose the customer who complains.")
    if policy_id is not None:
        policy = Policy.get_or_none(Policy.id == policy_id)
        if policy is None or policy.customer_id != customer_id:
            errors["policy"] = _("That policy does not belong to this customer.")
    if purchase_id is not None:
        purchase = Purchase.get_or_none(Purchase.id == purchase_id)
        if purchase is None or purchase.customer_id != customer_id:
            errors["purchase"] = _("That purchase does not belong to this customer.")
    if errors:
        raise ValidationError(errors)
    clock = Clock.load()
    with db.atomic():
        complaint = Complaint.create(
            customer=customer_id,
            policy=policy_id,
            purchase=purchase_id,
            opened_at=now,
            owner=_clean(owner),
            description=_clean(description),
            status="new",
            deadline_at=clock.deadline(values["priority"], now),
            created_at=now,
            updated_at=now,
            **values,
        )
        ComplaintEvent.create(
            complaint=complaint, at=now, kind="status", from_status=None, to_status="new"
        )
    return complaint


def update_complaint(
    complaint_id: int,
    subject: str,
    description: str | None,
    channel: str,
    category: str,
    priority: str,
    owner: str | None,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """Edit the details. A new priority rebuilds the deadline from the history.
    ``expected_version``: the version the form was opened with; when the complaint changed
    since (edited, moved on, noted at another desk) ``ConflictError``."""
    now = now or clock_now()
    errors: dict[str, str] = {}
    values = _validate(errors, subject, channel, category, priority)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        c = get_complaint(complaint_id)
        check_version(
            c,
            expected_version,
            _("This complaint was changed at another desk while you were editing it."),
        )
        c.version += 1
        _mark_breach(c, now)
        old_priority = c.priority
        changes = _detail_changes(c, values, _clean(description), _clean(owner))
        if changes:
            # Every change is in the history, not only status moves.
            ComplaintEvent.create(complaint=c, at=now, kind="note", note="; ".join(changes))
        c.subject = values["subject"]
        c.channel = values["channel"]
        c.category = values["category"]
        c.priority = values["priority"]
        c.description = _clean(description)
        c.owner = _clean(owner)
        c.updated_at = now
        if old_priority != c.priority:
            ComplaintEvent.create(
                complaint=c,
                at=now,
                kind="note",
                note=_(
                    "Priority changed from {old} to {new}.",
                    old=label("priority", old_priority),
                    new=label("priority", c.priority),
                ),
            )
            if c.status in OPEN_STATUSES:
                c.deadline_at = deadline_from_events(
                    c.priority, c.opened_at, events(c.id), Clock.load()
                )
                ComplaintEvent.create(
                    complaint=c, at=now, kind="deadline", note=c.deadline_at.isoformat()
                )
                _mark_breach(c, now)
        c.save()
    return c


def _detail_changes(
    c: Complaint, values: dict, description: str | None, owner: str | None
) -> list[str]:
    """``Owner: – → Mert`` for each detail that changes (the priority has its own note)."""
    changes = []

    def shown(kind: str | None, value: str | None) -> str:
        if not value:
            return "–"
        return label(kind, value) if kind else value

    for name, kind, old, new in (
        (N_("Subject"), None, c.subject, values["subject"]),
        (N_("Channel"), "channel", c.channel, values["channel"]),
        (N_("Category"), "complaint_category", c.category, values["category"]),
        (N_("Owner"), None, c.owner, owner),
    ):
        if (old or None) != (new or None):
            changes.append(f"{_(name)}: {shown(kind, old)} → {shown(kind, new)}")
    if (c.description or None) != description:
        changes.append(_("Description changed"))
    return changes


def _mark_breach(c: Complaint, now: datetime) -> None:
    if not c.breached and is_overdue(c, now):
        c.breached = True


def _load_for_change(complaint_id: int, expected_status: str | None) -> Complaint:
    c = get_complaint(complaint_id)
    if expected_status is not None and c.status != expected_status:
        raise ConflictError(
            _(
                "This complaint was changed elsewhere: it is now “{status}”.",
                status=label("complaint_status", c.status),
            )
        )
    return c


def refuse_message(from_status: str, to_status: str) -> str:
    allowed = allowed_transitions(from_status)
    return _(
        "A complaint that is “{current}” cannot move to “{target}”. Allowed: {allowed}.",
        current=label("complaint_status", from_status),
        target=label("complaint_status", to_status),
        allowed=", ".join(label("complaint_status", s) for s in allowed) or "–",
    )


def change_status(
    complaint_id: int,
    to_status: str,
    note: str | None = None,
    *,
    resolution: str | None = None,
    first_contact: bool | None = None,
    satisfaction: int | str | None = None,
    expected_status: str | None = None,
    now: datetime | None = None,
) -> Complaint:
    """Move a complaint along the workflow; refuses changes ``TRANSITIONS`` does not allow.

    Moving to ``resolved`` needs ``resolution`` (how it was solved); ``first_contact`` and
    ``satisfaction`` (1–5, when the customer was asked) are stored with it.
    ``expected_status``: the status the user saw (a different one raises ``ConflictError``).
    """
    now = now or clock_now()
    if to_status not in STATUSES:
        raise ValidationError({"status": _("Unknown status {status}.", status=to_status)})
    sat_value: int | None = None
    if to_status == "resolved":
        errors: dict[str, str] = {}
        if not _clean(resolution):
            errors["resolution"] = _("Describe how the complaint was resolved.")
        if satisfaction not in (None, ""):
            try:
                sat_value = int(str(satisfaction).strip())
            except ValueError:
                sat_value = 0
            if not 1 <= sat_value <= 5:
                errors["satisfaction"] = _(
                    "Satisfaction is a whole number from 1 (very unhappy) to 5 (very happy),"
                    " or empty when not asked."
                )
        if errors:
            raise ValidationError(errors)
    with db.atomic():
        c = _load_for_change(complaint_id, expected_status)
        current = c.status
        if to_status == current:
            raise ValidationError(
                {
                    "status": _(
                        "The complaint is already “{status}”.",
                        status=label("complaint_status", current),
                    )
                }
            )
        if to_status not in allowed_transitions(current):
            raise ValidationError({"status": refuse_message(current, to_status)})
        _mark_breach(c, now)
        clock = Clock.load()
        deadline_moved = False
        if current == "waiting" and c.waiting_since is not None:
            c.deadline_at = clock.extend(c.priority, c.deadline_at, c.waiting_since, now)
            c.waiting_since = None
            deadline_moved = True
        if to_status == "waiting":
            c.waiting_since = now
        if to_status == "resolved":
            if c.deadline_at is not None and now > c.deadline_at:
                c.breached = True
            c.resolved_at = now
            c.resolution = _clean(resolution)
            c.first_contact_resolution = bool(first_contact)
            c.satisfaction = sat_value
        elif to_status == "closed":
            c.closed_at = now
        elif current in DONE_STATUSES:  # reopen
            c.resolved_at = None
            c.closed_at = None
            c.first_contact_resolution = False
            c.deadline_at = clock.deadline(c.priority, now)
            deadline_moved = True
        c.status = to_status
        c.updated_at = now
        c.save()
        event_note = _clean(note)
        if to_status == "resolved":
            # The history keeps what this resolution was; a later reopen and second
            # resolution replace the fields on the complaint itself.
            facts = []
            if c.first_contact_resolution:
                facts.append(_("solved at the first contact"))
            if sat_value is not None:
                facts.append(_("satisfaction {n}/5", n=sat_value))
            event_note = "\n".join(x for x in (c.resolution, " · ".join(facts), event_note) if x)
        ComplaintEvent.create(
            complaint=c,
            at=now,
            kind="status",
            from_status=current,
            to_status=to_status,
            note=event_note,
        )
        if deadline_moved and c.status in OPEN_STATUSES:
            ComplaintEvent.create(
                complaint=c, at=now, kind="deadline", note=c.deadline_at.isoformat()
            )
    return c


def resolve(
    complaint_id: int,
    resolution: str,
    first_contact: bool = False,
    satisfaction: int | str | None = None,
    note: str | None = None,
    expected_status: str | None = None,
    now: datetime | None = None,
) -> Complaint:
    return change_status(
        complaint_id,
        "resolved",
        note,
        resolution=resolution,
        first_contact=first_contact,
        satisfaction=satisfaction,
        expected_status=expected_status,
        now=now,
    )


def reopen(
    complaint_id: int,
    note: str | None = None,
    expected_status: str | None = None,
    now: datetime | None = None,
) -> Complaint:
    c = get_complaint(complaint_id)
    if c.status not in DONE_STATUSES:
        raise ValidationError(
            {
                "status": _(
                    "Only a resolved or closed complaint can be reopened; this one is “{status}”.",
                    status=label("complaint_status", c.status),
                )
            }
        )
    return change_status(
        complaint_id, "in_progress", note, expected_status=expected_status, now=now
    )


def add_note(complaint_id: int, note: str, now: datetime | None = None) -> ComplaintEvent:
    """A note in the history; allowed at any point, also after closing."""
    now = now or clock_now()
    text = _clean(note)
    if not text:
        raise ValidationError({"note": _("Write the note first: it cannot be empty.")})
    with db.atomic():
        c = get_complaint(complaint_id)
        if not c.breached and is_overdue(c, now):
            Complaint.update(breached=True).where(Complaint.id == c.id).execute()
        Complaint.update(updated_at=now).where(Complaint.id == c.id).execute()
        return ComplaintEvent.create(complaint=c, at=now, kind="note", note=text)


def mark_breaches(now: datetime | None = None) -> int:
    """Store ``breached`` on open complaints that are overdue now; returns how many."""
    now = now or clock_now()
    with db.atomic():
        return (
            Complaint.update(breached=True)
            .where(_overdue_expr(now) & (Complaint.breached == False))  # noqa: E712
            .execute()
        )


# -- figures ----------------------------------------------------------------------------


@dataclass
class CategoryFigures:
    category: str
    count: int = 0
    open: int = 0
    breached: int = 0
    resolved: int = 0
    within_deadline: int = 0
    first_contact: int = 0
    satisfaction_sum: int = 0
    satisfaction_count: int = 0

    @property
    def within_deadline_share(self) -> float | None:
        return self.within_deadline / self.resolved if self.resolved else None

    @property
    def first_contact_rate(self) -> float | None:
        return self.first_contact / self.resolved if self.resolved else None

    @property
    def satisfaction_avg(self) -> float | None:
        if not self.satisfaction_count:
            return None
        return self.satisfaction_sum / self.satisfaction_count


@dataclass
class ComplaintFigures:
    since: datetime
    days: int
    open_count: int  # all open complaints now, whenever opened
    overdue_count: int  # open complaints past their deadline now
    total: CategoryFigures  # complaints opened in the period
    median_resolution: timedelta | None
    by_category: list[CategoryFigures] = field(default_factory=list)

    @property
    def breached_count(self) -> int:
        return self.total.breached


def complaint_figures(now: datetime | None = None, days: int = 90) -> ComplaintFigures:
    """Figures for complaints opened in the last ``days`` days (SQL aggregates per
    category), plus the current open and overdue counts.

    - breached: stored breach flag, or open and overdue now
    - resolved: has a resolution time (resolved or closed, not reopened since)
    - within deadline: resolved and never breached
    - median resolution: opened → resolved, calendar time, over the resolved ones
    - satisfaction: mean of the 1–5 answers given at resolution
    """
    now = now or clock_now()
    since = now - timedelta(days=days)
    overdue = _overdue_expr(now)
    breached = (Complaint.breached == True) | overdue  # noqa: E712
    resolved = Complaint.resolved_at.is_null(False)

    def count_if(cond):
        return fn.COALESCE(fn.SUM(Case(None, [(cond, 1)], 0)), 0)

    in_period = (Complaint.opened_at >= since) & (Complaint.opened_at <= now)
    query = (
        Complaint.select(
            Complaint.category,
            fn.COUNT(Complaint.id),
            count_if(Complaint.status.in_(OPEN_STATUSES)),
            count_if(breached),
            count_if(resolved),
            count_if(resolved & (Complaint.breached == False)),  # noqa: E712
            count_if(resolved & (Complaint.first_contact_resolution == True)),  # noqa: E712
            fn.COALESCE(
                fn.SUM(Case(None, [(resolved, Complaint.satisfaction)], None)),
                0,
            ),
            count_if(resolved & Complaint.satisfaction.is_null(False)),
        )
        .where(in_period)
        .group_by(Complaint.category)
        .tuples()
    )
    total = CategoryFigures(category="*")
    per: dict[str, CategoryFigures] = {}
    for cat, *numbers in query:
        cf = CategoryFigures(cat, *(int(n or 0) for n in numbers))
        per[cat] = cf
        for name in (
            "count",
            "open",
            "breached",
            "resolved",
            "within_deadline",
            "first_contact",
            "satisfaction_sum",
            "satisfaction_count",
        ):
            setattr(total, name, getattr(total, name) + getattr(cf, name))
    order = {c: i for i, c in enumerate(CATEGORIES)}
    by_category = sorted(per.values(), key=lambda cf: (-cf.count, order.get(cf.category, 99)))

    durations = [
        resolved_at - opened_at
        for opened_at, resolved_at in Complaint.select(Complaint.opened_at, Complaint.resolved_at)
        .where(in_period & resolved)
        .tuples()
    ]
    open_count, overdue_count = (
        Complaint.select(
            count_if(Complaint.status.in_(OPEN_STATUSES)),
            count_if(overdue),
        )
        .tuples()
        .get()
    )
    return ComplaintFigures(
        since=since,
        days=days,
        open_count=int(open_count or 0),
        overdue_count=int(overdue_count or 0),
        total=total,
        median_resolution=median(durations) if durations else None,
        by_category=by_category,
    )


__all__ = [
    "CATEGORIES",
    "CHANNELS",
    "OPEN_STATUSES",
    "PRIORITIES",
    "STATUSES",
    "TRANSITIONS",
    "Clock",
    "ComplaintDue",
    "ComplaintFigures",
    "ComplaintPage",
    "ComplaintRow",
    "add_note",
    "change_status",
    "complaint_figures",
    "ComplaintSettings",
    "complaint_settings",
    "deadline_for",
    "deadline_text",
    "due_for_today",
    "duration_text",
    "list_complaints",
    "list_for_customer",
    "open_complaint",
    "reopen",
    "resolve",
    "save_complaint_settings",
]
