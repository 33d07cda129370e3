"""Customers section: search as you type, open a card, create and edit with validation,
duplicates, caller ID."""

from __future__ import annotations

import html
import re
from datetime import datetime

import pytest
from textual.widgets import DataTable, Input, Static

from crm_tui.config import Settings
from crm_tui.db.models import Customer, Phone, db
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.card import CustomerCardScreen
from crm_tui.ui.screens.customer_form import CustomerFormScreen
from crm_tui.ui.screens.customers import CustomersScreen


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


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text):
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


def result_names(app) -> list[str]:
    table = app.screen.query_one("#results", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def screen_text(app) -> str:
    """What the terminal shows, as plain text (SVG tags and entities removed)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def field_error(screen, name) -> str:
    return str(screen.query_one(f"#e-{name}", Static).render())


def new_app(**kw):
    return CrmApp(settings=Settings(), save_prefs=False, **kw)


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
    """A real terminal: start the app, press /, type a folded name, Enter: the card is shown."""
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
        keys("-l", "ISIK")
        _wait_for(capture, "Işık Yılmaz")
        keys("Enter")
        screen = _wait_for(capture, "Customer since")  # the card's header: data loaded
        assert "Işık Yılmaz" in screen and "0533 765 43 21" in screen and "Ankara" in screen
        keys("C-q")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
