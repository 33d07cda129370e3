"""Issue 20, items 2 and 3: one-letter keys never act on a screen the user is not looking
at, and letters typed on the results list refine the search instead of running actions."""

from __future__ import annotations

import pytest
from textual.screen import ModalScreen

from crm_tui.db.models import Customer
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.ui.screens.card import CustomerCardScreen
from crm_tui.ui.screens.customers import CustomersScreen
from crm_tui.ui.screens.today import TodayScreen
from tests.ui.helpers import new_app, settle, type_text


@pytest.fixture
def book(db_path):
    ids = [
        create_customer(CustomerInput(name=name, phones=[("mobile", phone)])).id
        for name, phone in (
            ("Kenan Yıldız", "0532 111 22 33"),
            ("Yıldız Kaya", "0533 222 33 44"),
            ("Ayşe Yılmaz", "0534 333 44 55"),
        )
    ]
    return ids


def _unchanged(ids: list[int]) -> None:
    assert Customer.select().count() == len(ids)
    assert not Customer.select().where(Customer.archived_at.is_null(False)).exists()


@pytest.mark.parametrize("lang", ["en", "tr"])
async def test_f3_after_a_card_shows_the_search_ready_for_the_next_caller(book, lang):
    from crm_tui.i18n import set_language

    set_language(lang)
    try:
        app = new_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("f3")
            await type_text(pilot, "kenan")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, CustomerCardScreen)
            # the phone rings: F3 and the next caller's name ("e" and "a" used to edit
            # and archive the card left open)
            await pilot.press("f3")
            await type_text(pilot, "ayse")
            await settle(pilot)
            assert isinstance(app.screen, CustomersScreen)
            assert not any(isinstance(s, ModalScreen) for s in app.screen_stack)
            assert app.screen.query_one("#search").value == "ayse"
            _unchanged(book)
    finally:
        set_language("en")


async def test_f2_after_a_card_opened_from_today_shows_today(book):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.current_mode == "today"
        app.open_customer(book[0])
        await settle(pilot)
        await pilot.press("f3", "f2")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        await type_text(pilot, "ea")  # edit / archive on a card: nothing now
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        _unchanged(book)
        # every section key brings up its own screen, whatever was left open
        for key in ("f4", "f5", "f6", "f3", "f2"):
            app.open_customer(book[1])
            await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
            assert not isinstance(app.screen, CustomerCardScreen), key


async def test_letters_on_the_results_list_refine_the_search(book):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "yil")
        await settle(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        screen = app.screen
        assert app.focused is screen.query_one("#results")
        await type_text(pilot, "kenan")  # "n" once opened a new-customer form
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#search").value == "yilkenan"
        await pilot.press("enter")  # one Enter once saved a junk customer
        await settle(pilot)
        assert not any(isinstance(s, ModalScreen) for s in app.screen_stack)
        _unchanged(book)
        # a new customer only from ctrl+n
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ModalScreen)


async def test_a_name_enter_and_a_key_typed_in_one_burst_land_on_the_card(book):
    """``kenan⏎i`` sent at once (a paste, tmux, a fast typist): Enter opens Kenan's card, as
    it would at human speed, and ``i`` logs a call there instead of joining the search."""
    from tests.ui.test_customers import post_keys

    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        post_keys(app, [*"kenan", "enter", "i"])
        await settle(pilot)
        stack = app.screen_stack
        cards = [s for s in stack if isinstance(s, CustomerCardScreen)]
        assert cards and cards[-1].customer_id == book[0]
        assert isinstance(app.screen, ModalScreen)  # the call form, over the card
        search = next(s for s in stack if isinstance(s, CustomersScreen))
        assert search.query_one("#search").value == "kenan"


async def test_snooze_and_its_choice_typed_in_one_burst(book):
    """``s2`` sent at once on Today snoozes the line to tomorrow, as it would at human
    speed (the 2 must not jump to the second group instead)."""
    from datetime import date, timedelta

    from crm_tui.db.models import Reminder
    from crm_tui.domain.reminders import ReminderInput, create_reminder
    from tests.ui.test_customers import post_keys

    today = date.today()
    reminder = create_reminder(
        ReminderInput(title="Teklifi sor", due=today, customer_id=book[0]), today=today
    )
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        post_keys(app, ["s", "2"])
        await settle(pilot)
        due = Reminder.get_by_id(reminder.id).due_at
        assert due.date() == today + timedelta(days=1)
        assert not any(isinstance(s, ModalScreen) for s in app.screen_stack)
