"""Customers section: search as you type, open a card, create and edit with validation,
duplicates, caller ID."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from textual.widgets import Input, Static

from crm_tui.db.models import Customer, Phone, db
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.ui.screens.card import CustomerCardScreen
from crm_tui.ui.screens.customer_form import CustomerFormScreen
from crm_tui.ui.screens.customers import CustomersScreen
from crm_tui.ui.widgets.rowlist import RowList
from tests.ui.helpers import new_app, screen_text, settle, type_text


@pytest.fixture(autouse=True)
def _frozen_day(monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")


def seed():
    a = create_customer(
        CustomerInput(name="Şükrü Çağlar", phones=[("mobile", "0532 123 45 67")], city="İzmir")
    )
    b = create_customer(
        CustomerInput(name="Işık Yılmaz", phones=[("mobile", "0533 765 43 21")], city="Ankara")
    )
    c = create_customer(CustomerInput(name="İbrahim Öztürk", company="Öztürk Ltd"))
    with db.atomic():
        Customer.update(last_contact_at=datetime(2026, 11, 20)).where(Customer.id == b.id).execute()
    return a, b, c


def result_names(app) -> list[str]:
    table = app.screen.query_one("#results", RowList)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def field_error(screen, name) -> str:
    return str(screen.query_one(f"#e-{name}", Static).render())


async def test_slash_searches_from_anywhere_and_narrows(db_path):
    seed()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.current_mode == "today"
        await pilot.press("slash")
        await settle(pilot)
        assert app.current_mode == "customers"
        assert isinstance(app.screen, CustomersScreen)
        assert isinstance(app.focused, Input)
        # empty query: recently contacted first
        assert result_names(app)[0] == "Işık Yılmaz"
        await type_text(pilot, "i")
        await settle(pilot)
        # names first (recent before never contacted), then other words (city İzmir)
        assert result_names(app) == ["Işık Yılmaz", "İbrahim Öztürk", "Şükrü Çağlar"]
        await type_text(pilot, "bra")
        await settle(pilot)
        assert result_names(app) == ["İbrahim Öztürk"]
        # phone digits in another format
        app.screen.set_search("+90 532 123 4567")
        await settle(pilot)
        assert result_names(app) == ["Şükrü Çağlar"]
        app.screen.set_search('"NEAR( * ^-:')
        await settle(pilot)
        assert result_names(app) == []
        assert "No customer matches" in screen_text(app)


async def test_enter_opens_card_and_escape_returns(db_path):
    seed()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        await type_text(pilot, "sukru")
        await settle(pilot)
        assert result_names(app) == ["Şükrü Çağlar"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        shot = screen_text(app)
        assert "Şükrü Çağlar" in shot and "0532 123 45 67" in shot
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
        # arrow down into the list, Enter opens the highlighted row
        app.screen.set_search("")
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        assert app.screen.data.customer.name == "İbrahim Öztürk"  # 2nd most recent
        # "/" on the card goes straight back to the search box
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
        assert isinstance(app.focused, Input)


async def test_archived_toggle(db_path):
    a, _b, _c = seed()
    with db.atomic():
        Customer.update(archived_at=datetime(2026, 1, 1)).where(Customer.id == a.id).execute()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        await type_text(pilot, "sukru")
        await settle(pilot)
        assert result_names(app) == []
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert result_names(app) == ["Şükrü Çağlar (archived)"]


async def test_create_customer_bad_then_good_input(db_path):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CustomerFormScreen)
        form.set_value("phone", "0532 12")
        form.set_value("email", "ali@")
        form.set_value("national_id", "12345678901")
        form.set_value("birthday", "31.02.1990")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "required" in field_error(form, "name")
        assert "0532 123 45 67" in field_error(form, "phone")
        assert "name@example.com" in field_error(form, "email")
        assert "check digits" in field_error(form, "national_id")
        assert "calendar date" in field_error(form, "birthday")
        assert Customer.select().count() == 0
        form.set_value("name", "Ali Veli")
        form.set_value("phone", "+90 532 123 45 67")
        form.set_value("email", "Ali@Example.com")
        form.set_value("national_id", "10000000146")
        form.set_value("birthday", "22/11/80")
        form.set_value("tags", "vip, esnaf")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        c = Customer.get(Customer.name == "Ali Veli")
        assert c.email == "ali@example.com" and c.birthday.isoformat() == "1980-11-22"
        assert Phone.get(Phone.customer == c.id).e164 == "+905321234567"
        shot = screen_text(app)
        assert "Ali Veli" in shot and "esnaf, vip" in shot


async def test_edit_customer_with_bad_then_good_input(db_path):
    a, _b, _c = seed()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_customer(a.id)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CustomerFormScreen)
        assert form.values()["phone"] == "0532 123 45 67"
        form.set_value("phone", "123")
        form.set_value("contact_every_days", "0")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "phone number" in field_error(form, "phone")
        assert "1 to 3650" in field_error(form, "contact_every_days")
        assert Customer.get_by_id(a.id).contact_every_days is None
        form.set_value("phone", "0532 123 45 68")
        form.set_value("contact_every_days", "30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        assert Customer.get_by_id(a.id).contact_every_days == 30
        assert Phone.get(Phone.customer == a.id).e164 == "+905321234568"
        assert "0532 123 45 68" in screen_text(app)


async def test_edit_conflict_asks(db_path):
    a, _b, _c = seed()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_customer(a.id)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        # another desk saves in between
        with db.atomic():
            Customer.update(city="Bursa", version=Customer.version + 1).where(
                Customer.id == a.id
            ).execute()
        form.set_value("city", "Manisa")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "changed this customer" in screen_text(app)
        assert Customer.get_by_id(a.id).city == "Bursa"
        await pilot.press("r")  # load their version
        await settle(pilot)
        assert app.screen is form and form.values()["city"] == "Bursa"
        form.set_value("city", "Manisa")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Customer.get_by_id(a.id).city == "Manisa"


async def test_duplicate_warning(db_path):
    a, _b, _c = seed()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        form.set_value("name", "Ş. Çağlar")
        form.set_value("phone", "05321234567")
        await pilot.press("ctrl+s")
        await settle(pilot)
        shot = screen_text(app)
        assert "Şükrü Çağlar" in shot and "same phone" in shot
        await pilot.press("1")  # open the existing card instead
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        assert app.screen.customer_id == a.id
        assert Customer.select().count() == 3
        # and again, this time creating it anyway
        await pilot.press("escape")
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        form.set_value("name", "Ş. Çağlar")
        form.set_value("phone", "05321234567")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert Customer.select().count() == 4


async def test_call_opens_card_or_new_form(db_path):
    a, _b, _c = seed()
    app = new_app(call_number="+905321234567")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        assert app.screen.customer_id == a.id
    app = new_app(call_number="0544 000 11 22")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CustomerFormScreen)
        assert app.screen.values()["phone"] == "0544 000 11 22"
    # a number two customers share: the search shows both
    create_customer(CustomerInput(name="Şükrü'nün Eşi", phones=[("home", "0532 123 45 67")]))
    app = new_app(call_number="0532 123 45 67")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
        assert set(result_names(app)) == {"Şükrü Çağlar", "Şükrü'nün Eşi"}


async def test_small_terminal(db_path):
    seed()
    app = new_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "a")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)


async def test_command_palette_opens_card(db_path):
    a, _b, _c = seed()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "sukru")
        await settle(pilot)
        for _ in range(20):  # palette providers answer asynchronously
            await pilot.pause(0.05)
            if "Şükrü Çağlar" in screen_text(app):
                break
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        assert app.screen.customer_id == a.id


@pytest.mark.parametrize("section", ["f2", "f4", "f5", "f6"])
async def test_slash_from_every_section_and_from_a_card_on_top(db_path, section):
    a, _b, _c = seed()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(section)
        await settle(pilot)
        app.open_customer(a.id)  # a card opened from that section (Today's "o", a list...)
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        await pilot.press("f3")  # the customers section, with an older search typed in
        await settle(pilot)
        await type_text(pilot, "isik")
        await settle(pilot)
        app.open_customer(a.id)
        await settle(pilot)
        await pilot.press(section)
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
        box = app.screen.query_one("#search", Input)
        assert app.focused is box
        await type_text(pilot, "sukru")  # the old text was selected: typing replaces it
        await settle(pilot)
        assert box.value == "sukru"
        assert result_names(app) == ["Şükrü Çağlar"]


async def test_slash_in_a_form_is_text(db_path):
    seed()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3", "ctrl+n")
        await settle(pilot)
        form = app.screen
        await type_text(pilot, "A/B")
        await pilot.press("tab")  # now on a select: "/" must not leave the form either
        await pilot.press("slash")
        await settle(pilot)
        assert app.screen is form
        assert form.values()["name"] == "A/B"


def post_keys(app, keys: list[str]) -> None:
    """Key events queued at once, as the terminal driver delivers fast typing."""
    from textual import events
    from textual.keys import _character_to_key

    for key in keys:
        char = key if len(key) == 1 else None
        app.post_message(events.Key(_character_to_key(key) if char else key, char))


@pytest.mark.parametrize("start", ["today", "card"])
async def test_slash_and_a_name_typed_in_one_burst(db_path, start):
    """ "/ali" typed fast on Today (where a, l, d... are one-key actions) or on a card: the
    letters go to the search box, none of them runs an action of the screen left."""
    from crm_tui.db.models import Reminder

    a, _b, _c = seed()
    # a line on Today, so its s (snooze), d (done)... would have something to act on
    Reminder.create(customer=a.id, title="Geri ara", due_at=datetime.now().replace(microsecond=0))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        if start == "card":
            app.open_customer(Customer.select().first().id)
            await settle(pilot)
        before = [screen.__class__ for screen in app.screen_stack]
        post_keys(app, ["slash", "i", "s", "i", "k"])
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen), before
        assert app.screen.query_one("#search", Input).value == "isik"
        assert "Işık Yılmaz" in screen_text(app)
        assert Reminder.get().status == "open" and Reminder.get().snoozed_count == 0


async def test_keys_typed_in_one_burst_follow_the_tabs(db_path):
    """A terminal delivers fast typing (a paste of keystrokes, a scanner, tmux) as key events
    queued at once: the text after each Tab must land in the next field."""
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3", "ctrl+n")
        await settle(pilot)
        form = app.screen
        post_keys(app, ["A", "l", "i", "tab", "tab", "tab", "0", "5", "3", "2"])
        await settle(pilot)
        values = form.values()
        assert values["name"] == "Ali"
        assert values["phone"] == "0532"


async def test_results_are_what_fits_plus_a_page_and_page_further(db_path):
    with db.atomic():
        for i in range(130):
            create_customer(CustomerInput(name=f"Ali Deneme {i:03d}"))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await type_text(pilot, "ali")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#results", RowList)
        visible = table.visible_rows
        assert visible >= 10
        assert table.row_count == 2 * visible  # never the 130 at once
        assert "First" in screen_text(app)
        await pilot.press("down")  # into the list
        await pilot.press("end")  # the last row read: the next page comes
        await settle(pilot)
        assert table.row_count == 3 * visible
        for _ in range(5):
            await pilot.press("end")
            await settle(pilot)
        assert table.row_count == 130
        assert "130 matches" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.data.customer.name == "Ali Deneme 000"  # none contacted: oldest last


async def test_new_customer_with_phones_labels_and_consent(db_path):
    from crm_tui.db.models import Consent

    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await type_text(pilot, "0532 111 22 33")  # the caller's number, not found
        await settle(pilot)
        assert "No customer matches" in screen_text(app)
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        assert form.values()["phone"] == "0532 111 22 33"  # taken from the search
        form.set_value("name", "Zeynep Kaya")
        form.set_value("phone_label", "work")
        form.set_value("phone1", "0212 444 55 66")
        form.set_value("phone1_label", "home")
        form.set_value("phone2", "0555 1")
        form.set_value("consent_sms", "yes")
        form.set_value("consent_sms_at", "30.11.2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "phone number" in field_error(form, "phone2")
        assert "future" in field_error(form, "consent_sms")  # shown under its row
        assert Customer.select().count() == 0
        form.set_value("phone2", "")
        form.set_value("consent_sms_at", "15.11.2026")
        form.set_value("consent_method", "phone")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        c = Customer.get(Customer.name == "Zeynep Kaya")
        phones = [(p.label, p.e164) for p in Phone.select().where(Phone.customer == c.id)]
        assert phones == [("work", "+905321112233"), ("home", "+902124445566")]
        consent = Consent.get(Consent.customer == c.id)
        assert consent.channel == "sms" and consent.granted and consent.method == "phone"
        assert consent.at.date().isoformat() == "2026-11-15"
        text = screen_text(app)
        assert "0532 111 22 33 (Work)" in text and "(0212) 444 55 66 (Home)" in text
        assert re.search(r"SMS ✓ ?15/11/2026", text)


async def test_escape_asks_before_throwing_away_changes(db_path):
    a, _b, _c = seed()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_customer(a.id)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        await pilot.press("escape")  # nothing changed: closes at once
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        form.set_value("city", "Manisa")
        await pilot.press("escape")
        await settle(pilot)
        assert "Discard unsaved changes?" in screen_text(app)
        await pilot.press("n")  # no: back in the form, the typing kept
        await settle(pilot)
        assert app.screen is form and form.values()["city"] == "Manisa"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        assert Customer.get_by_id(a.id).city == "İzmir"  # nothing saved


async def test_bad_caller_id_says_so(db_path):
    seed()
    app = new_app(call_number="anonymous")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CustomersScreen)
        messages = [n.message for n in app._notifications]
        assert any("anonymous" in m and "0532 123 45 67" in m for m in messages), messages


def test_call_option_checked_on_the_command_line(db_path, capsys):
    from crm_tui.cli import main

    assert main(["--db", str(db_path), "--call", "12ab"]) == 2
    err = capsys.readouterr().err
    assert "--call “12ab”" in err and "0532 123 45 67" in err


def _wait_for(capture, text, timeout=20.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = capture()
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared:\n{capture()}")


def test_end_to_end_lookup_in_tmux(db_path, tmp_path):
    """A real terminal: the phone rings. /, three folded letters, Enter: the card. Then /
    again, the last digits of the caller's number, Enter: the same card."""
    import os
    import shutil
    import subprocess
    import sys

    if not shutil.which("tmux"):
        pytest.skip("tmux not installed")
    seed()
    from crm_tui.db import close_database

    close_database()
    session = f"crm-e2e-{os.getpid()}"
    exe = [sys.executable, "-m", "crm_tui", "--db", str(db_path), "--lang", "en"]
    env = dict(os.environ, CRM_TUI_TODAY="2026-11-22", TERM="xterm-256color")
    cmd = " ".join(f"'{part}'" for part in exe)
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", cmd],
        check=True,
        env=env,
    )

    def capture() -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
        ).stdout

    def keys(*k: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", session, *k], check=True)

    try:
        _wait_for(capture, "F3")
        keys("/")
        _wait_for(capture, "Recently contacted")
        keys("-l", "ISI")
        screen = _wait_for(capture, "1 match")
        assert "Işık Yılmaz" in screen and "Şükrü" not in screen
        keys("Enter")
        screen = _wait_for(capture, "Customer since")  # the card's header
        assert "Işık Yılmaz" in screen and "0533 765 43 21" in screen and "Ankara" in screen
        assert "Log contact" in screen  # the card's keys
        keys("/")  # back to the search, the old text selected: typing replaces it
        _wait_for(capture, "ISI")
        keys("-l", "4321")
        screen = _wait_for(capture, "4321  ")
        assert "ISI" not in screen
        screen = _wait_for(capture, "0533 765 43 21")
        assert "Işık Yılmaz" in screen and "1 match" in screen
        keys("Enter")
        screen = _wait_for(capture, "Customer since")
        assert "Işık Yılmaz" in screen
        keys("C-q")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
