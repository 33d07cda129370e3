"""Commission: expected from the entered amount or the rate table, receipts, outstanding,
the pro-rata clawback written when a policy is cancelled early, the sub-agent's share, the
totals by insurer × line × month, and staff refused. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from crm_tui.db.models import AppUser, CommissionEntry, Customer, Policy
from crm_tui.domain import commission as cm
from crm_tui.domain import roles
from crm_tui.domain.errors import ValidationError
from crm_tui.domain.policies import PolicyInput, policy_input, update_policy
from crm_tui.domain.roles import PermissionDenied, set_commission

TODAY = date(2026, 11, 22)


@pytest.fixture
def book(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_NOW", "2026-11-22T10:00")
    ayse = Customer.create(name="Ayşe Yılmaz")
    kasko = Policy.create(
        customer=ayse,
        line="kasko",
        provider="Anadolu Sigorta",
        number="K-1",
        start_date=date(2026, 3, 1),
        end_date=date(2027, 3, 1),
        premium=Decimal("20000.00"),
    )
    dask = Policy.create(
        customer=ayse,
        line="dask",
        provider="Axa",
        number="D-1",
        start_date=date(2026, 5, 10),
        end_date=date(2027, 5, 10),
        premium=Decimal("1000.00"),
    )
    cm.save_rate("Anadolu Sigorta", "kasko", "12,5", "01.01.2026")
    cm.save_rate("Anadolu Sigorta", "kasko", "15", "01.06.2026")  # later policies only
    set_commission(dask.id, Decimal("150.00"))  # entered: wins over any rate
    return kasko, dask


def test_expected_received_outstanding(book):
    kasko, dask = book
    view = cm.policy_view(kasko.id)
    assert view.rate == Decimal("12.50") and not view.entered
    assert view.balance.expected == Decimal("2500.00")
    cm.record_receipt(kasko.id, "15.04.2026", "1.000,00", today=TODAY)
    view = cm.policy_view(kasko.id)
    assert view.balance.received == Decimal("1000.00")
    assert view.balance.outstanding == Decimal("1500.00")
    assert [(e.kind, e.amount) for e in view.entries] == [("received", Decimal("1000.00"))]
    assert cm.policy_view(dask.id).balance.expected == Decimal("150.00")
    assert cm.outstanding_total() == Decimal("1650.00")


def test_bad_receipts_are_refused_and_write_nothing(book):
    kasko, _dask = book
    with pytest.raises(ValidationError) as exc:
        cm.record_receipt(kasko.id, "30.11.2026", "abc", today=TODAY)
    assert set(exc.value.errors) == {"date", "amount"}
    with pytest.raises(ValidationError):
        cm.record_receipt(kasko.id, "20.11.2026", "0", today=TODAY)
    cm.record_receipt(kasko.id, "25.11.2026", "10", today=TODAY)  # 3 days ahead: allowed
    assert CommissionEntry.select().count() == 1


def test_cancelling_early_writes_a_pro_rata_clawback(book):
    kasko, _dask = book
    data = policy_input(kasko.id)
    data.status = "cancelled"
    update_policy(kasko.id, data, today=TODAY)
    (line,) = CommissionEntry.select().where(CommissionEntry.kind == "clawback")
    # 22.11.2026 → 01.03.2027: 99 of 365 days → 2500 × 99 / 365
    assert line.amount == Decimal("-678.08") and line.date == TODAY
    view = cm.policy_view(kasko.id)
    assert view.balance.outstanding == Decimal("1821.92")
    update_policy(kasko.id, policy_input(kasko.id), today=TODAY)  # saved again: no second line
    assert CommissionEntry.select().where(CommissionEntry.kind == "clawback").count() == 1
    assert cm.clawback_amount(
        Decimal(100), date(2026, 1, 1), date(2027, 1, 1), date(2025, 12, 1)
    ) == Decimal(-100)  # cancelled before it began: all of it


def test_subagent_share_and_totals(book):
    kasko, dask = book
    assert cm.set_subagent(kasko.id, "20%", today=TODAY) == Decimal("500.00")
    assert cm.set_subagent(dask.id, "30", today=TODAY) == Decimal("30.00")
    assert cm.policy_view(kasko.id).balance.net == Decimal("2000.00")
    cm.set_subagent(kasko.id, "10 %", today=TODAY)  # replaced, not added
    assert cm.policy_view(kasko.id).balance.subagent == Decimal("250.00")
    rows = cm.report_rows(line="kasko")
    assert [r.policy_id for r in rows] == [kasko.id]
    totals = cm.totals_by_month(cm.report_rows())
    assert [(t[0], t[1], t[2]) for t in totals] == [
        ("Anadolu Sigorta", "kasko", date(2026, 3, 1)),
        ("Axa", "dask", date(2026, 5, 1)),
    ]
    assert totals[1][3].subagent == Decimal("30.00")
    with pytest.raises(ValidationError):
        cm.set_subagent(kasko.id, "120%")


def test_rates_are_validated_and_listed(book):
    with pytest.raises(ValidationError) as exc:
        cm.save_rate("", "boat", "150", "32.13.2026")
    assert set(exc.value.errors) == {"insurer", "line", "rate", "valid_from"}
    assert [(r.insurer, r.rate) for r in cm.list_rates()] == [
        ("Anadolu Sigorta", Decimal("15.00")),
        ("Anadolu Sigorta", Decimal("12.50")),
    ]
    cm.save_rate("ANADOLU SIGORTA", "kasko", "14", "01.06.2026")  # same day: changed
    assert cm.rate_for("anadolu sigorta", "kasko", date(2026, 7, 1)) == Decimal("14.00")
    cm.delete_rate(cm.list_rates()[0].id)
    assert len(cm.list_rates()) == 1


@pytest.mark.skipif(
    __import__("tests.conftest", fromlist=["BACKEND"]).BACKEND == "postgresql",
    reason="SQLite's advisory roles; PostgreSQL's are tests/pg/test_roles.py",
)
def test_staff_are_refused_and_their_cancellation_is_settled_later(book):
    kasko, _dask = book
    AppUser.create(name="ayse", role="owner")
    AppUser.create(name="mehmet", role="staff")
    from crm_tui.domain.who import set_user

    set_user("mehmet")
    roles.forget()
    try:
        for call in (
            lambda: cm.policy_view(kasko.id),
            lambda: cm.record_receipt(kasko.id, "01.11.2026", "10"),
            lambda: cm.report_rows(),
            lambda: cm.save_rate("Axa", "dask", "10"),
        ):
            with pytest.raises(PermissionDenied):
                call()
        data = policy_input(kasko.id)
        data.status = "cancelled"
        update_policy(kasko.id, data, today=TODAY)  # staff may cancel; no clawback yet
        assert not CommissionEntry.select().exists()
    finally:
        set_user("ayse")
        roles.forget()
    try:
        assert cm.settle_clawbacks() == 1
        assert cm.policy_view(kasko.id).balance.clawback == Decimal("-678.08")
    finally:
        set_user(None)
        roles.forget()


def test_kinds_are_known():
    assert cm.KINDS == ("received", "clawback", "subagent")
    assert isinstance(PolicyInput().status, str)


def test_uncancelling_removes_the_clawback(book):
    """Decided: the line is removed, not reversed with a positive one (no receipt happened)."""
    kasko, _dask = book
    data = policy_input(kasko.id)
    data.status = "cancelled"
    update_policy(kasko.id, data, today=TODAY)
    assert cm.policy_view(kasko.id).balance.clawback == Decimal("-678.08")
    data = policy_input(kasko.id)
    data.status = "active"
    update_policy(kasko.id, data, today=TODAY)
    assert not CommissionEntry.select().where(CommissionEntry.kind == "clawback").exists()
    assert cm.policy_view(kasko.id).balance.outstanding == Decimal("2500.00")
    data.status = "cancelled"  # cancelled again: a new clawback
    update_policy(kasko.id, data, today=TODAY)
    assert CommissionEntry.select().where(CommissionEntry.kind == "clawback").count() == 1


@pytest.mark.skipif(
    __import__("tests.conftest", fromlist=["BACKEND"]).BACKEND == "postgresql",
    reason="SQLite's advisory roles; PostgreSQL's are tests/pg/test_roles.py",
)
def test_staff_uncancelling_removes_the_clawback_at_the_owners_next_look(book):
    kasko, _dask = book
    AppUser.create(name="ayse", role="owner")
    AppUser.create(name="mehmet", role="staff")
    from crm_tui.domain.who import set_user

    set_user("ayse")
    roles.forget()
    data = policy_input(kasko.id)
    data.status = "cancelled"
    update_policy(kasko.id, data, today=TODAY)
    set_user("mehmet")
    roles.forget()
    try:
        data = policy_input(kasko.id)
        data.status = "active"
        update_policy(kasko.id, data, today=TODAY)  # staff cannot touch the line itself
    finally:
        set_user("ayse")
        roles.forget()
    try:
        assert CommissionEntry.select().where(CommissionEntry.kind == "clawback").count() == 1
        cm.settle_clawbacks()
        assert not CommissionEntry.select().where(CommissionEntry.kind == "clawback").exists()
        assert cm.outstanding_total() == Decimal("2650.00")
    finally:
        set_user(None)
        roles.forget()
