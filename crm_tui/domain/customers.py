"""Customers: create, update, look up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ..db import search
from ..db.models import Customer, Phone, Policy, db, now
from ..i18n import _
from .errors import NotFound, ValidationError
from .parsing import format_phone, national_digits, parse_email, parse_phone, parse_tckn


@dataclass
class CustomerHit:
    id: int
    name: str
    company: str | None
    city: str | None
    phone: str | None  # national format
    email: str | None
    last_contact_at: datetime | None
    archived: bool = False
    matched: str = ""  # what matched when it was not the name (phone, policy no...)


@dataclass
class CustomerInput:
    name: str
    kind: str = "person"
    company: str | None = None
    phones: list[tuple[str, str]] = field(default_factory=list)  # (label, raw text)
    email: str | None = None
    national_id: str | None = None
    tax_number: str | None = None
    city: str | None = None
    address: str | None = None
    birthday: date | None = None
    source: str | None = None
    notes: str | None = None
    referred_by_id: int | None = None


def validate(data: CustomerInput) -> tuple[dict, list[tuple[str, str]]]:
    """Check every field; raise one ValidationError naming each bad field."""
    errors: dict[str, str] = {}
    values: dict = {}
    name = (data.name or "").strip()
    if not name:
        errors["name"] = _("A name is required.")
    values["name"] = name
    values["kind"] = data.kind if data.kind in ("person", "business") else "person"
    values["company"] = (data.company or "").strip() or None
    phones: list[tuple[str, str]] = []
    for i, (label, raw) in enumerate(data.phones):
        if not (raw or "").strip():
            continue
        try:
            phones.append((label or "mobile", parse_phone(raw)))
        except ValidationError as exc:
            errors[f"phone{i}" if i else "phone"] = str(exc)
    values["email"] = None
    if data.email and data.email.strip():
        try:
            values["email"] = parse_email(data.email)
        except ValidationError as exc:
            errors["email"] = str(exc)
    values["national_id"] = None
    if data.national_id and data.national_id.strip():
        try:
            values["national_id"] = parse_tckn(data.national_id)
        except ValidationError as exc:
            errors["national_id"] = str(exc)
    values["tax_number"] = (data.tax_number or "").strip() or None
    values["city"] = (data.city or "").strip() or None
    values["address"] = (data.address or "").strip() or None
    if data.birthday and data.birthday > date.today():
        errors["birthday"] = _("The birthday cannot be in the future.")
    values["birthday"] = data.birthday
    values["source"] = (data.source or "").strip() or None
    values["notes"] = (data.notes or "").strip() or None
    values["referred_by"] = data.referred_by_id
    if errors:
        raise ValidationError(errors)
    return values, phones


def create_customer(data: CustomerInput) -> Customer:
    values, phones = validate(data)
    with db.atomic():
        customer = Customer.create(**values)
        _replace_phones(customer, phones)
        search.index_customers([customer.id])
    return customer


def update_customer(
    customer_id: int, data: CustomerInput, expected_version: int | None = None
) -> Customer:
    from .errors import ConflictError

    values, phones = validate(data)
    with db.atomic():
        customer = get_customer(customer_id)
        if expected_version is not None and customer.version != expected_version:
            raise ConflictError(_("This customer was changed elsewhere since you opened it."))
        values["updated_at"] = now()
        values["version"] = customer.version + 1
        Customer.update(**values).where(Customer.id == customer_id).execute()
        _replace_phones(customer, phones)
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


def get_customer(customer_id: int) -> Customer:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("Customer {id} not found.", id=customer_id))
    return customer


def count_customers(include_archived: bool = False) -> int:
    query = Customer.select()
    if not include_archived:
        query = query.where(Customer.archived_at.is_null())
    return query.count()


def search_customers(
    text: str, limit: int = 50, include_archived: bool = False
) -> list[CustomerHit]:
    """Folded prefix match on words and substring match on phone digits.

    Candidates come from the FTS index (bounded); ranking happens on that small set:
    names starting with the query first, then most recently contacted.
    """
    text = (text or "").strip()
    if not text:
        return []
    ids = search.match_ids(text, limit=400)
    if not ids:
        return []
    query = Customer.select(
        Customer.id,
        Customer.name,
        Customer.company,
        Customer.city,
        Customer.email,
        Customer.last_contact_at,
        Customer.archived_at,
    ).where(Customer.id.in_(ids))
    if not include_archived:
        query = query.where(Customer.archived_at.is_null())
    rows = list(query)
    folded = search.fold(text)
    digits = search.phone_digits(text)

    def rank(c: Customer) -> tuple:
        name = search.fold(c.name)
        starts = name.startswith(folded) or any(w.startswith(folded) for w in name.split())
        last = c.last_contact_at.timestamp() if isinstance(c.last_contact_at, datetime) else 0
        return (0 if name.startswith(folded) else 1 if starts else 2, -last, name)

    rows.sort(key=rank)
    rows = rows[:limit]
    phones: dict[int, Phone] = {}
    for ph in (
        Phone.select()
        .where(Phone.customer.in_([c.id for c in rows]))
        .order_by(Phone.is_primary.desc(), Phone.id)
    ):
        if ph.customer_id not in phones or (digits and digits in ph.digits):
            if ph.customer_id in phones and not (digits and digits in ph.digits):
                continue
            phones[ph.customer_id] = ph
    hits = []
    for c in rows:
        ph = phones.get(c.id)
        matched = ""
        if ph and digits and digits in ph.digits:
            matched = "phone"
        hits.append(
            CustomerHit(
                id=c.id,
                name=c.name,
                company=c.company,
                city=c.city,
                phone=format_phone(ph.e164) if ph else None,
                email=c.email,
                last_contact_at=c.last_contact_at,
                archived=c.archived_at is not None,
                matched=matched,
            )
        )
    return hits


def find_by_phone(raw: str) -> list[Customer]:
    """Exact caller-ID match on the stored E.164 number."""
    try:
        e164 = parse_phone(raw)
    except ValidationError:
        return []
    return list(
        Customer.select()
        .join(Phone)
        .where(Phone.e164 == e164, Customer.archived_at.is_null())
        .distinct()
    )


def policy_numbers(customer_id: int) -> list[str]:
    return [
        p.number
        for p in Policy.select(Policy.number).where(Policy.customer == customer_id)
        if p.number
    ]
