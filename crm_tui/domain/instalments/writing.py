"""Instalments: making, changing and deleting a plan; recording a payment (tahsilat)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from ...clock import now as clock_now
from ...db.models import Instalment, Policy, Purchase, db
from ...i18n import _, format_date, format_money
from ..concurrency import check_version
from ..errors import NotFound, ValidationError
from ..labels import label
from ..parsing import parse_date, parse_money
from ..who import record
from .rules import MAX_COUNT, MAX_INTERVAL, METHODS, NOTE_MAX, due_dates, split


@dataclass
class PlanInput:
    total: str | Decimal | None = None
    count: str | int | None = None
    first_due: str | date | None = None
    interval_months: str | int | None = 1


def _whole(errors: dict, name: str, value: str | int | None, low: int, high: int) -> int:
    try:
        number = int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        errors[name] = _("Enter a whole number from {low} to {high}.", low=low, high=high)
        return low
    return number


def validate_plan(data: PlanInput, today: date) -> tuple[int, int, date, int]:
    """(total in kuruş, count, first due day, interval in months), or ``ValidationError``."""
    errors: dict[str, str] = {}
    total = Decimal(0)
    if data.total is None or (isinstance(data.total, str) and not data.total.strip()):
        errors["total"] = _("Enter the total to split into instalments.")
    else:
        try:
            total = parse_money(data.total)
        except ValidationError as exc:
            errors["total"] = str(exc)
        else:
            if total <= 0:
                errors["total"] = _("The total must be more than zero.")
    count = _whole(errors, "count", data.count, 1, MAX_COUNT)
    interval = _whole(errors, "interval_months", data.interval_months or 1, 1, MAX_INTERVAL)
    first: date | None = None
    if isinstance(data.first_due, date):
        first = data.first_due
    elif data.first_due and data.first_due.strip():
        try:
            first = parse_date(data.first_due, today)
        except ValidationError as exc:
            errors["first_due"] = str(exc)
    else:
        errors["first_due"] = _("Enter the first due date.")
    kurus = int((total * 100).to_integral_value())
    if "total" not in errors and "count" not in errors and kurus < count:
        errors["total"] = _("The total is less than one kuruş an instalment.")
    if errors:
        raise ValidationError(errors)
    assert first is not None
    return kurus, count, first, interval


def _owner(policy_id: int | None, purchase_id: int | None) -> tuple[int, dict[str, int]]:
    """The customer and the where-clause values of a plan's policy or purchase."""
    if (policy_id is None) == (purchase_id is None):
        raise ValidationError({"plan": _("A plan is on one policy or one purchase.")})
    if policy_id is not None:
        customer = Policy.select(Policy.customer).where(Policy.id == policy_id).scalar()
        where = {"policy": policy_id}
    else:
        assert purchase_id is not None
        customer = Purchase.select(Purchase.customer).where(Purchase.id == purchase_id).scalar()
        where = {"purchase": purchase_id}
    if customer is None:
        raise NotFound(_("The policy or purchase of this plan was not found."))
    return int(customer), where


def _plan_query(where: dict):
    if "policy" in where:
        return Instalment.select().where(Instalment.policy == where["policy"])
    return Instalment.select().where(Instalment.purchase == where["purchase"])


def create_plan(
    data: PlanInput,
    policy_id: int | None = None,
    purchase_id: int | None = None,
    replace: bool = False,
    now: datetime | None = None,
) -> list[Instalment]:
    """A payment plan on a policy or a purchase (rules: equal instalments, the remainder
    on the first). ``replace``: make an existing plan again (only while nothing is paid)."""
    now = now or clock_now()
    kurus, count, first, interval = validate_plan(data, now.date())
    customer_id, where = _owner(policy_id, purchase_id)
    with db.atomic():
        existing = list(_plan_query(where))
        if existing and not replace:
            raise ValidationError({"plan": _("There is a plan already: change it instead.")})
        if any(i.paid_amount for i in existing):
            raise ValidationError(
                {"plan": _("Part of this plan is paid: it can no longer be changed.")}
            )
        if existing:
            Instalment.delete().where(Instalment.id.in_([i.id for i in existing])).execute()
        rows = [
            Instalment.create(
                customer=customer_id,
                n=i + 1,
                count=count,
                due_date=due,
                amount=Decimal(part) / 100,
                created_at=now,
                updated_at=now,
                **where,
            )
            for i, (part, due) in enumerate(
                zip(split(kurus, count), due_dates(first, count, interval), strict=True)
            )
        ]
        record(
            "instalment_plan",
            customer_id,
            {**where, "count": count, "total": str(Decimal(kurus) / 100)},
            at=now,
        )
    return rows


