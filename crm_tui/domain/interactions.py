"""Interactions (contact moments) and the call wrap-up: log a call and, in the same
transaction, schedule the next follow-up as a call-back reminder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from ..clock import now as clock_now
from ..db.models import Customer, Interaction, Reminder, db
from ..i18n import N_, _
from .errors import ValidationError
from .labels import LABELS
from .parsing import parse_date
from .who import current_user, record

CHANNELS = tuple(c for c in LABELS["channel"] if c not in ("call",))
DIRECTIONS = ("in", "out")

# Follow-up choices offered after a call: code -> (key, label msgid)
FOLLOW_UPS: dict[str, tuple[str, str]] = {
    "none": ("0", N_("No follow-up")),
    "tomorrow": ("1", N_("Tomorrow")),
    "week": ("2", N_("In a week")),
    "month": ("3", N_("In a month")),
    "date": ("4", N_("On a date")),
}

FOLLOW_UP_HOUR = time(10, 0)


@dataclass
class InteractionInput:
    channel: str = "phone"
    direction: str = "in"
    summary: str = ""
    outcome: str | None = None
    duration_min: str | int | None = None
    at: datetime | None = None
    follow_up: str = "none"  # none | tomorrow | week | month | date
    follow_up_date: str | date | None = None  # typed text when follow_up == "date"
    follow_up_note: str | None = None


def parse_follow_up(text: str | None) -> tuple[str, str | None]:
    """What was typed in the follow-up box: ``0``/empty none, ``1`` tomorrow, ``2`` in a week,
    ``3`` in a month, anything else a date (``25.11.2026``, ``+3g``, ``yarın``)."""
    raw = (text or "").strip()
    for code, (key, _label) in FOLLOW_UPS.items():
        if raw == key and code != "date":
            return code, None
    if not raw:
        return "none", None
    return "date", raw


def follow_up_day(choice: str, typed: str | date | None, today: date) -> date | None:
    """The day of the next follow-up, or None. Raises ValidationError for a bad typed date."""
    if choice in (None, "", "none"):
        return None
    if choice == "tomorrow":
        return today + timedelta(days=1)
    if choice == "week":
        return today + timedelta(days=7)
    if choice == "month":
        return today + relativedelta(months=1)
    if choice == "date":
        if isinstance(typed, date):
            day = typed
        else:
            try:
                day = parse_date(typed or "", today)
            except ValidationError as exc:
                raise ValidationError({"follow_up_date": str(exc)}) from exc
        if day < today:
            raise ValidationError(
                {"follow_up_date": _("The follow-up date cannot be in the past.")}
            )
        return day
    raise ValidationError({"follow_up": _("Unknown follow-up choice.")})


def log_interaction(
    customer_id: int, data: InteractionInput, now: datetime | None = None
) -> tuple[Interaction, Reminder | None]:
    """Save one contact moment; updates the customer's last contact time and, when asked,
    creates the call-back reminder — all in one transaction."""
    moment = now or clock_now()
    errors: dict[str, str] = {}
    channel = data.channel or "phone"
    if channel not in LABELS["channel"]:
        errors["channel"] = _("Choose a channel.")
    direction = data.direction or "in"
    if direction not in DIRECTIONS:
        errors["direction"] = _("Choose incoming or outgoing.")
    summary = (data.summary or "").strip()
    if not summary:
        errors["summary"] = _("Write a short summary of the conversation.")
    duration: int | None = None
    raw = data.duration_min
    if raw not in (None, ""):
        try:
            duration = int(str(raw).strip())
        except ValueError:
            duration = -1
        if not 0 <= duration <= 1440:
            errors["duration_min"] = _("Expected minutes as a whole number from 0 to 1440.")
    at = data.at or moment
    if at > moment + timedelta(minutes=5):
        errors["at"] = _("An interaction cannot be in the future.")
    day: date | None = None
    try:
        day = follow_up_day(data.follow_up, data.follow_up_date, moment.date())
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise ValidationError(_("Customer {id} not found.", id=customer_id))
        interaction = Interaction.create(
            customer=customer_id,
            at=at,
            channel=channel,
            direction=direction,
            summary=summary,
            outcome=(data.outcome or "").strip() or None,
            duration_min=duration,
            created_at=moment,
        )
        Customer.update(last_contact_at=at).where(
            (Customer.id == customer_id)
            & (Customer.last_contact_at.is_null() | (Customer.last_contact_at < at))
        ).execute()
        reminder = None
        if day is not None:
            note = (data.follow_up_note or "").strip()
            reminder = Reminder.create(
                customer=customer_id,
                # what the call was about: the Today line already shows who
                title=note or _("Call back: {summary}", summary=_short(summary)),
                notes=summary,
                due_at=datetime.combine(day, FOLLOW_UP_HOUR),
                has_time=False,
                kind="callback",
                # whoever promised the call-back makes it (domain/assignment.py)
                assigned_to=current_user(),
                created_at=moment,
                updated_at=moment,
            )
        record(
            "interaction",
            customer_id,
            {"interaction": interaction.id, "channel": channel, "direction": direction},
            at=moment,
        )
    return interaction, reminder


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def list_interactions(customer_id: int, limit: int = 200) -> list[Interaction]:
    return list(
        Interaction.select()
        .where(Interaction.customer == customer_id)
        .order_by(Interaction.at.desc(), Interaction.id.desc())
        .limit(limit)
    )
