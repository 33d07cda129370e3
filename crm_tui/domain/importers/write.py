"""Applying a plan: one transaction (all or nothing), bulk inserts for new rows, merges
into existing ones, the safety backup before it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from ...clock import now as clock_now
from ...db import import_sql, search
from ...db.models import Customer, Phone, Policy, Reminder, db
from ...i18n import _
from ..parsing import (
    national_digits,
)
from ..roles import can, set_commission
from ..who import record
from .ahead import made_ahead
from .model import (
    CustomerRecord,
    ImportFileError,
    ImportPlan,
    ImportResult,
    Progress,
    without_cycle_gc,
)
from .plan import plan_import
from .report import summary_line

# -- running --------------------------------------------------------------------------


class RefusedRowsError(Exception):
    """Some rows were refused and the user did not accept importing only the good ones."""

    @classmethod
    def for_plan(cls, plan: ImportPlan) -> RefusedRowsError:
        return cls(
            _(
                "{n} rows were refused; nothing was imported. Fix them, or import only the good rows (--accept-errors).",
                n=len(plan.refused),
            )
        )


class PlanChangedError(ImportFileError):
    """The database changed between the preview and the import, and so would the result."""


def backup_before_import(now=None):
    """A copy of the database to undo an import with (a ``.sqlite3`` file, or a ``.dump``
    of a PostgreSQL book); None for a database without customers: nothing to lose."""
    from .. import backup

    if not Customer.select().exists():
        return None
    try:
        return backup.backup_before("import", now=now)
    except backup.BackupError as exc:
        raise ImportFileError(
            _(
                "No backup could be made before the import, so nothing was imported: {reason}",
                reason=exc,
            )
        ) from exc


@without_cycle_gc
def run_import(
    plan: ImportPlan,
    accept_errors: bool = False,
    progress: Progress | None = None,
    now=None,
) -> ImportResult:
    """Write the plan in one transaction: everything or (on any error) nothing."""
    if plan.refused and not accept_errors:
        raise RefusedRowsError.for_plan(plan)
    stamp = str(now or clock_now())
    with db.atomic():
        if plan.snapshot and import_sql.snapshot() != plan.snapshot:
            plan = _replan(plan)
        if plan.kind == "policies":
            _write_policies(plan, stamp, progress)
        else:
            _write_customers(plan, stamp, progress)
        record(
            "import",
            detail=json.dumps(
                {
                    "file": plan.path.name,
                    "kind": plan.kind,
                    "created": len(plan.create),
                    "updated": len(plan.update),
                    "duplicates": len(plan.duplicates),
                    "refused": len(plan.refused),
                }
            ),
        )
    merged = plan.on_duplicate == "merge"
    return ImportResult(
        created=len(plan.create),
        updated=len(plan.update),
        skipped=0 if merged else len(plan.duplicates),
        refused=len(plan.refused),
    )


_CUSTOMER_COLUMNS = [
    "id",
    "kind",
    "name",
    "company",
    "national_id",
    "tax_number",
    "tax_office",
    "email",
    "address",
    "city",
    "district",
    "birthday",
    "source",
    "notes",
    "created_at",
    "updated_at",
    "version",
]


class _Batch(NamedTuple):
    """One chunk of new customers, ready to write (made by ``_new_customer_batches``)."""

    size: int
    customers: list[tuple]
    phones: list
    tags: set[tuple[int, int]]
    search: import_sql.SearchRows


_CHUNK = 5000
_PHONE_COLUMNS = ["customer_id", "label", "e164", "digits", "is_primary"]


def _write_customers(plan: ImportPlan, stamp: str, progress: Progress | None) -> None:
    total = len(plan.create) + len(plan.update)
    base = import_sql.max_id("customer")
    # the tags first: finding or making one reads and writes the database
    tag_ids: dict[str, int] = {}
    tag_of = {t: _tag_id(t, tag_ids) for rec in plan.create for t in rec.tags}
    done = 0
    batches = _new_customer_batches(plan.create, base, stamp, tag_of)
    # a fresh book: the indexes are built once after the rows are in
    with import_sql.indexes_built_after(len(plan.create)):
        for batch in made_ahead(batches):
            import_sql.insert_rows("customer", _CUSTOMER_COLUMNS, batch.customers)
            import_sql.insert_engine_rows("phone", _PHONE_COLUMNS, batch.phones)
            if batch.tags:
                import_sql.insert_rows("customer_tag", ["customer_id", "tag_id"], batch.tags)
            import_sql.add_new_search_rows(batch.search)
            done += batch.size
            if progress:
                progress(done, total)
    for rec in plan.update:
        _merge_into_existing(rec, stamp, tag_ids)
        done += 1
        if progress and done % 200 == 0:
            progress(done, total)
    if plan.update:
        search.index_customers([r.target_id for r in plan.update])
    if progress:
        progress(total, total)


def _new_customer_batches(
    records: list[CustomerRecord], base: int, stamp: str, tag_of: dict[str, int]
) -> Iterator[_Batch]:
    """The new customers' rows, ``_CHUNK`` customers a batch, ids from ``base`` + 1. Pure
    Python (``made_ahead`` makes them in a thread): ``tag_of`` holds every tag's id."""
    for start in range(0, len(records), _CHUNK):
        chunk = records[start : start + _CHUNK]
        rows, phone_rows, index_rows, tag_rows = [], [], [], set()
        for offset, rec in enumerate(chunk):
            cid = base + start + offset + 1
            v = rec.values
            rows.append(
                (
                    cid,
                    v["kind"],
                    v["name"],
                    v["company"],
                    v["national_id"],
                    v["tax_number"],
                    v["tax_office"],
                    v["email"],
                    v["address"],
                    v["city"],
                    v["district"],
                    v["birthday"].isoformat() if v["birthday"] else None,
                    v["source"],
                    v["notes"],
                    stamp,
                    stamp,
                    1,
                )
            )
            digits = []
            for n, (label, e164) in enumerate(rec.phones):
                d = e164[3:] if e164.startswith("+90") else national_digits(e164)
                digits.append(d)
                phone_rows.append((cid, label, e164, d, n == 0))
            for t in rec.tags:
                tag_rows.add((cid, tag_of[t]))
            index_rows.append((cid, {**v, "tags": rec.tags} if rec.tags else v, digits))
        yield _Batch(
            len(chunk),
            rows,
            import_sql.engine_rows("phone", _PHONE_COLUMNS, phone_rows),
            tag_rows,
            import_sql.new_search_rows(index_rows),
        )


