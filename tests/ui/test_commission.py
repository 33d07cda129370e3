"""Commission by keyboard at 80×24: on the card's policy row K shows the policy's
commission lines and records a receipt; the Loyalty screen shows the outstanding figure to
the owner and k opens the rates; staff are refused in one line."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from crm_tui.db import search
from crm_tui.db.models import AppUser, CommissionEntry, Customer, Policy
from crm_tui.domain import commission as cm
from crm_tui.domain import roles
from crm_tui.domain.who import set_user
from crm_tui.ui.screens.card import CustomerCardScreen
from crm_tui.ui.screens.commission_form import CommissionFormScreen
from crm_tui.ui.screens.commission_rates import CommissionRatesScreen
from tests.ui.helpers import new_app, open_card, screen_text, settle, type_text


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setenv("CRM_TUI_NOW", "2026-11-22T10:00")
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")


def kasko_customer() -> Customer:
    c = Customer.create(name="Ayşe Yılmaz")
    Policy.create(
        customer=c,
        line="kasko",
        provider="Axa",
        number="K-77",
        start_date=date(2026, 3, 1),
        end_date=date(2027, 3, 1),
        premium=Decimal("20000"),
    )
    cm.save_rate("Axa", "kasko", "12,5", "01.01.2026")
    search.index_customers([c.id])
    return c


async def test_receipt_from_the_card_by_keyboard(db_path, frozen):
    ayse = kasko_customer()
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_card(pilot, ayse.id)
        await pilot.press("2")  # Policies
        await settle(pilot)
        await pilot.press("K")
        await settle(pilot)
        assert isinstance(app.screen, CommissionFormScreen)
        text = screen_text(app)
        assert "Expected ₺2,500.00 (12.5 % of the premium)" in text
        await pilot.press("tab")  # received on (today) → amount
        await type_text(pilot, "1.000,00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        (entry,) = CommissionEntry.select()
        assert (entry.kind, entry.amount, entry.date) == (
            "received",
            Decimal("1000.00"),
            date(2026, 11, 22),
        )
        await pilot.press("K")
        await settle(pilot)
        text = screen_text(app)
        assert re.search(r"22/11/2026 +received +₺1,000\.00", text), text
        assert "outstanding ₺1,500.00" in text
        # a future date and no amount: refused at the form, nothing written
        await pilot.press("end", *["backspace"] * 10)
        await type_text(pilot, "31.12.2026")
        await pilot.press("tab")
        await type_text(pilot, "5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CommissionFormScreen)
        assert "A receipt cannot be dated after" in screen_text(app)
        assert CommissionEntry.select().count() == 1
        await pilot.press("escape")
        await settle(pilot)


async def test_loyalty_figure_and_rates(db_path, frozen):
    kasko_customer()
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.switch_mode("loyalty")
        await settle(pilot)
        assert "Outstanding commission: ₺2,500.00" in screen_text(app)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, CommissionRatesScreen)
        assert "Axa" in screen_text(app)
        await type_text(pilot, "Allianz")
        await pilot.press("tab", "tab")  # line (kasko) → rate
        await type_text(pilot, "15")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert cm.rate_for("Allianz", "kasko", date(2026, 1, 1)) == Decimal("15.00")


async def test_staff_see_no_figure_and_are_refused(db_path, frozen):
    ayse = kasko_customer()
    AppUser.create(name="ayse", role="owner")
    AppUser.create(name="mehmet", role="staff")
    set_user("mehmet")
    roles.forget()
    try:
        app = new_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await open_card(pilot, ayse.id)
            await pilot.press("2")
            await settle(pilot)
            await pilot.press("K")
            await settle(pilot)
            assert isinstance(app.screen, CustomerCardScreen)
            messages = [n.message for n in app._notifications]
            assert any("Staff may not see commissions" in m for m in messages), messages
            app.switch_mode("loyalty")
            await settle(pilot)
            assert "Outstanding commission" not in screen_text(app)
    finally:
        set_user(None)
        roles.forget()
