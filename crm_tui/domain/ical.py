"""iCalendar (.ics) export of open reminders and renewal dates, so they reach a phone calendar.

* Every event has a stable UID (``reminder-ID@crm-tui``, ``renewal-ID@crm-tui``): importing
  a newer file updates the events instead of doubling them.
* A reminder with a time is a 30-minute event at that (local, floating) time; one without a
  time is an all-day event. Renewals are all-day events on the policy's end date.
* A calendar-kind recurrence keeps its RRULE, so the phone shows the coming occurrences.
  A rule counted from completion has no fixed next dates: the event is the next one only,
  and its description says how it repeats.
* What goes in: open reminders due up to ``days`` ahead (overdue ones too) and active
  policies ending in the next ``days`` days. The file is written owner-only (0600): it
  names customers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import vobject
from dateutil import tz

from ..clock import now as clock_now
from ..clock import today as clock_today
from ..db.models import Customer, Policy, Reminder
from ..i18n import _
from ..private_files import write_private_atomic
from .labels import label
from .reminders import describe_rule

DEFAULT_DAYS = 365
TIMED_MINUTES = 30


def _event(cal, uid: str, summary: str, start, stamp: datetime, description: str | None):
    event = cal.add("vevent")
    event.add("uid").value = uid
    event.add("dtstamp").value = stamp
    event.add("summary").value = summary
    event.add("dtstart").value = start
    if isinstance(start, datetime):
        event.add("dtend").value = start + timedelta(minutes=TIMED_MINUTES)
    else:
        event.add("dtend").value = start + timedelta(days=1)
    if description:
        event.add("description").value = description
    return event


def build_calendar(
    today: date | None = None,
    days: int = DEFAULT_DAYS,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    reminders: bool = True,
):
    """A vobject calendar of open reminders due up to ``days`` ahead (overdue included) and
    renewal dates of the next ``days`` days. Returns (calendar, reminders, renewals).
    ``reminders=False``: renewal dates only.
    ``progress(n)`` is called every 1,000 events (vobject takes about 1 ms an event)."""
    today = today or clock_today()
    now = now or clock_now()
    stamp = now.astimezone(tz.UTC)  # naive = local wall clock
    horizon = today + timedelta(days=days)
    cal = vobject.iCalendar()
    cal.add("prodid").value = "-//crm-tui//reminders//EN"
    cal.add("x-wr-calname").value = _("crm-tui reminders")
    count = 0

    def step() -> None:
        nonlocal count
        count += 1
        if progress is not None and count % 1000 == 0:
            progress(count)

    n_rem = 0
    query = (
        Reminder.select(
            Reminder.id,
            Reminder.title,
            Reminder.due_at,
            Reminder.has_time,
            Reminder.notes,
            Reminder.rrule,
            Reminder.recur_from,
            Customer.name,
        )
        .join(Customer, on=(Reminder.customer == Customer.id), join_type="LEFT OUTER JOIN")
        .where(
            Reminder.status == "open",
            Reminder.due_at < datetime.combine(horizon + timedelta(days=1), datetime.min.time()),
        )
        .order_by(Reminder.due_at)
    )
    rows = query.tuples().iterator() if reminders else ()
    for rid, title, due_at, has_time, notes, rule, recur_from, name in rows:
        summary = f"{title} — {name}" if name else title
        start = due_at if has_time else due_at.date()
        description = notes
        if rule and recur_from == "completion":
            repeat = _(
                "Repeats: {rule}, counted from the day it is done.", rule=describe_rule(rule)
            )
            description = "\n\n".join(x for x in (notes, repeat) if x)
        event = _event(cal, f"reminder-{rid}@crm-tui", summary, start, stamp, description)
        if rule and recur_from != "completion":
            event.add("rrule").value = rule.removeprefix("RRULE:")
        n_rem += 1
        step()
    n_ren = 0
    policies = (
        Policy.select(
            Policy.id,
            Policy.line,
            Policy.number,
            Policy.plate,
            Policy.provider,
            Policy.end_date,
            Customer.name,
        )
        .join(Customer, on=(Policy.customer == Customer.id))
        .where(
            Policy.status == "active",
            Policy.end_date >= today,
            Policy.end_date <= horizon,
        )
        .order_by(Policy.end_date)
    )
    for pid, line, number, plate, provider, end, name in policies.tuples().iterator():
        summary = _(
            "Renewal: {customer} — {line} {number}",
            customer=name,
            line=label("line", line),
            number=number or plate or "",
        ).strip()
        _event(cal, f"renewal-{pid}@crm-tui", summary, end, stamp, provider)
        n_ren += 1
        step()
    return cal, n_rem, n_ren


def default_path() -> Path:
    """Where the TUI offers to write the file: the home folder."""
    return Path.home() / "crm-tui.ics"


def export_ics(
    path: Path | str,
    today: date | None = None,
    days: int = DEFAULT_DAYS,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Write the calendar to ``path`` (created 0600, replaced atomically: a failed export
    leaves the old file). Returns the number of (reminders, renewals) written."""
    path = Path(path).expanduser()
    cal, n_rem, n_ren = build_calendar(today, days, progress=progress)
    data = cal.serialize().encode("utf-8")
    # a random temporary name created exclusively: a planted symlink is never followed
    write_private_atomic(path, data)
    return n_rem, n_ren


def check_target(text: str) -> Path:
    """The file a typed path means, or a ValidationError saying what is wrong with it."""
    from .errors import ValidationError

    raw = (text or "").strip()
    if not raw:
        raise ValidationError({"path": _("Type the file to write, like ~/crm-tui.ics.")})
    path = Path(raw).expanduser()
    if path.is_dir():
        raise ValidationError(
            {"path": _("{path} is a folder; give a file name like reminders.ics.", path=path)}
        )
    if not path.parent.is_dir():
        raise ValidationError({"path": _("Folder {folder} does not exist.", folder=path.parent)})
    if path.suffix.lower() != ".ics":
        path = path.with_name(path.name + ".ics")
    return path
