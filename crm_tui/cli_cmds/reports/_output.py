"""Writing a report: an aligned table or a CSV (formulas neutralised, Turkish style in
Turkish), to the terminal or a private file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ...i18n import _, get_language


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
