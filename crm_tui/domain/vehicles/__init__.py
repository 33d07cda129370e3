"""Vehicles (issue 16 item 4): a customer's cars that trafik/kasko policies point to, and
the people a policy insures. Rules (plate, VIN, UAVT) in ``rules``, vehicles in
``vehicles``, insured persons in ``insured``."""

from __future__ import annotations

from .insured import (
    InsuredInput,
    add_insured,
    delete_insured,
    get_insured,
    insured_of,
    update_insured,
)
from .rules import normalize_plate, normalize_uavt, normalize_vin, plate_key
from .vehicles import (
    USAGES,
    VehicleInput,
    create_vehicle,
    customer_vehicles,
    delete_vehicle,
    get_vehicle,
    link_plates,
    update_vehicle,
    vehicle_input,
    vehicle_title,
)

__all__ = [
    "link_plates",
    "USAGES",
    "InsuredInput",
    "VehicleInput",
    "add_insured",
    "create_vehicle",
    "customer_vehicles",
    "delete_insured",
    "delete_vehicle",
    "get_insured",
    "get_vehicle",
    "insured_of",
    "normalize_plate",
    "normalize_uavt",
    "normalize_vin",
    "plate_key",
    "update_insured",
    "update_vehicle",
    "vehicle_input",
    "vehicle_title",
]
