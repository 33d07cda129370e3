"""Issue 20 items 7 and 9: what a new user read in the first hour, in both languages."""

from __future__ import annotations

import re
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


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (60, 20)])
@pytest.mark.parametrize("lang", ["en", "tr"])
async def test_lists_give_way_by_column_not_by_cutting_dates(db_path, size, lang):
    """Issue 20 item 8: the always-empty Company column took 23 columns while names were
    cut, the last contact read ``25/11/202``, the card's end dates ``14.11.2…`` and its
    section bar lost every title but one. Columns now give way whole, dates never."""
    import re
    from datetime import date
    from decimal import Decimal

    from crm_tui.db.models import Interaction, Policy
    from crm_tui.i18n import format_date
    from tests.ui.helpers import open_card

    ayse = Customer.create(
        name="Ayşe Kübra Yılmazoğlu", created_at=datetime(2025, 1, 1), city="İstanbul"
    )
    Interaction.create(customer=ayse.id, channel="phone", at=datetime(2026, 11, 25, 10))
    Customer.update(last_contact_at=datetime(2026, 11, 25, 10)).where(
        Customer.id == ayse.id
    ).execute()
    for n in range(3):
        Policy.create(
            customer=ayse.id,
            kind="policy",
            line="ferdi_kaza",
            status="renewed",
            provider="Anadolu Sigorta",
            number=f"12345678{n}",
            premium=Decimal("15501.08"),
            start_date=date(2025 + n, 11, 14),
            end_date=date(2026 + n, 11, 14),
        )
    app = app_in(lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        text = screen_text(app)
        header = next(
            line for line in text.splitlines() if line.strip().startswith(("Name", "Ad "))
        )
        assert "Company" not in header and "Firma" not in header, header
        assert format_date(date(2026, 11, 25)) in text, text
        if size[0] >= 80:
            assert "Ayşe Kübra Yılmazoğlu" in text  # the name has the company's room
        await open_card(pilot, ayse.id)
        await pilot.press("2")
        await settle(pilot)
        text = screen_text(app)
        for year in (2026, 2027, 2028):
            assert format_date(date(year, 11, 14)) in text, text
        assert "15.501,08" in text or "15,501.08" in text, text
        bar = next(line for line in text.splitlines() if re.match(r"\s*1 ", line))
        titles = re.findall(r"\d ([^\d\s(][^\d(]*?)\s", bar + " ")
        assert len(titles) >= 3, bar


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (60, 20)])
async def test_renewal_end_dates_are_whole(db_path, size):
    """Issue 20 item 8: below 100 columns the renewals list put the end date inside the
    product text, cut to ``14.11.2…``; it has its own column at every width now."""
    from decimal import Decimal

    from crm_tui.db.models import Policy
    from crm_tui.i18n import format_date

    ayse = Customer.create(name="Ayşe Yılmaz", created_at=datetime(2025, 1, 1))
    end = today() + timedelta(days=9)
    Policy.create(
        customer=ayse.id,
        kind="policy",
        line="kasko",
        status="active",
        provider="Anadolu Sigorta",
        number="1234567890",
        premium=Decimal("15501.08"),
        start_date=end.replace(year=end.year - 1),
        end_date=end,
    )
    app = app_in("tr")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("R")  # renewals
        await settle(pilot)
        text = screen_text(app)
        assert format_date(end) in text, text
        assert "Ayşe Yılmaz" in text
        if size[0] >= 80:
            assert "15.501,08" in text
        assert "15.501,0…" not in text and f"{format_date(end)[:6]}…" not in text


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (60, 20)])
@pytest.mark.parametrize("lang", ["en", "tr"])
async def test_loyalty_money_is_never_cropped(db_path, size, lang):
    """Issue 20 item 8: at 60 columns the table edge cropped ₺6,259,599 to ₺6,259 and the
    referral basis 'for ₺4,799,596' to 'for ₺4,799': wrong-looking values. Every amount
    on the Loyalty screen is whole or not shown."""
    import re

    from crm_tui.domain import demo

    demo.generate(today=today())
    app = app_in(lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        for table in app.screen.query("DataTable"):
            if not table.display or not table.row_count:
                continue
            # wider than the room it has: the right edge crops the last column's amounts
            assert table.virtual_size.width <= table.size.width, (table.id, size)
            for r in range(table.row_count):
                for cell in table.get_row_at(r):
                    for amount in re.findall(r"₺\d[\d.,]*\d|\d[\d.,]*\d ₺", str(cell)):
                        assert re.fullmatch(r"₺?\d{1,3}([.,]\d{3})*( ₺)?", amount), amount


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (60, 20)])
@pytest.mark.parametrize("lang", ["en", "tr"])
async def test_reopen_is_in_the_done_footer_at_every_width(db_path, size, lang):
    """Issue 20 item 9: ``u Reopen`` in the reminders' Done filter; with footers that show a
    key whole or not at all it must not be the one that gives way (Done, Snooze and Cancel
    do not apply to finished reminders and leave the footer there)."""
    from crm_tui.i18n import _

    ayse = Customer.create(name="Ayşe Yılmaz", created_at=datetime(2025, 1, 1))
    now = datetime.combine(today(), datetime.min.time())
    Reminder.create(
        customer=ayse.id,
        title="Call back",
        due_at=now - timedelta(days=2),
        status="done",
        done_at=now - timedelta(days=1),
    )
    app = app_in(lang)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f4", "5")  # Done
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert f"u{' ' if size[0] >= 100 else ''}" in footer and _("Reopen") in footer, footer
        await pilot.press("u")
        await settle(pilot)
        assert Reminder.get().status == "open"


@pytest.mark.parametrize("lang", ["en", "tr"])
async def test_a_paused_deadline_is_whole_at_80_columns(db_path, monkeypatch, lang):
    """Issue 20 item 8: 'durdu, 1 sa 53 dk kal…' at 80 columns; the status column says the
    complaint waits, so the time is shown whole without 'paused,'."""
    from crm_tui.db import search
    from crm_tui.domain import complaints as cp

    monkeypatch.setenv("CRM_TUI_NOW", "2026-11-25T10:00")
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-25")
    now = datetime(2026, 11, 25, 10, 0)
    ayse = Customer.create(name="Ayşe Yılmaz")
    search.index_customers([ayse.id])
    for minutes in (7, 23, 41):
        c = cp.open_complaint(
            ayse.id, "Belge eksik", priority="normal", now=now - timedelta(days=2, minutes=minutes)
        )
        cp.change_status(c.id, "waiting", now=now - timedelta(minutes=1))
    app = app_in(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await settle(pilot)
        rows = [line for line in screen_text(app).splitlines() if "Belge eksik" in line]
        assert len(rows) == 3
        for line in rows:
            assert not line.rstrip().endswith("…"), line
            assert re.search(r"(left|kaldı|overdue|gecikti)\s*$", line), line
