"""Instalments by keyboard at 80×24: a plan made from the card (t on the policy row), the
balance in the card header, a payment from the plan screen; an overdue instalment paid from
Today with d (the form's defaults: today, the whole instalment, cash)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from crm_tui.db import search
from crm_tui.db.models import Customer, Instalment, Policy
from crm_tui.domain import instalments as ins
from crm_tui.ui.dialogs.instalment import PaidForm, PlanForm
from crm_tui.ui.screens.instalment_plan import InstalmentPlanScreen
from crm_tui.ui.screens.today import TodayScreen
from tests.ui.helpers import new_app, open_card, screen_text, settle, type_text


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setenv("CRM_TUI_NOW", "2026-11-22T10:00")
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")


def kasko_customer() -> tuple[Customer, Policy]:
    c = Customer.create(name="Ayşe Yılmaz")
    p = Policy.create(
        customer=c,
        line="kasko",
        provider="Anadolu Sigorta",
        number="K-77",
        premium=Decimal("9000"),
        start_date=date(2026, 11, 1),
        end_date=date(2027, 11, 1),
    )
    search.index_customers([c.id])
    return c, p


async def test_plan_from_card_and_payment(db_path, frozen):
    ayse, policy = kasko_customer()
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_card(pilot, ayse.id)
        await pilot.press("2")  # Policies
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, PlanForm)  # no plan yet: the form, total = premium
        await pilot.press("tab")  # total (9.000,00 from the premium) → count
        await type_text(pilot, "9")
        await pilot.press("ctrl+s")  # first due today, monthly
        await settle(pilot)
        plan = ins.plan(policy_id=policy.id)
        assert [r.amount for r in plan] == [Decimal("1000.00")] * 9
        assert plan[0].due_date == date(2026, 11, 22) and plan[1].due_date == date(2026, 12, 22)
        assert "Balance due: ₺9,000.00" in screen_text(app)

        # t again: the plan; d pays the first instalment (defaults), the balance goes down
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, InstalmentPlanScreen)
        assert "1/9" in screen_text(app)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, PaidForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InstalmentPlanScreen)
        first = Instalment.get(Instalment.n == 1)
        assert first.paid_on == date(2026, 11, 22) and first.method == "nakit"
        await pilot.press("escape")
        await settle(pilot)
        assert "Balance due: ₺8,000.00" in screen_text(app)


async def test_overdue_instalment_paid_from_today(db_path, frozen):
    ayse, policy = kasko_customer()
    ins.create_plan(
        ins.PlanInput(total="3000", count=3, first_due="01.11.2026"), policy_id=policy.id
    )
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        text = screen_text(app)
        assert "Instalments" in text and "21 days overdue" in text
        await pilot.press("8")  # the Instalments group
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, PaidForm)
        await pilot.press("tab")  # paid on (today) → amount: a part payment of 400
        for _ in range(12):
            await pilot.press("backspace")
        await type_text(pilot, "400")
        await pilot.press("tab")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        first = Instalment.get(Instalment.n == 1)
        assert first.paid_amount == Decimal("400.00") and first.paid_on is None
        assert "₺600.00 1/3" in screen_text(app)  # what is left, still overdue
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        first = Instalment.get(Instalment.n == 1)
        assert first.paid_on == date(2026, 11, 22)
        assert "8 Instalments 0" in screen_text(app)  # the second one is not due yet
