"""Follow-up reminders: create, edit, done (with recurrence), snooze, cancel, list; and the
"stay in touch" rhythm of customers.

Datetimes are naive local wall-clock times (like every timestamp in the database). A reminder
without a time of day is stored at 09:00 with ``has_time = False``.

Recurrence is an RFC 5545 RRULE (``Reminder.rrule``) expanded with dateutil:

* ``recur_from = "calendar"``: the next due date follows the rule. Rules built here always
  name the day (``BYDAY``/``BYMONTHDAY``/``BYMONTH``), so a snoozed reminder does not drift,
  and month-end days use ``BYMONTHDAY=31,-1;BYSETPOS=1`` (the 31st, or the last day of shorter
  months; 29 February falls back to the 28th in common years).
* ``recur_from = "completion"``: the next due date is counted from the day the reminder was
  done (``FREQ`` and ``INTERVAL`` only), with ``relativedelta`` (31 Jan + 1 month = 28 Feb).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from peewee import JOIN

from ..clock import now as clock_now
from ..clock import today as clock_today
from ..db import agenda as agenda_sql
from ..db import search
from ..db.models import Complaint, Customer, Interaction, Policy, Reminder, db
from ..i18n import N_, _, babel_locale, format_date, ngettext
from .concurrency import check_version
from .errors import NotFound, ValidationError
from .parsing import date_hint, parse_date, parse_time

DEFAULT_TIME = time(9, 0)
PAGE_SIZE = 100

# -- recurrence ---------------------------------------------------------------------------

RECURRENCE_CHOICES: list[tuple[str, str]] = [
    ("", N_("Does not repeat")),
    ("daily", N_("Every day")),
    ("weekly", N_("Every week")),
    ("biweekly", N_("Every 2 weeks")),
    ("monthly", N_("Every month")),
    ("quarterly", N_("Every 3 months")),
    ("halfyearly", N_("Every 6 months")),
    ("yearly", N_("Every year on this date")),
    ("nth_weekday", N_("Every month on the same weekday (e.g. 2nd Tuesday)")),
    ("ndays", N_("Every N days")),
    ("nweeks", N_("Every N weeks")),
    ("nmonths", N_("Every N months")),
]
RECUR_FROM_CHOICES: list[tuple[str, str]] = [
    ("calendar", N_("By the calendar")),
    ("completion", N_("Counted from the day it is done")),
]
_FREQ_INTERVAL = {
    "daily": ("DAILY", 1),
    "weekly": ("WEEKLY", 1),
    "biweekly": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1),
    "quarterly": ("MONTHLY", 3),
    "halfyearly": ("MONTHLY", 6),
    "yearly": ("YEARLY", 1),
}
# choices whose interval the user types ("every N ..."): choice -> FREQ
_EVERY_N = {"ndays": "DAILY", "nweeks": "WEEKLY", "nmonths": "MONTHLY"}
EVERY_MAX = 366
_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_ORDINALS = {1: N_("1st"), 2: N_("2nd"), 3: N_("3rd"), 4: N_("4th"), -1: N_("last")}


def _monthday(day: int) -> str:
    """BYMONTHDAY that keeps month ends: the 29th-31st, or the month's last day."""
    return f"BYMONTHDAY={day}" if day <= 28 else f"BYMONTHDAY={day},-1;BYSETPOS=1"


def parse_every(text: str | int | None) -> int:
    """The N of an "every N days/weeks/months" choice: a whole number from 1 to 366."""
    try:
        value = int(str(text).strip())
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= EVERY_MAX:
        raise ValidationError(
            {"every": _("Type how often as a whole number from 1 to {max}.", max=EVERY_MAX)}
        )
    return value


