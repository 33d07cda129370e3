"""Taking data out: CSV or XLSX (customers, policies, reminders, complaints; Excel-friendly UTF-8
with BOM, comma or semicolon), vCard (customers), iCalendar (reminders and renewals) and
JSON (the whole database, loss-free: ``importers.import_json`` loads it back).

Every file is written to a temporary name first and renamed when complete, owner-only (0600).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from .. import __version__
from ..db import import_sql
from ..db.models import Complaint, Customer, CustomerTag, Phone, Policy, Reminder, Tag
from ..i18n import _
from ..private_files import write_private_atomic
from .attachments import all_contents
from .errors import ValidationError
from .export_names import (  # re-exported: callers import them from here
    EXTENSIONS,
    FILE_WORDS,
    default_export_path,
    default_file_name,
    free_path,
)
from .import_mapping import CUSTOMER_FIELDS, POLICY_FIELDS
from .labels import label
from .parsing import format_phone
from .roles import all_commissions, require, server_refusal
from .spreadsheet import safe_row, xlsx_bytes
from .who import record

FORMATS = ("csv", "xlsx", "vcard", "json", "ics")
WHATS = ("customers", "policies", "reminders", "complaints")


class ExportError(Exception):
    """The export cannot be written; one line for the user."""


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically with owner-only permissions."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportError(_("{path} is a folder, not a file.", path=path))
    if not path.parent.exists():
        raise ExportError(_("Folder {folder} does not exist.", folder=path.parent))
    # a random name created exclusively (O_EXCL): nobody can plant a file or a symlink
    # at it beforehand, as they could at a name made of the process id
    try:
        write_private_atomic(path, data)
    except OSError as exc:
        raise ExportError(
            _("Cannot write {path}: {reason}", path=path, reason=exc.strerror)
        ) from exc


# -- CSV --------------------------------------------------------------------------------


def _money(value: Decimal | None, decimal_comma: bool, typed: bool = False) -> str | Decimal:
    """A CSV amount (decimal comma in Turkish), or for XLSX (``typed``) the number itself."""
    if value is None:
        return ""
    if typed:
        return value
    text = f"{value:.2f}"
    return text.replace(".", ",") if decimal_comma else text


def _words() -> bool:
    """Turkish exports carry the words the UI shows (``Aktif``, ``İptal``, ``Müşteri
    bekleniyor``) instead of the stored codes; English ones keep the codes. Imports read both."""
    from ..i18n import get_language

    return get_language() == "tr"


def _word(kind: str, code: str | None, words: bool) -> str:
    if not code:
        return ""
    return label(kind, code) if words else code


def _n(value: int | None, typed: bool) -> str | int:
    """An id or a count: a number cell in XLSX, text in CSV."""
    if value is None:
        return ""
    return value if typed else str(value)


def _d(value, typed: bool = False) -> str | date:
    """A date or a moment: ISO text in CSV, the value itself (a date cell) in XLSX."""
    if value is None:
        return ""
    if typed and isinstance(value, date):
        return value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _phones_by_customer(ids: list[int] | None = None) -> dict[int, list[Phone]]:
    out: dict[int, list[Phone]] = {}
    query = Phone.select().order_by(Phone.customer, Phone.is_primary.desc(), Phone.id)
    if ids is not None:
        query = query.where(Phone.customer.in_(ids))
    for ph in query.iterator():
        out.setdefault(ph.customer_id, []).append(ph)
    return out


def _tags_by_customer() -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for cid, name in (
        CustomerTag.select(CustomerTag.customer, Tag.name).join(Tag).tuples().iterator()
    ):
        out.setdefault(cid, []).append(name)
    return out


def customer_rows(decimal_comma: bool = False, typed: bool = False) -> Iterator[list]:
    f = CUSTOMER_FIELDS
    yield [
        "ID",
        _(f["name"]),
        _(f["company"]),
        _(f["phone_mobile"]),
        _(f["phone_home"]),
        _(f["phone_work"]),
        _(f["phone"]),
        _(f["email"]),
        _(f["birthday"]),
        _(f["city"]),
        _(f["district"]),
        _(f["address"]),
        _(f["national_id"]),
        _(f["tax_number"]),
        _(f["tax_office"]),
        _(f["source"]),
        _(f["tags"]),
        _(f["notes"]),
        _("Created"),
        _("Archived"),
    ]
    phones = _phones_by_customer()
    tags = _tags_by_customer()
    words = _words()
    for c in Customer.select().order_by(Customer.id).iterator():
        by_label: dict[str, list[str]] = {"mobile": [], "home": [], "work": [], "other": []}
        for ph in phones.get(c.id, []):
            by_label.get(ph.label, by_label["other"]).append(format_phone(ph.e164))
        yield [
            _n(c.id, typed),
            c.name,
            c.company or "",
            " / ".join(by_label["mobile"]),
            " / ".join(by_label["home"]),
            " / ".join(by_label["work"]),
            " / ".join(by_label["other"]),
            c.email or "",
            _d(c.birthday, typed),
            c.city or "",
            c.district or "",
            c.address or "",
            c.national_id or "",
            c.tax_number or "",
            c.tax_office or "",
            _word("source", c.source, words),
            ", ".join(tags.get(c.id, [])),
            c.notes or "",
            _d(c.created_at, typed),
            _d(c.archived_at, typed),
        ]


def policy_rows(decimal_comma: bool = False, typed: bool = False) -> Iterator[list]:
    f = POLICY_FIELDS
    yield [
        "ID",
        _(f["customer_name"]),
        _(f["customer_phone"]),
        _(f["customer_national_id"]),
        _(f["kind"]),
        _(f["line"]),
        _(f["provider"]),
        _(f["number"]),
        _(f["plate"]),
        _(f["start_date"]),
        _(f["end_date"]),
        _(f["premium"]),
        _(f["commission"]),
        _(f["status"]),
        _(f["notes"]),
    ]
    names = dict(Customer.select(Customer.id, Customer.name).tuples().iterator())
    nids = dict(Customer.select(Customer.id, Customer.national_id).tuples().iterator())
    phones = _phones_by_customer()
    words = _words()
    comm = all_commissions()
    for p in Policy.select().order_by(Policy.id).iterator():
        ph = phones.get(p.customer_id)
        yield [
            _n(p.id, typed),
            names.get(p.customer_id, ""),
            format_phone(ph[0].e164) if ph else "",
            nids.get(p.customer_id) or "",
            _word("policy_kind", p.kind, words),
            _word("line", p.line, words),
            p.provider or "",
            p.number or "",
            p.plate or "",
            _d(p.start_date, typed),
            _d(p.end_date, typed),
            _money(p.premium, decimal_comma, typed),
            _money(comm.get(p.id), decimal_comma, typed),
            _word("policy_status", p.status, words),
            p.notes or "",
        ]


def reminder_rows(decimal_comma: bool = False, typed: bool = False) -> Iterator[list]:
    yield [
        "ID",
        _("Due"),
        _("Title"),
        _("Customer"),
        _("Kind"),
        _("Status"),
        _("Recurrence"),
        _("Done at"),
        _("Notes"),
    ]
    names = dict(Customer.select(Customer.id, Customer.name).tuples().iterator())
    words = _words()
    for r in Reminder.select().order_by(Reminder.due_at, Reminder.id).iterator():
        due = r.due_at if r.has_time else (r.due_at.date() if r.due_at else None)
        yield [
            _n(r.id, typed),
            _d(due, typed),
            r.title,
            names.get(r.customer_id, "") if r.customer_id else "",
            _word("reminder_kind", r.kind, words),
            _word("reminder_status", r.status, words),
            r.rrule or "",
            _d(r.done_at, typed),
            r.notes or "",
        ]


def complaint_rows(decimal_comma: bool = False, typed: bool = False) -> Iterator[list]:
    yield [
        "ID",
        _("Opened"),
        _("Customer"),
        _("Subject"),
        _("Category"),
        _("Priority"),
        _("Status"),
        _("Deadline"),
        _("Resolved"),
        _("Resolution"),
        _("Satisfaction"),
        _("Description"),
    ]
    names = dict(Customer.select(Customer.id, Customer.name).tuples().iterator())
    words = _words()
    for c in Complaint.select().order_by(Complaint.id).iterator():
        yield [
            _n(c.id, typed),
            _d(c.opened_at, typed),
            names.get(c.customer_id, ""),
            c.subject,
            _word("complaint_category", c.category, words),
            _word("priority", c.priority, words),
            _word("complaint_status", c.status, words),
            _d(c.deadline_at, typed),
            _d(c.resolved_at, typed),
            c.resolution or "",
            _n(c.satisfaction, typed),
            c.description or "",
        ]


CSV_ROWS: dict[str, Callable[..., Iterator[list[str]]]] = {
    "customers": customer_rows,
    "policies": policy_rows,
    "reminders": reminder_rows,
    "complaints": complaint_rows,
}


def csv_bytes(what: str, delimiter: str = ",", bom: bool = True) -> tuple[bytes, int]:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    count = -1
    for row in CSV_ROWS[what](decimal_comma=(delimiter == ";")):
        writer.writerow(safe_row(row))
        count += 1
    data = buf.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data if bom else data), count


def xlsx_export_bytes(what: str) -> tuple[bytes, int]:
    """The XLSX of ``what``: the CSV's columns and headers, with dates as date cells and
    amounts as numbers in a ₺ format (``spreadsheet.xlsx_bytes``)."""
    header, *rows = list(CSV_ROWS[what](typed=True))
    sheet = {
        "customers": _("Customers"),
        "policies": _("Policies"),
        "reminders": _("Reminders"),
        "complaints": _("Complaints"),
    }[what]
    return xlsx_bytes(header, rows, sheet), len(rows)


# -- vCard -------------------------------------------------------------------------------


def vcard_text() -> tuple[str, int]:
    import vobject

    phones = _phones_by_customer()
    out = []
    count = 0
    for c in (
        Customer.select()
        .where(Customer.archived_at.is_null(), Customer.anonymized_at.is_null())
        .order_by(Customer.id)
        .iterator()
    ):
        card = vobject.vCard()
        card.add("fn").value = c.name
        parts = c.name.rsplit(" ", 1) if c.kind == "person" else [c.name]
        given, family = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        for ph in phones.get(c.id, []):
            tel = card.add("tel")
            tel.value = ph.e164
            tel.type_param = {"mobile": "CELL", "home": "HOME", "work": "WORK"}.get(
                ph.label, "VOICE"
            )
        if c.email:
            mail = card.add("email")
            mail.value = c.email
            mail.type_param = "INTERNET"
        if c.company:
            card.add("org").value = [c.company]
        if c.birthday:
            card.add("bday").value = c.birthday.isoformat()
        if c.address or c.city:
            card.add("adr").value = vobject.vcard.Address(
                street=c.address or "", city=c.city or "", region=c.district or ""
            )
        if c.notes:
            card.add("note").value = c.notes
        card.add("uid").value = f"customer-{c.id}@crm-tui"
        out.append(card.serialize())
        count += 1
    return "".join(out), count


# -- iCalendar ---------------------------------------------------------------------------


def ics_text(what: str = "reminders", today: date | None = None) -> tuple[str, int]:
    """Open reminders and renewal dates (``reminders``) or renewal dates only (``policies``):
    the same calendar as ``crm-tui ics`` and the Reminders screen's E, the next year."""
    from .ical import build_calendar

    cal, n_rem, n_ren = build_calendar(today, reminders=what == "reminders")
    return cal.serialize(), n_rem + n_ren


