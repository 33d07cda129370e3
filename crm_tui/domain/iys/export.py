"""``crm-tui iys export``: the consent in force per customer and channel, one row per
recipient address, in İYS's bulk upload columns (CSV or XLSX)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ...db.models import Consent, Customer, Phone
from ...i18n import _
from ..errors import ValidationError
from ..exporters import write_private
from .format import CHANNEL_TO_TYPE, COLUMNS, format_date, phone_recipient, recipient_type
from .format import source_code as _source


@dataclass
class ExportResult:
    path: Path
    written: int
    without_address: int  # consents left out: no phone or e-mail to name the recipient


def _newest_rows(since: datetime | None) -> list[Consent]:
    newest: dict[tuple[int, str], Consent] = {}
    query = (
        Consent.select(Consent, Customer)
        .join(Customer)
        .where(Customer.anonymized_at.is_null())
        .order_by(Consent.at, Consent.id)
    )
    for c in query:
        newest[(c.customer_id, c.channel)] = c
    rows = list(newest.values())
    if since is not None:
        rows = [c for c in rows if c.at >= since or c.recorded_at >= since]
    return sorted(rows, key=lambda c: (c.customer_id, c.channel))


def _phones(ids: list[int]) -> dict[int, str]:
    """The phone a customer's SMS/call consent covers: the primary one, else a mobile."""
    out: dict[int, tuple[int, str]] = {}
    for start in range(0, len(ids), 500):
        for p in Phone.select().where(Phone.customer.in_(ids[start : start + 500])):
            rank = 0 if p.is_primary else 1 if p.label == "mobile" else 2
            have = out.get(p.customer_id)
            if have is None or rank < have[0]:
                out[p.customer_id] = (rank, phone_recipient(p.e164))
    return {cid: v[1] for cid, v in out.items()}


def export_rows(since: datetime | None = None) -> tuple[list[list[str]], int]:
    """(rows in ``COLUMNS`` order, consents left out without an address)."""
    consents = _newest_rows(since)
    phones = _phones(sorted({c.customer_id for c in consents}))
    rows: list[list[str]] = []
    skipped = 0
    for c in consents:
        customer = c.customer
        address = customer.email if c.channel == "email" else phones.get(c.customer_id)
        if not address:
            skipped += 1
            continue
        values = {
            "type": CHANNEL_TO_TYPE[c.channel],
            "source": _source(c.iys_source, c.method),
            "recipient": address,
            "status": "ONAY" if c.granted else "RET",
            "consentDate": format_date(c.at),
            "recipientType": recipient_type(customer.kind),
        }
        rows.append([values[name] for name, _what in COLUMNS])
    return rows, skipped


def export_consents(
    out: Path | str, fmt: str = "csv", since: datetime | None = None
) -> ExportResult:
    """Write the bulk file (0600: it names people). ``fmt``: csv | xlsx."""
    if fmt not in ("csv", "xlsx"):
        raise ValidationError(_("Format must be csv or xlsx."))
    out = Path(out).expanduser()
    rows, skipped = export_rows(since)
    header = [name for name, _what in COLUMNS]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerows(rows)  # no header line, as İYS's own example (format.py)
        data = buf.getvalue().encode("utf-8")
    else:
        data = _xlsx_bytes(header, rows)
    write_private(out, data)
    return ExportResult(out, len(rows), skipped)


def _xlsx_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "IYS"
    ws.append(header)
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            cell.data_type = "s"  # text as typed: digits stay digits, no formula
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
