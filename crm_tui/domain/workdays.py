"""Working-time arithmetic for service deadlines.

A *working day* is a whole calendar day (00:00–24:00) that is not a Saturday, a Sunday
or a public holiday. "N working days" means N × 24 hours of working time: time on
weekends and holidays does not count. So a complaint opened on Friday at 16:00 with
one working day is due on Monday at 16:00, and one opened on Saturday is due at the
end of Monday. Small shops keep different opening hours, so there are no office hours.

Public holidays (``TR_HOLIDAYS``) are Turkey's national holidays that fall on the same
date every year, plus the religious holidays (Ramazan and Kurban Bayramı, which move
with the lunar calendar) for the years listed in ``TR_RELIGIOUS_HOLIDAYS`` (dates from
the Diyanet calendar, cross-checked with the ``holidays`` package's Turkey calendar;
half-day eves are treated as working days). Later years, bridge days ("idari izin") and
the shop's own closing days are added by the user as extra holidays (database setting
``complaint_holidays``, a list of ISO dates, edited in the complaints screen's service
level dialog); ``complaint_skip_holidays = false`` turns holiday skipping off (weekends
only).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

# (month, day): New Year, National Sovereignty and Children's Day, Labour Day,
# Atatürk Commemoration and Youth and Sports Day, Democracy and National Unity Day,
# Victory Day, Republic Day.
TR_FIXED_HOLIDAYS: tuple[tuple[int, int], ...] = (
    (1, 1),
    (4, 23),
    (5, 1),
    (5, 19),
    (7, 15),
    (8, 30),
    (10, 29),
)

# Ramazan Bayramı (3 days) and Kurban Bayramı (4 days), first day to last day.
TR_RELIGIOUS_HOLIDAYS: tuple[tuple[date, date], ...] = (
    (date(2025, 3, 30), date(2025, 4, 1)),
    (date(2025, 6, 6), date(2025, 6, 9)),
    (date(2026, 3, 20), date(2026, 3, 22)),
    (date(2026, 5, 27), date(2026, 5, 30)),
    (date(2027, 3, 9), date(2027, 3, 11)),
    (date(2027, 5, 16), date(2027, 5, 19)),
    (date(2028, 2, 26), date(2028, 2, 28)),
    (date(2028, 5, 5), date(2028, 5, 8)),
    (date(2029, 2, 14), date(2029, 2, 16)),
    (date(2029, 4, 24), date(2029, 4, 27)),
    (date(2030, 2, 4), date(2030, 2, 6)),
    (date(2030, 4, 13), date(2030, 4, 16)),
)
LAST_KNOWN_YEAR = 2030  # the religious holidays above are listed up to this year

DAY = timedelta(days=1)


class Calendar:
    """Which days are working days."""

    def __init__(self, holidays: Iterable[date] = (), fixed: Iterable[tuple[int, int]] = ()):
        self.holidays = frozenset(holidays)
        self.fixed = frozenset(fixed)

    def is_working_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        return day not in self.holidays and (day.month, day.day) not in self.fixed

    def add(self, start: datetime, amount: timedelta) -> datetime:
        """The moment ``amount`` of working time after ``start``.

        The result never lies inside a non-working day unless it is exactly its
        midnight start (the end of the previous working day is kept as 24:00 of that day).
        """
        if amount <= timedelta(0):
            return start
        remaining = amount
        current = start
        while True:
            day = current.date()
            day_end = datetime.combine(day + DAY, time())
            if self.is_working_day(day):
                available = day_end - current
                if remaining <= available:
                    return current + remaining
                remaining -= available
            current = day_end

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from ``start`` to ``end`` (zero when ``end`` is not later)."""
        if end <= start:
            return timedelta(0)
        total = timedelta(0)
        current = start
        while current < end:
            day_end = datetime.combine(current.date() + DAY, time())
            stop = min(day_end, end)
            if self.is_working_day(current.date()):
                total += stop - current
            current = stop
        return total


WEEKENDS_ONLY = Calendar()
TURKEY = Calendar(
    holidays=[
        start + DAY * i
        for start, end in TR_RELIGIOUS_HOLIDAYS
        for i in range((end - start).days + 1)
    ],
    fixed=TR_FIXED_HOLIDAYS,
)


def calendar_from_settings(skip_holidays: bool | None, extra: Iterable[str] | None) -> Calendar:
    """The working calendar for the stored settings (``None`` = defaults: Turkish holidays)."""
    if skip_holidays is False:
        return WEEKENDS_ONLY
    extra_days = []
    for text in extra or ():
        try:
            extra_days.append(date.fromisoformat(str(text)))
        except ValueError:
            continue
    if not extra_days:
        return TURKEY
    return Calendar(holidays=set(TURKEY.holidays) | set(extra_days), fixed=TR_FIXED_HOLIDAYS)