# -- JSON (whole database) -----------------------------------------------------------------


def json_data() -> dict:
    from ..db.migrations import SCHEMA_VERSION

    tables = {}
    for name in import_sql.table_names():
        columns, rows = import_sql.dump_table(name)
        tables[name] = {"columns": columns, "rows": [list(r) for r in rows]}
    return {
        "format": "crm-tui",
        "version": 1,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "note": "Values exactly as stored: money in minor units (1/100), dates ISO text.",
        "tables": tables,
        # the attachments' bytes by SHA-256 (base64): the table holds their list only
        "files": all_contents(),
    }


def json_bytes() -> tuple[bytes, int]:
    data = json_data()
    count = sum(len(t["rows"]) for t in data["tables"].values())
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"), count


# -- entry point ---------------------------------------------------------------------------

__all__ = ["EXTENSIONS", "FILE_WORDS", "default_export_path", "default_file_name", "free_path"]


def export(
    fmt: str,
    what: str | None,
    out: Path | str,
    delimiter: str = ",",
    today: date | None = None,
) -> int:
    """Write one export file; returns the number of records written. Every format holds
    the whole book: an owner's (``PermissionDenied`` for staff)."""
    require("export_book")
    with server_refusal("export_book"):
        return _export(fmt, what, out, delimiter, today)


