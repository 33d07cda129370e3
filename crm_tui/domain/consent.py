"""Commercial e-message consent (İYS): per channel (sms, email, call) every change is a new
``Consent`` row (history); the newest row per channel is in force. Used by the customer
forms and by privacy (kept apart so that both can import it without a cycle)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from typing import NamedTuple

from ..clock import now as clock_now
from ..db.models import Consent, Customer, db
from ..i18n import _, format_datetime
from .errors import NotFound, ValidationError
from .labels import LABELS, label
from .parsing import parse_date

CHANNELS = ("sms", "email", "call")
METHODS = tuple(LABELS["consent_method"])
# İYS's source codes (izin kaynağı); "IYS" marks a row that İYS's own answer file brought
IYS_SOURCES = tuple(LABELS["iys_source"])


@dataclass
class ConsentState:
    channel: str
    granted: bool
    at: datetime | None
    method: str | None
    reference: str | None
    iys_registered: bool
    iys_source: str | None = None
    iys_status: str | None = None  # what İYS answered (ONAY / RET / error), None: not yet


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
    if getattr(c, "iys_source", None):
        parts.append(label("iys_source", c.iys_source))
    if getattr(c, "iys_status", None):
        parts.append(_("İYS: {status}", status=c.iys_status))
    elif c.iys_registered:
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
    iys_source: str | None = None,
) -> Consent:
    """Record a consent given or withdrawn (a new history row; older rows stay).
    ``iys_source``: İYS's source code (HS_...); None: derived from ``method`` on export."""
    now = now or clock_now()
    errors = {}
    if channel not in CHANNELS:
        errors["channel"] = _("Channel must be sms, email or call.")
    if at is not None and at > now:
        errors["at"] = _("The consent date cannot be in the future.")
    if method is not None and method not in METHODS:
        errors["method"] = _("How the consent was given: {methods}.", methods=", ".join(METHODS))
    if iys_source is not None and iys_source not in IYS_SOURCES:
        errors["iys_source"] = _("İYS source: {codes}.", codes=", ".join(IYS_SOURCES))
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
            iys_source=iys_source,
        )


def current_consents(customer_id: int) -> dict[str, ConsentState]:
    """The consent in force per channel (newest by date, then by entry); no row = not given."""
    out = {ch: ConsentState(ch, False, None, None, None, False) for ch in CHANNELS}
    for c in (
        Consent.select().where(Consent.customer == customer_id).order_by(Consent.at, Consent.id)
    ):
        if c.channel in out:
            out[c.channel] = ConsentState(
                c.channel,
                c.granted,
                c.at,
                c.method,
                c.reference,
                c.iys_registered,
                c.iys_source,
                c.iys_status,
            )
    return out


def consent_history(customer_id: int) -> list[Consent]:
    return list(
        Consent.select()
        .where(Consent.customer == customer_id)
        .order_by(Consent.at.desc(), Consent.id.desc())
    )


def may_contact(customer_id: int, channel: str) -> bool:
    """Consent in force for ``channel`` and no RET from İYS (see ``check_contact``)."""
    return check_contact(customer_id, channel).allowed


class ContactCheck(NamedTuple):
    """The answer of ``check_contact``; unpacks as ``allowed, reason, record``."""

    allowed: bool
    reason: str  # why (shown to the user when refused)
    record: Consent | None  # the consent row that decided (None: never asked)


def _iys_known(c: Consent) -> bool:
    return c.iys_status in ("ONAY", "RET")


def check_contact(customer_id: int, channel: str) -> ContactCheck:
    """May a commercial message go to ``customer_id`` on ``channel`` (sms | email | call)?

    Allowed only when the newest consent row is a given consent (açık rıza, ONAY) and İYS
    does not say RET: the newest row whose status İYS confirmed (or that İYS's answer file
    brought) must not be a RET. A RET from İYS wins over a newer ONAY typed in the app until
    İYS's answer confirms that ONAY (the law asks senders to check İYS before sending)."""
    if channel not in CHANNELS:
        raise ValidationError(_("Channel must be sms, email or call."))
    rows = list(
        Consent.select()
        .where(Consent.customer == customer_id, Consent.channel == channel)
        .order_by(Consent.at.desc(), Consent.id.desc())
    )
    if not rows:
        return ContactCheck(False, _("No consent was ever recorded for this channel."), None)
    newest = rows[0]
    if not newest.granted:
        return ContactCheck(
            False, _("Consent withdrawn or refused: {what}", what=describe_entry(newest)), newest
        )
    iys = next((c for c in rows if _iys_known(c)), None)
    if iys is not None and iys.iys_status == "RET":
        return ContactCheck(
            False,
            _(
                "İYS says RET (refused) since {date}; a newer consent must reach İYS first.",
                date=format_datetime(iys.at),
            ),
            iys,
        )
    return ContactCheck(True, _("Consent given: {what}", what=describe_entry(newest)), newest)


def iys_refused(customer_ids: list[int], channel: str) -> set[int]:
    """Of ``customer_ids``, those whose newest İYS-known row for ``channel`` is a RET (for
    campaigns: one query, not one ``check_contact`` per customer)."""
    out: set[int] = set()
    seen: set[int] = set()
    for start in range(0, len(customer_ids), 500):
        chunk = customer_ids[start : start + 500]
        query = (
            Consent.select(Consent.customer, Consent.iys_status)
            .where(
                Consent.customer.in_(chunk),
                Consent.channel == channel,
                Consent.iys_status.in_(("ONAY", "RET")),
            )
            .order_by(Consent.at.desc(), Consent.id.desc())
            .tuples()
        )
        rows: Iterable[tuple[int, str]] = iter(query)  # type: ignore[assignment]
        for cid, status in rows:
            if cid not in seen:
                seen.add(cid)
                if status == "RET":
                    out.add(cid)
    return out


def record_consent(
    customer_id: int,
    channel: str,
    granted: bool,
    at_text: str = "",
    method: str | None = None,
    reference: str | None = None,
    iys_registered: bool = False,
    now: datetime | None = None,
    iys_source: str | None = None,
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
        iys_source=iys_source or None,
    )
