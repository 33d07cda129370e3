"""A staff desk (issue 15): the card and the policy form show no commission."""

from __future__ import annotations

from datetime import date

import pytest

from crm_tui.db.models import AppUser
from crm_tui.domain import roles, who
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.domain.policies import PolicyInput, create_policy
from crm_tui.ui.screens.policy_form import PolicyFormScreen
from tests.ui.helpers import new_app, open_card, screen_text, settle


@pytest.fixture(autouse=True)
def _frozen_day(monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    monkeypatch.setattr(who, "_user", None)
    roles.forget()
    yield
    roles.forget()


def _book() -> int:
    c = create_customer(CustomerInput(name="Şükrü Çağlar"))
    create_policy(
        c.id,
        PolicyInput(
            line="kasko",
            number="KSK-1",
            start_date=date(2026, 1, 10),
            premium="12.500,00",
            commission="1.234,56",
        ),
    )
    AppUser.create(name="Ayşe", role="owner")
    AppUser.create(name="Mehmet", role="staff")
    return c.id


async def _card_and_form(cid: int) -> tuple[str, str, list[str]]:
    app = new_app()
    async with app.run_test(size=(110, 34)) as pilot:
        await open_card(pilot, cid)
        await pilot.press("2")  # the policies tab
        await settle(pilot)
        card = screen_text(app)
        await pilot.press("enter")  # edit the policy
        await settle(pilot)
        assert isinstance(app.screen, PolicyFormScreen)
        return card, screen_text(app), [f.name for f in app.screen.fields()]


async def test_a_staff_desk_sees_no_commission(db_path):
    cid = _book()
    who.set_user("Mehmet")
    card, form, fields = await _card_and_form(cid)
    assert "commission" not in fields and "premium" in fields
    assert "KSK-1" in card
    for text in (card, form):
        assert "1.234,56" not in text and "1,234.56" not in text and "Commission" not in text
    assert "owners only" in card or "Lifetime value" not in card


async def test_the_owner_sees_it(db_path):
    cid = _book()
    who.set_user("Ayşe")
    _card, _form, fields = await _card_and_form(cid)
    assert "commission" in fields
