"""Policies and contracts of a customer: create, edit, list.

Renewal handling (renew, lost, postpone) lives in ``domain/renewals.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from ..clock import now as clock_now
from ..clock import today as clock_today
from ..db import search
from ..db.models import Customer, Policy, Vehicle, db
from ..i18n import N_, _
from .concurrency import check_version
from .errors import NotFound, ValidationError
from .labels import LABELS
from .parsing import parse_date, parse_money
from .roles import PermissionDenied, can, commission, denied_message, set_commission
from .undo import undoable
from .vehicles.rules import normalize_plate, normalize_uavt
from .who import record

MOTOR_LINES = ("trafik", "kasko")
ADDRESS_LINES = ("dask", "konut")  # a building: its UAVT code and address
PERSON_LINES = ("tss", "saglik", "hayat", "ferdi_kaza", "seyahat")  # insured persons

__all__ = ["ADDRESS_LINES", "MOTOR_LINES", "PERSON_LINES", "normalize_plate"]


@dataclass
class PolicyInput:
    line: str = ""
    kind: str = "policy"
    provider: str | None = None
    number: str | None = None
    plate: str | None = None
    start_date: str | date | None = None
    end_date: str | date | None = None  # empty: one year after the start for policies
    premium: str | None = None
    commission: str | None = None
    status: str = "active"
    notes: str | None = None
    vehicle_id: int | None = None  # trafik/kasko: one of the customer's vehicles
    uavt_code: str | None = None  # dask/konut
    address: str | None = None  # dask/konut


def _date(value: str | date | None, today: date) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if not value.strip():
        return None
    return parse_date(value, today)


def validate(data: PolicyInput, today: date | None = None) -> dict:
    today = today or clock_today()
    errors: dict[str, str] = {}
    values: dict = {}
    if data.line not in LABELS["line"]:
        errors["line"] = _("Choose a product line.")
    values["line"] = data.line
    values["kind"] = data.kind if data.kind in LABELS["policy_kind"] else "policy"
    values["provider"] = (data.provider or "").strip() or None
    values["number"] = (data.number or "").strip() or None
    try:
        values["plate"] = normalize_plate(data.plate)
    except ValidationError as exc:
        errors.update(exc.errors)
    try:
        start = _date(data.start_date, today)
        if start is None:
            errors["start_date"] = _("A start date is required.")
        values["start_date"] = start
    except ValidationError as exc:
        errors["start_date"] = str(exc)
        start = None
    try:
        end = _date(data.end_date, today)
        if end is None and start is not None and values["kind"] == "policy":
            end = start + relativedelta(years=1)
        if end is not None and start is not None and end <= start:
            errors["end_date"] = _("The end date must be after the start date.")
        values["end_date"] = end
    except ValidationError as exc:
        errors["end_date"] = str(exc)
    for name in ("premium", "commission"):
        raw = getattr(data, name)
        values[name] = None
        if raw not in (None, "") and str(raw).strip():
            try:
                amount = parse_money(raw)
            except ValidationError as exc:
                errors[name] = str(exc)
                continue
            if amount < 0:
                errors[name] = _("The amount cannot be negative.")
            values[name] = amount
    if data.status not in LABELS["policy_status"]:
        errors["status"] = _("Choose a status.")
    values["status"] = data.status
    values["notes"] = (data.notes or "").strip() or None
    values["vehicle"] = data.vehicle_id
    if data.vehicle_id is not None and data.line not in MOTOR_LINES:
        errors["vehicle"] = _("Only traffic and kasko policies insure a vehicle.")
    try:
        values["uavt_code"] = normalize_uavt(data.uavt_code)
    except ValidationError as exc:
        errors.update(exc.errors)
    values["address"] = (data.address or "").strip() or None
    if (values.get("uavt_code") or values["address"]) and data.line not in ADDRESS_LINES:
        errors["uavt_code"] = _("A UAVT code and address belong to DASK and home policies.")
    if errors:
        raise ValidationError(errors)
    return values


def _split_commission(values: dict, editing: bool) -> tuple[bool, Decimal | None]:
    """Take the commission out of ``values`` (``Policy`` has no such field; it is written
    through ``roles.set_commission``). Returns (write it?, amount). Staff never write it:
    a commission given by staff is refused; none given leaves the stored one as it is."""
    amount = values.pop("commission", None)
    if can("see_commission"):
        return (editing or amount is not None), amount
    if amount is not None:
        raise PermissionDenied(denied_message("see_commission"))
    return False, None


def _vehicle_plate(customer_id: int, values: dict) -> None:
    """A chosen vehicle must be the customer's; its plate becomes the policy's (the
    searchable copy, migration step 12)."""
    vehicle_id = values.get("vehicle")
    if vehicle_id is None:
        return
    vehicle = Vehicle.get_or_none(Vehicle.id == vehicle_id)
    if vehicle is None or vehicle.customer_id != customer_id:
        raise ValidationError({"vehicle": _("Choose one of this customer's vehicles.")})
    values["plate"] = vehicle.plate


def create_policy(customer_id: int, data: PolicyInput, today: date | None = None) -> Policy:
    values = validate(data, today)
    write_commission, amount = _split_commission(values, editing=False)
    with db.atomic():
        if not Customer.select().where(Customer.id == customer_id).exists():
            raise NotFound(_("Customer {id} not found.", id=customer_id))
        _vehicle_plate(customer_id, values)
        moment = clock_now()
        policy = Policy.create(customer=customer_id, created_at=moment, updated_at=moment, **values)
        if write_commission:
            set_commission(policy.id, amount)
        record("policy_created", customer_id, {"policy": policy.id}, at=moment)
        search.index_customers([customer_id])
    return policy


def _after_policy_undo(before: dict, undone: dict) -> None:
    """The undo of an edit that cancelled a policy, or un-cancelled it: the commission
    clawback follows the status, as it does for an edit."""
    from .commission import clawback_on_cancel, clawback_on_uncancel

    if undone.get("status") == "cancelled" and before.get("status") != "cancelled":
        clawback_on_uncancel(before["id"])
    elif before.get("status") == "cancelled" and undone.get("status") != "cancelled":
        clawback_on_cancel(before["id"], clock_today())


@undoable(
    N_("edit of policy {number}"),
    lambda policy_id, *a, **k: [(Policy, policy_id)],
    lambda before: {"number": before.get("number") or f"#{before['id']}"},
    after_undo=_after_policy_undo,
)
def update_policy(
    policy_id: int,
    data: PolicyInput,
    today: date | None = None,
    expected_version: int | None = None,
) -> Policy:
    """Save an edit. ``expected_version``: the version the form was opened with; when the
    policy changed since (edited, renewed, marked lost at another desk) ``ConflictError``."""
    values = validate(data, today)
    write_commission, amount = _split_commission(values, editing=True)
    with db.atomic():
        policy = get_policy(policy_id)
        check_version(
            policy,
            expected_version,
            _("This policy was changed at another desk while you were editing it."),
        )
        _vehicle_plate(policy.customer_id, values)
        values["version"] = policy.version + 1
        values["updated_at"] = clock_now()
        Policy.update(**values).where(Policy.id == policy_id).execute()
        if write_commission:
            set_commission(policy_id, amount)
        if values["status"] == "cancelled" and policy.status != "cancelled":
            # cancelled before its end: the insurer takes back the commission pro rata
            from .commission import clawback_on_cancel

            clawback_on_cancel(policy_id, values["updated_at"].date())
        elif policy.status == "cancelled" and values["status"] != "cancelled":
            # the cancellation undone: the clawback was never owed
            from .commission import clawback_on_uncancel

            clawback_on_uncancel(policy_id)
        record(
            "policy_changed",
            policy.customer_id,
            {"policy": policy_id, "status": values.get("status", policy.status)},
            at=values["updated_at"],
        )
        search.index_customers([policy.customer_id])
    return get_policy(policy_id)


def get_policy(policy_id: int) -> Policy:
    policy = Policy.get_or_none(Policy.id == policy_id)
    if policy is None:
        raise NotFound(_("Policy {id} not found.", id=policy_id))
    return policy


def policy_input(policy_id: int) -> PolicyInput:
    p = get_policy(policy_id)
    return PolicyInput(
        line=p.line,
        kind=p.kind,
        provider=p.provider,
        number=p.number,
        plate=p.plate,
        start_date=p.start_date,
        end_date=p.end_date,
        premium=None if p.premium is None else str(p.premium),
        commission=_text(commission(p.id)),
        status=p.status,
        notes=p.notes,
        vehicle_id=p.vehicle_id,
        uavt_code=p.uavt_code,
        address=p.address,
    )


def _text(amount: object) -> str | None:
    return None if amount is None else str(amount)


def list_policies(customer_id: int) -> list[Policy]:
    """Active first (soonest end first), then the rest newest first."""
    rows = list(Policy.select().where(Policy.customer == customer_id))
    rows.sort(
        key=lambda p: (
            p.status != "active",
            (p.end_date or date.max).toordinal() if p.status == "active" else 0,
            -(p.start_date.toordinal() if p.start_date else 0),
        )
    )
    return rows
