"""Vehicles, insured persons and the DASK address (issue 16 item 4): plate, VIN, UAVT and
TCKN rules, the policy's vehicle, search by plate in any spacing. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from crm_tui.db.models import AuditLog, Policy, Vehicle
from crm_tui.domain import vehicles as vh
from crm_tui.domain.customers import CustomerInput, create_customer, search_customers
from crm_tui.domain.errors import ConflictError, ValidationError
from crm_tui.domain.policies import PolicyInput, create_policy, get_policy, update_policy
from crm_tui.i18n import set_language

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("typed", "plate"),
    [
        ("34abc123", "34 ABC 123"),
        ("34 ABC 123", "34 ABC 123"),
        ("  34  abc   123 ", "34 ABC 123"),
        ("34-AB-1234", "34 AB 1234"),
        ("06 a 1234", "06 A 1234"),
        ("06A12345", "06 A 12345"),
        ("35 ab 123", "35 AB 123"),
        ("01 ABC 12", "01 ABC 12"),
        ("81 zyv 999", "81 ZYV 999"),
        ("34 ıı 123", "34 II 123"),  # a Turkish dotless i is the plate's I
        ("34 ii 123", "34 II 123"),  # a dotted lower-case i is the plate's I too
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_plate_normalised(typed, plate):
    assert vh.normalize_plate(typed) == plate


@pytest.mark.parametrize(
    "typed",
    [
        "00 ABC 123",  # no province 00
        "82 ABC 123",  # nor 82
        "34 ÇAB 123",  # Turkish letters are not used
        "34 İ 1234",
        "34 ŞŞ 123",
        "34 QA 123",  # nor Q, W, X
        "34 W 1234",
        "34 X 1234",
        "34 A 123",  # one letter: 4 or 5 digits
        "34 AB 12",  # two letters: 3 or 4 digits
        "34 ABC 1234",  # three letters: 2 or 3 digits
        "34 ABCD 12",
        "3 ABC 123",
        "ABC 123",
        "34 123 ABC",
    ],
)
def test_plate_refused(typed):
    with pytest.raises(ValidationError) as exc:
        vh.normalize_plate(typed)
    assert "plate" in exc.value.errors


def test_plate_messages_in_turkish():
    set_language("tr")
    try:
        with pytest.raises(ValidationError) as exc:
            vh.normalize_plate("34 ÇAB 123")
        assert "kullanılmaz" in exc.value.errors["plate"]
        with pytest.raises(ValidationError) as exc:
            vh.normalize_plate("90 ABC 123")
        assert "il kodu" in exc.value.errors["plate"]
    finally:
        set_language("en")


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("VF1RFB00X56789012", "VF1RFB00X56789012"),
        ("vf1 rfb00x 56789012", "VF1RFB00X56789012"),
        ("WVWZZZ1JZXW000001", "WVWZZZ1JZXW000001"),
        ("", None),
    ],
)
def test_vin(typed, ok):
    assert vh.normalize_vin(typed) == ok


@pytest.mark.parametrize(
    "typed",
    [
        "VF1RFB00X5678901",
        "VF1RFB00X567890123",
        "VF1RFB00I56789012",
        "VF1RFB00O56789012",
        "VF1RFB00Q56789012",
        "VF1RFB00-5678901*",
    ],
)
def test_vin_refused(typed):
    with pytest.raises(ValidationError) as exc:
        vh.normalize_vin(typed)
    assert "chassis_no" in exc.value.errors


@pytest.mark.parametrize(
    ("typed", "ok"), [("1234567890", "1234567890"), ("12345 67890", "1234567890"), ("", None)]
)
def test_uavt(typed, ok):
    assert vh.normalize_uavt(typed) == ok


@pytest.mark.parametrize("typed", ["123456789", "12345678901", "12345A7890"])
def test_uavt_refused(typed):
    with pytest.raises(ValidationError):
        vh.normalize_uavt(typed)


def car(**kw):
    values = dict(
        plate="34abc123",
        ruhsat_serial="ab 123456",
        chassis_no="VF1RFB00X56789012",
        engine_no="K9K1234",
        brand="Renault",
        model="Clio",
        year="2019",
        usage="hususi",
    )
    values.update(kw)
    return vh.VehicleInput(**values)


@pytest.fixture
def customer(db_path):
    return create_customer(CustomerInput(name="Deniz Ak"))


def test_vehicle_stored_normalised_and_audited(customer):
    v = vh.create_vehicle(customer.id, car(), today=TODAY)
    v = vh.get_vehicle(v.id)
    assert (v.plate, v.ruhsat_serial, v.chassis_no, v.year) == (
        "34 ABC 123",
        "AB123456",
        "VF1RFB00X56789012",
        2019,
    )
    assert vh.vehicle_title(v) == "34 ABC 123 · Renault Clio 2019 · Private car"
    assert AuditLog.select().where(AuditLog.action == "vehicle_added").count() == 1


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        (dict(year="1949"), "year"),
        (dict(year="2028"), "year"),  # next year is the latest model year
        (dict(year="yeni"), "year"),
        (dict(usage="uçak"), "usage"),
        (dict(plate="34 Q 1234"), "plate"),
        (dict(chassis_no="123"), "chassis_no"),
        (dict(plate="", chassis_no=""), "plate"),
    ],
)
def test_vehicle_refused(customer, kw, field):
    with pytest.raises(ValidationError) as exc:
        vh.create_vehicle(customer.id, car(**kw), today=TODAY)
    assert field in exc.value.errors
    assert Vehicle.select().count() == 0


def test_next_year_accepted_and_same_plate_twice_refused(customer):
    vh.create_vehicle(customer.id, car(year="2027"), today=TODAY)
    with pytest.raises(ValidationError) as exc:
        vh.create_vehicle(customer.id, car(chassis_no=""), today=TODAY)
    assert "plate" in exc.value.errors


def test_policy_points_to_vehicle_and_copies_its_plate(customer):
    v = vh.create_vehicle(customer.id, car(), today=TODAY)
    p = create_policy(
        customer.id, PolicyInput(line="trafik", start_date="01.01.2026", vehicle_id=v.id)
    )
    p = get_policy(p.id)
    assert (p.vehicle_id, p.plate) == (v.id, "34 ABC 123")
    # the plate corrected on the vehicle is corrected on its policies and in the search
    vh.update_vehicle(v.id, car(plate="34 ABC 124"), today=TODAY, expected_version=1)
    assert get_policy(p.id).plate == "34 ABC 124"
    assert [h.name for h in search_customers("34abc124")] == ["Deniz Ak"]
    assert search_customers("34abc123") == []
    with pytest.raises(ConflictError):
        vh.update_vehicle(v.id, car(), today=TODAY, expected_version=1)
    # deleting the vehicle keeps what the policy insured
    vh.delete_vehicle(v.id)
    p = get_policy(p.id)
    assert (p.vehicle_id, p.plate) == (None, "34 ABC 124")


def test_vehicle_of_another_customer_or_line_refused(customer):
    other = create_customer(CustomerInput(name="Başka Biri"))
    v = vh.create_vehicle(other.id, car(), today=TODAY)
    with pytest.raises(ValidationError) as exc:
        create_policy(
            customer.id, PolicyInput(line="kasko", start_date="01.01.2026", vehicle_id=v.id)
        )
    assert "vehicle" in exc.value.errors
    with pytest.raises(ValidationError) as exc:
        create_policy(other.id, PolicyInput(line="dask", start_date="01.01.2026", vehicle_id=v.id))
    assert "vehicle" in exc.value.errors


def test_dask_uavt_and_address(customer):
    p = create_policy(
        customer.id,
        PolicyInput(
            line="dask", start_date="01.01.2026", uavt_code="12345 67890", address="Moda Cad. 5"
        ),
    )
    p = get_policy(p.id)
    assert (p.uavt_code, p.address) == ("1234567890", "Moda Cad. 5")
    with pytest.raises(ValidationError) as exc:
        update_policy(p.id, PolicyInput(line="dask", start_date="01.01.2026", uavt_code="123"))
    assert "uavt_code" in exc.value.errors
    with pytest.raises(ValidationError) as exc:
        create_policy(
            customer.id, PolicyInput(line="trafik", start_date="01.01.2026", uavt_code="1234567890")
        )
    assert "uavt_code" in exc.value.errors


def test_insured_persons_of_a_family_tss(customer):
    p = create_policy(customer.id, PolicyInput(line="tss", start_date="01.01.2026"))
    vh.add_insured(p.id, vh.InsuredInput(customer_id=customer.id, relation="kendisi"), TODAY)
    vh.add_insured(
        p.id,
        vh.InsuredInput(
            name="Elif Ak", national_id="10000000146", relation="es", birthday="03.04.1985"
        ),
        TODAY,
    )
    child = vh.add_insured(
        p.id, vh.InsuredInput(name="Can Ak", relation="cocuk", birthday=date(2015, 6, 1)), TODAY
    )
    vh.add_insured(p.id, vh.InsuredInput(name="Ece Ak", relation="cocuk"), TODAY)
    people = vh.insured_of(p.id)
    assert [x.relation for x in people] == ["kendisi", "es", "cocuk", "cocuk"]
    assert people[1].birthday == date(1985, 4, 3)
    vh.update_insured(
        child.id, vh.InsuredInput(name="Can Ak", relation="cocuk", national_id="10000000146"), TODAY
    )
    assert vh.get_insured(child.id).national_id == "10000000146"
    vh.delete_insured(child.id)
    assert len(vh.insured_of(p.id)) == 3
    # deleting the policy takes its insured persons
    Policy.delete().where(Policy.id == p.id).execute()
    assert vh.insured_of(p.id) == []


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        (dict(name="Elif", national_id="10000000147"), "national_id"),  # bad check digit
        (dict(name="Elif", national_id="1234"), "national_id"),
        (dict(name=""), "name"),
        (dict(name="Elif", relation="kuzen"), "relation"),
        (dict(name="Elif", birthday="01.01.2030"), "birthday"),
    ],
)
def test_insured_refused(customer, kw, field):
    p = create_policy(customer.id, PolicyInput(line="tss", start_date="01.01.2026"))
    with pytest.raises(ValidationError) as exc:
        vh.add_insured(p.id, vh.InsuredInput(**kw), TODAY)
    assert field in exc.value.errors


@pytest.mark.parametrize(
    "typed",
    ["34abc123", "34 ABC 123", "34 abc123", "34abc 123", "34ABC", "abc123", " 34  ABC  123 "],
)
def test_vehicle_plate_found_in_any_spacing(customer, typed):
    """A vehicle without a policy is found by its plate as a policy's is."""
    create_customer(CustomerInput(name="Başka Biri"))
    vh.create_vehicle(customer.id, car(), today=TODAY)
    assert [h.name for h in search_customers(typed)] == ["Deniz Ak"]