def build_rrule(
    choice: str, due: date, recur_from: str = "calendar", every: str | int | None = None
) -> str | None:
    """RRULE text for a form choice, anchored on the reminder's due date. ``every``: the N
    of the "every N days/weeks/months" choices."""
    if not choice:
        return None
    if choice == "nth_weekday":
        if recur_from == "completion":
            raise ValidationError(
                {"recur_from": _("A weekday rule follows the calendar; choose 'By the calendar'.")}
            )
        nth = (due.day - 1) // 7 + 1
        if nth == 5:
            nth = -1
        return f"FREQ=MONTHLY;BYDAY={nth:+d}{_WEEKDAYS[due.weekday()]}"
    if choice in _EVERY_N:
        freq, interval = _EVERY_N[choice], parse_every(every)
    elif choice in _FREQ_INTERVAL:
        freq, interval = _FREQ_INTERVAL[choice]
    else:
        raise ValidationError({"rrule": _("Unknown repeat choice.")})
    rule = f"FREQ={freq}" + (f";INTERVAL={interval}" if interval > 1 else "")
    if recur_from == "completion" or freq == "DAILY":
        return rule
    if freq == "WEEKLY":
        return f"{rule};BYDAY={_WEEKDAYS[due.weekday()]}"
    if freq == "MONTHLY":
        return f"{rule};{_monthday(due.day)}"
    return f"{rule};BYMONTH={due.month};{_monthday(due.day)}"


def rule_parts(rule: str | None) -> dict[str, str]:
    parts: dict[str, str] = {}
    for item in (rule or "").removeprefix("RRULE:").split(";"):
        key, sep, value = item.partition("=")
        if sep:
            parts[key.strip().upper()] = value.strip().upper()
    return parts


def _interval(parts: dict[str, str]) -> int:
    try:
        return max(int(parts.get("INTERVAL", "1") or 1), 1)
    except ValueError:
        return 1


def choice_of(rule: str | None) -> str:
    """The form choice a stored rule came from ('' when none or not one of ours)."""
    if not rule:
        return ""
    parts = rule_parts(rule)
    freq = parts.get("FREQ")
    if freq == "MONTHLY" and re.fullmatch(r"[+-]?\d[A-Z]{2}", parts.get("BYDAY", "")):
        return "nth_weekday"
    interval = _interval(parts)
    for choice, value in _FREQ_INTERVAL.items():
        if value == (freq, interval):
            return choice
    for choice, every_freq in _EVERY_N.items():
        if every_freq == freq:
            return choice
    return ""


def every_of(rule: str | None) -> int | None:
    """The N of a rule stored for an "every N days/weeks/months" choice (None otherwise)."""
    return _interval(rule_parts(rule)) if choice_of(rule) in _EVERY_N else None


def describe_rule(rule: str | None) -> str:
    """Short translated text for a rule: 'Every 3 months', 'Every 2nd Tuesday of the month',
    'Every 10 days'."""
    if not rule:
        return ""
    parts = rule_parts(rule)
    m = re.fullmatch(r"([+-]?\d)([A-Z]{2})", parts.get("BYDAY", ""))
    if parts.get("FREQ") == "MONTHLY" and m:
        from babel.dates import get_day_names

        names = get_day_names("wide", locale=babel_locale())
        weekday = names[_WEEKDAYS.index(m.group(2))]
        nth = _(_ORDINALS.get(int(m.group(1)), "1st"))
        return _("Every {nth} {weekday} of the month", nth=nth, weekday=weekday)
    choice, n = choice_of(rule), every_of(rule)
    if n is not None:
        if choice == "ndays":
            return ngettext("Every {n} day", "Every {n} days", n)
        if choice == "nweeks":
            return ngettext("Every {n} week", "Every {n} weeks", n)
        return ngettext("Every {n} month", "Every {n} months", n)
    for code, text in RECURRENCE_CHOICES:
        if code == choice and code:
            return _(text)
    return rule


