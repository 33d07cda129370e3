"""Claims by keyboard at 80×24: open the card, open a claim on a policy, move it along
the workflow, see the move in its history, and the claim on Today when its follow-up day
has come; the claims list from the palette action filters by status."""

from __future__ import annotations

from datetime import date

import pytest

from crm_tui.db import search
from crm_tui.db.models import Claim, Customer, Policy
from crm_tui.domain import claims as cl
from crm_tui.ui.dialogs.choice import ChoiceScreen
from crm_tui.ui.dialogs.claim_status import ClaimStatusForm
from crm_tui.ui.screens.claim_detail import ClaimDetailScreen
from crm_tui.ui.screens.claim_form import ClaimFormScreen
from crm_tui.ui.screens.claims import ClaimsScreen
from crm_tui.ui.screens.today import TodayScreen
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
        provider="Anadolu Sigorta",
        number="K-77",
        start_date=date(2026, 1, 1),
        end_date=date(2027, 1, 1),
    )
    search.index_customers([c.id])
    return c


async def test_claim_from_card_to_today_by_keyboard(db_path, frozen):
    ayse = kasko_customer()
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_card(pilot, ayse.id)

        # h: a new claim on the customer's (only) policy
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, ClaimFormScreen)
        await pilot.press("tab")  # policy → date of loss
        await type_text(pilot, "20.11.2026")
        await pilot.press("tab", "tab")  # type (collision) → place
        await type_text(pilot, "Kadikoy")
        await pilot.press("tab")
        await type_text(pilot, "H-2026-1")
        await pilot.press("tab")
        await type_text(pilot, "12.500,00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        claim = Claim.get()
        assert (claim.status, claim.kind, str(claim.expected_amount)) == (
            "reported",
            "collision",
            "12500.00",
        )

        # 3: the Claims section; Enter opens the claim
        await pilot.press("3")
        await settle(pilot)
        assert "H-2026-1" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimDetailScreen)

        # s: only the allowed moves are offered; 1 = expert assigned, with a note and
        # a follow-up today
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, ClaimStatusForm)
        await type_text(pilot, "Eksper Kaya")
        await pilot.press("tab")
        await type_text(pilot, "22.11.2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ClaimDetailScreen)
        text = screen_text(app)
        assert "Reported → Expert assigned" in text and "Eksper Kaya" in text
        assert cl.get_claim(claim.id).follow_up_on == date(2026, 11, 22)

        # Today: the claim is due; Enter opens it again
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        text = screen_text(app)
        assert "Claims" in text and "Expert assigned" in text
        await pilot.press("7")  # the claims group
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimDetailScreen)


async def test_claims_list_filters_by_status(db_path, frozen):
    ayse = kasko_customer()
    policy = Policy.get()
    a = cl.open_claim(policy.id, cl.ClaimInput(loss_date="01.11.2026", kind="glass"))
    b = cl.open_claim(policy.id, cl.ClaimInput(loss_date="02.11.2026", kind="theft"))
    cl.change_status(b.id, "documents_awaited")
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_claims()
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        text = screen_text(app)
        assert "Open claims (2)" in text and ayse.name in text
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("3")  # documents awaited
        await settle(pilot)
        text = screen_text(app)
        assert "(1)" in text and "Theft" in text and "Glass" not in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimDetailScreen)
        assert app.screen.claim_id == b.id != a.id
