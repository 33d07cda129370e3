"""Privacy (KVKK) and commercial e-message consent (İYS).

- Consent per channel (sms, email, call): every change is a new ``Consent`` row (history);
  the newest row per channel is in force. Defined in ``consent`` (the customer forms import
  it from there), re-exported here.
- ``export_person``: everything stored about one customer, as JSON (the right of access).
- ``erase_person``: anonymize the customer (the right to erasure) while keeping the
  anonymous numbers statistics need (amounts, dates, premiums, scores); afterwards the
  personal data is gone from the database file itself (secure_delete, FTS merge, VACUUM,
  WAL truncate).
- Backups taken before an erasure still hold the person until they rotate out; so that a
  restore does not bring them back, each erasure is noted (customer number and creation
  time, nothing personal) in ``erasures.json`` in the backup folder (``backup_folder``),
  and ``restore``
  erases them again (``reapply_erasures``).

Both are logged in ``AuditLog`` without personal data.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from ..clock import now as clock_now
from ..db import backup as raw
from ..db import search
from ..db.models import (
    AuditLog,
    CampaignSend,
    Claim,
    ClaimEvent,
    CommissionEntry,
    Complaint,
    ComplaintEvent,
    Consent,
    Customer,
    CustomerTag,
    InfoTextShown,
    Instalment,
    InsuredPerson,
    Interaction,
    MessageLog,
    Phone,
    PointsEntry,
    Policy,
    Purchase,
    Reminder,
    Survey,
    Tag,
    Vehicle,
    db,
)
from ..db.search import fold
from ..i18n import _
from . import attachments, undo
from .backup_folder import backups_folder
from .consent import (  # noqa: F401  (re-exported: privacy is where callers look)
    CHANNELS,
    METHODS,
    ConsentState,
    consent_history,
    current_consents,
    describe_entry,
    describe_state,
    may_contact,
    method_label,
    record_consent,
    set_consent,
)
from .customers import search_customers
from .errors import NotFound, ValidationError
from .exporters import ExportError, write_private
from .roles import require, server_refusal
from .who import record


def _customer(customer_id: int) -> Customer:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("Customer {id} not found.", id=customer_id))
    return customer


def find_customer(ref: str) -> Customer:
    """``#12`` or ``12`` (a customer number), or a name/phone/e-mail matching one customer."""
    text = (ref or "").strip()
    m = re.fullmatch(r"#?(\d{1,6})", text)
    if m and (text.startswith("#") or Customer.get_or_none(Customer.id == int(m.group(1)))):
        return _customer(int(m.group(1)))
    if not text:
        raise ValidationError(_("Say which customer: #12, a name or a phone number."))
    hits = search_customers(text, limit=6, include_archived=True)
    if not hits:
        raise NotFound(_("No customer matches '{text}'.", text=text))
    if len(hits) > 1:
        names = ", ".join(f"#{h.id} {h.name}" for h in hits[:5])
        raise ValidationError(
            _(
                "'{text}' matches several customers ({names}): use the number, like #{id}.",
                text=text,
                names=names,
                id=hits[0].id,
            )
        )
    return _customer(hits[0].id)


def erase_warning(name: str) -> str:
    return _(
        "Erasing {name} removes the name, phones, e-mail, ID numbers, address, notes, "
        "and every text about them (contacts, complaints, reminders); consents are withdrawn. "
        "Amounts, dates, premiums and scores stay, anonymous, for the figures; the dates of "
        "consents and of the information text shown stay 3 years as proof. This cannot be "
        "undone.",
        name=name,
    )


def confirms(answer: str) -> bool:
    """The typed confirmation of an erasure: the word ERASE (Turkish: SİL), any case."""
    typed = fold(answer or "").strip()
    return typed in {fold(_("ERASE")), "erase", "sil"}