def validate_rule(rule: str, dtstart: datetime) -> None:
    parts = rule_parts(rule)
    if "COUNT" in parts and "UNTIL" in parts:
        # RFC 5545: not both; dateutil still takes it, with a warning, and will refuse it.
        raise ValidationError(
            {"rrule": _("A repeat rule ends after a number of times or on a date, not both.")}
        )
    try:
        from dateutil.rrule import rrulestr  # lazily: ~4 ms at start-up, rarely needed

        rrulestr(rule, dtstart=dtstart)
    except (ValueError, TypeError) as exc:
        raise ValidationError({"rrule": _("This repeat rule is not valid.")}) from exc


def next_occurrence(
    rule: str, recur_from: str | None, due_at: datetime, done_at: datetime
) -> datetime | None:
    """The due time of the next occurrence after a reminder due at ``due_at`` was done at
    ``done_at``. Calendar rules skip occurrences missed while overdue (the next one after the
    day it was done); completion rules count the interval from the day it was done."""
    keep_time = due_at.time()
    if recur_from == "completion":
        parts = rule_parts(rule)
        freq = parts.get("FREQ", "MONTHLY")
        interval = int(parts.get("INTERVAL", "1") or 1)
        unit = {"DAILY": "days", "WEEKLY": "weeks", "MONTHLY": "months", "YEARLY": "years"}.get(
            freq
        )
        if unit is None:
            return None
        return datetime.combine(done_at.date() + relativedelta(**{unit: interval}), keep_time)
    from dateutil.rrule import rrulestr

    rr = rrulestr(rule, dtstart=due_at)
    after = max(due_at, datetime.combine(done_at.date(), time.max))
    return rr.after(after)


# -- snooze -------------------------------------------------------------------------------

SNOOZE_CHOICES: list[tuple[str, str, str]] = [
    # (key, code, label)
    ("1", "hour", N_("In one hour")),
    ("2", "tomorrow", N_("Tomorrow 09:00")),
    ("3", "week", N_("Next week")),
    ("4", "month", N_("Next month")),
    ("5", "date", N_("On a date I type")),
]


def snooze_target(
    choice: str, now: datetime, due_at: datetime, has_time: bool, text: str | None = None
) -> tuple[datetime, bool]:
    """Where a snooze moves a reminder: (new due_at, has_time).

    ``week``/``month`` count from today (a reminder overdue for weeks does not stay in the past),
    keep the reminder's time of day, and clip to the month's end (31 Jan → 28 Feb)."""
    today = now.date()
    if choice == "hour":
        return now.replace(second=0, microsecond=0) + timedelta(hours=1), True
    if choice == "tomorrow":
        return datetime.combine(today + timedelta(days=1), time(9, 0)), True
    if choice in ("week", "month"):
        delta = relativedelta(weeks=1) if choice == "week" else relativedelta(months=1)
        return datetime.combine(today + delta, due_at.time()), has_time
    if choice == "date":
        when, timed = parse_when(text or "", now)
        if (when <= now) if timed else (when.date() <= today):
            raise ValidationError({"date": _("Choose a day after today or a later time.")})
        return when, timed
    raise ValidationError({"choice": _("Unknown snooze choice.")})


def parse_when(text: str, now: datetime) -> tuple[datetime, bool]:
    """A typed date with an optional time: ``25.12.2026``, ``+3d``, ``yarın 14:30``, ``14:30``
    (today). Returns (datetime, has_time)."""
    raw = (text or "").strip()
    if not raw:
        raise ValidationError({"date": date_hint()})
    m = re.fullmatch(r"(?:(.+?)\s+)?(\d{1,2}[:.]\d{2})", raw)
    if m and (m.group(1) or re.fullmatch(r"\d{1,2}:\d{2}", raw)):
        day = parse_date(m.group(1), now.date()) if m.group(1) else now.date()
        return datetime.combine(day, parse_time(m.group(2))), True
    return datetime.combine(parse_date(raw, now.date()), DEFAULT_TIME), False


