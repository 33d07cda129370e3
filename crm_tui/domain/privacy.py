"""Privacy (KVKK) and commercial e-message consent (İYS).

- Consent per channel (sms, email, call): every change is a new ``Consent`` row (history);
  the newest row per channel is in force.
- ``export_person``: everything stored about one customer, as JSON (the right of access).
- ``erase_person``: anonymize the customer (the right to erasure) while keeping the
  anonymous numbers statistics need (amounts, dates, premiums, scores); afterwards the
  personal data is gone from the database file itself (FTS merge, VACUUM, WAL truncate).

Both are logged in ``AuditLog`` without personal data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from ..clock import now as clock_now
from ..db import backup as raw
from ..db import search
from ..db.models import (
    AuditLog,
    Complaint,
    ComplaintEvent,
    Consent,
    Customer,
    CustomerTag,
    Interaction,
    Phone,
    PointsEntry,
    Policy,
    Purchase,
    Reminder,
    Survey,
    Tag,
    db,
)
from ..i18n import _
from .errors import NotFound, ValidationError

CHANNELS = ("sms", "email", "call")
METHODS = ("written", "verbal", "phone", "web", "sms", "email", "import", "other")


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


# -- the right of access ---------------------------------------------------------------


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(query) -> list[dict]:
    return [{k: _plain(v) for k, v in row.items()} for row in query.dicts()]


def person_data(customer_id: int) -> dict:
    """Everything stored about one customer."""
    customer = _customer(customer_id)
    complaints = _rows(Complaint.select().where(Complaint.customer == customer_id))
    ids = [c["id"] for c in complaints]
    events = _rows(ComplaintEvent.select().where(ComplaintEvent.complaint.in_(ids))) if ids else []
    tags = [
        t.name for t in Tag.select().join(CustomerTag).where(CustomerTag.customer == customer_id)
    ]
    return {
        "customer": _rows(Customer.select().where(Customer.id == customer_id))[0],
        "phones": _rows(Phone.select().where(Phone.customer == customer_id)),
        "tags": tags,
        "consents": _rows(Consent.select().where(Consent.customer == customer_id)),
        "interactions": _rows(Interaction.select().where(Interaction.customer == customer_id)),
        "policies": _rows(Policy.select().where(Policy.customer == customer_id)),
        "purchases": _rows(Purchase.select().where(Purchase.customer == customer_id)),
        "complaints": complaints,
        "complaint_events": events,
        "reminders": _rows(Reminder.select().where(Reminder.customer == customer_id)),
        "points": _rows(PointsEntry.select().where(PointsEntry.customer == customer_id)),
        "surveys": _rows(Survey.select().where(Survey.customer == customer_id)),
        "referrals": [
            r.id for r in Customer.select(Customer.id).where(Customer.referred_by == customer.id)
        ],
    }


def export_person(customer_id: int, out: Path | str, now: datetime | None = None) -> Path:
    """Write everything about one customer as JSON (0600) and log it."""
    from .exporters import write_private

    now = now or clock_now()
    data = {
        "format": "crm-tui-person",
        "exported_at": now.isoformat(sep=" "),
        **person_data(customer_id),
    }
    out = Path(out).expanduser()
    write_private(out, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
    AuditLog.create(
        at=now,
        action="kvkk_export",
        customer_id=customer_id,
        detail=json.dumps({"file": out.name}),
    )
    return out


# -- the right to erasure --------------------------------------------------------------


def erase_person(customer_id: int, now: datetime | None = None) -> None:
    """Anonymize one customer: personal data removed, anonymous numbers kept.

    Cleared: name (→ "Anonim #id"), company, ids, e-mail, address, city, birthday, notes,
    phones, tags, consents, interaction summaries, policy numbers/plates/notes, purchase
    descriptions, complaint texts and notes, reminder texts, survey comments.
    Kept: purchase amounts and dates, policy lines/dates/premiums/status, complaint
    categories/dates/status, survey scores, points. Backups made earlier still hold the
    old data until they rotate out.
    """
    now = now or clock_now()
    with db.atomic():
        customer = _customer(customer_id)
        Customer.update(
            name=f"Anonim #{customer_id}",
            company=None,
            national_id=None,
            tax_number=None,
            tax_office=None,
            email=None,
            address=None,
            city=None,
            district=None,
            birthday=None,
            source=None,
            referred_by=None,
            notes=None,
            anonymized_at=now,
            updated_at=now,
            version=customer.version + 1,
        ).where(Customer.id == customer_id).execute()
        Phone.delete().where(Phone.customer == customer_id).execute()
        CustomerTag.delete().where(CustomerTag.customer == customer_id).execute()
        Consent.delete().where(Consent.customer == customer_id).execute()
        Interaction.update(summary="", outcome=None).where(
            Interaction.customer == customer_id
        ).execute()
        Policy.update(number=None, plate=None, notes=None, lost_reason=None).where(
            Policy.customer == customer_id
        ).execute()
        Purchase.update(description=None).where(Purchase.customer == customer_id).execute()
        complaint_ids = [
            c.id for c in Complaint.select(Complaint.id).where(Complaint.customer == customer_id)
        ]
        Complaint.update(subject=_("(erased)"), description=None, resolution=None).where(
            Complaint.customer == customer_id
        ).execute()
        if complaint_ids:
            ComplaintEvent.update(note=None).where(
                ComplaintEvent.complaint.in_(complaint_ids)
            ).execute()
        Reminder.update(title=_("(erased)"), notes=None).where(
            Reminder.customer == customer_id
        ).execute()
        PointsEntry.update(note=None).where(PointsEntry.customer == customer_id).execute()
        Survey.update(comment=None).where(Survey.customer == customer_id).execute()
        search.index_customers([customer_id])
        AuditLog.create(at=now, action="kvkk_erase", customer_id=customer_id, detail=None)
    raw.purge_deleted_data()
