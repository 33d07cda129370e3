"""Issue 20, item 4: one spelling per city, letters never turned into phone digits, and a
call logged from a follow-up line is the user's outgoing call."""

from __future__ import annotations

from datetime import date

import pytest

from crm_tui.db.models import Customer, Phone
from crm_tui.domain.cities import normalize_city
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.domain.errors import ValidationError
from crm_tui.domain.parsing import parse_phone


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("izmir", "İzmir"),
        ("İzmir", "İzmir"),
        ("IZMIR", "İzmir"),
        ("Izmir", "İzmir"),
        ("ISTANBUL", "İstanbul"),
        ("istanbul", "İstanbul"),
        (" ankara  ", "Ankara"),
        ("sanliurfa", "Şanlıurfa"),
        ("urfa", "Şanlıurfa"),
        ("IĞDIR", "Iğdır"),
        ("kadıköy", "Kadıköy"),  # not a province: kept, Turkish title case
        ("Bad Homburg", "Bad Homburg"),
        ("", None),
    ],
)
def test_cities_have_one_spelling(typed, stored):
    assert normalize_city(typed) == stored


def test_three_spellings_are_one_city_in_the_book(db_path):
    for i, city in enumerate(("izmir", "İzmir", "IZMIR")):
        create_customer(CustomerInput(name=f"Müşteri {i}", city=city))
    assert {c.city for c in Customer.select()} == {"İzmir"}


@pytest.mark.parametrize(
    "typed", ["0216 abc 12 12", "0532 12A 45 67", "0532 ONE 4567", "+90 5x2 123 45 67"]
)
def test_letters_in_a_phone_are_refused_not_turned_into_digits(db_path, typed):
    with pytest.raises(ValidationError, match="no letters"):
        parse_phone(typed)
    with pytest.raises(ValidationError):
        create_customer(CustomerInput(name="Harfli", phones=[("mobile", typed)]))
    assert not Phone.select().exists() and not Customer.select().exists()


async def test_a_call_logged_from_a_today_line_is_outgoing(db_path):
    from crm_tui.domain.reminders import ReminderInput, create_reminder
    from crm_tui.ui.screens.interaction_form import InteractionFormScreen
    from tests.ui.helpers import new_app, settle

    c = create_customer(CustomerInput(name="Aranacak Kişi"))
    create_reminder(
        ReminderInput(title="Ara", due=date.today(), customer_id=c.id), today=date.today()
    )
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, InteractionFormScreen)
        assert app.screen.values()["direction"] == "out"
