"""Customers: what a form holds (``CustomerInput``) and how it is checked and cleaned."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ...clock import today as clock_today
from ...db import search
from ...db.models import Customer
from ...i18n import _
from ..cities import normalize_city
from ..consent import CHANNELS as CONSENT_CHANNELS
from ..consent import METHODS as CONSENT_METHODS
from ..errors import ValidationError
from ..parsing import parse_email, parse_phone, parse_tckn, parse_vkn
from .lookup import search_customers


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


def future_birthday(day: date) -> str:
    """Why a birthday after today is refused, and what to write instead (``15.03.45`` is
    read as 2045: the year in full, ``15.03.1945``)."""
    from ...i18n import format_date

    try:
        example = day.replace(year=day.year - 100)
    except ValueError:  # 29 February
        example = day.replace(year=day.year - 100, day=28)
    return _(
        "The birthday {date} is in the future: write the year in full, like {example}.",
        date=format_date(day),
        example=format_date(example),
    )


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
        errors["birthday"] = future_birthday(data.birthday)
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
    from ..parsing import parse_optional_date

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