def _replan(plan: ImportPlan) -> ImportPlan:
    """Another window or desk changed customers or policies since the preview: decide every
    row again (inside the import's transaction, so nothing changes meanwhile). The same
    outcome goes ahead; a different one is refused with the new figures."""
    table, mapping, today = plan.source
    fresh = plan_import(table, mapping, plan.kind, plan.on_duplicate, today)
    if fresh.counts() != plan.counts():
        raise PlanChangedError(
            _(
                "The database changed in another window or desk since the preview; nothing was imported. Now: {summary}",
                summary=summary_line(fresh),
            )
        )
    return fresh


def _tag_id(name: str, cache_: dict[str, int]) -> int:
    key = search.fold(name)  # tag names fold like names: FİLO is the tag filo
    if key not in cache_:
        from ..customers.tags import tag_or_new

        cache_[key] = tag_or_new(name).id
    return cache_[key]


def _merge_into_existing(rec: CustomerRecord, stamp: str, tag_ids: dict[str, int]) -> None:
    from ...db.models import CustomerTag

    customer = Customer.get_by_id(rec.target_id)
    changes = {}
    for key, value in rec.values.items():
        if key in ("kind", "source", "name"):
            continue
        if value and not getattr(customer, key):
            changes[key] = value
    if changes:
        changes["updated_at"] = stamp
        changes["version"] = customer.version + 1
        Customer.update(**changes).where(Customer.id == customer.id).execute()
    have = {p.e164 for p in customer.phones}
    has_primary = bool(have)
    for label, e164 in rec.phones:
        if e164 not in have:
            Phone.create(
                customer=customer.id,
                label=label,
                e164=e164,
                digits=national_digits(e164),
                is_primary=not has_primary,
            )
            has_primary = True
            have.add(e164)
    for t in rec.tags:
        CustomerTag.get_or_create(customer=customer.id, tag=_tag_id(t, tag_ids))


_POLICY_COLUMNS = [
    "customer_id",
    "kind",
    "line",
    "provider",
    "number",
    "plate",
    "start_date",
    "end_date",
    "premium",
    "commission",
    "currency",
    "status",
    "notes",
    "renewed_from_id",
    "created_at",
    "updated_at",
]


def _minor(amount: Decimal | None) -> int | None:
    return None if amount is None else Policy.premium.db_value(amount)


def _write_policies(plan: ImportPlan, stamp: str, progress: Progress | None) -> None:
    total = len(plan.create) + len(plan.update)
    rows = []
    for rec in plan.create:
        v = rec.values
        rows.append(
            (
                v["customer"],
                v["kind"],
                v["line"],
                v["provider"],
                v["number"],
                v["plate"],
                v["start_date"].isoformat(),
                v["end_date"].isoformat() if v["end_date"] else None,
                _minor(v["premium"]),
                _minor(v["commission"]),
                "TRY",
                v["status"],
                v["notes"],
                rec.renews_id,
                stamp,
                stamp,
            )
        )
    columns = _POLICY_COLUMNS
    # staff may not write commissions (the server refuses the column): the column left out
    owner = can("see_commission")
    if not owner:
        at = _POLICY_COLUMNS.index("commission")
        columns = [c for c in _POLICY_COLUMNS if c != "commission"]
        rows = [row[:at] + row[at + 1 :] for row in rows]
    for start in range(0, len(rows), 5000):
        import_sql.insert_rows("policy", columns, rows[start : start + 5000])
        if progress:
            progress(min(start + 5000, len(rows)), total)
    for rec in plan.update:
        v = {k: val for k, val in rec.values.items() if val is not None and k != "customer"}
        v["updated_at"] = stamp
        amount = v.pop("commission", None)
        Policy.update(**v).where(Policy.id == rec.target_id).execute()
        if amount is not None and owner:
            set_commission(rec.target_id, amount)
    renewed = [r.renews_id for r in plan.create if r.renews_id is not None]
    if renewed:
        # as renewing one by hand does (domain/renewals.renew): the old policy is renewed
        # and its renewal reminders are done
        Policy.update(status="renewed", renewal_handled_at=stamp, updated_at=stamp).where(
            Policy.id.in_(renewed)
        ).execute()
        Reminder.update(status="done", done_at=stamp, updated_at=stamp).where(
            Reminder.policy.in_(renewed), Reminder.status == "open", Reminder.kind == "renewal"
        ).execute()
    customers = {r.values["customer"] for r in plan.create + plan.update}
    # a plate names a vehicle: the customer's, made if new, as a policy saved in the app
    from ..vehicles import link_plates

    link_plates(customers)
    search.index_customers(customers)
    if progress:
        progress(total, total)