def _export(fmt: str, what: str | None, out: Path | str, delimiter: str, today: date | None) -> int:
    out = Path(out).expanduser()
    if fmt not in FORMATS:
        raise ValidationError(
            _("Unknown format '{format}': use csv, xlsx, vcard, json or ics.", format=fmt)
        )
    if delimiter not in (",", ";", "\t"):
        raise ValidationError(_("The delimiter must be ',' or ';'."))
    if fmt in ("csv", "xlsx"):
        what = what or "customers"
        if what not in WHATS:
            raise ValidationError(
                _(
                    "Cannot export '{what}': use customers, policies, reminders or complaints.",
                    what=what,
                )
            )
        if fmt == "xlsx":
            data, count = xlsx_export_bytes(what)
        else:
            data, count = csv_bytes(what, delimiter)
    elif fmt == "vcard":
        if what not in (None, "customers"):
            raise ValidationError(_("vCard export holds customers only."))
        text, count = vcard_text()
        data = text.encode("utf-8")
    elif fmt == "ics":
        what = what or "reminders"
        if what not in ("reminders", "policies"):
            raise ValidationError(
                _("Calendar export holds reminders and renewals: use --what reminders or policies.")
            )
        text, count = ics_text(what, today)
        data = text.encode("utf-8")
    else:
        data, count = json_bytes()
    write_private(out, data)
    record("export", detail={"format": fmt, "what": what, "file": out.name, "records": count})
    return count
