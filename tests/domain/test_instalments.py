"""Instalments (taksit, tahsilat): plans split with the remainder on the first, monthly due
days, part payments, the balance, Today's group, bad input. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from crm_tui.db.models import AuditLog, Customer, Instalment, Policy, Purchase
from crm_tui.domain import instalments as ins
from crm_tui.domain import today as td
from crm_tui.domain.errors import ConflictError, ValidationError
from crm_tui.domain.settings import set_setting
from crm_tui.i18n import set_language

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def policy(db_path):
    customer = Customer.create(name="Ayşe Yılmaz")
    return Policy.create(
        customer=customer,
        line="kasko",
        provider="Anadolu Sigorta",
        number="K-1",
        start_date=date(2026, 1, 1),
        end_date=date(2027, 1, 1),
    )


def plan9(policy, **kw):
    data = ins.PlanInput(
        total=kw.pop("total", "1.000,00"), count=kw.pop("count", 9), first_due="31.10.2026"
    )
    return ins.create_plan(data, policy_id=policy.id, now=NOW, **kw)


def test_plan_splits_total_with_remainder_on_first(policy):
    rows = plan9(policy)
    assert [r.n for r in rows] == list(range(1, 10))
    assert rows[0].amount == Decimal("111.12")
    assert {r.amount for r in rows[1:]} == {Decimal("111.11")}
    assert sum(r.amount for r in rows) == Decimal("1000.00")
    plan = ins.plan(policy_id=policy.id)
    # monthly on the same day, clamped to the month's end and back again
    assert [p.due_date for p in plan[:4]] == [
        date(2026, 10, 31),
        date(2026, 11, 30),
        date(2026, 12, 31),
        date(2027, 1, 31),
    ]
    assert plan[0].amount == Decimal("111.12")
    assert ins.balance(policy.customer_id) == Decimal("1000.00")


def test_plan_on_purchase_and_every_three_months(db_path):
    customer = Customer.create(name="Mehmet Kaya")
    purchase = Purchase.create(customer=customer, amount=Decimal("900"), description="Klima")
    rows = ins.create_plan(
        ins.PlanInput(total="900", count="3", first_due="01.12.2026", interval_months="3"),
        purchase_id=purchase.id,
        now=NOW,
    )
    assert [r.due_date for r in rows] == [date(2026, 12, 1), date(2027, 3, 1), date(2027, 6, 1)]
    assert ins.plan(purchase_id=purchase.id)[0].what == "Klima"


def test_paid_part_payment_and_balance(policy):
    rows = plan9(policy)
    first, second = rows[0], rows[1]
    ins.mark_paid(first.id, "20.11.2026", method="kart", now=NOW)
    row = ins.get_instalment(first.id)
    assert row.paid_on == date(2026, 11, 20) and row.paid_amount == Decimal("111.12")
    assert row.method == "kart"
    assert ins.balance(policy.customer_id) == Decimal("888.88")
    # a part payment keeps the instalment open with what is left
    ins.mark_paid(second.id, amount="50", method="nakit", now=NOW)
    row = ins.get_instalment(second.id)
    assert row.paid_on is None and row.left == Decimal("61.11")
    assert "50" in (row.note or "")
    assert ins.balance(policy.customer_id) == Decimal("838.88")
    ins.mark_paid(second.id, method="havale", now=NOW)
    assert ins.get_instalment(second.id).paid_on == NOW.date()
    assert AuditLog.select().where(AuditLog.action == "instalment_paid").count() == 3
    ins.undo_paid(first.id, now=NOW)
    assert ins.balance(policy.customer_id) == Decimal("888.88") - Decimal("0") + Decimal(
        "111.12"
    ) - Decimal("111.11")


def test_plan_changes_only_while_nothing_paid(policy):
    plan9(policy)
    with pytest.raises(ValidationError) as exc:
        plan9(policy)
    assert "plan" in exc.value.errors
    rows = plan9(policy, count=3, replace=True)
    assert len(ins.plan(policy_id=policy.id)) == 3
    ins.mark_paid(rows[0].id, amount="1", now=NOW)
    with pytest.raises(ValidationError):
        plan9(policy, replace=True)
    with pytest.raises(ValidationError):
        ins.delete_plan(policy_id=policy.id)
    ins.undo_paid(rows[0].id, now=NOW)
    assert ins.delete_plan(policy_id=policy.id) == 3
    assert Instalment.select().count() == 0


def test_bad_input_messages(policy):
    set_language("en")
    with pytest.raises(ValidationError) as exc:
        ins.create_plan(ins.PlanInput(total="abc", count="0", first_due="x"), policy_id=policy.id)
    errors = exc.value.errors
    assert errors["total"] == "Expected an amount like 1.234,50."
    assert errors["count"] == "Enter a whole number from 1 to 36."
    assert "first_due" in errors
    with pytest.raises(ValidationError) as exc:
        ins.create_plan(
            ins.PlanInput(total="0,05", count="9", first_due="1.12.2026"), policy_id=policy.id
        )
    assert exc.value.errors["total"] == "The total is less than one kuruş an instalment."
    rows = plan9(policy)
    with pytest.raises(ValidationError) as exc:
        ins.mark_paid(rows[0].id, amount="500", now=NOW)
    assert exc.value.errors["amount"].startswith("At most what is left")
    with pytest.raises(ValidationError) as exc:
        ins.mark_paid(rows[0].id, paid_on="23.11.2026", method="bitcoin", now=NOW)
    assert set(exc.value.errors) == {"paid_on", "method"}
    ins.mark_paid(rows[0].id, now=NOW)
    with pytest.raises(ValidationError) as exc:
        ins.mark_paid(rows[0].id, now=NOW)
    assert exc.value.errors["amount"] == "This instalment is paid already."
    with pytest.raises(ConflictError):
        ins.mark_paid(rows[1].id, expected_version=99, now=NOW)
    set_language("tr")
    try:
        with pytest.raises(ValidationError) as exc:
            ins.create_plan(ins.PlanInput(total="", count="9", first_due=""), policy_id=policy.id)
        assert exc.value.errors["total"] == "Taksitlere bölünecek toplamı girin."
    finally:
        set_language("en")


def test_today_lists_overdue_and_due_within_call_days(policy):
    plan9(policy)  # 31.10 (overdue on 22.11), 30.11, 31.12 ...
    agenda = td.agenda(today=NOW.date(), now=NOW)
    items = agenda.group("instalments").items
    assert [i.when for i in items] == [date(2026, 10, 31)]
    assert items[0].late
    set_setting("instalment_call_days", 8)
    items = td.agenda(today=NOW.date(), now=NOW).group("instalments").items
    assert [i.when for i in items] == [date(2026, 10, 31), date(2026, 11, 30)]
    assert not items[1].late
    assert "1/9" in td.detail_text(items[0])
    ins.mark_paid(items[0].ref_id, now=NOW)
    items = td.agenda(today=NOW.date(), now=NOW).group("instalments").items
    assert [i.when for i in items] == [date(2026, 11, 30)]


def test_report_rows_filters(policy):
    plan9(policy)
    rows = ins.report_rows(overdue=True, today=NOW.date())
    assert [r.n for r in rows] == [1]
    assert len(ins.report_rows(date_from=date(2027, 1, 1))) == 6
    assert ins.report_rows(line="trafik") == []
    assert len(ins.report_rows(insurer="Anadolu Sigorta")) == 9
