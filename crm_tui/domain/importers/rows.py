"""Row validation: one cell (phone, date, product line, status) and one customer row
into stored values, with the errors that refuse the row."""

from __future__ import annotations

import re
from datetime import date
from functools import cache, lru_cache

from ...db import search
from ...i18n import _, _catalog, format_date
from ..cities import normalize_city
from ..errors import ValidationError
from ..labels import LABELS
from ..parsing import (
    is_valid_tckn,
    parse_date,
    parse_email,
    parse_phone,
)

# -- values ---------------------------------------------------------------------------


@cache
def _tr_valid_pattern() -> re.Pattern:
    import phonenumbers

    meta = phonenumbers.PhoneMetadata.metadata_for_region("TR")
    patterns = []
    for desc in (
        meta.fixed_line,
        meta.mobile,
        meta.toll_free,
        meta.premium_rate,
        meta.shared_cost,
        meta.personal_number,
        meta.voip,
        meta.pager,
        meta.uan,
        meta.voicemail,
    ):
        if desc is not None and desc.national_number_pattern:
            patterns.append(f"(?:{desc.national_number_pattern})")
    return re.compile("|".join(patterns))


_PHONE_PUNCT = str.maketrans("", "", " \t\r\n\xa0-().")
_TR_NATIONAL = re.compile(r"^(?:\+90|0090|90(?=\d{10}$)|0)?(\d{10})$")
_NONE = (None,)
# a cell that may hold several numbers (``_PHONE_SPLIT`` splits it); one regex search is
# much faster than a set test over the characters
_MAY_SPLIT = re.compile(r"[;/,|:]|   ")


def fast_phone(raw: str) -> str:
    """``parse_phone`` with a fast path for Turkish numbers (imports parse 100,000s);
    anything the fast path does not know goes to ``parse_phone``."""
    compact = (raw or "").translate(_PHONE_PUNCT)
    m = _TR_NATIONAL.match(compact)
    if m and _tr_valid_pattern().fullmatch(m.group(1)):
        return "+90" + m.group(1)
    return parse_phone(raw)


_PHONE_SPLIT = re.compile(r"\s*(?::::|[;/,|])\s*|\s{3,}")
_EMPTY_DATES = {"0.0.00", "0/0/00", "00.00.0000", "0.0.0000", "00/00/0000", "0000-00-00"}

_LINES = {
    "trafik": "trafik",
    "zorunlu trafik": "trafik",
    "zmss": "trafik",
    "zmm": "trafik",
    "traffic": "trafik",
    "kasko": "kasko",
    "dask": "dask",
    "deprem": "dask",
    "zorunlu deprem": "dask",
    "konut": "konut",
    "konut sigortasi": "konut",
    "home": "konut",
    "saglik": "saglik",
    "ozel saglik": "saglik",
    "health": "saglik",
    "tss": "tss",
    "tamamlayici saglik": "tss",
    "hayat": "hayat",
    "life": "hayat",
    "isyeri": "isyeri",
    "is yeri": "isyeri",
    "ferdi kaza": "ferdi_kaza",
    "seyahat": "seyahat",
    "seyahat saglik": "seyahat",
    "travel": "seyahat",
    "garanti": "warranty",
    "uzatilmis garanti": "warranty",
    "warranty": "warranty",
    "servis": "service",
    "bakim": "service",
    "abonelik": "subscription",
    "subscription": "subscription",
}
_STATUSES = {
    "": "active",
    "aktif": "active",
    "active": "active",
    "yururlukte": "active",
    "gecerli": "active",
    "yenilendi": "renewed",
    "renewed": "renewed",
    "sona erdi": "lapsed",
    "suresi doldu": "lapsed",
    "lapsed": "lapsed",
    "expired": "lapsed",
    "iptal": "cancelled",
    "iptal edildi": "cancelled",
    "cancelled": "cancelled",
    "canceled": "cancelled",
}


def _code_of(kind: str, text: str | None) -> str | None:
    """The stored code a cell names: the code itself or its label in either language (a
    Turkish export writes ``Sözleşme``, ``Trafik``, ``Sona erdi``, ``Yürüyerek gelen``)."""
    if not text:  # most rows of an import have no such column
        return None
    return _code_of_text(kind, text)


@lru_cache(maxsize=4096)
def _code_of_text(kind: str, text: str) -> str | None:
    # remembered: a column holds the same few values on every row
    folded = _norm_words(text)
    if not folded:
        return None
    turkish = _catalog("tr")
    for code, msgid in LABELS[kind].items():
        if folded in (_norm_words(code), _norm_words(msgid), _norm_words(turkish.get(msgid, ""))):
            return code
    return None


def _norm_words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", search.fold(text)))


_QUICK_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)|(\d{1,2})\.(\d{1,2})\.(\d{4})")


def _date(text: str, today: date, what: str) -> date | None:
    raw = (text or "").strip()
    if not raw or raw in _EMPTY_DATES or raw.startswith("--"):
        return None
    raw = raw.split("T")[0].split(" ")[0]
    m = _QUICK_DATE.fullmatch(raw)
    if m:
        try:
            if m.group(1):
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
        except ValueError:
            pass  # parse_date gives the message
    try:
        return parse_date(raw, today)
    except ValidationError as exc:
        raise ValidationError(
            _("bad {what} '{value}' (expected 22.11.2026 or 2026-11-22)", what=what, value=text)
        ) from exc


