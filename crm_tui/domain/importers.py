"""Bringing customer lists and policy books in: CSV (Excel, LibreOffice, Google Contacts,
Outlook; comma/semicolon/tab; UTF-8 with or without BOM, UTF-16, Windows-1254), vCard
3.0/4.0, and the JSON export of a whole database.

Three steps, each usable alone:

1. ``read_file(path)`` → ``Table`` (headers, rows, detected encoding and delimiter);
2. ``guess_mapping(table.headers)`` (``import_mapping``) → shown, overridable;
3. ``plan_import(table, mapping)`` → ``ImportPlan`` (the dry-run report: what would be
   created, updated, skipped as duplicate, refused with row number and reason), then
   ``run_import(plan)`` writes it in ONE transaction (all or nothing).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from ..clock import now as clock_now
from ..clock import today as clock_today
from ..db import import_sql, search
from ..db.models import AuditLog, Customer, Phone, Policy, Tag, db
from ..i18n import N_, _, format_date, format_number
from ..safe_text import clean, has_controls
from .cities import normalize_city
from .errors import ValidationError
from .import_mapping import IGNORE, check_mapping, guess_mapping
from .parsing import (
    is_valid_tckn,
    national_digits,
    parse_date,
    parse_email,
    parse_money,
    parse_phone,
)

Progress = Callable[[int, int], None]


class ImportFileError(Exception):
    """The file cannot be imported at all; the message is one line for the user."""


@dataclass
class Table:
    path: Path
    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]  # as the user sees them: spreadsheet row (header = 1), contact no.
    format: str = "csv"  # csv | vcard
    encoding: str | None = None
    delimiter: str | None = None
    flavour: str = "csv"  # csv | google | outlook | vcard
    # vCard lines nobody could read: (line number in the file, its text)
    skipped_lines: list[tuple[int, str]] = field(default_factory=list)
    # rows (numbered as the user sees them) and column names that had control characters
    # removed: the report says so (cleaned_notice)
    cleaned_rows: list[int] = field(default_factory=list)
    cleaned_header: bool = False

    def __post_init__(self) -> None:
        # Control characters never come in (a name with ESC [2J wiped the screen where
        # it was shown): removed from every cell and header as the file is read; a line
        # break inside a cell is kept for the notes, and becomes a space in one-line fields
        # when stored (crm_tui.safe_text).
        headers = [clean(h) for h in self.headers]
        self.cleaned_header = headers != self.headers
        self.headers = headers
        rows = []
        for i, row in enumerate(self.rows):
            if any(has_controls(cell) for cell in row):
                row = [clean(cell, multiline=True) if has_controls(cell) else cell for cell in row]
                self.cleaned_rows.append(self.row_numbers[i] if i < len(self.row_numbers) else i)
            rows.append(row)
        self.rows = rows

    def sample(self, column: int, limit: int = 3) -> list[str]:
        out = []
        for row in self.rows:
            if column < len(row) and row[column].strip():
                out.append(row[column].strip())
                if len(out) >= limit:
                    break
        return out


@dataclass
class RowIssue:
    row: int
    message: str


@dataclass
class CustomerRecord:
    row: int
    values: dict
    phones: list[tuple[str, str]] = field(default_factory=list)  # (label, e164)
    tags: list[str] = field(default_factory=list)
    target_id: int | None = None  # merge into this existing customer


@dataclass
class PolicyRecord:
    row: int
    values: dict
    target_id: int | None = None  # existing policy to update (merge)


@dataclass
class ImportPlan:
    kind: str  # customers | policies
    path: Path
    total: int
    create: list = field(default_factory=list)
    update: list = field(default_factory=list)
    duplicates: list[RowIssue] = field(default_factory=list)
    refused: list[RowIssue] = field(default_factory=list)
    on_duplicate: str = "skip"
    row_word: str = "row"
    # what the plan was made from, to re-check it at write time
    snapshot: tuple = ()
    source: tuple = ()  # (table, mapping, today)

    @property
    def ok(self) -> bool:
        return not self.refused

    def counts(self) -> tuple[int, int, int, int]:
        return (len(self.create), len(self.update), len(self.duplicates), len(self.refused))


@dataclass
class ImportResult:
    created: int
    updated: int
    skipped: int
    refused: int


# -- reading files --------------------------------------------------------------------


def detect_encoding(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Excel 'Unicode text'), else Windows-1254."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in raw[:4096]:
        raise ImportFileError(_("This is not a text file (CSV or vCard)."))
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1254")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("Cannot tell the text encoding: save the file as UTF-8 CSV and try again.")
        ) from exc
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > len(text) // 100:
        raise ImportFileError(
            _("Cannot tell the text encoding: save the file as UTF-8 CSV and try again.")
        )
    return "cp1254"


def _read_text(path: Path) -> tuple[str, str]:
    if not path.exists():
        raise ImportFileError(_("File not found: {path}", path=path))
    if path.is_dir():
        raise ImportFileError(_("{path} is a folder, not a file.", path=path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(
            _("Cannot read {path}: {reason}", path=path, reason=exc.strerror)
        ) from exc
    if not raw.strip():
        raise ImportFileError(_("{path} is empty.", path=path))
    encoding = detect_encoding(raw)
    try:
        return raw.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("Cannot tell the text encoding: save the file as UTF-8 CSV and try again.")
        ) from exc


def file_format(path: Path, text: str | None = None) -> str:
    suffix = path.suffix.lower()
    if suffix in (".vcf", ".vcard"):
        return "vcard"
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    if text is not None:
        head = text.lstrip()[:200].upper()
        if head.startswith("BEGIN:VCARD"):
            return "vcard"
        if head.startswith("{"):
            return "json"
        if "," in head or ";" in head or "\t" in head:
            return "csv"
    raise ImportFileError(
        _(
            "Unknown file format {suffix}: use CSV (.csv), vCard (.vcf) or a crm-tui JSON export.",
            suffix=suffix or path.name,
        )
    )


_TEXT_SUFFIXES = {".csv", ".txt", ".tsv", ".vcf", ".vcard", ".json"}


def read_file(path: Path | str) -> Table:
    path = Path(path).expanduser()
    if path.suffix and path.suffix.lower() not in _TEXT_SUFFIXES and path.exists():
        file_format(path)  # raises: a known-unsupported kind of file (.xlsx, .png…)
    text, encoding = _read_text(path)
    fmt = file_format(path, text)
    if fmt == "json":
        raise ImportFileError(_("{path} is a JSON export: it is imported whole.", path=path))
    if fmt == "vcard":
        table = _read_vcard(path, text)
    else:
        table = _read_csv(path, text)
    table.encoding = encoding
    return table


def _delimiter(first_line: str) -> str:
    counts = {}
    for delim in (";", ",", "\t"):
        inside = False
        n = 0
        for ch in first_line:
            if ch == '"':
                inside = not inside
            elif ch == delim and not inside:
                n += 1
        counts[delim] = n
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _first_line(text: str) -> str:
    end = text.find("\n")
    return (text if end < 0 else text[:end]).rstrip("\r")


def _read_csv(path: Path, text: str) -> Table:
    first_row = 1
    delimiter = None
    sep = re.fullmatch(r'"?sep=(.)"?', _first_line(text).strip())
    if sep:  # Excel's "sep=;" line
        delimiter = sep.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
        first_row = 2
    if not text.strip():
        raise ImportFileError(_("{path} is empty.", path=path))
    delimiter = delimiter or _delimiter(_first_line(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        all_rows = list(reader)
    except csv.Error as exc:
        raise ImportFileError(
            _("{path} is not a readable CSV file: {reason}", path=path, reason=exc)
        ) from exc
    if not all_rows:
        raise ImportFileError(_("{path} is empty.", path=path))
    headers = [h.strip().lstrip("\ufeff") for h in all_rows[0]]
    rows, numbers = [], []
    width = len(headers)
    for i, row in enumerate(all_rows[1:], start=first_row + 1):
        if not "".join(row).strip():
            continue
        if len(row) < width:
            row += [""] * (width - len(row))
        rows.append(row)
        numbers.append(i)
    normed = {h.lower() for h in headers}
    flavour = "csv"
    if "e-mail 1 - value" in normed or "phone 1 - value" in normed:
        flavour = "google"
    elif "e-mail address" in normed and "mobile phone" in normed:
        flavour = "outlook"
    return Table(path, headers, rows, numbers, "csv", delimiter=delimiter, flavour=flavour)


VCARD_HEADERS = [
    N_("Full name"),
    N_("First name"),
    N_("Last name"),
    N_("Mobile phone"),
    N_("Home phone"),
    N_("Work phone"),
    N_("Phone"),
    N_("E-mail"),
    N_("Birthday"),
    N_("Address"),
    N_("City"),
    N_("Company"),
    N_("Notes"),
]
VCARD_MAPPING = [
    "name",
    "first_name",
    "last_name",
    "phone_mobile",
    "phone_home",
    "phone_work",
    "phone",
    "email",
    "birthday",
    "address",
    "city",
    "company",
    "notes",
]


_QP_LINE = re.compile(r"^[^:]*ENCODING=QUOTED-PRINTABLE[^:]*:", re.IGNORECASE)


def _join_qp_soft_breaks(text: str) -> str:
    """vCard 2.1 (Android's export) writes Turkish letters quoted-printable and folds long
    values with a trailing '=' and no space on the next line. vobject neither unfolds
    those nor keeps commas in such a value, so decode them here into 3.0 text."""
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if _QP_LINE.match(line):
            while line.endswith("=") and i + 1 < len(lines):
                i += 1
                line = line[:-1] + lines[i]
            line = _decode_qp_line(line)
        out.append(line)
        i += 1
    return "\r\n".join(out) + "\r\n"


def _decode_qp_line(line: str) -> str:
    import quopri

    head, _sep, value = line.partition(":")
    params = head.split(";")
    charset = "utf-8"
    for p in params[1:]:
        if p.upper().startswith("CHARSET="):
            charset = p.split("=", 1)[1].strip() or "utf-8"
    keep = [p for p in params if not p.upper().startswith(("ENCODING=", "CHARSET="))]
    raw = quopri.decodestring(value.encode("latin-1", "replace"))
    try:
        text = raw.decode(charset, "replace")
    except (LookupError, UnicodeError, ValueError, TypeError):
        # an unknown CHARSET, or a codec that is not a text encoding (undefined, idna,
        # punycode: they refuse "replace" or fail outright): read it as UTF-8
        text = raw.decode("utf-8", "replace")
    text = text.replace("\\", "\\\\").replace(",", "\\,")
    text = text.replace("\r\n", "\\n").replace("\n", "\\n")
    if keep[0].split(".")[-1].upper() not in ("N", "ADR", "ORG"):  # ';' separates parts there
        text = text.replace(";", "\\;")
    return ";".join(keep) + ":" + text


def _types(prop) -> str:
    """TYPE values of a property: TYPE=CELL,VOICE (3.0/4.0) or bare ;CELL (2.1)."""
    values = prop.params.get("TYPE", []) + prop.params.get("type", [])
    values += list(getattr(prop, "singletonparams", []) or [])
    return " ".join(v.lower() for t in values for v in str(t).split(","))


def _joined(value) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(str(v).strip() for v in value if str(v).strip())
    return str(value or "").strip()


def _number_skipped(text: str, skipped: list[str]) -> list[tuple[int, str]]:
    """The file's own line number of each line vobject skipped (its numbers count the
    lines after quoted-printable soft breaks are joined), found in order in ``text``."""
    lines = [line.strip() for line in text.splitlines()]
    found, start = [], 0
    for line in skipped:
        want = line.strip()
        at = next((i for i in range(start, len(lines)) if lines[i] == want), None)
        if at is None:
            at = next((i for i in range(start, len(lines)) if want and want in lines[i]), None)
        if at is not None:
            start = at + 1
        found.append((at + 1 if at is not None else 0, clean(line)))
    return found


def _read_vcard(path: Path, text: str) -> Table:
    import logging

    import vobject

    # Unreadable lines are skipped (ignoreUnreadable). vobject logs each to stderr with a
    # line number of its own (counted after the quoted-printable joins): collect them
    # instead, to list them with the report by their text.
    skipped: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            skipped.append(message.split("Failed to parse line:", 1)[-1].strip())

    loggers = [logging.getLogger(name) for name in ("vobject", "vobject.base")]
    saved = [(log.level, log.handlers, log.propagate) for log in loggers]
    collect = _Collect()
    for log in loggers:
        log.handlers, log.propagate = [collect], False
        log.setLevel(logging.ERROR)
    rows, numbers = [], []
    original = text  # numbered as the user's file numbers its lines
    text = _join_qp_soft_breaks(text)
    try:
        cards = list(vobject.readComponents(text, ignoreUnreadable=True))
    except Exception as exc:  # vobject raises many kinds of parse errors
        raise ImportFileError(
            _("{path} is not a readable vCard file: {reason}", path=path, reason=exc)
        ) from exc
    finally:
        for log, (level, handlers, propagate) in zip(loggers, saved, strict=True):
            log.setLevel(level)
            log.handlers, log.propagate = handlers, propagate
    for number, card in enumerate(cards, start=1):
        if card.name != "VCARD":
            continue
        row = dict.fromkeys(VCARD_MAPPING, "")
        contents = card.contents
        if "fn" in contents:
            row["name"] = str(contents["fn"][0].value).strip()
        if "n" in contents:
            n = contents["n"][0].value
            row["first_name"] = _joined(getattr(n, "given", ""))
            row["last_name"] = _joined(getattr(n, "family", ""))
        phones: dict[str, list[str]] = {"phone_mobile": [], "phone_home": [], "phone_work": []}
        phones["phone"] = []
        for tel in contents.get("tel", []):
            value = str(tel.value).strip()
            if value.lower().startswith("tel:"):
                value = value[4:]
            types = _types(tel)
            key = (
                "phone_mobile"
                if "cell" in types
                else "phone_home"
                if "home" in types
                else "phone_work"
                if "work" in types
                else "phone"
            )
            phones[key].append(value)
        for key, values in phones.items():
            row[key] = " / ".join(values)
        if "email" in contents:
            row["email"] = str(contents["email"][0].value).strip()
        if "bday" in contents:
            bday = str(contents["bday"][0].value).strip()
            if re.fullmatch(r"\d{8}", bday):
                bday = f"{bday[:4]}-{bday[4:6]}-{bday[6:]}"
            row["birthday"] = bday[:10] if re.match(r"\d{4}-\d\d-\d\d", bday) else bday
            if bday.startswith("1604-"):  # iPhone: a birthday without the year
                row["birthday"] = ""
        if "adr" in contents:
            adr = contents["adr"][0].value
            row["address"] = _joined(getattr(adr, "street", ""))
            row["city"] = _joined(getattr(adr, "city", ""))
        if "org" in contents:
            row["company"] = _joined(contents["org"][0].value)
        if "note" in contents:
            row["notes"] = str(contents["note"][0].value).strip()
        rows.append([row[f] for f in VCARD_MAPPING])
        numbers.append(number)
    if not rows:
        raise ImportFileError(_("{path} holds no contacts.", path=path))
    table = Table(path, [_(h) for h in VCARD_HEADERS], rows, numbers, "vcard", flavour="vcard")
    table.skipped_lines = _number_skipped(original, skipped)
    return table


def default_mapping(table: Table, kind: str = "customers") -> list[str]:
    if table.format == "vcard" and kind == "customers":
        return list(VCARD_MAPPING)
    return guess_mapping(table.headers, kind)


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
_SPLITTERS = frozenset(";/,|:")


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


def _norm_words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", search.fold(text)))


def _code_of(kind: str, text: str | None) -> str | None:
    """The stored code a cell names: the code itself or its label in either language (a
    Turkish export writes ``Sözleşme``, ``Trafik``, ``Sona erdi``, ``Yürüyerek gelen``)."""
    from ..i18n import _catalog
    from .labels import LABELS

    folded = _norm_words(text or "")
    if not folded:
        return None
    turkish = _catalog("tr")
    for code, msgid in LABELS[kind].items():
        if folded in (_norm_words(code), _norm_words(msgid), _norm_words(turkish.get(msgid, ""))):
            return code
    return None


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


# -- planning -------------------------------------------------------------------------


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
            parts = (cell,) if _SPLITTERS.isdisjoint(cell) and "   " not in cell else None
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


def _existing_customer_keys() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    phones = {
        e164: cid for e164, cid in Phone.select(Phone.e164, Phone.customer).tuples().iterator()
    }
    emails, nids = {}, {}
    for cid, email, nid in (
        Customer.select(Customer.id, Customer.email, Customer.national_id)
        .where(Customer.email.is_null(False) | Customer.national_id.is_null(False))
        .tuples()
        .iterator()
    ):
        if email:
            emails.setdefault(email.lower(), cid)
        if nid:
            nids.setdefault(nid, cid)
    return phones, emails, nids


def _merge_values(into: CustomerRecord, other: dict, phones, tags) -> None:
    for key, value in other.items():
        if value and not into.values.get(key) and key not in ("kind", "source"):
            into.values[key] = value
    known = {e for _l, e in into.phones}
    into.phones.extend((label, e) for label, e in phones if e not in known)
    into.tags.extend(t for t in tags if t not in into.tags)


def plan_import(
    table: Table,
    mapping: list[str] | None = None,
    kind: str = "customers",
    on_duplicate: str = "skip",
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """The dry run: decide every row, write nothing."""
    today = today or clock_today()
    mapping = list(mapping) if mapping is not None else default_mapping(table, kind)
    check_mapping(mapping, kind)
    if on_duplicate not in ("skip", "merge"):
        raise ValidationError(_("--on-duplicate must be skip or merge."))
    plan = ImportPlan(
        kind,
        table.path,
        len(table.rows),
        on_duplicate=on_duplicate,
        row_word="contact" if table.format == "vcard" else "row",
        snapshot=import_sql.snapshot(),
        source=(table, mapping, today),
    )
    if kind == "policies":
        _plan_policies(plan, table, mapping, today, progress)
    else:
        _plan_customers(plan, table, mapping, today, progress)
    return plan


def _plan_customers(plan, table, mapping, today, progress) -> None:
    db_phones, db_emails, db_nids = _existing_customer_keys()
    seen: dict[tuple[str, str], CustomerRecord] = {}
    updates: dict[int, CustomerRecord] = {}
    names: dict[int, str] = {}
    total = len(table.rows)
    active = [(i, f) for i, f in enumerate(mapping) if f != IGNORE]
    what = {
        "phone": _("same phone"),
        "email": _("same e-mail"),
        "national_id": _("same national ID"),
    }
    sources = {"phone": db_phones, "email": db_emails, "national_id": db_nids}
    for i, (cells, rownum) in enumerate(zip(table.rows, table.row_numbers, strict=True)):
        if progress and i % 2000 == 0:
            progress(i, total)
        values, phones, tags, errors = _customer_from_row(cells, active, today)
        if errors:
            plan.refused.append(RowIssue(rownum, "; ".join(errors)))
            continue
        keys = [("phone", e) for _l, e in phones]
        if values["email"]:
            keys.append(("email", values["email"]))
        if values["national_id"]:
            keys.append(("national_id", values["national_id"]))
        # against the database
        existing = None
        for k, v in keys:
            found = sources[k].get(v)
            if found is not None:
                existing = (found, what[k])
                break
        if existing:
            cid, why = existing
            if plan.on_duplicate == "merge":
                rec = updates.get(cid)
                if rec is None:
                    rec = CustomerRecord(rownum, {}, [], [], target_id=cid)
                    updates[cid] = rec
                    plan.update.append(rec)
                _merge_values(rec, values, phones, tags)
                if cid not in names:
                    names[cid] = Customer.get_by_id(cid).name
                plan.duplicates.append(
                    RowIssue(
                        rownum,
                        _(
                            "{why} as customer #{id} {name}: merged",
                            why=why,
                            id=cid,
                            name=names[cid],
                        ),
                    )
                )
            else:
                if cid not in names:
                    names[cid] = Customer.get_by_id(cid).name
                plan.duplicates.append(
                    RowIssue(
                        rownum,
                        _(
                            "{why} as customer #{id} {name}: skipped",
                            why=why,
                            id=cid,
                            name=names[cid],
                        ),
                    )
                )
            continue
        # within the file
        earlier = None
        for k in keys:
            earlier = seen.get(k)
            if earlier is not None:
                break
        if earlier is not None:
            if plan.on_duplicate == "merge":
                _merge_values(earlier, values, phones, tags)
                plan.duplicates.append(
                    RowIssue(
                        rownum,
                        _(
                            "{why} as {word} {row}: merged",
                            why=what[k[0]],
                            word=_word(plan.row_word),
                            row=earlier.row,
                        ),
                    )
                )
                for key in keys:
                    seen.setdefault(key, earlier)
            else:
                plan.duplicates.append(
                    RowIssue(
                        rownum,
                        _(
                            "{why} as {word} {row}: skipped",
                            why=what[k[0]],
                            word=_word(plan.row_word),
                            row=earlier.row,
                        ),
                    )
                )
            continue
        rec = CustomerRecord(rownum, values, phones, tags)
        plan.create.append(rec)
        for key in keys:
            seen[key] = rec
    if progress:
        progress(total, total)


def _word(row_word: str) -> str:
    return _("contact") if row_word == "contact" else _("row")


def _plan_policies(plan, table, mapping, today, progress) -> None:
    by_nid: dict[str, int] = {}
    by_name: dict[str, list[int]] = {}
    for cid, name, nid in Customer.select(
        Customer.id, Customer.name, Customer.national_id
    ).tuples():
        if nid:
            by_nid.setdefault(nid, cid)
        by_name.setdefault(_norm_words(name), []).append(cid)
    by_phone = {e: c for e, c in Phone.select(Phone.e164, Phone.customer).tuples()}
    existing = {
        (num, _norm_words(prov or "")): pid
        for pid, num, prov in Policy.select(Policy.id, Policy.number, Policy.provider)
        .where(Policy.number.is_null(False))
        .tuples()
    }
    existing_numbers = {num: pid for (num, _p), pid in existing.items()}
    seen: dict[str, PolicyRecord] = {}
    total = len(table.rows)
    for i, (cells, rownum) in enumerate(zip(table.rows, table.row_numbers, strict=True)):
        if progress and i % 2000 == 0:
            progress(i, total)
        got: dict[str, str] = {}
        for value, f in zip(cells, mapping, strict=False):
            if f != IGNORE and value and value.strip() and f not in got:
                got[f] = value.strip()
        errors: list[str] = []
        cid = None
        if got.get("customer_national_id"):
            cid = by_nid.get(re.sub(r"\s", "", got["customer_national_id"]))
        if cid is None and got.get("customer_phone"):
            try:
                cid = by_phone.get(fast_phone(got["customer_phone"]))
            except ValidationError:
                errors.append(_("bad phone '{value}'", value=got["customer_phone"]))
        if cid is None and got.get("customer_name"):
            ids = by_name.get(_norm_words(got["customer_name"]), [])
            if len(ids) == 1:
                cid = ids[0]
            elif len(ids) > 1:
                errors.append(
                    _(
                        "{n} customers are called '{name}': add a phone or national ID column",
                        n=len(ids),
                        name=got["customer_name"],
                    )
                )
        if cid is None and not errors:
            ref = (
                got.get("customer_national_id")
                or got.get("customer_phone")
                or got.get("customer_name")
            )
            if ref:
                errors.append(
                    _("no customer matches '{ref}' (import the customers first)", ref=ref)
                )
            else:
                errors.append(_("missing customer"))
        line_raw = got.get("line", "")
        line = _LINES.get(_norm_words(line_raw)) or _code_of("line", line_raw)
        line = line or _norm_words(line_raw).replace(" ", "_")
        if not line:
            errors.append(_("missing product line"))
        values: dict = {
            "customer": cid,
            "line": line,
            "provider": got.get("provider"),
            "number": got.get("number"),
            "plate": (got.get("plate") or "").upper() or None,
            "kind": _code_of("policy_kind", got.get("kind"))
            or ("policy" if line in _POLICY_LINES else "contract"),
            "notes": got.get("notes"),
        }
        if values["kind"] not in ("policy", "warranty", "service", "subscription", "contract"):
            values["kind"] = "contract"
        try:
            values["start_date"] = _date(got.get("start_date", ""), today, _("start date"))
            if values["start_date"] is None:
                errors.append(_("missing start date"))
        except ValidationError as exc:
            errors.append(str(exc))
        try:
            values["end_date"] = _date(got.get("end_date", ""), today, _("end date"))
        except ValidationError as exc:
            errors.append(str(exc))
        if values.get("start_date") and values.get("end_date"):
            if values["end_date"] < values["start_date"]:
                errors.append(_("end date before start date"))
        for money in ("premium", "commission"):
            values[money] = None
            if got.get(money):
                try:
                    values[money] = parse_money(got[money])
                except ValidationError:
                    errors.append(_("bad amount '{value}'", value=got[money]))
        status = _STATUSES.get(_norm_words(got.get("status", ""))) or _code_of(
            "policy_status", got.get("status")
        )
        if status is None:
            errors.append(_("unknown status '{value}'", value=got.get("status")))
        values["status"] = status or "active"
        if errors:
            plan.refused.append(RowIssue(rownum, "; ".join(errors)))
            continue
        number = values["number"]
        if number:
            pid = existing.get((number, _norm_words(values["provider"] or "")))
            if pid is None and not values["provider"]:
                pid = existing_numbers.get(number)
            if pid is not None:
                if plan.on_duplicate == "merge":
                    plan.update.append(PolicyRecord(rownum, values, target_id=pid))
                    plan.duplicates.append(
                        RowIssue(rownum, _("policy {number} exists: updated", number=number))
                    )
                else:
                    plan.duplicates.append(
                        RowIssue(rownum, _("policy {number} exists: skipped", number=number))
                    )
                continue
            if number in seen:
                plan.duplicates.append(
                    RowIssue(
                        rownum,
                        _(
                            "policy {number} already on row {row}: skipped",
                            number=number,
                            row=seen[number].row,
                        ),
                    )
                )
                continue
        rec = PolicyRecord(rownum, values)
        plan.create.append(rec)
        if number:
            seen[number] = rec
    if progress:
        progress(total, total)


_POLICY_LINES = {
    "trafik",
    "kasko",
    "dask",
    "konut",
    "saglik",
    "tss",
    "hayat",
    "isyeri",
    "ferdi_kaza",
    "seyahat",
}


# -- running --------------------------------------------------------------------------


class RefusedRowsError(Exception):
    """Some rows were refused and the user did not accept importing only the good ones."""

    @classmethod
    def for_plan(cls, plan: ImportPlan) -> RefusedRowsError:
        return cls(
            _(
                "{n} rows were refused; nothing was imported. Fix them, or import only the good rows (--accept-errors).",
                n=len(plan.refused),
            )
        )


class PlanChangedError(ImportFileError):
    """The database changed between the preview and the import, and so would the result."""


def backup_before_import(now=None):
    """A copy of the database to undo an import with (None for a database without
    customers: there is nothing to lose)."""
    from . import backup

    if not Customer.select().exists():
        return None
    try:
        return backup.backup_before("import", now=now)
    except backup.BackupError as exc:
        raise ImportFileError(
            _(
                "No backup could be made before the import, so nothing was imported: {reason}",
                reason=exc,
            )
        ) from exc


def run_import(
    plan: ImportPlan,
    accept_errors: bool = False,
    progress: Progress | None = None,
    now=None,
) -> ImportResult:
    """Write the plan in one transaction: everything or (on any error) nothing."""
    if plan.refused and not accept_errors:
        raise RefusedRowsError.for_plan(plan)
    stamp = str(now or clock_now())
    with db.atomic():
        if plan.snapshot and import_sql.snapshot() != plan.snapshot:
            plan = _replan(plan)
        if plan.kind == "policies":
            _write_policies(plan, stamp, progress)
        else:
            _write_customers(plan, stamp, progress)
        AuditLog.create(
            action="import",
            detail=json.dumps(
                {
                    "file": plan.path.name,
                    "kind": plan.kind,
                    "created": len(plan.create),
                    "updated": len(plan.update),
                    "duplicates": len(plan.duplicates),
                    "refused": len(plan.refused),
                }
            ),
        )
    merged = plan.on_duplicate == "merge"
    return ImportResult(
        created=len(plan.create),
        updated=len(plan.update),
        skipped=0 if merged else len(plan.duplicates),
        refused=len(plan.refused),
    )


_CUSTOMER_COLUMNS = [
    "id",
    "kind",
    "name",
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
    "notes",
    "created_at",
    "updated_at",
    "version",
]


def _write_customers(plan: ImportPlan, stamp: str, progress: Progress | None) -> None:
    total = len(plan.create) + len(plan.update)
    base = import_sql.max_id("customer")
    chunk = 5000
    tag_ids: dict[str, int] = {}
    done = 0
    for start in range(0, len(plan.create), chunk):
        batch = plan.create[start : start + chunk]
        rows, phone_rows, index_rows, tag_rows = [], [], [], []
        for offset, rec in enumerate(batch):
            cid = base + start + offset + 1
            v = rec.values
            rows.append(
                (
                    cid,
                    v["kind"],
                    v["name"],
                    v["company"],
                    v["national_id"],
                    v["tax_number"],
                    v["tax_office"],
                    v["email"],
                    v["address"],
                    v["city"],
                    v["district"],
                    v["birthday"].isoformat() if v["birthday"] else None,
                    v["source"],
                    v["notes"],
                    stamp,
                    stamp,
                    1,
                )
            )
            digits = []
            for n, (label, e164) in enumerate(rec.phones):
                d = e164[3:] if e164.startswith("+90") else national_digits(e164)
                digits.append(d)
                phone_rows.append((cid, label, e164, d, 1 if n == 0 else 0))
            for t in rec.tags:
                tag_rows.append((cid, _tag_id(t, tag_ids)))
            index_rows.append((cid, v, digits))
        import_sql.insert_rows("customer", _CUSTOMER_COLUMNS, rows)
        import_sql.insert_rows(
            "phone", ["customer_id", "label", "e164", "digits", "is_primary"], phone_rows
        )
        if tag_rows:
            import_sql.insert_rows("customer_tag", ["customer_id", "tag_id"], set(tag_rows))
        import_sql.index_new_customers(index_rows)
        done += len(batch)
        if progress:
            progress(done, total)
    for rec in plan.update:
        _merge_into_existing(rec, stamp, tag_ids)
        done += 1
        if progress and done % 200 == 0:
            progress(done, total)
    if plan.update:
        search.index_customers([r.target_id for r in plan.update])
    if progress:
        progress(total, total)


def _replan(plan: ImportPlan) -> ImportPlan:
    """Another window or desk changed customers or policies since the preview: decide every
    row again (inside the import's transaction, so nothing changes meanwhile). The same
    outcome goes ahead; a different one is refused with the new figures."""
    table, mapping, today = plan.source
    fresh = plan_import(table, mapping, plan.kind, plan.on_duplicate, today)
    if fresh.counts() != plan.counts():
        raise PlanChangedError(
            _(
                "The database changed in another window or desk since the preview; nothing was imported. Now: {summary}",
                summary=summary_line(fresh),
            )
        )
    return fresh


def _tag_id(name: str, cache_: dict[str, int]) -> int:
    if name not in cache_:
        tag, _created = Tag.get_or_create(name=name)
        cache_[name] = tag.id
    return cache_[name]


def _merge_into_existing(rec: CustomerRecord, stamp: str, tag_ids: dict[str, int]) -> None:
    from ..db.models import CustomerTag

    customer = Customer.get_by_id(rec.target_id)
    changes = {}
    for key, value in rec.values.items():
        if key in ("kind", "source", "name"):
            continue
        if value and not getattr(customer, key):
            changes[key] = value
    if changes:
        changes["updated_at"] = stamp
        changes["version"] = customer.version + 1
        Customer.update(**changes).where(Customer.id == customer.id).execute()
    have = {p.e164 for p in customer.phones}
    has_primary = bool(have)
    for label, e164 in rec.phones:
        if e164 not in have:
            Phone.create(
                customer=customer.id,
                label=label,
                e164=e164,
                digits=national_digits(e164),
                is_primary=not has_primary,
            )
            has_primary = True
            have.add(e164)
    for t in rec.tags:
        CustomerTag.get_or_create(customer=customer.id, tag=_tag_id(t, tag_ids))


_POLICY_COLUMNS = [
    "customer_id",
    "kind",
    "line",
    "provider",
    "number",
    "plate",
    "start_date",
    "end_date",
    "premium",
    "commission",
    "currency",
    "status",
    "notes",
    "created_at",
    "updated_at",
]


def _minor(amount: Decimal | None) -> int | None:
    return None if amount is None else Policy.premium.db_value(amount)


def _write_policies(plan: ImportPlan, stamp: str, progress: Progress | None) -> None:
    total = len(plan.create) + len(plan.update)
    rows = []
    for rec in plan.create:
        v = rec.values
        rows.append(
            (
                v["customer"],
                v["kind"],
                v["line"],
                v["provider"],
                v["number"],
                v["plate"],
                v["start_date"].isoformat(),
                v["end_date"].isoformat() if v["end_date"] else None,
                _minor(v["premium"]),
                _minor(v["commission"]),
                "TRY",
                v["status"],
                v["notes"],
                stamp,
                stamp,
            )
        )
    for start in range(0, len(rows), 5000):
        import_sql.insert_rows("policy", _POLICY_COLUMNS, rows[start : start + 5000])
        if progress:
            progress(min(start + 5000, len(rows)), total)
    for rec in plan.update:
        v = {k: val for k, val in rec.values.items() if val is not None and k != "customer"}
        v["updated_at"] = stamp
        Policy.update(**v).where(Policy.id == rec.target_id).execute()
    customers = {r.values["customer"] for r in plan.create + plan.update}
    search.index_customers(customers)
    if progress:
        progress(total, total)


# -- report ---------------------------------------------------------------------------


def cleaned_notice(table: Table | None, word: str, limit: int = 10) -> str | None:
    """One line saying where control characters were removed as the file was read (None
    when there were none)."""
    if table is None or not (table.cleaned_rows or table.cleaned_header):
        return None
    places = [_("the column names")] if table.cleaned_header else []
    rows = table.cleaned_rows
    if rows:
        shown = ", ".join(format_number(r) for r in rows[:limit])
        places.append(f"{word} {shown}" + (" …" if len(rows) > limit else ""))
    return _(
        "Control characters removed ({places}): they could wipe the screen or change the terminal's title. The text is kept without them.",
        places="; ".join(places),
    )


def report_lines(plan: ImportPlan, limit: int | None = 50) -> list[str]:
    """The dry-run report as lines for the user."""
    word = _("Contact") if plan.row_word == "contact" else _("Row")
    out = [summary_line(plan)]
    notice = cleaned_notice(plan.source[0] if plan.source else None, word)
    if notice:
        out.append(notice)
    if plan.refused:
        out.append(_("Refused:"))
        for issue in plan.refused[:limit]:
            out.append(f"  {word} {issue.row}: {issue.message}")
        if limit is not None and len(plan.refused) > limit:
            out.append(_("  … and {n} more", n=len(plan.refused) - limit))
    if plan.duplicates:
        out.append(_("Duplicates:"))
        for issue in plan.duplicates[:limit]:
            out.append(f"  {word} {issue.row}: {issue.message}")
        if limit is not None and len(plan.duplicates) > limit:
            out.append(_("  … and {n} more", n=len(plan.duplicates) - limit))
    return out


def summary_line(plan: ImportPlan) -> str:
    skipped = len(plan.duplicates)
    if plan.on_duplicate == "merge":
        skipped = 0
    n = format_number
    return _(
        "{total} rows: {create} to create, {update} to update, {skipped} duplicates skipped, {merged} merged, {refused} refused.",
        total=n(plan.total),
        create=n(len(plan.create)),
        update=n(len(plan.update)),
        skipped=n(skipped),
        merged=n(len(plan.duplicates) if plan.on_duplicate == "merge" else 0),
        refused=n(len(plan.refused)),
    )


# -- JSON export (whole database) -----------------------------------------------------


def import_json(path: Path | str) -> dict[str, int]:
    """Load a crm-tui JSON export into an EMPTY database; returns rows per table."""
    from ..db.migrations import SCHEMA_VERSION

    path = Path(path).expanduser()
    text, _enc = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            _("{path} is not valid JSON: {reason}", path=path, reason=exc.msg)
        ) from exc
    if not isinstance(data, dict) or data.get("format") != "crm-tui" or "tables" not in data:
        raise ImportFileError(_("{path} is not a crm-tui JSON export.", path=path))
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ImportFileError(
            _(
                "{path} comes from database schema {found}; this version needs {known}.",
                path=path,
                found=data.get("schema_version"),
                known=SCHEMA_VERSION,
            )
        )
    tables = data["tables"]
    known = import_sql.table_names()
    counts: dict[str, int] = {}
    for name in known:
        if name != "setting" and import_sql.count_rows(name):
            raise ImportFileError(
                _(
                    "A JSON export is loaded into an empty database only; this one already has data ({table}).",
                    table=name,
                )
            )
    with db.atomic():
        import_sql.defer_foreign_keys()
        for name in known:
            block = tables.get(name)
            if not block:
                continue
            columns = block.get("columns", [])
            have = set(import_sql.table_columns(name))
            unknown = [c for c in columns if c not in have]
            if unknown:
                raise ImportFileError(
                    _(
                        "{path}: table {table} has unknown columns {columns}.",
                        path=path,
                        table=name,
                        columns=", ".join(unknown),
                    )
                )
            rows = block.get("rows", [])
            # no control characters come in this way either (line breaks kept)
            cleaned = [
                tuple(clean(v, multiline=True) if isinstance(v, str) else v for v in r)
                for r in rows
            ]
            import_sql.load_table(name, columns, cleaned)
            counts[name] = len(rows)
        search.rebuild_index()
    from .privacy import reapply_erasures

    # an export made before a KVKK erasure must not bring the person back
    counts["erased_again"] = len(reapply_erasures())
    return counts


def is_json_file(path: Path | str) -> bool:
    path = Path(path)
    if path.suffix.lower() == ".json":
        return True
    return False
