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


async def test_policy_form_shows_vehicle_or_address_by_line(db_path):
    """Vehicle for trafik/kasko only, UAVT code and address for DASK/home only; the form
    follows the line as it is chosen (keys: enter opens the list, arrows, enter)."""
    from crm_tui.domain.labels import choices

    c = Customer.create(name="Deniz Ak")
    Vehicle.create(customer=c, plate="34 ABC 123", usage="hususi")
    lines = [value for _label, value in choices("line")]
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_card(pilot, c.id)
        app.push_screen(PolicyFormScreen(c.id))
        await settle(pilot)
        form = app.screen

        def shown(name: str) -> bool:
            return form.query_one(f"#f-{name}").parent.display

        assert not shown("vehicle") and not shown("uavt_code") and not shown("address")
        position = 0  # the blank choice first

        async def choose(line: str) -> None:
            nonlocal position
            target = lines.index(line) + 1
            await pilot.press("enter")
            await settle(pilot)
            step = "down" if target > position else "up"
            for _ in range(abs(target - position)):
                await pilot.press(step)
            await pilot.press("enter")
            await settle(pilot)
            position = target

        await choose("kasko")
        assert form.query_one("#f-line").value == "kasko"
        assert shown("vehicle") and not shown("uavt_code") and not shown("address")
        await choose("dask")
        assert not shown("vehicle") and shown("uavt_code") and shown("address")
        await choose("trafik")
        assert shown("vehicle") and not shown("address")
        await choose("saglik" if "saglik" in lines else "tss")
        assert not shown("vehicle") and not shown("uavt_code")