def test_kvkk_export_and_erasure_cover_vehicles_and_insured(customer, tmp_path):
    from crm_tui.domain import privacy

    v = vh.create_vehicle(customer.id, car(), today=TODAY)
    p = create_policy(customer.id, PolicyInput(line="tss", start_date="01.01.2026"))
    vh.add_insured(
        p.id, vh.InsuredInput(name="Elif Ak", national_id="10000000146", relation="es"), TODAY
    )
    other = create_customer(CustomerInput(name="Başka Biri"))
    theirs = create_policy(other.id, PolicyInput(line="hayat", start_date="01.01.2026"))
    vh.add_insured(theirs.id, vh.InsuredInput(customer_id=customer.id, relation="other"), TODAY)
    dask = create_policy(
        customer.id,
        PolicyInput(line="dask", start_date="01.01.2026", uavt_code="1234567890", address="Moda"),
    )
    data = privacy.person_data(customer.id)
    assert [x["plate"] for x in data["vehicles"]] == ["34 ABC 123"]
    assert {x["policy"] for x in data["insured_persons"]} == {p.id, theirs.id}
    privacy.erase_person(customer.id)
    v = vh.get_vehicle(v.id)
    assert (v.plate, v.chassis_no, v.ruhsat_serial, v.brand) == (None, None, None, "Renault")
    assert [(x.name, x.national_id) for x in vh.insured_of(p.id)] == [(None, None)]
    assert vh.insured_of(theirs.id)[0].customer_id is None
    assert (get_policy(dask.id).uavt_code, get_policy(dask.id).address) == (None, None)
    assert search_customers("34abc123") == []


