"""``crm-tui iys import FILE``: İYS's answer (or a list downloaded from İYS) read back.

Each row names a recipient (phone or e-mail), a type (MESAJ/ARAMA/EPOSTA), a status
(ONAY/RET) and its date, optionally a result. What it does to the ledger:

- RET from İYS: the customer's consent for that channel becomes a refusal: a new row
  (method ``iys``, source ``IYS``, İYS's date) unless the newest row is already a RET,
  which is then only marked as confirmed. A RET from İYS wins over the app's ONAY.
- ONAY from İYS: the app's newest ONAY is marked as confirmed by İYS; with no row at all a
  new ONAY row records what İYS holds; a newer RET typed in the app stays (it is stricter:
  upload it with the next export) and the report says so.
- A result that is not a success (İYS refused the row): stored as ``iys_status`` on the
  newest row and reported.

Dry run by default; ``apply=True`` writes everything in one transaction or nothing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ...clock import now as clock_now
from ...db.models import Consent, Customer, Phone, db
from ...i18n import _
from ..errors import ValidationError
from ..who import record
from .format import COLUMNS, DATE_FORMAT, RESULT_COLUMNS, STATUSES, TYPE_TO_CHANNEL

_OK_RESULTS = {"", "ok", "success", "basarili", "başarılı", "onay", "ret", "kabul"}


@dataclass
class ImportReport:
    rows: int = 0
    changes: list[str] = field(default_factory=list)  # one line per change (or would-be)
    unchanged: int = 0
    unknown: list[str] = field(default_factory=list)  # recipients matching no customer
    problems: list[str] = field(default_factory=list)  # rows İYS refused / the app keeps
    applied: bool = False


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    if not path.is_file():
        raise ValidationError(_("{path} does not exist.", path=path))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from ..importers.model import ImportFileError
        from ..importers.xlsx import read_xlsx

        try:
            table = read_xlsx(path)
        except ImportFileError as exc:
            raise ValidationError(str(exc)) from exc
        return table.headers, table.rows
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1254")  # Excel's Turkish CSV
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = [r for r in csv.reader(text.splitlines(), delimiter=delimiter) if any(r)]
    if not rows:
        raise ValidationError(_("{path} is empty.", path=path))
    return rows[0], rows[1:]


def _columns(path: Path, headers: list[str]) -> dict[str, int]:
    folded = {h.strip().lower(): i for i, h in enumerate(headers)}
    need = ("recipient", "type", "status")
    missing = [n for n in need if n.lower() not in folded]
    if missing:
        raise ValidationError(
            _(
                "{path} is not an İYS file: the columns {missing} are missing (expected: "
                "{expected}).",
                path=path.name,
                missing=", ".join(missing),
                expected=", ".join(n for n, _w in COLUMNS),
            )
        )
    out = {n: folded[n.lower()] for n, _w in COLUMNS if n.lower() in folded}
    for name in RESULT_COLUMNS:
        if name.lower() in folded:
            out["result"] = folded[name.lower()]
            break
    return out


def _find_customer(recipient: str) -> int | None:
    if "@" in recipient:
        hit = Customer.get_or_none(
            (Customer.email == recipient) & Customer.anonymized_at.is_null()
        ) or Customer.get_or_none(Customer.email == recipient.lower())
        return hit.id if hit else None
    digits = "".join(ch for ch in recipient if ch.isdigit())
    if digits.startswith("90") and len(digits) == 12:
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    phone = Phone.get_or_none(Phone.e164 == "+90" + digits)
    return phone.customer_id if phone else None


def _parse_date(text: str, row: int) -> datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    for fmt in (DATE_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValidationError(_("Row {row}: '{text}' is not a date.", row=row, text=text))


def import_answer(
    path: Path | str, apply: bool = False, now: datetime | None = None
) -> ImportReport:
    """Read İYS's file and update the ledger (only with ``apply``); see the module text."""
    now = now or clock_now()
    path = Path(path).expanduser()
    headers, rows = _read(path)
    if headers and headers[0].strip().upper() in TYPE_TO_CHANNEL:
        # no header line (İYS's own CSV layout): the columns in COLUMNS order, then a result
        rows = [headers, *rows]
        headers = [name for name, _what in COLUMNS] + ["result"]
    cols = _columns(path, headers)
    report = ImportReport(rows=len(rows))
    with db.atomic() as txn:
        for n, raw in enumerate(rows, start=2):
            cell = {k: (raw[i].strip() if i < len(raw) else "") for k, i in cols.items()}
            _row(n, cell, report, now)
        if apply:
            record("iys_import", None, {"file": path.name, "changes": len(report.changes)}, now)
            report.applied = True
        else:
            txn.rollback()  # dry run: the same work, nothing kept
    return report


def _row(n: int, cell: dict[str, str], report: ImportReport, now: datetime) -> None:
    recipient, kind, status = cell["recipient"], cell["type"].upper(), cell["status"].upper()
    if kind not in TYPE_TO_CHANNEL:
        raise ValidationError(
            _("Row {row}: type must be MESAJ, ARAMA or EPOSTA, not '{v}'.", row=n, v=kind)
        )
    if status not in STATUSES:
        raise ValidationError(
            _("Row {row}: status must be ONAY or RET, not '{v}'.", row=n, v=status)
        )
    at = _parse_date(cell.get("consentDate", ""), n) or now
    customer_id = _find_customer(recipient)
    if customer_id is None:
        report.unknown.append(recipient)
        return
    channel = TYPE_TO_CHANNEL[kind]
    newest = (
        Consent.select()
        .where(Consent.customer == customer_id, Consent.channel == channel)
        .order_by(Consent.at.desc(), Consent.id.desc())
        .first()
    )
    result = cell.get("result", "")
    who = f"#{customer_id} {recipient} {kind}"
    if result.strip().lower() not in _OK_RESULTS:
        report.problems.append(_("{who}: İYS refused the row: {result}", who=who, result=result))
        if newest is not None:
            Consent.update(iys_status=result[:200], iys_synced_at=now).where(
                Consent.id == newest.id
            ).execute()
        return
    granted = status == "ONAY"
    if newest is not None and newest.granted == granted:
        if newest.iys_status == status:
            report.unchanged += 1
            return
        Consent.update(iys_status=status, iys_synced_at=now, iys_registered=True).where(
            Consent.id == newest.id
        ).execute()
        report.changes.append(_("{who}: {status} confirmed by İYS", who=who, status=status))
        return
    same = Consent.get_or_none(
        Consent.customer == customer_id,
        Consent.channel == channel,
        Consent.method == "iys",
        Consent.granted == granted,
        Consent.at == min(at, now),
    )
    if same is not None:  # this answer was read before (İYS's row is older than the app's)
        report.unchanged += 1
        return
    if granted and newest is not None and not newest.granted:
        # the app's newer refusal is stricter; İYS learns it from the next export
        report.problems.append(
            _("{who}: İYS says ONAY, the app says RET: upload the next export", who=who)
        )
        return
    Consent.create(
        customer=customer_id,
        channel=channel,
        granted=granted,
        at=min(at, now),
        method="iys",
        reference=None,
        iys_registered=True,
        recorded_at=now,
        iys_source="IYS",
        iys_status=status,
        iys_synced_at=now,
    )
    report.changes.append(_("{who}: {status} recorded from İYS", who=who, status=status))
