"""Writing a report: an aligned table, a CSV or an XLSX workbook (formulas neutralised,
Turkish style in Turkish), to the terminal or a private file."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from ...domain.spreadsheet import xlsx_bytes
from ...i18n import _, get_language

__all__ = ["xlsx_bytes"]


def table_text(header: list[str], rows: list[list[str]], right: set[int]) -> str:
    """Columns padded to their widest cell; ``right``: columns aligned right (amounts)."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    """UTF-8 with a BOM (Excel); ``;`` in Turkish (Excel in Turkish reads it), else ``,``."""
    from ...domain.spreadsheet import safe_row

    buf = io.StringIO()
    writer = csv.writer(
        buf, delimiter=";" if get_language() == "tr" else ",", lineterminator="\r\n"
    )
    for row in [header, *rows]:
        writer.writerow(safe_row(row))
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def deliver(text_or_bytes: str | bytes, out: str | None) -> None:
    from ...domain.exporters import write_private
    from ..common import say

    if out is None:
        if isinstance(text_or_bytes, bytes):
            text_or_bytes = text_or_bytes.decode("utf-8-sig")
        say(text_or_bytes.rstrip("\r\n"))
        return
    data = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes
    path = Path(out).expanduser()
    write_private(path, data)
    say(_("Written: {path}", path=path))


def plain_amount(amount: Decimal | None) -> str:
    """A CSV amount: a number a spreadsheet reads (decimal comma in Turkish)."""
    if amount is None:
        return ""
    text = f"{amount:.2f}"
    return text.replace(".", ",") if get_language() == "tr" else text


def cell_makers(fmt: str) -> tuple[Callable, Callable]:
    """(money, day): how a report writes its amounts and dates for ``fmt``. In XLSX they
    stay a Decimal and a date, so the workbook holds real numbers and dates; in CSV a
    plain number (decimal comma in Turkish); in the table the user's formats."""
    from ...i18n import format_date, format_money

    if fmt == "xlsx":
        return (lambda a: a), (lambda d: d)
    if fmt == "csv":
        return plain_amount, format_date
    return (lambda a: format_money(a) if a is not None else ""), format_date


def sheet_bytes(fmt: str, header: list[str], rows: list[list]) -> bytes:
    """The CSV or XLSX of a report (``fmt``: csv | xlsx)."""
    return xlsx_bytes(header, rows) if fmt == "xlsx" else csv_bytes(header, rows)
