"""A customer's vehicles: create, edit, delete, list. A policy keeps a copy of its
vehicle's plate (``policy.plate``, migration step 12 says why), so a plate corrected here
is corrected on the vehicle's policies too, and the search index follows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ...clock import now as clock_now
from ...clock import today as clock_today
from ...db import search
from ...db.dialect import chunked
from ...db.models import Customer, Policy, Vehicle, db
from ...i18n import _
from ..concurrency import check_version
from ..errors import NotFound, ValidationError
from ..labels import LABELS, label
from ..who import record
from .rules import normalize_plate, normalize_vin, parse_year, plate_key

USAGES = tuple(LABELS["vehicle_usage"])
_MAX = 100  # characters of a free-text field (brand, model, serials)


@dataclass
class VehicleInput:
    plate: str | None = None
    ruhsat_serial: str | None = None
    chassis_no: str | None = None
    engine_no: str | None = None
    brand: str | None = None
    model: str | None = None
    year: str | int | None = None
    usage: str = "hususi"
    notes: str | None = None


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def validate(data: VehicleInput, today: date | None = None) -> dict:
    today = today or clock_today()
    errors: dict[str, str] = {}
    values: dict = {}
    for name, fn in (("plate", normalize_plate), ("chassis_no", normalize_vin)):
        try:
            values[name] = fn(getattr(data, name))
        except ValidationError as exc:
            errors.update(exc.errors)
    if values.get("plate") is None and "plate" not in errors and not _text(data.chassis_no):
        errors["plate"] = _("A vehicle needs a plate or a chassis number.")
    try:
        values["year"] = parse_year(data.year, today)
    except ValidationError as exc:
        errors.update(exc.errors)
    for name in ("ruhsat_serial", "engine_no"):
        value = _text(getattr(data, name))
        values[name] = value.upper().replace(" ", "") if value else None
    for name in ("ruhsat_serial", "engine_no", "brand", "model"):
        if name not in values:
            values[name] = _text(getattr(data, name))
        if values[name] and len(values[name]) > _MAX:
            errors[name] = _("At most {max} characters.", max=_MAX)
    if data.usage not in USAGES:
        errors["usage"] = _("Choose how the vehicle is used.")
    values["usage"] = data.usage
    values["notes"] = _text(data.notes)
    if errors:
        raise ValidationError(errors)
    return values


def _same_plate(customer_id: int, plate: str | None, exclude: int | None) -> None:
    if plate is None:
        return
    query = Vehicle.select().where((Vehicle.customer == customer_id) & (Vehicle.plate == plate))
    if exclude is not None:
        query = query.where(Vehicle.id != exclude)
    if query.exists():
        raise ValidationError(
            {"plate": _("This customer already has a vehicle {plate}.", plate=plate)}
        )


def create_vehicle(customer_id: int, data: VehicleInput, today: date | None = None) -> Vehicle:
    values = validate(data, today)
    with db.atomic():
        if not Customer.select().where(Customer.id == customer_id).exists():
            raise NotFound(_("Customer {id} not found.", id=customer_id))
        _same_plate(customer_id, values["plate"], None)
        moment = clock_now()
        vehicle = Vehicle.create(
            customer=customer_id, created_at=moment, updated_at=moment, **values
        )
        record("vehicle_added", customer_id, {"vehicle": vehicle.id}, at=moment)
        search.index_customers([customer_id])
    return vehicle


def update_vehicle(
    vehicle_id: int,
    data: VehicleInput,
    today: date | None = None,
    expected_version: int | None = None,
) -> Vehicle:
    values = validate(data, today)
    with db.atomic():
        vehicle = get_vehicle(vehicle_id)
        check_version(
            vehicle,
            expected_version,
            _("This vehicle was changed at another desk while you were editing it."),
        )
        _same_plate(vehicle.customer_id, values["plate"], vehicle_id)
        values["version"] = vehicle.version + 1
        values["updated_at"] = clock_now()
        Vehicle.update(**values).where(Vehicle.id == vehicle_id).execute()
        if values["plate"] != vehicle.plate:
            Policy.update(plate=values["plate"]).where(Policy.vehicle == vehicle_id).execute()
        record("vehicle_changed", vehicle.customer_id, {"vehicle": vehicle_id})
        search.index_customers([vehicle.customer_id])
    return get_vehicle(vehicle_id)


def delete_vehicle(vehicle_id: int) -> None:
    """The vehicle goes; its policies keep their plate (what was insured) without a link."""
    with db.atomic():
        vehicle = get_vehicle(vehicle_id)
        Policy.update(vehicle=None).where(Policy.vehicle == vehicle_id).execute()
        Vehicle.delete().where(Vehicle.id == vehicle_id).execute()
        record("vehicle_deleted", vehicle.customer_id, {"vehicle": vehicle_id})
        search.index_customers([vehicle.customer_id])


def get_vehicle(vehicle_id: int) -> Vehicle:
    vehicle = Vehicle.get_or_none(Vehicle.id == vehicle_id)
    if vehicle is None:
        raise NotFound(_("Vehicle {id} not found.", id=vehicle_id))
    return vehicle


def vehicle_input(vehicle_id: int) -> VehicleInput:
    v = get_vehicle(vehicle_id)
    return VehicleInput(
        plate=v.plate,
        ruhsat_serial=v.ruhsat_serial,
        chassis_no=v.chassis_no,
        engine_no=v.engine_no,
        brand=v.brand,
        model=v.model,
        year=None if v.year is None else str(v.year),
        usage=v.usage,
        notes=v.notes,
    )


def customer_vehicles(customer_id: int) -> list[Vehicle]:
    return list(Vehicle.select().where(Vehicle.customer == customer_id).order_by(Vehicle.id))


def vehicle_title(v: Vehicle) -> str:
    """``34 ABC 123 · Renault Clio 2019 · Private car``: one line of a list or a choice."""
    car = " ".join(x for x in (v.brand, v.model, None if v.year is None else str(v.year)) if x)
    return " · ".join(
        x for x in (v.plate or v.chassis_no or "", car, label("vehicle_usage", v.usage)) if x
    )


def link_plates(customer_ids: Iterable[int]) -> int:
    """The vehicles of policies that carry a plate but no vehicle (a spreadsheet or CSV
    import writes ``policy.plate`` only): the customer's vehicle of that plate, made when
    there is none (usage ``other``, as migration step 12 does), linked to the policy, whose
    plate becomes the vehicle's. A plate that is no valid Turkish plate is kept as typed.
    Returns the number of vehicles made."""
    made = 0
    for chunk in chunked(sorted(set(customer_ids))):
        known: dict[tuple[int, str], Vehicle] = {}
        for v in Vehicle.select().where(Vehicle.customer.in_(chunk)):
            known.setdefault((v.customer_id, plate_key(v.plate)), v)
        policies = Policy.select(Policy.id, Policy.customer, Policy.plate).where(
            Policy.customer.in_(chunk),
            Policy.vehicle.is_null(),
            Policy.plate.is_null(False),
            Policy.plate != "",
        )
        for policy in list(policies):
            key = (policy.customer_id, plate_key(policy.plate))
            vehicle = known.get(key)
            if vehicle is None:
                try:
                    plate = normalize_plate(policy.plate) or policy.plate
                except ValidationError:
                    plate = policy.plate.strip()
                moment = clock_now()
                vehicle = Vehicle.create(
                    customer=policy.customer_id,
                    plate=plate,
                    usage="other",
                    created_at=moment,
                    updated_at=moment,
                )
                known[key] = vehicle
                made += 1
            Policy.update(vehicle=vehicle.id, plate=vehicle.plate).where(
                Policy.id == policy.id
            ).execute()
    return made
