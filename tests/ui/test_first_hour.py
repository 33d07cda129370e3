"""Issue 20 items 7 and 9: what a new user read in the first hour, in both languages."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from crm_tui.clock import today
from crm_tui.config import Settings
from crm_tui.db.models import Customer, Reminder
from crm_tui.i18n import set_language
from crm_tui.ui.app import CrmApp
from tests.ui.helpers import screen_text, settle


def app_in(lang: str) -> CrmApp:
    set_language(lang)
    return CrmApp(settings=Settings(language=lang), save_prefs=False)


@pytest.mark.parametrize(
    ("lang", "example", "save"),
    [("en", "22/11/2026,", "^s save"), ("tr", "22.11.2026,", "^s kaydet")],
)
async def test_date_examples_follow_the_language_and_forms_name_the_save_key(
    db_path, lang, example, save
):
    app = app_in(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("n")  # a new reminder
        await settle(pilot)
        text = screen_text(app)
        assert example in text, text
        assert save in text and "Enter" not in text.splitlines()[-3], text


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ["in the future", "15/03/1945"]), ("tr", ["gelecekte", "15.03.1945"])],
)
async def test_a_future_birthday_says_why(db_path, lang, words):
    app = app_in(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        form.set_value("name", "Ali Veli")
        form.query_one("#f-birthday").focus()
        await pilot.press(*"15.03.45")  # read as 2045
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = screen_text(app)
        for word in words:
            assert word in text, text
        assert Customer.select().count() == 0


async def test_cancelling_a_reminder_names_the_customer(db_path):
    ayse = Customer.create(name="Ayşe Yılmaz", created_at=datetime(2025, 1, 1))
    now = datetime.combine(today(), datetime.min.time())
    Reminder.create(customer=ayse.id, title="Call back", due_at=now + timedelta(hours=9))
    app = app_in("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4", "2")  # due today
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert "Cancel the reminder 'Call back' for Ayşe Yılmaz?" in screen_text(app)


async def test_stay_in_touch_says_what_is_late(db_path):
    Customer.create(
        name="Fatma Arslan",
        created_at=datetime(2025, 1, 1),
        contact_every_days=30,
        last_contact_at=datetime.combine(today(), datetime.min.time()) - timedelta(days=37),
    )
    app = app_in("tr")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert "temas 7 gün gecikti" in screen_text(app), screen_text(app)


async def test_turkish_footer_of_an_open_menu(db_path):
    app = app_in("tr")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("c")  # campaign lists
        await settle(pilot)
        app.screen.query_one("#segment").focus()
        await pilot.press("enter")
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Menüyü kapat" in footer and "Dismiss" not in footer, footer
