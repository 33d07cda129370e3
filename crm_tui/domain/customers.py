"""Customers: create, update, look up, find duplicates, merge, archive and restore."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from ..clock import now as clock_now
from ..clock import today as clock_today
from ..db import search
from ..db.models import (
    AuditLog,
    Complaint,
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
from .cities import normalize_city
from .errors import ConflictError, NotFound, ValidationError
from .parsing import (
    format_phone,
    national_digits,
    parse_email,
    parse_phone,
    parse_tckn,
    parse_vkn,
)
from .privacy import CHANNELS as CONSENT_CHANNELS
from .privacy import METHODS as CONSENT_METHODS
from .privacy import current_consents, set_consent


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
    tier: int = 0  # 0 name/phone exact, 1 phone fragment, 2 other word


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
    tags: list[str] | None = None  # None = leave the tags as they are
    contact_every_days: int | None = None
    district: str | None = None
    tax_office: str | None = None
    # channel -> (granted, day it was given/refused); None = leave the consents as they are.
    # A channel left out keeps its consent; a change is a new history row (privacy.py).
    consents: dict[str, tuple[bool, date | None]] | None = None
    consent_method: str | None = None


@dataclass
class Duplicate:
    id: int
    name: str
    reason: str  # phone | email | national_id | tax_number
    value: str  # the shared value, as shown
    archived: bool = False


# -- validation ---------------------------------------------------------------------


def parse_tags(text: str | None) -> list[str]:
    """``"vip, kasko  ,esnaf"`` → ``["vip", "kasko", "esnaf"]`` (order kept, no repeats)."""
    out: list[str] = []
    for part in re.split(r"[,;]", text or ""):
        name = " ".join(part.split())
        if name and name.casefold() not in (t.casefold() for t in out):
            out.append(name[:40])
    return out


def validate(data: CustomerInput, today: date | None = None) -> tuple[dict, list[tuple[str, str]]]:
    """Check every field; raise one ValidationError naming each bad field."""
    today = today or clock_today()
    errors: dict[str, str] = {}
    values: dict = {}
    name = " ".join((data.name or "").split())
    if not name:
        errors["name"] = _("A name is required.")
    elif len(name) > 120:
        errors["name"] = _("The name is too long (at most 120 characters).")
    values["name"] = name
    values["kind"] = data.kind if data.kind in ("person", "business") else "person"
    values["company"] = (data.company or "").strip() or None
    phones: list[tuple[str, str]] = []
    seen_phones: set[str] = set()
    for i, (label, raw) in enumerate(data.phones):
        if not (raw or "").strip():
            continue
        try:
            e164 = parse_phone(raw)
        except ValidationError as exc:
            errors[f"phone{i}" if i else "phone"] = str(exc)
            continue
        if e164 not in seen_phones:
            seen_phones.add(e164)
            phones.append((label or "mobile", e164))
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
    values["tax_number"] = None
    if data.tax_number and data.tax_number.strip():
        try:
            values["tax_number"] = parse_vkn(data.tax_number)
        except ValidationError as exc:
            errors["tax_number"] = str(exc)
    values["tax_office"] = (data.tax_office or "").strip() or None
    values["city"] = normalize_city(data.city)
    values["district"] = (data.district or "").strip() or None
    values["address"] = (data.address or "").strip() or None
    if data.birthday and data.birthday > today:
        errors["birthday"] = _("The birthday cannot be in the future.")
    elif data.birthday and data.birthday.year < today.year - 130:
        errors["birthday"] = _("The birthday is too far in the past.")
    values["birthday"] = data.birthday
    values["source"] = (data.source or "").strip() or None
    values["notes"] = (data.notes or "").strip() or None
    every = data.contact_every_days
    if every is not None and not (1 <= int(every) <= 3650):
        errors["contact_every_days"] = _("Expected a number of days from 1 to 3650.")
    values["contact_every_days"] = every
    values["referred_by"] = data.referred_by_id
    if (
        data.referred_by_id is not None
        and not Customer.select().where(Customer.id == data.referred_by_id).exists()
    ):
        errors["referred_by"] = _("Customer {id} not found.", id=data.referred_by_id)
    for channel, (_granted, day) in (data.consents or {}).items():
        if channel not in CONSENT_CHANNELS:
            errors[f"consent_{channel}"] = _("Unknown consent channel.")
        elif day is not None and day > today:
            errors[f"consent_{channel}_at"] = _("The consent date cannot be in the future.")
    if data.consent_method and data.consent_method not in CONSENT_METHODS:
        errors["consent_method"] = _("Choose how the consent was given.")
    if errors:
        raise ValidationError(errors)
    return values, phones


def _referrer_id(text: str, exclude_id: int | None) -> int:
    """``#12`` or enough of a name/phone to pick exactly one customer."""
    raw = text.strip()
    m = re.match(r"#(\d{1,9})\b", raw)
    if m:
        cid = int(m.group(1))
        if not Customer.select().where(Customer.id == cid).exists():
            raise ValidationError({"referred_by": _("Customer {id} not found.", id=cid)})
        return cid
    hits = [h for h in search_customers(raw, limit=3) if h.id != exclude_id]
    exact = [h for h in hits if search.fold(h.name) == search.fold(raw)]
    if len(exact) == 1:
        return exact[0].id
    if len(hits) == 1:
        return hits[0].id
    if not hits:
        raise ValidationError({"referred_by": _("No customer matches “{text}”.", text=raw)})
    raise ValidationError(
        {
            "referred_by": _(
                "Several customers match “{text}”: type more of the name or #number.",
                text=raw,
            )
        }
    )


