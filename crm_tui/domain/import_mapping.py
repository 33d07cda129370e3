"""Which column of an import file goes to which field: guessed from the headers
(Turkish and English, Excel/LibreOffice lists, Google Contacts, Outlook), shown to
the user for confirmation and overridable (``col=field,...``).
"""

from __future__ import annotations

import re

from ..db.search import fold
from ..i18n import N_, _
from .errors import ValidationError

IGNORE = "ignore"

CUSTOMER_FIELDS: dict[str, str] = {
    "name": N_("Full name"),
    "first_name": N_("First name"),
    "middle_name": N_("Middle name"),
    "last_name": N_("Last name"),
    "phone_mobile": N_("Mobile phone"),
    "phone_home": N_("Home phone"),
    "phone_work": N_("Work phone"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "birthday": N_("Birthday"),
    "city": N_("City"),
    "district": N_("District"),
    "address": N_("Address"),
    "national_id": N_("National ID (TCKN)"),
    "tax_number": N_("Tax number"),
    "tax_office": N_("Tax office"),
    "company": N_("Company"),
    "notes": N_("Notes"),
    "source": N_("Source"),
    "tags": N_("Tags"),
}

POLICY_FIELDS: dict[str, str] = {
    "customer_name": N_("Customer name"),
    "customer_phone": N_("Customer phone"),
    "customer_national_id": N_("Customer national ID"),
    "line": N_("Product line"),
    "provider": N_("Insurer / provider"),
    "number": N_("Policy number"),
    "plate": N_("Plate"),
    "start_date": N_("Start date"),
    "end_date": N_("End date"),
    "premium": N_("Premium"),
    "commission": N_("Commission"),
    "renews_number": N_("Previous policy number"),
    "status": N_("Status"),
    "kind": N_("Contract kind"),
    "notes": N_("Notes"),
}

IGNORE_LABEL = N_("(ignore)")


def fields_for(kind: str) -> dict[str, str]:
    return POLICY_FIELDS if kind == "policies" else CUSTOMER_FIELDS


def field_label(kind: str, code: str | None) -> str:
    if not code or code == IGNORE:
        return _(IGNORE_LABEL)
    return _(fields_for(kind).get(code, code))


def norm(header: str) -> str:
    """Folded header with punctuation as single spaces: 'E-posta Adresi' -> 'e posta adresi'."""
    text = fold(header or "").replace("\ufeff", "")
    return " ".join(re.findall(r"[a-z0-9]+", text))


_CUSTOMER_ALIASES: dict[str, list[str]] = {
    "name": [
        "ad soyad",
        "adi soyadi",
        "ad soyadi",
        "adi soyad",
        "isim soyisim",
        "isim soyad",
        "ad ve soyad",
        "musteri",
        "musteri adi",
        "musteri adi soyadi",
        "unvan",
        "ad unvan",
        "adi unvani",
        "name",
        "full name",
        "display name",
        "customer",
        "customer name",
        "contact name",
        "kisi",
    ],
    "first_name": ["ad", "adi", "isim", "first name", "given name", "firstname", "ilk ad"],
    "middle_name": ["ikinci ad", "middle name", "additional name"],
    "last_name": [
        "soyad",
        "soyadi",
        "soyisim",
        "soyisim",
        "last name",
        "family name",
        "surname",
        "lastname",
    ],
    "phone_mobile": [
        "cep",
        "cep tel",
        "cep telefonu",
        "cep telefon",
        "cep no",
        "gsm",
        "gsm no",
        "mobil",
        "mobile",
        "mobile phone",
        "cell",
        "cell phone",
        "cep telefonu numarasi",
    ],
    "phone_home": ["ev tel", "ev telefonu", "ev", "home phone", "home phone 2"],
    "phone_work": [
        "is tel",
        "is telefonu",
        "is",
        "business phone",
        "business phone 2",
        "work phone",
        "company main phone",
    ],
    "phone": [
        "telefon",
        "tel",
        "tel no",
        "telefon no",
        "telefon numarasi",
        "telefonu",
        "phone",
        "phone number",
        "telephone",
        "primary phone",
        "other phone",
        "telefon 2",
        "diger telefon",
    ],
    "email": [
        "e posta",
        "eposta",
        "e posta adresi",
        "e mail",
        "email",
        "mail",
        "e mail address",
        "email address",
        "e mail 2 address",
        "e mail 3 address",
        "mail adresi",
        "e posta 2 adresi",
        "e posta 3 adresi",
    ],
    "birthday": [
        "dogum tarihi",
        "dogum gunu",
        "d tarihi",
        "dogum",
        "birthday",
        "birth date",
        "date of birth",
        "birthdate",
    ],
    "city": [
        "sehir",
        "il",
        "city",
        "home city",
        "business city",
        "other city",
        "il sehir",
        "ev adresi sehir",
        "is adresi sehir",
        "diger adres sehir",
    ],
    "district": ["ilce", "semt", "district", "town"],
    "address": [
        "adres",
        "acik adres",
        "ev adresi",
        "address",
        "home street",
        "business street",
        "street",
        "home address",
        "other street",
        "ev adresi sokak",
        "ev adresi cadde",
        "is adresi sokak",
        "is adresi cadde",
        "diger adres sokak",
    ],
    "national_id": [
        "tc",
        "tc no",
        "tc kimlik",
        "tc kimlik no",
        "tc kimlik numarasi",
        "tckn",
        "kimlik no",
        "tc kimlik no su",
        "national id",
        "national id tckn",
        "id number",
    ],
    "tax_number": ["vergi no", "vkn", "vergi numarasi", "vergi kimlik no", "tax number"],
    "tax_office": ["vergi dairesi", "tax office"],
    "company": [
        "firma",
        "firma adi",
        "sirket",
        "sirket adi",
        "kurum",
        "company",
        "organization",
        "organization name",
        "organisation",
    ],
    "notes": ["not", "notlar", "aciklama", "notes", "note", "comments"],
    "source": ["kaynak", "source", "nereden"],
    "tags": [
        "etiket",
        "etiketler",
        "grup",
        "gruplar",
        "kategoriler",
        "kategori",
        "tags",
        "labels",
        "group membership",
        "categories",
    ],
}

_POLICY_ALIASES: dict[str, list[str]] = {
    "customer_name": [
        "musteri",
        "musteri adi",
        "sigortali",
        "sigortali adi",
        "sigortali adi soyadi",
        "sigorta ettiren",
        "ad soyad",
        "adi soyadi",
        "customer",
        "customer name",
        "insured",
        "name",
    ],
    "customer_phone": [
        "telefon",
        "tel",
        "cep",
        "gsm",
        "cep telefonu",
        "musteri telefonu",
        "phone",
        "mobile",
        "customer phone",
    ],
    "customer_national_id": [
        "tc",
        "tckn",
        "tc no",
        "tc kimlik",
        "tc kimlik no",
        "sigortali tc",
        "sigortali tckn",
        "national id",
        "customer national id",
        "vkn",
        "tckn vkn",
        "tc vkn",
        "tckn vergi no",
        "tc vergi no",
        "vergi no",
        "vergi kimlik no",
        "kimlik vergi no",
    ],
    "renews_number": [
        "yenilenen police no",
        "yenilenen police",
        "onceki police no",
        "eski police no",
        "onceki police",
        "yenileme police no",
        "previous policy no",
        "previous policy number",
        "renews",
        "renewed policy no",
    ],
    "line": ["brans", "urun", "urun adi", "sigorta turu", "line", "product", "product line"],
    "provider": [
        "sirket",
        "sigorta sirketi",
        "sigortaci",
        "firma",
        "insurer",
        "provider",
        "company",
    ],
    "number": [
        "police no",
        "police numarasi",
        "police",
        "sozlesme no",
        "policy number",
        "policy no",
        "number",
        "no",
    ],
    "plate": ["plaka", "arac plakasi", "plate"],
    "start_date": [
        "baslangic",
        "baslangic tarihi",
        "police baslangic",
        "start",
        "start date",
        "tanzim tarihi",
    ],
    "end_date": [
        "bitis",
        "bitis tarihi",
        "vade",
        "vade tarihi",
        "police bitis",
        "end",
        "end date",
        "expiry",
        "expiry date",
    ],
    "premium": ["prim", "brut prim", "net prim", "premium", "gross premium", "tutar"],
    "commission": ["komisyon", "commission"],
    "status": ["durum", "status"],
    "kind": ["tur", "sozlesme turu", "kind", "contract kind"],
    "notes": ["not", "notlar", "aciklama", "notes"],
}


# Columns that look like a known field but are not (a customer number is not a name).
_NOT_FIELDS = [
    "musteri no",
    "musteri numarasi",
    "musteri kodu",
    "cari kod",
    "cari kodu",
    "cari no",
    "sira",
    "sira no",
    "id",
    "no",
    "kod",
    "customer id",
    "customer number",
    "file as",
]
_NAME_FIELDS = {"name", "first_name", "last_name", "middle_name", "company", "customer_name"}


def _alias_table(kind: str) -> dict[str, str]:
    aliases = _POLICY_ALIASES if kind == "policies" else _CUSTOMER_ALIASES
    table = {norm(a): f for f, names in aliases.items() for a in names}
    if kind != "policies":
        table.update({norm(a): IGNORE for a in _NOT_FIELDS})
    return table


_GOOGLE_PHONE = re.compile(r"^phone (\d+) value$")
_GOOGLE_EMAIL = re.compile(r"^e mail (\d+) value$")


def guess_field(header: str, kind: str = "customers") -> str:
    """The field a header most likely means, or ``IGNORE``."""
    key = norm(header)
    if not key:
        return IGNORE
    table = _alias_table(kind)
    if key in table:
        return table[key]
    if kind != "policies":
        if _GOOGLE_PHONE.match(key):
            return "phone"
        if _GOOGLE_EMAIL.match(key):
            return "email"
        if re.fullmatch(r"address \d+ (formatted|street)", key):
            return "address"
        if re.fullmatch(r"address \d+ city", key):
            return "city"
        if re.fullmatch(r"organization \d+ name", key):
            return "company"
    # Looser matches: a known alias followed by "no"/"numarasi"/a digit ("Telefon 2",
    # "GSM No"); never for names: "Müşteri No" is a number, not the customer's name.
    trimmed = re.sub(r" (no|numarasi|number|\d+)$", "", key)
    if trimmed != key and trimmed in table and table[trimmed] not in _NAME_FIELDS:
        return table[trimmed]
    return IGNORE


def guess_mapping(headers: list[str], kind: str = "customers") -> list[str]:
    mapping = [guess_field(h, kind) for h in headers]
    if kind == "policies":
        # an insurer's list gives net and gross premium: the premium is the gross one
        normed = [norm(h) for h in headers]
        if "net prim" in normed and "brut prim" in normed:
            mapping[normed.index("net prim")] = IGNORE
        return mapping
    if kind != "policies":
        # Google: "Address 1 - Formatted" repeats street, city and country on several
        # lines; the street column alone is the address.
        normed = [norm(h) for h in headers]
        for i, key in enumerate(normed):
            m = re.fullmatch(r"address (\d+) formatted", key)
            if m and f"address {m.group(1)} street" in normed:
                mapping[i] = IGNORE
        # "Unvan" beside first/last name columns is a title (Outlook: Bay, Dr.), not the
        # trade name it means in a list of businesses.
        if {"first_name", "last_name"} & set(mapping):
            for i, h in enumerate(headers):
                if mapping[i] == "name" and norm(h) == "unvan":
                    mapping[i] = IGNORE
        # A lone "Ad" column (no "Soyad") holds the whole name.
        if "first_name" in mapping and "last_name" not in mapping and "name" not in mapping:
            mapping = ["name" if f == "first_name" else f for f in mapping]
    return mapping


def parse_override(text: str, headers: list[str], mapping: list[str], kind: str) -> list[str]:
    """Apply ``col=field,col=field`` (col: header text or 1-based column number;
    field: a field code or 'ignore'). Raises ValidationError naming the bad part."""
    result = list(mapping)
    valid = set(fields_for(kind)) | {IGNORE, "-"}
    normed = [norm(h) for h in headers]
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        col, sep, field = part.rpartition("=")
        col, field = col.strip(), field.strip().lower()
        if not sep or not col:
            raise ValidationError(
                _("Bad mapping '{part}': write column=field, e.g. Telefon=phone.", part=part)
            )
        if field not in valid:
            raise ValidationError(
                _(
                    "Bad mapping '{part}': unknown field '{field}'. Fields: {fields}.",
                    part=part,
                    field=field,
                    fields=", ".join([*fields_for(kind), IGNORE]),
                )
            )
        if col.isascii() and col.isdigit() and 1 <= int(col) <= len(headers):
            index = int(col) - 1
        elif norm(col) in normed:
            index = normed.index(norm(col))
        else:
            raise ValidationError(
                _("Bad mapping '{part}': the file has no column '{column}'.", part=part, column=col)
            )
        result[index] = IGNORE if field == "-" else field
    return result


def check_mapping(mapping: list[str], kind: str) -> None:
    """The mapping must say where the name (customers) or the customer reference and the
    policy details (policies) come from."""
    used = set(mapping)
    if kind == "policies":
        if not used & {"customer_name", "customer_phone", "customer_national_id"}:
            raise ValidationError(
                _(
                    "No column says who the customer is: map one to customer_name, customer_phone or customer_national_id."
                )
            )
        missing = [f for f in ("line", "start_date") if f not in used]
        if missing:
            raise ValidationError(
                _("No column for {fields}: map one with --mapping.", fields=", ".join(missing))
            )
        return
    if not used & {"name", "first_name", "last_name", "company"}:
        raise ValidationError(
            _("No column holds the name: map one with --mapping, e.g. 'Ad Soyad=name'.")
        )
