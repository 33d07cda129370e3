"""Vehicles by keyboard at 80×24: add a vehicle from the card (v), see it in the Vehicles
section, find the customer by typing the plate in any spacing in the lookup box; a kasko
policy chooses it; the policy's insured persons in their own list."""

from __future__ import annotations

from datetime import date

from crm_tui.db import search
from crm_tui.db.models import Customer, InsuredPerson, Policy, Vehicle
from crm_tui.ui.screens.card import CustomerCardScreen
from crm_tui.ui.screens.insured import InsuredFormScreen, InsuredScreen
from crm_tui.ui.screens.policy_form import PolicyFormScreen
from crm_tui.ui.screens.vehicle_form import VehicleFormScreen
from tests.ui.helpers import new_app, open_card, screen_text, settle, type_text


async def test_add_vehicle_from_card_and_find_by_plate(db_path):
    c = Customer.create(name="Deniz Ak")
    Customer.create(name="Başka Biri")
    search.index_customers([c.id])
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_card(pilot, c.id)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, VehicleFormScreen)
        await type_text(pilot, "34 ÇAB 123")  # Turkish letters are not on plates
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, VehicleFormScreen)
        assert "Ç" in screen_text(app) and Vehicle.select().count() == 0
        for _ in range(10):
            await pilot.press("backspace")
        await type_text(pilot, "34abc123")
        await pilot.press("tab")
        await type_text(pilot, "Renault")
        await pilot.press("tab")
        await type_text(pilot, "Clio")
        await pilot.press("tab")
        await type_text(pilot, "2019")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        v = Vehicle.get()
        assert (v.plate, v.brand, v.model, v.year, v.usage) == (
            "34 ABC 123",
            "Renault",
            "Clio",
            2019,
            "hususi",
        )
        await pilot.press("8")  # the Vehicles section
        await settle(pilot)
        assert "34 ABC 123" in screen_text(app)
        assert "Renault Clio" in screen_text(app)

        # the lookup box finds the customer by the plate, typed without spaces
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await type_text(pilot, "34 abc123")
        await settle(pilot)
        text = screen_text(app)
        assert "Deniz Ak" in text and "Başka Biri" not in text


async def test_kasko_chooses_the_vehicle_and_tss_lists_insured(db_path):
    c = Customer.create(name="Deniz Ak")
    Vehicle.create(customer=c, plate="34 ABC 123", brand="Renault", usage="hususi")
    tss = Policy.create(customer=c, line="tss", start_date=date(2026, 1, 1))
    search.index_customers([c.id])
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_card(pilot, c.id)
        app.push_screen(PolicyFormScreen(c.id, policy_id=tss.id))
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, InsuredScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, InsuredFormScreen)
        await type_text(pilot, "Elif Ak")
        await pilot.press("tab", "tab")  # relation (child) → ID number
        await type_text(pilot, "10000000146")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InsuredScreen)
        assert "Elif Ak" in screen_text(app)
        person = InsuredPerson.get()
        assert (person.relation, person.national_id) == ("cocuk", "10000000146")
        await pilot.press("delete")
        await settle(pilot)
        assert InsuredPerson.select().count() == 0