_EXCEL_NUMBER = re.compile(r"^\s*\d+(?:[.,]\d+)?E\+\d+\s*$", re.IGNORECASE)


def _bad_number(message: str, value: str) -> str:
    """Excel shows long numbers as 5,32123E+09 and saves them so: say how to avoid it."""
    if _EXCEL_NUMBER.match(value or ""):
        return (
            message
            + " "
            + _("(Excel turned the number into 5,3E+09: format the column as Text and save again)")
        )
    return message


def _customer_from_row(
    cells: list[str], active: list[tuple[int, str]], today: date
) -> tuple[dict, list[tuple[str, str]], list[str], list[str]]:
    """(values, phones, tags, errors) of one row; ``active``: (column, field) mapped."""
    # Written for speed (100,000 rows): no helper calls per field, fast paths first.
    got: dict[str, list[str]] = {}
    n = len(cells)
    for i, f in active:
        if i < n:
            value = cells[i].strip()
            if value:
                have = got.get(f)
                if have is None:
                    got[f] = [value]
                else:
                    have.append(value)
    errors: list[str] = []
    g = got.get

    name = (g("name") or _NONE)[0]
    if not name:
        name = " ".join(
            x
            for x in (
                (g("first_name") or _NONE)[0],
                (g("middle_name") or _NONE)[0],
                (g("last_name") or _NONE)[0],
            )
            if x
        )
    name = " ".join(name.split()) if name else ""
    company = (g("company") or _NONE)[0]
    kind = "person"
    if not name and company:
        name, kind = company, "business"
    elif company and name.casefold() == company.casefold():  # phones: a card for a business
        kind = "business"
    if not name:
        errors.append(_("missing name"))
    values: dict = {
        "kind": kind,
        "name": name,
        "company": company,
        "email": None,
        "national_id": None,
        "tax_number": (g("tax_number") or _NONE)[0],
        "tax_office": (g("tax_office") or _NONE)[0],
        "address": (g("address") or _NONE)[0],
        "city": normalize_city((g("city") or _NONE)[0]),
        "district": (g("district") or _NONE)[0],
        "birthday": None,
        "source": _code_of("source", (g("source") or _NONE)[0])
        or (g("source") or _NONE)[0]
        or "import",
        "notes": "\n".join(g("notes") or ()) or None,
    }
    phones: list[tuple[str, str]] = []
    seen_phones: set[str] = set()
    for f, label in (
        ("phone_mobile", "mobile"),
        ("phone", "mobile"),
        ("phone_home", "home"),
        ("phone_work", "work"),
    ):
        for cell in g(f) or ():
            if ("E+" in cell or "e+" in cell) and _EXCEL_NUMBER.match(cell):  # one broken number
                errors.append(_bad_number(_("bad phone '{value}'", value=cell.strip()), cell))
                continue
            parts = None if _MAY_SPLIT.search(cell) else (cell,)
            for part in parts or _PHONE_SPLIT.split(cell):
                if not part.strip():
                    continue
                try:
                    e164 = fast_phone(part)
                except ValidationError:
                    errors.append(_bad_number(_("bad phone '{value}'", value=part.strip()), part))
                    continue
                if e164 not in seen_phones:
                    seen_phones.add(e164)
                    # a generic "phone" that is a landline is labelled other
                    use = label
                    if f == "phone" and not e164.startswith("+905"):
                        use = "other"
                    phones.append((use, e164))
    for cell in g("email") or ():
        try:
            email = parse_email(cell)
        except ValidationError:
            errors.append(_("bad e-mail '{value}'", value=cell))
            continue
        if values["email"] is None:
            values["email"] = email
        elif email != values["email"]:
            values["notes"] = "\n".join(x for x in (values["notes"], email) if x)
    nid = (g("national_id") or _NONE)[0]
    if nid:
        nid = re.sub(r"\s", "", nid)
        if is_valid_tckn(nid):
            values["national_id"] = nid
        else:
            errors.append(_bad_number(_("bad national ID '{value}'", value=nid), nid))
    birthday = (g("birthday") or _NONE)[0]
    if birthday:
        try:
            bday = _date(birthday, today, _("birthday"))
            if bday and bday > today:
                errors.append(
                    _(
                        "bad birthday '{value}': {date} is in the future",
                        value=birthday,
                        date=format_date(bday),
                    )
                )
            elif bday and bday.year < 1900:
                errors.append(_("bad birthday '{value}': before 1900", value=birthday))
            values["birthday"] = bday
        except ValidationError as exc:
            errors.append(str(exc))
    tags = []
    for cell in g("tags") or ():
        for t in re.split(r"\s*[;,:]\s*|\s+:::\s+", cell):
            t = t.strip().strip("*").strip()
            if t and t.lower() not in ("mycontacts", "starred") and t not in tags:
                tags.append(t)
    return values, phones, tags, errors