def test_step_12_makes_vehicles_of_the_plates_policies_had(customer):
    """The statements step 12 runs on an existing book, on this engine: one vehicle per
    customer and plate, every policy with a plate pointing to it."""
    from crm_tui.db.migrations.m0012_vehicles import _FROM_PLATES
    from crm_tui.db.models import db

    other = create_customer(CustomerInput(name="Başka Biri"))
    for cid, line, plate in (
        (customer.id, "trafik", "34 ABC 123"),
        (customer.id, "kasko", "34 ABC 123"),
        (customer.id, "trafik", "06 XY 1234"),
        (other.id, "trafik", "34 ABC 123"),  # the same plate at another customer: theirs
        (other.id, "dask", None),
    ):
        Policy.create(customer=cid, line=line, plate=plate, start_date=TODAY)
    with db.atomic():
        for stmt in _FROM_PLATES:
            db.execute_sql(stmt)
    cars = {(v.customer_id, v.plate): v.id for v in Vehicle.select()}
    assert sorted(cars) == sorted(
        [(customer.id, "34 ABC 123"), (customer.id, "06 XY 1234"), (other.id, "34 ABC 123")]
    )
    for p in Policy.select():
        assert p.vehicle_id == (cars[(p.customer_id, p.plate)] if p.plate else None)


def test_a_step_4_file_gets_vehicles_of_its_plates(tmp_path):
    import os
    import shutil

    from crm_tui.db import close_database, open_database
    from tests.reliability.test_migrations import FIXTURES

    path = tmp_path / "v4.sqlite3"
    shutil.copyfile(FIXTURES / "schema_v4.sqlite3", path)
    os.chmod(path, 0o600)
    open_database(path)
    try:
        p = Policy.get(Policy.plate == "48 ABC 123")
        v = Vehicle.get(Vehicle.plate == "48 ABC 123")
        assert (p.vehicle_id, v.customer_id, v.usage) == (v.id, p.customer_id, "other")
        assert [h.id for h in search_customers("48abc123")] == [p.customer_id]
    finally:
        close_database()