def delete_plan(
    policy_id: int | None = None, purchase_id: int | None = None, now: datetime | None = None
) -> int:
    """Delete a plan none of which is paid; the number of instalments deleted."""
    customer_id, where = _owner(policy_id, purchase_id)
    with db.atomic():
        existing = list(_plan_query(where))
        if any(i.paid_amount for i in existing):
            raise ValidationError(
                {"plan": _("Part of this plan is paid: it can no longer be deleted.")}
            )
        gone = Instalment.delete().where(Instalment.id.in_([i.id for i in existing])).execute()
        record("instalment_plan_deleted", customer_id, where, at=now or clock_now())
    return int(gone)


def remaining(inst: Instalment) -> Decimal:
    return inst.amount - (inst.paid_amount or Decimal(0))


def mark_paid(
    instalment_id: int,
    paid_on: str | date | None = None,
    amount: str | Decimal | None = None,
    method: str = "nakit",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Instalment:
    """Record a payment of an instalment: the day (default today), the amount (default what
    is left of it; less is a part payment) and the method."""
    now = now or clock_now()
    errors: dict[str, str] = {}
    day = now.date()
    if isinstance(paid_on, date):
        day = paid_on
    elif paid_on and paid_on.strip():
        try:
            day = parse_date(paid_on, now.date())
        except ValidationError as exc:
            errors["paid_on"] = str(exc)
    if day > now.date():
        errors["paid_on"] = _("A payment cannot be in the future ({date}).", date=format_date(day))
    if method not in METHODS:
        errors["method"] = _(
            "Choose one of: {choices}.",
            choices=", ".join(label("payment_method", m) for m in METHODS),
        )
    paid: Decimal | None = None
    if amount is not None and not (isinstance(amount, str) and not amount.strip()):
        try:
            paid = parse_money(amount)
        except ValidationError as exc:
            errors["amount"] = str(exc)
        else:
            if paid <= 0:
                errors["amount"] = _("The amount must be more than zero.")
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        inst = Instalment.get_or_none(Instalment.id == instalment_id)
        if inst is None:
            raise NotFound(_("Instalment {id} not found.", id=instalment_id))
        check_version(inst, expected_version, _("This instalment was changed elsewhere."))
        left = remaining(inst)
        if inst.paid_on is not None or left <= 0:
            raise ValidationError({"amount": _("This instalment is paid already.")})
        paid = left if paid is None else paid
        if paid > left:
            raise ValidationError(
                {"amount": _("At most what is left: {amount}.", amount=format_money(left))}
            )
        total = (inst.paid_amount or Decimal(0)) + paid
        note = inst.note
        if paid < left:  # a part payment: kept in the note, the instalment stays open
            line = f"{format_date(day)}: {format_money(paid)} {label('payment_method', method)}"
            note = "\n".join(x for x in (note, line) if x)[-NOTE_MAX:]
        Instalment.update(
            paid_amount=total,
            paid_on=day if paid == left else None,
            method=method,
            note=note,
            updated_at=now,
            version=inst.version + 1,
        ).where(Instalment.id == instalment_id).execute()
        record(
            "instalment_paid",
            inst.customer_id,
            {"instalment": instalment_id, "amount": str(paid), "method": method},
            at=now,
        )
    return Instalment.get_by_id(instalment_id)


def undo_paid(instalment_id: int, now: datetime | None = None) -> Instalment:
    """Take back the payments of an instalment recorded by mistake (open again)."""
    now = now or clock_now()
    with db.atomic():
        inst = Instalment.get_or_none(Instalment.id == instalment_id)
        if inst is None:
            raise NotFound(_("Instalment {id} not found.", id=instalment_id))
        Instalment.update(
            paid_on=None, paid_amount=None, method=None, updated_at=now, version=inst.version + 1
        ).where(Instalment.id == instalment_id).execute()
        record("instalment_unpaid", inst.customer_id, {"instalment": instalment_id}, at=now)
    return Instalment.get_by_id(instalment_id)
