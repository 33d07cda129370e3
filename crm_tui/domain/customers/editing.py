"""Customers: create, update, archive and restore."""

from __future__ import annotations

from datetime import date, datetime, time

from ...clock import now as clock_now
from ...db import search
from ...db.models import Customer, CustomerTag, Phone, Tag, db
from ...i18n import N_, _
from ..consent import current_consents, set_consent
from ..errors import ConflictError, NotFound, ValidationError
from ..parsing import format_phone, national_digits
from ..undo import undoable
from .tags import tag_or_new
from .validation import CustomerInput, parse_tags, validate

# -- create / update ----------------------------------------------------------------------


def create_customer(data: CustomerInput, today: date | None = None) -> Customer:
    values, phones = validate(data, today)
    with db.atomic():
        customer = Customer.create(**values)
        _replace_phones(customer, phones)
        if data.tags is not None:
            _set_tags(customer.id, data.tags)
        _record_consents(customer.id, data)
        search.index_customers([customer.id])
    return customer


@undoable(
    N_("edit of {name}"),
    lambda customer_id, *a, **k: [(Customer, customer_id)],
    lambda before: {"name": before["name"]},
    sets=lambda customer_id, *a, **k: [
        (Phone, "customer", customer_id),
        (CustomerTag, "customer", customer_id),
    ],
)
def update_customer(
    customer_id: int,
    data: CustomerInput,
    expected_version: int | None = None,
    today: date | None = None,
) -> Customer:
    """Save an edit. ``expected_version`` is the version the form was opened with: when the
    card changed elsewhere in between, ``ConflictError`` is raised and nothing is written."""
    values, phones = validate(data, today)
    if values.get("referred_by") == customer_id:
        raise ValidationError({"referred_by": _("A customer cannot refer themselves.")})
    with db.atomic():
        customer = get_customer(customer_id)
        if expected_version is not None and customer.version != expected_version:
            raise ConflictError(_("This customer was changed elsewhere since you opened it."))
        values["updated_at"] = clock_now()
        values["version"] = customer.version + 1
        query = Customer.update(**values).where(Customer.id == customer_id)
        if expected_version is not None:
            query = query.where(Customer.version == expected_version)
        if query.execute() != 1:
            raise ConflictError(_("This customer was changed elsewhere since you opened it."))
        _replace_phones(customer, phones)
        if data.tags is not None:
            _set_tags(customer_id, data.tags)
        _record_consents(customer_id, data)
        search.index_customers([customer_id])
    return get_customer(customer_id)


def _replace_phones(customer: Customer, phones: list[tuple[str, str]]) -> None:
    Phone.delete().where(Phone.customer == customer.id).execute()
    for i, (label, e164) in enumerate(phones):
        Phone.create(
            customer=customer.id,
            label=label,
            e164=e164,
            digits=national_digits(e164),
            is_primary=(i == 0),
        )


def _record_consents(customer_id: int, data: CustomerInput) -> None:
    """A new consent row for each channel whose state or date differs from the one in force
    (the form shows the current state, so an untouched channel writes nothing)."""
    if not data.consents:
        return
    now = clock_now()
    current = current_consents(customer_id)
    for channel, (granted, day) in data.consents.items():
        state = current.get(channel)
        in_force = state is not None and state.at is not None
        if in_force and state.granted == granted and (day is None or state.at.date() == day):
            continue
        at = now if day is None or day == now.date() else datetime.combine(day, time(12, 0))
        set_consent(customer_id, channel, granted, at=at, method=data.consent_method, now=now)


def consent_states(customer_id: int) -> dict[str, tuple[bool, date] | None]:
    """The consent in force per channel as the form shows it: (granted, day) or None."""
    return {
        channel: (state.granted, state.at.date()) if state.at is not None else None
        for channel, state in current_consents(customer_id).items()
    }


def _set_tags(customer_id: int, names: list[str]) -> None:
    CustomerTag.delete().where(CustomerTag.customer == customer_id).execute()
    for name in parse_tags(", ".join(names)):
        tag = tag_or_new(name)  # folded: FİLO and filo are one tag
        CustomerTag.get_or_create(customer=customer_id, tag=tag.id)


def tags_of(customer_id: int) -> list[str]:
    return [
        t.name
        for t in Tag.select(Tag.name)
        .join(CustomerTag)
        .where(CustomerTag.customer == customer_id)
        .order_by(Tag.name)
    ]


def get_customer(customer_id: int) -> Customer:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("Customer {id} not found.", id=customer_id))
    return customer


def customer_name(customer_id: int) -> str | None:
    """The customer's name (None when there is no such customer), for titles."""
    row = Customer.select(Customer.name).where(Customer.id == customer_id).first()
    return row.name if row is not None else None


def customer_input(customer_id: int) -> tuple[CustomerInput, int]:
    """The stored customer as form input, with the version the edit must be based on."""
    c = get_customer(customer_id)
    phones = [
        (p.label, format_phone(p.e164))
        for p in Phone.select()
        .where(Phone.customer == customer_id)
        .order_by(Phone.is_primary.desc(), Phone.id)
    ]
    data = CustomerInput(
        name=c.name,
        kind=c.kind,
        company=c.company,
        phones=phones,
        email=c.email,
        national_id=c.national_id,
        tax_number=c.tax_number,
        city=c.city,
        address=c.address,
        birthday=c.birthday,
        source=c.source,
        notes=c.notes,
        referred_by_id=c.referred_by_id,
        tags=tags_of(customer_id),
        contact_every_days=c.contact_every_days,
        district=c.district,
        tax_office=c.tax_office,
    )
    return data, c.version


def count_customers(include_archived: bool = False) -> int:
    query = Customer.select()
    if not include_archived:
        query = query.where(Customer.archived_at.is_null())
    return query.count()


# -- archive / restore -------------------------------------------------------------------------


@undoable(
    N_("archiving of {name}"),
    lambda customer_id, *a, **k: [(Customer, customer_id)],
    lambda before: {"name": before["name"]},
)
def archive_customer(customer_id: int, now: datetime | None = None) -> Customer:
    """Soft delete: hidden from lookup and lists, nothing is lost."""
    with db.atomic():
        c = get_customer(customer_id)
        if c.archived_at is None:
            Customer.update(
                archived_at=now or clock_now(),
                updated_at=now or clock_now(),
                version=Customer.version + 1,
            ).where(Customer.id == customer_id).execute()
    return get_customer(customer_id)


def restore_customer(customer_id: int, now: datetime | None = None) -> Customer:
    with db.atomic():
        c = get_customer(customer_id)
        if c.archived_at is not None:
            Customer.update(
                archived_at=None, updated_at=now or clock_now(), version=Customer.version + 1
            ).where(Customer.id == customer_id).execute()
    return get_customer(customer_id)
