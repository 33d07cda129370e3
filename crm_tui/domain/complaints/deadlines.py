"""Complaints: service levels, the working calendar and deadline arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ...db.models import Complaint, ComplaintEvent
from ...i18n import _
from .. import workdays
from ..settings import DEFAULTS, get_setting
from .rules import DONE_STATUSES, MAX_LEVEL, OPEN_STATUSES, PRIORITIES, RUNNING_STATUSES

# -- service levels and the clock ------------------------------------------------------


@dataclass(frozen=True)
class ServiceLevel:
    amount: timedelta
    working: bool  # measured on the working clock (weekends/holidays do not count)


def parse_level(raw: object) -> ServiceLevel | None:
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
        level = parse_level(stored.get(priority)) if isinstance(stored, dict) else None
        levels[priority] = level or parse_level(defaults[priority])
    return levels


def working_calendar() -> workdays.Calendar:
    return workdays.calendar_from_settings(
        get_setting("complaint_skip_holidays"), get_setting("complaint_holidays")
    )


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


def overdue_expr(now: datetime):
    return (Complaint.status.in_(RUNNING_STATUSES) & (Complaint.deadline_at < now)) | (
        (Complaint.status == "waiting") & (Complaint.deadline_at < Complaint.waiting_since)
    )