def busy_note() -> str:
    return _(
        "Another window or desk has the database open: copies of the old pages stay in the "
        "-wal file until it closes the database."
    )


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
    claims = _rows(Claim.select().where(Claim.customer == customer_id))
    claim_ids = [c["id"] for c in claims]
    claim_events = (
        _rows(ClaimEvent.select().where(ClaimEvent.claim.in_(claim_ids))) if claim_ids else []
    )
    tags = [
        t.name for t in Tag.select().join(CustomerTag).where(CustomerTag.customer == customer_id)
    ]
    # the people the customer's policies insure, and the policies of others insuring them
    insured = _rows(
        InsuredPerson.select()
        .join(Policy)
        .where((Policy.customer == customer_id) | (InsuredPerson.customer == customer_id))
        .order_by(InsuredPerson.id)
    )
    return {
        "customer": _rows(Customer.select().where(Customer.id == customer_id))[0],
        "phones": _rows(Phone.select().where(Phone.customer == customer_id)),
        "tags": tags,
        "consents": _rows(Consent.select().where(Consent.customer == customer_id)),
        # the information text shown (aydınlatma), apart from consent (açık rıza)
        "info_texts_shown": _rows(
            InfoTextShown.select().where(InfoTextShown.customer == customer_id)
        ),
        "interactions": _rows(Interaction.select().where(Interaction.customer == customer_id)),
        "policies": _rows(Policy.select().where(Policy.customer == customer_id)),
        "vehicles": _rows(Vehicle.select().where(Vehicle.customer == customer_id)),
        "insured_persons": insured,
        "purchases": _rows(Purchase.select().where(Purchase.customer == customer_id)),
        "complaints": complaints,
        "complaint_events": events,
        "claims": claims,
        "claim_events": claim_events,
        "instalments": _rows(Instalment.select().where(Instalment.customer == customer_id)),
        "reminders": _rows(Reminder.select().where(Reminder.customer == customer_id)),
        "points": _rows(PointsEntry.select().where(PointsEntry.customer == customer_id)),
        "surveys": _rows(Survey.select().where(Survey.customer == customer_id)),
        "messages": _rows(MessageLog.select().where(MessageLog.customer == customer_id)),
        "campaign_sends": _rows(CampaignSend.select().where(CampaignSend.customer == customer_id)),
        "attachments": attachments.person_files(customer_id),
        "referrals": [
            r.id for r in Customer.select(Customer.id).where(Customer.referred_by == customer.id)
        ],
    }