# -- create / edit ------------------------------------------------------------------------


@dataclass
class ReminderInput:
    title: str
    due: str | date  # typed text or a date
    time: str = ""  # optional "14:30"
    notes: str = ""
    customer_id: int | None = None
    policy_id: int | None = None
    complaint_id: int | None = None
    repeat: str = ""  # a RECURRENCE_CHOICES code
    every: str | int = ""  # N of the "every N days/weeks/months" choices
    recur_from: str = "calendar"
    kind: str = "manual"


def validate(data: ReminderInput, today: date) -> dict:
    errors: dict[str, str] = {}
    values: dict = {}
    title = (data.title or "").strip()
    if not title:
        errors["title"] = _("A title is required (what should be done?).")
    elif len(title) > 200:
        errors["title"] = _("Keep the title under 200 characters; put details in the notes.")
    values["title"] = title
    due: date | None = None
    if isinstance(data.due, date):
        due = data.due
    else:
        try:
            due = parse_date(data.due or "", today)
        except ValidationError as exc:
            errors["due"] = str(exc)
    at = DEFAULT_TIME
    values["has_time"] = False
    if (data.time or "").strip():
        try:
            at = parse_time(data.time)
            values["has_time"] = True
        except ValidationError as exc:
            errors["time"] = str(exc)
    if due is not None:
        values["due_at"] = datetime.combine(due, at)
    values["notes"] = (data.notes or "").strip() or None
    for name, model in (
        ("customer", Customer),
        ("policy", Policy),
        ("complaint", Complaint),
    ):
        ident = getattr(data, f"{name}_id")
        if ident is not None and not model.select().where(model.id == ident).exists():
            errors[name] = _("Record {id} not found.", id=ident)
        values[name] = ident
    for name, model in (("policy", Policy), ("complaint", Complaint)):
        ident = values.get(name)
        if ident is None or name in errors or data.customer_id is None:
            continue
        owner = model.select(model.customer).where(model.id == ident).scalar()
        if owner is not None and owner != data.customer_id:
            errors["link"] = _("The linked policy or complaint belongs to another customer.")
    recur_from = data.recur_from if data.recur_from in ("calendar", "completion") else "calendar"
    values["rrule"] = None
    values["recur_from"] = None
    if data.repeat and due is not None:
        try:
            values["rrule"] = build_rrule(data.repeat, due, recur_from, data.every)
            values["recur_from"] = recur_from
        except ValidationError as exc:  # "rrule" is the form's "repeat" field
            errors.update({"repeat" if k == "rrule" else k: m for k, m in exc.errors.items()})
    values["kind"] = data.kind or "manual"
    if errors:
        raise ValidationError(errors)
    return values


def link_options(customer_id: int | None, limit: int = 30) -> list[tuple[str, str]]:
    """What a reminder of this customer can be linked to: ("policy:ID" or "complaint:ID",
    text) for active policies (soonest end first) and open complaints."""
    from .labels import label

    if not customer_id:
        return []
    out: list[tuple[str, str]] = []
    policies = (
        Policy.select(Policy.id, Policy.line, Policy.number, Policy.plate, Policy.end_date)
        .where(Policy.customer == customer_id, Policy.status == "active")
        .order_by(Policy.end_date.is_null(), Policy.end_date, Policy.id)
        .limit(limit)
    )
    for pid, line, number, plate, end in policies.tuples():
        text = " ".join(x for x in (label("line", line), number or plate or "") if x)
        if end:
            text += " · " + _("ends {date}", date=format_date(end))
        out.append((f"policy:{pid}", _("Policy: {text}", text=text)))
    complaints = (
        Complaint.select(Complaint.id, Complaint.subject)
        .where(
            Complaint.customer == customer_id,
            Complaint.status.in_(("new", "in_progress", "waiting")),
        )
        .order_by(Complaint.id.desc())
        .limit(limit)
    )
    for cid, subject in complaints.tuples():
        out.append((f"complaint:{cid}", _("Complaint #{id}: {subject}", id=cid, subject=subject)))
    return out