def parse_form(
    values: dict[str, str | None],
    exclude_id: int | None = None,
    extra_phones: list[tuple[str, str]] | None = None,
    today: date | None = None,
) -> CustomerInput:
    """Turn what was typed into a form (all strings) into a checked ``CustomerInput``.

    Every bad field is reported at once in one ``ValidationError``.
    """
    from .parsing import parse_optional_date

    today = today or clock_today()
    errors: dict[str, str] = {}

    def text(name: str) -> str:
        value = values.get(name)
        return "" if value is None else str(value)

    birthday = None
    try:
        birthday = parse_optional_date(text("birthday"), today)
    except ValidationError as exc:
        errors["birthday"] = str(exc)
    every = None
    if text("contact_every_days").strip():
        try:
            every = int(text("contact_every_days").strip())
        except ValueError:
            errors["contact_every_days"] = _("Expected a number of days from 1 to 3650.")
    referred = None
    if text("referred_by").strip():
        try:
            referred = _referrer_id(text("referred_by"), exclude_id)
        except ValidationError as exc:
            errors.update(exc.errors)
    phones = [
        (text(f"{key}_label") or default, text(key))
        for key, default in (("phone", "mobile"), ("phone1", "home"), ("phone2", "work"))
    ]
    consents: dict[str, tuple[bool, date | None]] = {}
    for channel in CONSENT_CHANNELS:
        state = text(f"consent_{channel}").strip()
        day_text = text(f"consent_{channel}_at").strip()
        day = None
        if day_text:
            try:
                day = parse_optional_date(day_text, today)
            except ValidationError as exc:
                errors[f"consent_{channel}_at"] = str(exc)
        if state in ("yes", "no"):
            consents[channel] = (state == "yes", day)
        elif day_text:
            errors[f"consent_{channel}"] = _("Choose whether the consent was given or refused.")
    data = CustomerInput(
        name=text("name"),
        kind=text("kind") or "person",
        company=text("company"),
        phones=phones + list(extra_phones or []),
        email=text("email"),
        national_id=text("national_id"),
        tax_number=text("tax_number"),
        city=text("city"),
        address=text("address"),
        birthday=birthday,
        source=text("source"),
        notes=text("notes"),
        referred_by_id=referred,
        tags=parse_tags(text("tags")),
        contact_every_days=every,
        district=text("district"),
        tax_office=text("tax_office"),
        consents=consents,
        consent_method=text("consent_method").strip() or None,
    )
    try:
        validate(data, today)
    except ValidationError as exc:
        for key, message in exc.errors.items():
            errors.setdefault(key, message)
    if referred is not None and referred == exclude_id:
        errors["referred_by"] = _("A customer cannot refer themselves.")
    if errors:
        raise ValidationError(errors)
    return data


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
        tag = Tag.get_or_none(Tag.name == name)
        if tag is None:
            tag = Tag.create(name=name)
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


