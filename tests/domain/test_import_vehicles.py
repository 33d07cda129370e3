"""A spreadsheet/CSV policy import links each plate to the customer's vehicle, made when the
customer has none of that plate, as a policy saved in the app points to a vehicle.
Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from crm_tui.db.models import Customer, Policy, Vehicle
from crm_tui.domain import importers
from crm_tui.domain.vehicles import VehicleInput, create_vehicle


def test_imported_plates_become_the_customers_vehicles(db_path, tmp_path):
    ayse = Customer.create(name="Ayşe Yılmaz")
    ali = Customer.create(name="Ali Veli")
    own = create_vehicle(ali.id, VehicleInput(plate="06 AY 4321", usage="hususi"))
    path = tmp_path / "p.csv"
    path.write_text(
        "Sigortalı Adı;Branş;Poliçe No;Plaka;Başlangıç Tarihi;Bitiş Tarihi\n"
        "Ayşe Yılmaz;Kasko;K-1;34 abc 123;01.01.2026;01.01.2027\n"
        "Ayşe Yılmaz;Trafik;T-1;34ABC123;02.01.2026;02.01.2027\n"
        "Ali Veli;Trafik;T-2;06ay4321;03.01.2026;03.01.2027\n"
        "Ali Veli;Kasko;K-2;Q-BAD;04.01.2026;04.01.2027\n"
        "Ali Veli;DASK;D-1;;05.01.2026;05.01.2027\n",
        encoding="utf-8",
    )
    plan = importers.plan_import(importers.read_file(path), kind="policies")
    importers.run_import(plan, accept_errors=True)
    k1, t1 = Policy.get(Policy.number == "K-1"), Policy.get(Policy.number == "T-1")
    (mine,) = Vehicle.select().where(Vehicle.customer == ayse.id)
    assert (mine.plate, mine.usage) == ("34 ABC 123", "other")
    assert k1.vehicle_id == t1.vehicle_id == mine.id
    assert k1.plate == t1.plate == "34 ABC 123"  # the vehicle's plate, the searchable copy
    assert Policy.get(Policy.number == "T-2").vehicle_id == own.id  # his own, not a second one
    bad = Policy.get(Policy.number == "K-2")
    assert bad.vehicle.plate == "Q-BAD" and bad.vehicle.customer_id == ali.id  # kept as typed
    assert Policy.get(Policy.number == "D-1").vehicle_id is None
    assert Vehicle.select().count() == 3
