"""iCalendar (.ics) export of open reminders and renewal dates, so they reach a phone calendar.

Reminders without a time become all-day events; renewals are all-day events on the policy's
end date. The file is written owner-only (0600): it names customers.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path

import vobject
from dateutil import tz

from ..clock import now as clock_now
from ..clock import today as clock_today
from ..db.models import Customer, Policy, Reminder
from ..i18n import _
from .labels import label

BATCH = 2000


def _event(cal, uid: str, summary: str, start, description: str | None, stamp: datetime):
    event = cal.add("vevent")
    event.add("uid").value = uid
    event.add("dtstamp").value = stamp
    event.add("summary").value = summary
    if isinstance(start, datetime):
        event.add("dtstart").value = start
        event.add("dtend").value = start + timedelta(minutes=30)
    else:
        event.add("dtstart").value = start
        event.add("dtend").value = start + timedelta(days=1)
    if description:
        event.add("description").value = description
    return event


def build_calendar(today: date | None = None, renewal_days: int = 365, now: datetime | None = None):
    """A vobject calendar with every open reminder and the end dates of active policies in the
    next ``renewal_days``. Reads in batches; returns (calendar, reminders, renewals)."""
    today = today or clock_today()
    now = now or clock_now()
    stamp = now.astimezone(tz.UTC)  # naive = local wall clock
    cal = vobject.iCalendar()
    cal.add("prodid").value = "-//crm-tui//reminders//EN"
    cal.add("x-wr-calname").value = _("crm-tui reminders")
    n_rem = 0
    query = (
        Reminder.select(
            Reminder.id,
            Reminder.title,
            Reminder.due_at,
            Reminder.has_time,
            Reminder.notes,
            Reminder.rrule,
            Customer.name,
        )
        .join(Customer, on=(Reminder.customer == Customer.id), join_type="LEFT OUTER JOIN")
        .where(Reminder.status == "open")
        .order_by(Reminder.due_at)
    )
    for rid, title, due_at, has_time, notes, _rrule, name in query.tuples().iterator():
        summary = f"{title} — {name}" if name else title
        start = due_at if has_time else due_at.date()
        _event(cal, f"reminder-{rid}@crm-tui", summary, start, notes, stamp)
        n_rem += 1
    n_ren = 0
    policies = (
        Policy.select(
            Policy.id, Policy.line, Policy.number, Policy.plate, Policy.end_date, Customer.name
        )
        .join(Customer, on=(Policy.customer == Customer.id))
        .where(
            Policy.status == "active",
            Policy.end_date >= today,
            Policy.end_date <= today + timedelta(days=renewal_days),
        )
        .order_by(Policy.end_date)
    )
    for pid, line, number, plate, end, name in policies.tuples().iterator():
        summary = _(
            "Renewal: {customer} — {line} {number}",
            customer=name,
            line=label("line", line),
            number=number or plate or "",
        ).strip()
        _event(cal, f"renewal-{pid}@crm-tui", summary, end, None, stamp)
        n_ren += 1
    return cal, n_rem, n_ren


def export_ics(
    path: Path | str, today: date | None = None, renewal_days: int = 365
) -> tuple[int, int]:
    """Write the calendar to ``path`` (created 0600, replaced atomically). Returns the
    number of (reminders, renewals) written."""
    path = Path(path)
    cal, n_rem, n_ren = build_calendar(today, renewal_days)
    data = cal.serialize().encode("utf-8")
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
    return n_rem, n_ren
