"""Customers: finding duplicates and merging two customers into one."""

from __future__ import annotations

import re
from datetime import datetime

from peewee import ForeignKeyField

from ...clock import now as clock_now
from ...db import search
from ...db.model_base import BaseModel
from ...db.models import (
    ALL_MODELS,
    Customer,
    CustomerTag,
    DuplicateDismissed,
    Phone,
    db,
)
from ...i18n import _
from ..errors import ValidationError
from ..parsing import format_phone, parse_phone
from ..who import record
from .editing import get_customer
from .validation import CustomerInput, Duplicate

# -- duplicates ----------------------------------------------------------------------------


def find_duplicates(data: CustomerInput, exclude_id: int | None = None) -> list[Duplicate]:
    """Existing customers sharing a phone, e-mail, TCKN or VKN with ``data`` (archived too).

    Values that do not parse are ignored here; ``validate`` reports them.
    """
    found: list[Duplicate] = []
    seen: set[tuple[int, str]] = set()

    def add(rows, reason: str, shown: str) -> None:
        for c in rows:
            if c.id == exclude_id or (c.id, reason) in seen:
                continue
            seen.add((c.id, reason))
            found.append(Duplicate(c.id, c.name, reason, shown, c.archived_at is not None))

    base = Customer.select(Customer.id, Customer.name, Customer.archived_at)
    for _label, raw in data.phones:
        try:
            e164 = parse_phone(raw)
        except ValidationError:
            continue
        rows = base.join(Phone).where(Phone.e164 == e164).distinct()
        add(rows, "phone", format_phone(e164))
    if data.email and data.email.strip():
        email = data.email.strip().lower()
        add(base.where(Customer.email == email), "email", email)
    nid = re.sub(r"\s", "", data.national_id or "")
    if nid:
        add(base.where(Customer.national_id == nid), "national_id", nid)
    vkn = re.sub(r"\s", "", data.tax_number or "")
    if vkn:
        add(base.where(Customer.tax_number == vkn), "tax_number", vkn)
    return found


# -- merge ---------------------------------------------------------------------------------------

_FILL_FIELDS = (
    "company",
    "national_id",
    "tax_number",
    "tax_office",
    "email",
    "address",
    "city",
    "district",
    "birthday",
    "source",
    "referred_by",
    "ladder_override",
    "contact_every_days",
)


# Tables whose rows follow the customer and need no special care (phones are de-duplicated,
# tags joined, referrals re-pointed, dismissed pairs dropped).
_SPECIAL = {"phone", "customer_tag", "customer", "duplicate_dismissed"}


def _customer_refs() -> list[tuple[type[BaseModel], ForeignKeyField]]:
    """Every foreign key to ``customer`` of every table (claims, instalments, vehicles,
    insured persons, consents, and whatever a later step adds), so a merge keeps every
    record of both; a policy's commission entries follow their policy."""
    refs = []
    for model in ALL_MODELS:
        if model._meta.table_name in _SPECIAL:
            continue
        for f in model._meta.sorted_fields:
            if isinstance(f, ForeignKeyField) and f.rel_model is Customer:
                refs.append((model, f))
    return refs


def merge_customers(source_id: int, target_id: int, now: datetime | None = None) -> Customer:
    """Move everything of ``source`` onto ``target`` in one transaction; archive ``source``.

    Every row naming the customer moves (``_customer_refs``: interactions, policies with
    their commission entries, purchases, complaints, reminders, points, surveys, consents,
    claims, instalments, vehicles, insured persons...); phones, tags and referrals move; empty fields of the target are filled from the
    source and the notes are joined.
    """
    if source_id == target_id:
        raise ValidationError(_("A customer cannot be merged into itself."))
    moment = now or clock_now()
    with db.atomic():
        src = get_customer(source_id)
        dst = get_customer(target_id)
        have = {p.e164 for p in Phone.select(Phone.e164).where(Phone.customer == target_id)}
        for ph in Phone.select().where(Phone.customer == source_id):
            if ph.e164 in have:
                ph.delete_instance()
            else:
                have.add(ph.e164)
                Phone.update(customer=target_id, is_primary=False).where(
                    Phone.id == ph.id
                ).execute()
        for model, fk in _customer_refs():
            model.update({fk: target_id}).where(fk == source_id).execute()
        DuplicateDismissed.delete().where(
            (DuplicateDismissed.customer_a == source_id)
            | (DuplicateDismissed.customer_b == source_id)
        ).execute()
        tag_ids = {t.tag_id for t in CustomerTag.select().where(CustomerTag.customer == target_id)}
        for ct in CustomerTag.select().where(CustomerTag.customer == source_id):
            if ct.tag_id not in tag_ids:
                CustomerTag.create(customer=target_id, tag=ct.tag_id)
        CustomerTag.delete().where(CustomerTag.customer == source_id).execute()
        Customer.update(referred_by=target_id).where(
            Customer.referred_by == source_id, Customer.id != target_id
        ).execute()
        changes: dict = {}
        for name in _FILL_FIELDS:
            column = name + "_id" if name == "referred_by" else name
            if getattr(dst, column) in (None, "") and getattr(src, column) not in (None, ""):
                value = getattr(src, column)
                if name == "referred_by" and value == target_id:
                    continue
                changes[name] = value
        if src.notes:
            changes["notes"] = "\n".join(x for x in (dst.notes, src.notes) if x)
        if src.last_contact_at and (
            dst.last_contact_at is None or src.last_contact_at > dst.last_contact_at
        ):
            changes["last_contact_at"] = src.last_contact_at
        if src.created_at and dst.created_at and src.created_at < dst.created_at:
            changes["created_at"] = src.created_at
        Customer.update(
            archived_at=src.archived_at or moment,
            updated_at=moment,
            version=Customer.version + 1,
            referred_by=None if src.referred_by_id == target_id else src.referred_by_id,
            notes=(src.notes or "")
            + ("\n" if src.notes else "")
            + _("Merged into customer {id} ({name}).", id=target_id, name=dst.name),
        ).where(Customer.id == source_id).execute()
        changes.update(updated_at=moment, version=Customer.version + 1)
        Customer.update(**changes).where(Customer.id == target_id).execute()
        if not Phone.select().where(Phone.customer == target_id, Phone.is_primary).exists():
            first = Phone.select().where(Phone.customer == target_id).order_by(Phone.id).first()
            if first:
                Phone.update(is_primary=True).where(Phone.id == first.id).execute()
        record("merge", target_id, f"merged customer {source_id} into {target_id}", at=moment)
        search.index_customers([source_id, target_id])
    return get_customer(target_id)
