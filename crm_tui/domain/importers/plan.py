"""Planning: the dry run decides every row (create, update, duplicate of a stored
customer or policy or of an earlier row, refused) and writes nothing."""

from __future__ import annotations

import re
from datetime import date

from ...clock import today as clock_today
from ...db import import_sql
from ...db.models import Customer, Phone, Policy
from ...i18n import _
from ..errors import ValidationError
from ..import_mapping import IGNORE, check_mapping
from ..parsing import (
    parse_money,
)
from .files import default_mapping
from .model import (
    CustomerRecord,
    ImportPlan,
    PolicyRecord,
    Progress,
    RowIssue,
    Table,
    without_cycle_gc,
)
from .renewal import RenewalIndex, renewal_line
from .rows import _LINES, _STATUSES, _code_of, _customer_from_row, _date, _norm_words, fast_phone

# -- planning -------------------------------------------------------------------------


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


@without_cycle_gc
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
    by_nid: dict[str, int] = {}  # TCKN, and a business's VKN (tax number)
    by_name: dict[str, list[int]] = {}
    for cid, name, nid, vkn in Customer.select(
        Customer.id, Customer.name, Customer.national_id, Customer.tax_number
    ).tuples():
        if nid:
            by_nid.setdefault(nid, cid)
        if vkn:
            by_nid.setdefault(re.sub(r"\s", "", vkn), cid)
        by_name.setdefault(_norm_words(name), []).append(cid)
    by_phone = {e: c for e, c in Phone.select(Phone.e164, Phone.customer).tuples()}
    existing = {
        (num, _norm_words(prov or "")): pid
        for pid, num, prov in Policy.select(Policy.id, Policy.number, Policy.provider)
        .where(Policy.number.is_null(False))
        .tuples()
    }
    existing_numbers = {num: pid for (num, _p), pid in existing.items()}
    renewals = RenewalIndex()
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
        renews_number = got.get("renews_number")
        old = renewals.find(values, renews_number)
        if old is not None and old.customer != values["customer"]:
            plan.refused.append(
                RowIssue(
                    rownum,
                    _(
                        "policy {old} that this one renews belongs to another customer",
                        old=renews_number or old.number,
                    ),
                )
            )
            continue
        if old is not None:
            rec.renews_id = old.id
            renewals.taken.add(old.id)
            plan.renewals.append(RowIssue(rownum, renewal_line(number, old, values["premium"])))
        elif renews_number:
            plan.renewals.append(
                RowIssue(
                    rownum,
                    _(
                        "previous policy {old} is not in the book: {number} is imported as a new policy",
                        old=renews_number,
                        number=number or "-",
                    ),
                )
            )
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
