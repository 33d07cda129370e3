"""Reading files: encoding, format, CSV (Excel, LibreOffice, Google Contacts, Outlook)
into a ``Table``; vCard in ``vcard``."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ...i18n import _
from ..import_mapping import guess_mapping
from .model import ImportFileError, Table, without_cycle_gc
from .vcard import VCARD_MAPPING, _read_vcard
from .xlsx import is_xlsx_path, read_xlsx

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
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
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
            "Unknown file format {suffix}: use CSV (.csv), Excel (.xlsx), vCard (.vcf) or a crm-tui JSON export.",
            suffix=suffix or path.name,
        )
    )


_TEXT_SUFFIXES = {".csv", ".txt", ".tsv", ".vcf", ".vcard", ".json"}


@without_cycle_gc
def read_file(path: Path | str, sheet: str | None = None) -> Table:
    """``path`` as a ``Table``; ``sheet``: for an XLSX file, the sheet (name or number)."""
    path = Path(path).expanduser()
    if is_xlsx_path(path):
        return read_xlsx(path, sheet)
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


def default_mapping(table: Table, kind: str = "customers") -> list[str]:
    if table.format == "vcard" and kind == "customers":
        return list(VCARD_MAPPING)
    return guess_mapping(table.headers, kind)
