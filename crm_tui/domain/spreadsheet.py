"""Cells bound for a spreadsheet (CSV or XLSX): one rule for every export, and the one
XLSX writer every export and report uses.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula (``=HYPERLINK(...)`` can send data away; ``@SUM(1)``, ``+1+1``,
``-2+3`` are live too), and a leading tab or carriage return is dropped before they look.
Such a cell is written with a leading apostrophe, which spreadsheets read as "this is
text". A real number (``-12.5``, ``-1.250,75``, ``+3``) stays a number.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

from ..i18n import _, get_language

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# signed numbers as people write them: -3, -12.5, -1.250,75, -1,250.75
_NUMBER = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:[.,]\d{3})+)(?:[.,]\d+)?")


def safe_cell(value: object) -> object:
    """``value`` as a spreadsheet must receive it: text that would run as a formula is
    kept as text; everything else (numbers, dates, None) unchanged."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in FORMULA_STARTS and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(row: Iterable[object]) -> list[object]:
    return [safe_cell(value) for value in row]


def xlsx_bytes(header: list[str], rows: list[list], sheet: str | None = None) -> bytes:
    """One sheet: the header in bold and frozen, dates as date cells (``22.11.2026`` in
    Turkish), amounts as numbers with a ₺ format, columns as wide as their contents.

    Text a spreadsheet would run as a formula (the rule of ``domain.spreadsheet``) is
    written as a text cell marked as typed with a leading apostrophe, as Excel stores
    it: shown as typed, never run, and without the apostrophe the CSV needs."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    turkish = get_language() == "tr"
    day_format = "DD.MM.YYYY" if turkish else "DD/MM/YYYY"
    money_format = '#,##0.00 "₺"' if turkish else '"₺"#,##0.00'
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = (sheet or _("Report"))[:31]
    widths = [len(h) for h in header]
    for c, text in enumerate(header, start=1):
        cell = ws.cell(1, c, text)
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c)
            if isinstance(value, datetime):
                if value.time() == time():  # a day stored as midnight
                    value = value.date()
                else:  # a moment: the day and the time, a date cell all the same
                    cell.value = value.replace(tzinfo=None)
                    cell.number_format = day_format + " HH:MM"
                    widths[c - 1] = max(widths[c - 1], 16)
                    continue
            if isinstance(value, date):
                cell.value = value
                cell.number_format = day_format
                shown = 10
            elif isinstance(value, Decimal):
                cell.value = value
                cell.number_format = money_format
                shown = len(f"{value:,.2f}") + 2
            elif value is None or value == "":
                continue
            elif isinstance(value, str) and safe_cell(value) != value:
                cell.value = value
                cell.data_type = "s"  # openpyxl took it for a formula
                cell.quotePrefix = True
                shown = len(value)
            else:
                cell.value = value
                shown = len(str(value))
            widths[c - 1] = max(widths[c - 1], shown)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(max(width, 6) + 2, 60)
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
