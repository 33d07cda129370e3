"""Complaints: the settings the user edits (service levels, holidays, "near" on Today)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ...db.models import db
from ...i18n import N_, _
from ..errors import ValidationError
from ..settings import DEFAULTS, get_setting, set_setting
from .deadlines import parse_level
from .rules import MAX_LEVEL, PRIORITIES

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
    if parse_level(raw) is None:
        return None
    for unit in ("working_days", "working_hours", "hours", "days"):
        if unit in raw:  # the order parse_level reads them in
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
    from ..parsing import parse_date

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
