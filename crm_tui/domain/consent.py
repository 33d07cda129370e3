"""Commercial e-message consent (İYS): per channel (sms, email, call) every change is a new
``Consent`` row (history); the newest row per channel is in force. Used by the customer
forms and by privacy (kept apart so that both can import it without a cycle)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from ..clock import now as clock_now
from ..db.models import Consent, Customer, db
from ..i18n import _, format_datetime
from .errors import NotFound, ValidationError
from .labels import LABELS, label
from .parsing import parse_date

CHANNELS = ("sms", "email", "call")
METHODS = tuple(LABELS["consent_method"])


@dataclass
class ConsentState:
    channel: str
    granted: bool
    at: datetime | None
    method: str | None
    reference: str | None
    iys_registered: bool


def _customer(customer_id: int) -> Customer:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("Customer {id} not found.", id=customer_id))
    return customer


def method_label(method: str | None) -> str:
    # One label map for the card, the privacy screen and the CLI.
    return label("consent_method", method) if method in METHODS else (method or "")


def describe_entry(c) -> str:
    """One consent record (or state) as a line: 'SMS: given 05.01.2026 12:00, written
    form, "Form 7", İYS'."""
    parts = [
        (_("given") if c.granted else _("withdrawn"))
        + (" " + format_datetime(c.at) if c.at else "")
    ]
    if c.method:
        parts.append(method_label(c.method))
    if c.reference:
        parts.append(f"“{c.reference}”")
    if c.iys_registered:
        parts.append(_("registered with İYS"))
    return f"{label('consent_channel', c.channel)}: " + ", ".join(parts)


def describe_state(state: ConsentState) -> str:
    if state.at is None:
        return f"{label('consent_channel', state.channel)}: " + _("never asked (no consent)")
    return describe_entry(state)


def set_consent(
    customer_id: int,
    channel: str,
    granted: bool,
    *,
    at: datetime | None = None,
    method: str | None = None,
    reference: str | None = None,
    iys_registered: bool = False,
    now: datetime | None = None,
) -> Consent:
    """Record a consent given or withdrawn (a new history row; older rows stay)."""
    now = now or clock_now()
    errors = {}
    if channel not in CHANNELS:
        errors["channel"] = _("Channel must be sms, email or call.")
    if at is not None and at > now:
        errors["at"] = _("The consent date cannot be in the future.")
    if method is not None and method not in METHODS:
        errors["method"] = _("How the consent was given: {methods}.", methods=", ".join(METHODS))
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        customer = _customer(customer_id)
        if customer.anonymized_at is not None:
            raise ValidationError(_("This customer's data was erased."))
        return Consent.create(
            customer=customer_id,
            channel=channel,
            granted=bool(granted),
            at=at or now,
            method=method,
            reference=(reference or "").strip() or None,
            iys_registered=bool(iys_registered),
            recorded_at=now,
        )


def current_consents(customer_id: int) -> dict[str, ConsentState]:
    """The consent in force per channel (newest by date, then by entry); no row = not given."""
    out = {ch: ConsentState(ch, False, None, None, None, False) for ch in CHANNELS}
    for c in (
        Consent.select().where(Consent.customer == customer_id).order_by(Consent.at, Consent.id)
    ):
        if c.channel in out:
            out[c.channel] = ConsentState(
                c.channel, c.granted, c.at, c.method, c.reference, c.iys_registered
            )
    return out


def consent_history(customer_id: int) -> list[Consent]:
    return list(
        Consent.select()
        .where(Consent.customer == customer_id)
        .order_by(Consent.at.desc(), Consent.id.desc())
    )


def may_contact(customer_id: int, channel: str) -> bool:
    return current_consents(customer_id)[channel].granted


def record_consent(
    customer_id: int,
    channel: str,
    granted: bool,
    at_text: str = "",
    method: str | None = None,
    reference: str | None = None,
    iys_registered: bool = False,
    now: datetime | None = None,
) -> Consent:
    """``set_consent`` for forms and the command line: the date as typed (empty: now)."""
    now = now or clock_now()
    at = None
    if (at_text or "").strip():
        try:
            day = parse_date(at_text, now.date())
        except ValidationError as exc:
            raise ValidationError({"at": str(exc)}) from exc
        at = now if day == now.date() else datetime.combine(day, time(12, 0))
    return set_consent(
        customer_id,
        channel,
        granted,
        at=at,
        method=method or None,
        reference=reference,
        iys_registered=iys_registered,
        now=now,
    )
