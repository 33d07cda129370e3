"""Reading an XLSX workbook (an insurer's production or renewal list) into a ``Table``.

The rest of the import works on text cells, so every cell becomes the text the row
checks already read: a date cell ``2026-11-22``, a number its exact decimal (a TCKN typed
as a number loses no digits and gains no ``.0``), a formula its last computed value
(``data_only``). Insurers' lists often open with a title and blank rows: the header row is
the first that fills most of the columns with text.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from ...i18n import _
from .model import ImportFileError, Table

# An encrypted (password-protected) XLSX, and an old binary .xls, are OLE2 files.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER_SEARCH = 30  # rows looked at for the header row


def is_xlsx_path(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def sheet_names(path: Path | str) -> list[str]:
    book = _open(Path(path))
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _open(path: Path):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.exists():
        raise ImportFileError(_("File not found: {path}", path=path))
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ImportFileError(
            _("Cannot read {path}: {reason}", path=path, reason=exc.strerror)
        ) from exc
    if head == _OLE2:
        raise ImportFileError(
            _(
                "{path} is password-protected or an old .xls file: open it in Excel, remove the password and save it as .xlsx.",
                path=path,
            )
        )
    try:
        # read_only streams the rows (a year's production list is 10,000s of rows)
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            _("{path} is not a readable XLSX file: save it again from Excel as .xlsx.", path=path)
        ) from exc


def cell_text(value: object) -> str:
    """A cell as the text the row checks read (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
        if number == number.to_integral_value():
            return str(int(number))
        text = format(number.normalize(), "f")
        # parse_money reads "1.234" as a thousand (Turkish grouping): a fourth decimal
        # keeps 1234.125 what it is
        if len(text.rpartition(".")[2]) == 3:
            text += "0"
        return text
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


def _header_index(rows: list[list[str]]) -> int:
    width = max((sum(1 for c in r if c) for r in rows), default=0)
    for i, row in enumerate(rows):
        filled = sum(1 for c in row if c)
        if filled >= max(2, (width + 1) // 2):
            return i
    return 0


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    """The first sheet (or ``sheet``, by name or 1-based number) as a ``Table``."""
    book = _open(path)
    try:
        names = list(book.sheetnames)
        if sheet is None:
            ws = book[names[0]]
        elif sheet in names:
            ws = book[sheet]
        elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
            ws = book[names[int(sheet) - 1]]
        else:
            raise ImportFileError(
                _(
                    "{path} has no sheet '{sheet}'. Sheets: {sheets}.",
                    path=path,
                    sheet=sheet,
                    sheets=", ".join(names),
                )
            )
        try:
            raw = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise ImportFileError(
                _(
                    "{path} is not a readable XLSX file: save it again from Excel as .xlsx.",
                    path=path,
                )
            ) from exc
        title = ws.title
    finally:
        book.close()
    first = _header_index(raw[:_HEADER_SEARCH])
    if not raw or not any(raw[first]):
        raise ImportFileError(_("{path} is empty.", path=path))
    headers = list(raw[first])
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    rows, numbers = [], []
    for i, row in enumerate(raw[first + 1 :], start=first + 2):
        row = row[:width] + [""] * (width - len(row))
        if not "".join(row).strip():
            continue
        rows.append(row)
        numbers.append(i)
    table = Table(path, headers, rows, numbers, "xlsx", encoding=None, flavour="xlsx")
    table.sheet = title
    return table
