"""Duplicates across the book (issue 18 item 3): pairs by phone, e-mail, TCKN/VKN, folded
name with birthday or city, best first; dismissed pairs stay dismissed; a merge keeps
every record of both, the tables of later steps too. Both engines."""

from __future__ import annotations

from datetime import date

from crm_tui.db.models import (
    Claim,
    CommissionEntry,
    Customer,
    DuplicateDismissed,
    Instalment,
    InsuredPerson,
    Policy,
    Reminder,
    Vehicle,
)
from crm_tui.domain.customers import CustomerInput, create_customer, tags_of
from crm_tui.domain.customers.duplicates import (
    dismiss_pair,
    find_duplicate_pairs,
    merge_pair,
)
from crm_tui.domain.policies import PolicyInput, create_policy


def make(name, phone=None, **kw):
    phones = [("mobile", phone)] if phone else []
    return create_customer(CustomerInput(name=name, phones=phones, **kw))


def pair_keys():
    return [(p.a, p.b, p.reasons) for p in find_duplicate_pairs()]


def test_pairs_by_every_key_best_first(db_path):
    a = make("Ayşe Yılmaz", "0532 111 22 33", email="ayse@example.com")
    b = make("AYŞE YILMAZ", "+90 532 111 2233", email=" AYSE@example.com")
    c = make("Işık Demir", city="İzmir")
    d = make("ışık demir", city="izmir")
    e = make("Can Öz", birthday=date(1980, 1, 2))
    f = make("CAN ÖZ", birthday=date(1980, 1, 2))
    g = make("Deniz Ak", national_id="10000000146")
    h = make("Deniz Ak Ltd", national_id="10000000146")
    make("Can Öz", birthday=date(1990, 1, 2))  # same name, other birthday, no city: no pair
    got = pair_keys()
    assert got[0] == (g.id, h.id, ["national_id"])
    assert (a.id, b.id, ["phone", "email"]) in got
    assert got.index((a.id, b.id, ["phone", "email"])) == 1  # two keys: 95
    assert (e.id, f.id, ["name_birthday"]) in got
    assert got[-1] == (c.id, d.id, ["name_city"])
    assert len(got) == 4


def test_dismissed_pair_stays_dismissed(db_path):
    a = make("Ayşe", "0532 111 22 33")
    b = make("Bora", "0532 111 22 33")
    dismiss_pair(b.id, a.id)
    dismiss_pair(a.id, b.id)  # twice: one row
    assert DuplicateDismissed.select().count() == 1
    row = DuplicateDismissed.get()
    assert (row.customer_a_id, row.customer_b_id) == (a.id, b.id)
    assert pair_keys() == []


def test_merge_keeps_every_record_of_both(db_path):
    a = make("Ayşe Yılmaz", "0532 111 22 33", tags=["Filo"])
    b = make("Ayşe Yılmaz", "0533 999 88 77", tags=["VIP"], email="a@example.com")
    pol = create_policy(b.id, PolicyInput(line="kasko", start_date=date(2026, 1, 1)))
    Claim.create(customer=b.id, policy=pol.id, loss_date=date(2026, 2, 1))
    Instalment.create(
        customer=b.id, policy=pol.id, n=1, count=1, due_date=date(2026, 3, 1), amount=100
    )
    Vehicle.create(customer=b.id, plate="34 ABC 123")
    InsuredPerson.create(policy=pol.id, customer=b.id, name="Ayşe Yılmaz")
    CommissionEntry.create(policy=pol.id, kind="received", date=date(2026, 1, 5), amount=50)
    Reminder.create(customer=b.id, title="call", due_at=date(2026, 4, 1), assigned_to="Bora")
    merge_pair(a.id, b.id)
    for model in (Claim, Instalment, Vehicle, Reminder, Policy):
        assert model.select().where(model.customer == a.id).count() == 1, model
        assert model.select().where(model.customer == b.id).count() == 0, model
    assert InsuredPerson.get().customer_id == a.id
    assert (
        CommissionEntry.get().policy_id == pol.id and Policy.get_by_id(pol.id).customer_id == a.id
    )
    assert Reminder.get().assigned_to == "Bora"
    assert tags_of(a.id) == ["Filo", "VIP"]
    kept = Customer.get_by_id(a.id)
    assert kept.email == "a@example.com"
    assert Customer.get_by_id(b.id).archived_at is not None
    assert pair_keys() == []  # the merged one is archived: no pair left