def export_person(customer_id: int, out: Path | str, now: datetime | None = None) -> Path:
    """Write everything about one customer as JSON (0600) and log it."""
    now = now or clock_now()
    data = {
        "format": "crm-tui-person",
        "exported_at": now.isoformat(sep=" "),
        **person_data(customer_id),
    }
    out = Path(out).expanduser()
    write_private(out, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
    record("kvkk_export", customer_id, {"file": out.name}, at=now)
    return out


# -- the right to erasure --------------------------------------------------------------


def erase_person(customer_id: int, now: datetime | None = None) -> bool:
    """Anonymize one customer: personal data removed, anonymous numbers kept.

    Cleared: name (→ "Anonim #id"), company, ids, e-mail, address, city, birthday, notes,
    phones, tags, attachments (rows and files), consent references (consents are withdrawn; their dates and the
    information texts shown stay ``PROOF_YEARS`` as proof), interaction summaries, policy numbers/plates/notes/UAVT codes/addresses, vehicle plates and serials, insured
    persons' names, ids and birthdays, purchase
    descriptions, complaint texts and notes, claim places and notes (and their history
    notes), instalment notes, reminder texts, survey comments, and the
    details (file names) of earlier log entries about them.
    Kept: purchase amounts and dates, policy lines/dates/premiums/status, complaint
    categories/dates/status, instalment due days/amounts/payments, survey scores, points. Backups made earlier still hold the
    old data until they rotate out; a restore erases the person again.

    Returns False when another window or desk kept the WAL file from being emptied (the
    old pages in it go when that desk closes the database).
    """
    require("erase")
    now = now or clock_now()
    customer = _customer(customer_id)
    if customer.anonymized_at is not None:
        raise ValidationError(_("This customer's data was erased."))
    with server_refusal("erase"):
        _erase(customer, now)
    _note_erasure(customer_id, customer.created_at, now)
    undo.clear()  # the before-images of earlier changes hold the person's data
    return raw.purge_deleted_data()


def purge_again(customer_id: int) -> bool:
    """Erasing an already erased customer: their data is gone from the records, but the
    file is purged again (an earlier purge may have been cut short). Returns what
    ``erase_person`` returns."""
    require("erase")
    customer = _customer(customer_id)
    if customer.anonymized_at is None:
        raise ValidationError(_("This customer's data was not erased."))
    with server_refusal("erase"), raw.secure_delete(), db.atomic():
        _drop_orphan_tags(_tag_ids(customer_id))
        raw.note_pending_erasure(customer_id)
    return raw.purge_deleted_data()


def _tag_ids(customer_id: int) -> list[int]:
    tags = Tag.select(Tag.id).join(CustomerTag).where(CustomerTag.customer == customer_id)
    return [tag.id for tag in tags]


def _drop_orphan_tags(tag_ids: list[int]) -> None:
    """A tag that only the erased person had may say who they were: it goes too."""
    if tag_ids:
        used = CustomerTag.select(CustomerTag.tag).where(CustomerTag.tag.in_(tag_ids))
        Tag.delete().where(Tag.id.in_(tag_ids), Tag.id.not_in(used)).execute()


def _erase(customer: Customer, now: datetime, detail: str | None = None) -> None:
    """One transaction, deleted text zeroed: the person out, the log without file names,
    and a row in the register of pending purges (done by ``purge_deleted_data``, or at the
    next open when this process is killed before that)."""
    with raw.secure_delete(), db.atomic():
        _anonymize(customer, now)
        contents = attachments.drop_customer_rows(customer.id)
        raw.note_pending_erasure(customer.id)
        raw.allow_audit_erasure()  # the log is append-only but for this (PostgreSQL)
        AuditLog.update(detail=None).where(AuditLog.customer_id == customer.id).execute()
        record("kvkk_erase", customer.id, detail, at=now)
    attachments.release_contents(contents)  # after the commit: files are no transaction


# How long a minimal proof of consent and of informing stays after an erasure: the
# regulation on commercial electronic messages keeps consent records for 3 years after the
# consent ends (docs/DATA.md, "KVKK erasure and the proof of consent").
PROOF_YEARS = 3


def _keep_consent_proof(customer_id: int, now: datetime) -> None:
    """An erasure withdraws every consent (a RET row, dated now) and keeps the ledger as
    proof without its free text; the information-text records stay as they are (version,
    date, how, by whom). Proofs of people erased more than ``PROOF_YEARS`` ago go."""
    for channel, state in current_consents(customer_id).items():
        if state.granted:
            Consent.create(
                customer=customer_id,
                channel=channel,
                granted=False,
                at=now,
                method="other",
                recorded_at=now,
            )
    Consent.update(reference=None).where(Consent.customer == customer_id).execute()
    purge_old_proofs(now)


def purge_old_proofs(now: datetime | None = None) -> int:
    """Delete the consent and information-text records of customers erased more than
    ``PROOF_YEARS`` ago; returns how many rows went."""
    now = now or clock_now()
    limit = now.replace(year=now.year - PROOF_YEARS, day=min(now.day, 28))
    gone = Customer.select(Customer.id).where(Customer.anonymized_at < limit)
    n = Consent.delete().where(Consent.customer.in_(gone)).execute()
    n += InfoTextShown.delete().where(InfoTextShown.customer.in_(gone)).execute()
    return n


def _anonymize(customer: Customer, now: datetime) -> None:
    customer_id = customer.id
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
    tag_ids = _tag_ids(customer_id)
    CustomerTag.delete().where(CustomerTag.customer == customer_id).execute()
    _drop_orphan_tags(tag_ids)
    _keep_consent_proof(customer_id, now)
    # messages: what was said and to which address goes; that a message left stays
    MessageLog.update(text="", subject=None, to=None, error=None).where(
        MessageLog.customer == customer_id
    ).execute()
    CampaignSend.update(error=None).where(CampaignSend.customer == customer_id).execute()
    Interaction.update(summary="", outcome=None).where(
        Interaction.customer == customer_id
    ).execute()
    Policy.update(
        number=None, plate=None, notes=None, lost_reason=None, uavt_code=None, address=None
    ).where(Policy.customer == customer_id).execute()
    # a vehicle's identifiers lead to its owner; brand, model, year and usage stay (the
    # book's figures, as the policies' lines and premiums)
    Vehicle.update(
        plate=None, ruhsat_serial=None, chassis_no=None, engine_no=None, notes=None
    ).where(Vehicle.customer == customer_id).execute()
    # the people on the customer's policies, and the customer insured on others' policies
    policy_ids = Policy.select(Policy.id).where(Policy.customer == customer_id)
    InsuredPerson.update(name=None, national_id=None, birthday=None, customer=None).where(
        (InsuredPerson.policy.in_(policy_ids)) | (InsuredPerson.customer == customer_id)
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
    # a claim's place and notes describe the person's loss; dates, types, amounts and the
    # insurer's file number stay (the insurer keeps the file, the agency's figures too)
    claim_ids = [c.id for c in Claim.select(Claim.id).where(Claim.customer == customer_id)]
    Claim.update(place=None, notes=None).where(Claim.customer == customer_id).execute()
    if claim_ids:
        ClaimEvent.update(note=None).where(ClaimEvent.claim.in_(claim_ids)).execute()
    # instalments: due days, amounts and payments are the agency's accounts and stay; the
    # free-text note goes
    Instalment.update(note=None).where(Instalment.customer == customer_id).execute()
    # a commission line's note may name the person; the amounts are the agency's figures
    CommissionEntry.update(note=None).where(
        CommissionEntry.policy.in_(Policy.select(Policy.id).where(Policy.customer == customer_id))
    ).execute()
    Reminder.update(title=_("(erased)"), notes=None).where(
        Reminder.customer == customer_id
    ).execute()
    PointsEntry.update(note=None).where(PointsEntry.customer == customer_id).execute()
    Survey.update(comment=None).where(Survey.customer == customer_id).execute()
    search.index_customers([customer_id])


# -- erasures survive a restore ------------------------------------------------------------


def _register_path() -> Path:
    return backups_folder() / "erasures.json"


def _read_register(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [e for e in data.get("erased", []) if isinstance(e, dict)]


def _note_erasure(customer_id: int, created_at: datetime | None, now: datetime) -> None:
    path = _register_path()
    entries = _read_register(path)
    entries.append(
        {
            "customer": customer_id,
            "created_at": created_at.isoformat(sep=" ") if created_at else None,
            "erased_at": now.isoformat(sep=" "),
        }
    )
    try:
        write_private(path, json.dumps({"erased": entries}, indent=1).encode("utf-8"))
    except ExportError:
        pass  # the erasure itself is done; only a later restore would not repeat it


def reapply_erasures(now: datetime | None = None) -> list[int]:
    """After a restore: erase again the customers erased since that backup was made.

    A customer is matched by number and creation time, so a different person who got the
    same number in another line of backups is never touched."""
    now = now or clock_now()
    try:
        entries = _read_register(_register_path())
    except Exception:  # no backup folder: nothing was ever noted
        return []
    done = []
    for entry in entries:
        cid = entry.get("customer")
        if not isinstance(cid, int):
            continue
        customer = Customer.get_or_none(Customer.id == cid)
        if customer is None or customer.anonymized_at is not None:
            continue
        created = customer.created_at.isoformat(sep=" ") if customer.created_at else None
        if created != entry.get("created_at"):
            continue
        _erase(customer, now, detail='{"reapplied": true}')
        done.append(cid)
    if done:
        raw.purge_deleted_data()
    return done
