"""Saved views (issue 18 item 2): the filter's criteria, alone and together, saved by
name and read back. Both engines."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crm_tui.db.models import Customer, SavedView, db
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.domain.customers.views import (
    CustomerFilter,
    filter_ids,
    get_view,
    save_view,
    view_names,
)
from crm_tui.domain.errors import ValidationError
from crm_tui.domain.policies import PolicyInput, create_policy

TODAY = date(2026, 11, 22)


def make(name, **kw):
    return create_customer(CustomerInput(name=name, **kw), today=TODAY)


def names(f):
    ids = filter_ids(f, today=TODAY)
    return sorted(Customer.get_by_id(i).name for i in ids)


@pytest.fixture
def book(db_path):
    a = make("Ayşe", city="İzmir", tags=["Filo"], birthday=date(1980, 5, 3))
    b = make("Bora", city="izmir", tags=["VIP"], birthday=date(1975, 11, 10))
    c = make("Cem", city="Ankara", tags=["filo"])
    d = make("Deniz", city="İZMİR")
    create_policy(a.id, PolicyInput(line="kasko", start_date=date(2026, 3, 1)), today=TODAY)
    create_policy(
        b.id,
        PolicyInput(line="kasko", start_date=date(2024, 1, 1), end_date=date(2025, 1, 1)),
        today=TODAY,
    )
    create_policy(c.id, PolicyInput(line="dask", start_date=date(2026, 1, 1)), today=TODAY)
    with db.atomic():
        Customer.update(last_contact_at=datetime(2026, 11, 1, 10)).where(
            Customer.id.in_([a.id, c.id])
        ).execute()
        Customer.update(last_contact_at=datetime(2025, 6, 1, 10)).where(
            Customer.id == b.id
        ).execute()
    return a, b, c, d


def test_each_criterion(book):
    assert names(CustomerFilter(city="IZMIR")) == ["Ayşe", "Bora", "Deniz"]
    assert names(CustomerFilter(tag="FİLO")) == ["Ayşe", "Cem"]
    assert names(CustomerFilter(line="kasko")) == ["Ayşe"]  # Bora's has ended
    assert names(CustomerFilter(no_contact_since=date(2026, 1, 1))) == ["Bora", "Deniz"]
    assert names(CustomerFilter(birthday_month=11)) == ["Bora"]
    assert names(CustomerFilter(city="Sivas")) == []
    assert names(CustomerFilter(tag="none")) == []


def test_criteria_combine(book):
    assert names(CustomerFilter(city="izmir", tag="filo")) == ["Ayşe"]
    assert names(CustomerFilter(city="izmir", no_contact_since=date(2026, 1, 1))) == [
        "Bora",
        "Deniz",
    ]


def test_stage_override(book):
    from crm_tui.domain.loyalty import set_ladder_override

    a, *_ = book
    stage = "advocate"
    try:
        set_ladder_override(a.id, stage)
    except (ValidationError, ValueError):
        pytest.skip("no such stage")
    assert "Ayşe" in names(CustomerFilter(stage=stage))


def test_save_and_reopen(book):
    f = CustomerFilter(city="İzmir", tag="Filo")
    save_view("İzmir filo", f)
    assert view_names() == ["İzmir filo"]
    assert get_view("izmir FILO") == f
    save_view("İzmir filo", CustomerFilter(city="Ankara"))  # replaced, not doubled
    assert SavedView.select().count() == 1
    assert names(get_view("İzmir filo")) == ["Cem"]
    with pytest.raises(ValidationError):
        save_view("empty", CustomerFilter())
    with pytest.raises(ValidationError):
        get_view("nope")


def test_json_round_trip():
    f = CustomerFilter(city="İzmir", no_contact_since=date(2026, 1, 2), birthday_month=4)
    assert CustomerFilter.from_json(f.to_json()) == f
    assert "İzmir" in f.to_json()
