"""Reminders: snooze, the form (create, edit, links) and the actions (done, cancel, reopen)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from ...clock import now as clock_now
from ...clock import today as clock_today
from ...db import sqlfn
from ...db.models import Complaint, Customer, Policy, Reminder, db
from ...i18n import N_, _, format_date
from ..assignment import note_reminder
from ..concurrency import check_version
from ..errors import NotFound, ValidationError
from ..parsing import date_hint, parse_date, parse_time
from ..undo import undoable
from ..who import record, user_name
from .recurrence import DEFAULT_TIME, build_rrule, next_occurrence

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
    # who is to do it (a typed user name, "" = nobody); None: nobody for a new reminder,
    # unchanged for an edit (the form always says: it starts with the creator's name)
    assigned_to: str | None = None


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
    if data.assigned_to is not None:
        try:
            values["assigned_to"] = user_name(data.assigned_to)
        except ValidationError as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    return values


def link_options(customer_id: int | None, limit: int = 30) -> list[tuple[str, str]]:
    """What a reminder of this customer can be linked to: ("policy:ID" or "complaint:ID",
    text) for active policies (soonest end first) and open complaints."""
    from ..labels import label

    if not customer_id:
        return []
    out: list[tuple[str, str]] = []
    policies = (
        Policy.select(Policy.id, Policy.line, Policy.number, Policy.plate, Policy.end_date)
        # likely(): the customer's index, not every active policy (see loyalty/customer.py)
        .where(Policy.customer == customer_id, sqlfn.likely(Policy.status == "active"))
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
        reminder = Reminder.create(**values)
        note_reminder(reminder, None)
        return reminder


def _reminder(reminder_id: int, *args: object, **kwargs: object) -> list[tuple[type, int]]:
    return [(Reminder, reminder_id)]


def _title(before: dict) -> dict:
    return {"title": before["title"]}


@undoable(N_("edit of reminder “{title}”"), _reminder, _title)
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
        saved = get_reminder(reminder_id)
        note_reminder(saved, current.assigned_to)
    return saved


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


@undoable(
    N_("“{title}” marked done"),
    _reminder,
    _title,
    created=lambda made: [(Reminder, made.id)] if made is not None else [],
)
def complete(reminder_id: int, now: datetime | None = None) -> Reminder | None:
    """Mark done. A recurring reminder gets its next occurrence (returned), in one transaction."""
    now = now or clock_now()
    with db.atomic():
        reminder = _open_reminder(reminder_id)
        Reminder.update(status="done", done_at=now, updated_at=now).where(
            Reminder.id == reminder_id
        ).execute()
        record("reminder_done", reminder.customer_id, {"reminder": reminder_id}, at=now)
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
            assigned_to=reminder.assigned_to,  # the next time is the same person's
        )


@undoable(N_("snooze of “{title}”"), _reminder, _title)
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
        record(
            "reminder_snoozed",
            reminder.customer_id,
            {"reminder": reminder_id, "due": due.isoformat(sep=" ")},
            at=now,
        )
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