# -- archive / restore -------------------------------------------------------------------------


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


def merge_customers(source_id: int, target_id: int, now: datetime | None = None) -> Customer:
    """Move everything of ``source`` onto ``target`` in one transaction; archive ``source``.

    Phones, interactions, policies, purchases, complaints, reminders, points, surveys,
    consents, tags and referrals move; empty fields of the target are filled from the
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
        for model in (Interaction, Policy, Purchase, Complaint, Reminder, PointsEntry, Survey):
            model.update(customer=target_id).where(model.customer == source_id).execute()
        Consent.update(customer=target_id).where(Consent.customer == source_id).execute()
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
        AuditLog.create(
            at=moment,
            action="merge",
            customer_id=target_id,
            detail=f"merged customer {source_id} into {target_id}",
        )
        search.index_customers([source_id, target_id])
    return get_customer(target_id)


# -- lookup -----------------------------------------------------------------------------------


_TR_MOBILE = re.compile(r"\+905(\d{2})(\d{3})(\d{2})(\d{2})")


def _shown_phone(e164: str) -> str:
    """National format; Turkish mobiles without loading phonenumbers' metadata (lookup speed)."""
    m = _TR_MOBILE.fullmatch(e164)
    if m:
        return "05{} {} {} {}".format(*m.groups())
    return format_phone(e164)


def _dt(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _hits(rows: list[tuple], digits: str = "", tiers: dict[int, int] | None = None):
    """Result lines from raw ``search.hit_rows`` tuples, with the phone worth showing."""
    phones: dict[int, tuple[str, str]] = {}
    for cid, e164, pdigits in search.phone_rows([r[0] for r in rows]):
        current = phones.get(cid)
        matches = bool(digits) and digits in pdigits
        if current is None or (matches and digits not in current[1]):
            phones[cid] = (e164, pdigits)
    hits = []
    for cid, name, company, city, email, last, archived in rows:
        ph = phones.get(cid)
        hits.append(
            CustomerHit(
                id=cid,
                name=name,
                company=company,
                city=city,
                phone=_shown_phone(ph[0]) if ph else None,
                email=email,
                last_contact_at=_dt(last),
                archived=archived is not None,
                matched="phone" if ph and digits and digits in ph[1] else "",
                tier=(tiers or {}).get(cid, 0),
            )
        )
    return hits


def search_customers(
    text: str, limit: int = 50, include_archived: bool = False
) -> list[CustomerHit]:
    """Folded prefix match on words, substring match on phone digits, best first.

    Ranking (see ``search.ranked_ids``): the whole phone number or a name starting with the
    query first, then phone fragments, then other words; inside each group the most recently
    contacted customer first. At most ``limit`` rows are read.
    """
    text = (text or "").strip()
    if not text or limit <= 0:
        return []
    ranked = search.ranked_ids(text, limit=limit, include_archived=include_archived)
    if not ranked:
        return []
    order = {cid: pos for pos, (cid, _tier) in enumerate(ranked)}
    rows = search.hit_rows(list(order))
    rows.sort(key=lambda r: order[r[0]])
    digits = search.phone_digits(text) if search.is_phone_query(text) else ""
    hits = _hits(rows, digits, dict(ranked))
    for hit in hits:
        if not hit.matched and hit.tier == 2:
            hit.matched = "other"
    return hits


_HIT_FIELDS = (
    Customer.id,
    Customer.name,
    Customer.company,
    Customer.city,
    Customer.email,
    Customer.last_contact_at,
    Customer.archived_at,
)


def recent_customers(limit: int = 50, include_archived: bool = False) -> list[CustomerHit]:
    """Most recently contacted customers first (then newest), for an empty search box."""
    query = Customer.select(*_HIT_FIELDS)
    if not include_archived:
        query = query.where(Customer.archived_at.is_null())
    query = query.order_by(
        Customer.last_contact_at.is_null(), Customer.last_contact_at.desc(), Customer.id.desc()
    ).limit(limit)
    return _hits(list(query.tuples()))


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
