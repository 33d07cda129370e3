"""Reminders: recurrence rules (build, describe, check, expand) and the default time."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from ...i18n import N_, _, babel_locale, ngettext
from ..errors import ValidationError

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