def create_reminder(data: ReminderInput, today: date | None = None) -> Reminder:
    values = validate(data, today or clock_today())
    with db.atomic():
        return Reminder.create(**values)


def update_reminder(
    reminder_id: int,
    data: ReminderInput,
    today: date | None = None,
    expected_version: int | None = None,
) -> Reminder:
    """Save an edit. ``expected_version``: the version the form was opened with; when the
    reminder changed since (edited, snoozed, done at another desk) ``ConflictError``."""
    values = validate(data, today or clock_today())
    with db.atomic():
        current = get_reminder(reminder_id)
        check_version(
            current,
            expected_version,
            _("This reminder was changed at another desk while you were editing it."),
        )
        values["version"] = current.version + 1
        values["updated_at"] = clock_now()
        Reminder.update(**values).where(Reminder.id == reminder_id).execute()
    return get_reminder(reminder_id)


def get_reminder(reminder_id: int) -> Reminder:
    reminder = Reminder.get_or_none(Reminder.id == reminder_id)
    if reminder is None:
        raise NotFound(_("Reminder {id} not found.", id=reminder_id))
    return reminder


def _open_reminder(reminder_id: int) -> Reminder:
    reminder = get_reminder(reminder_id)
    if reminder.status != "open":
        raise ValidationError(_("This reminder is already closed."))
    return reminder


# -- actions ------------------------------------------------------------------------------


def complete(reminder_id: int, now: datetime | None = None) -> Reminder | None:
    """Mark done. A recurring reminder gets its next occurrence (returned), in one transaction."""
    now = now or clock_now()
    with db.atomic():
        reminder = _open_reminder(reminder_id)
        Reminder.update(status="done", done_at=now, updated_at=now).where(
            Reminder.id == reminder_id
        ).execute()
        if not reminder.rrule:
            return None
        due = next_occurrence(reminder.rrule, reminder.recur_from, reminder.due_at, now)
        if due is None:
            return None
        return Reminder.create(
            customer=reminder.customer_id,
            policy=reminder.policy_id,
            complaint=reminder.complaint_id,
            title=reminder.title,
            notes=reminder.notes,
            due_at=due,
            has_time=reminder.has_time,
            kind=reminder.kind,
            rrule=reminder.rrule,
            recur_from=reminder.recur_from,
        )


def snooze(
    reminder_id: int, choice: str, text: str | None = None, now: datetime | None = None
) -> Reminder:
    now = now or clock_now()
    with db.atomic():
        reminder = _open_reminder(reminder_id)
        due, has_time = snooze_target(choice, now, reminder.due_at, reminder.has_time, text)
        Reminder.update(
            due_at=due,
            has_time=has_time,
            snoozed_count=Reminder.snoozed_count + 1,
            updated_at=now,
        ).where(Reminder.id == reminder_id).execute()
    return get_reminder(reminder_id)


def cancel(reminder_id: int, now: datetime | None = None) -> None:
    now = now or clock_now()
    with db.atomic():
        _open_reminder(reminder_id)
        Reminder.update(status="cancelled", updated_at=now).where(
            Reminder.id == reminder_id
        ).execute()


def reopen(reminder_id: int, now: datetime | None = None) -> None:
    now = now or clock_now()
    with db.atomic():
        get_reminder(reminder_id)
        Reminder.update(status="open", done_at=None, updated_at=now).where(
            Reminder.id == reminder_id
        ).execute()


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


def due_reminders(code: str, today: date, limit: int = PAGE_SIZE) -> tuple[list[ReminderRow], bool]:
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
        )
        for rid, title, due, timed, cid, name, rule, notes, kind, pid, compl in (
            agenda_sql.open_reminders(low, high, limit + 1)
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
