"""Purchases earn points; redeem and adjust never take the balance below zero; tiers by
rolling 12-month spend; satisfaction answers are validated."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from crm_tui.db.models import Customer, PointsEntry, Policy, Purchase, Survey
from crm_tui.domain import purchases
from crm_tui.domain.errors import NotFound, ValidationError
from crm_tui.domain.settings import set_setting
from crm_tui.domain.surveys import record_survey

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10)


@pytest.fixture
def customer(db_path):
    return Customer.create(name="Ayşe Yılmaz")


def test_purchase_earns_points_rounded_down(customer):
    # default 1 point per 100: 250,00 → 2 points
    r = purchases.record_purchase(customer.id, "250,00", today=TODAY, description="Ayakkabı")
    assert (r.points, r.balance) == (2, 2)
    assert r.purchase.amount == Decimal("250.00") and r.purchase.date == TODAY
    entry = PointsEntry.get(PointsEntry.purchase == r.purchase.id)
    assert (entry.kind, entry.points) == ("earn", 2)
    set_setting("points_per_100", 5)
    # 5 per 100: 99,99 → 4.9995 → 4
    r = purchases.record_purchase(customer.id, "99,99", today=TODAY)
    assert (r.points, r.balance) == (4, 6)
    # below one point: no ledger row at all
    set_setting("points_per_100", 1)
    r = purchases.record_purchase(customer.id, "50", today=TODAY)
    assert r.points == 0 and PointsEntry.select().count() == 2


def test_points_for_by_hand():
    assert purchases.points_for(Decimal("1234.56"), Decimal(1)) == 12
    assert purchases.points_for(Decimal("1234.56"), Decimal("2.5")) == 30  # 30.864
    assert purchases.points_for(Decimal("0"), Decimal(1)) == 0


@pytest.mark.parametrize(
    "amount, field",
    [("0", "amount"), ("-5", "amount"), ("on iki", "amount")],
)
def test_bad_purchase_is_refused(customer, amount, field):
    with pytest.raises(ValidationError) as exc:
        purchases.record_purchase(customer.id, amount, today=TODAY)
    assert field in exc.value.errors
    assert Purchase.select().count() == 0 and PointsEntry.select().count() == 0


def test_future_purchase_is_refused(customer):
    with pytest.raises(ValidationError) as exc:
        purchases.record_purchase(customer.id, "10", on=TODAY + timedelta(days=1), today=TODAY)
    assert "date" in exc.value.errors


def test_unknown_customer(db_path):
    with pytest.raises(NotFound):
        purchases.record_purchase(999, "10", today=TODAY)


def test_redeem_never_below_zero(customer):
    purchases.record_purchase(customer.id, "1000", today=TODAY)  # 10 points
    with pytest.raises(ValidationError) as exc:
        purchases.redeem_points(customer.id, 11)
    assert "Only 10 points available" in exc.value.errors["points"]
    assert purchases.points_balance(customer.id) == 10
    assert PointsEntry.select().count() == 1  # nothing written
    entry = purchases.redeem_points(customer.id, "4", note="hediye çeki", now=NOW)
    assert (entry.kind, entry.points) == ("redeem", -4)
    assert purchases.points_balance(customer.id) == 6
    for bad in (0, -3, "dört"):
        with pytest.raises(ValidationError):
            purchases.redeem_points(customer.id, bad)


def test_adjust_needs_reason_and_keeps_balance_non_negative(customer):
    purchases.record_purchase(customer.id, "500", today=TODAY)  # 5 points
    with pytest.raises(ValidationError) as exc:
        purchases.adjust_points(customer.id, 10, note="")
    assert "note" in exc.value.errors
    with pytest.raises(ValidationError) as exc:
        purchases.adjust_points(customer.id, -6, note="düzeltme")
    assert "below zero" in exc.value.errors["points"]
    purchases.adjust_points(customer.id, "+20", note="kampanya")
    purchases.adjust_points(customer.id, -25, note="yanlış giriş")
    assert purchases.points_balance(customer.id) == 0


@pytest.mark.parametrize("points", ["9" * 40, "-" + "9" * 40, 10**12, "1e3", "12,5"])
def test_points_out_of_range_or_not_whole_are_refused(customer, points):
    """A 40-digit number must be a clear message, not SQLite's integer overflow."""
    purchases.record_purchase(customer.id, "500", today=TODAY)
    for action in (purchases.adjust_points, purchases.redeem_points):
        with pytest.raises(ValidationError) as exc:
            action(customer.id, points, note="düzeltme")
        assert "whole number" in exc.value.errors["points"]
    assert purchases.points_balance(customer.id) == 5


def test_tiers_by_rolling_twelve_months(customer):
    assert purchases.tier_for(Decimal("4999.99")) == "standard"
    assert purchases.tier_for(Decimal("5000")) == "silver"
    assert purchases.tier_for(Decimal("20000")) == "gold"
    assert purchases.tier_for(Decimal("75000")) == "platinum"
    assert purchases.tier_for(Decimal("100"), {"bronze": 50, "silver": 1000}) == "bronze"
    # 13 months ago does not count; exactly one year ago is outside the rolling window
    Purchase.create(customer=customer, date=date(2025, 10, 20), amount=Decimal("30000"))
    Purchase.create(customer=customer, date=date(2025, 11, 22), amount=Decimal("30000"))
    Purchase.create(customer=customer, date=date(2026, 5, 1), amount=Decimal("3000"))
    Policy.create(
        customer=customer, line="kasko", start_date=date(2026, 2, 1), premium=Decimal("2500")
    )
    Policy.create(
        customer=customer,
        line="dask",
        start_date=date(2026, 2, 1),
        premium=Decimal("9000"),
        status="cancelled",
    )
    tier, spend = purchases.customer_tier(customer.id, TODAY)
    assert spend == Decimal("5500.00") and tier == "silver"  # 3000 + premium 2500
    assert purchases.tier_label("silver") == "Silver"


def test_survey_answers_validated(customer):
    s = record_survey(customer.id, "nps", "9", "Çok memnunum", now=NOW)
    assert (s.kind, s.score, s.comment) == ("nps", 9, "Çok memnunum")
    record_survey(customer.id, "csat", 1)
    for kind, score, field in (
        ("nps", 11, "score"),
        ("nps", -1, "score"),
        ("csat", 0, "score"),
        ("csat", 6, "score"),
        ("csat", "iyi", "score"),
        ("poll", 3, "kind"),
    ):
        with pytest.raises(ValidationError) as exc:
            record_survey(customer.id, kind, score)
        assert field in exc.value.errors
    assert Survey.select().count() == 2
