"""Cells bound for a spreadsheet (CSV today, XLSX later): one rule for every export.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula (``=HYPERLINK(...)`` can send data away; ``@SUM(1)``, ``+1+1``,
``-2+3`` are live too), and a leading tab or carriage return is dropped before they look.
Such a cell is written with a leading apostrophe, which spreadsheets read as "this is
text". A real number (``-12.5``, ``-1.250,75``, ``+3``) stays a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
