"""Complaints by keyboard: open, move along the workflow, note, resolve, close, reopen."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from crm_tui.db import search
from crm_tui.db.models import Complaint, ComplaintEvent, Customer, Policy
from crm_tui.domain import complaints as cp
from crm_tui.i18n import set_language
from crm_tui.ui.dialogs.choice import ChoiceScreen
from crm_tui.ui.dialogs.customer_picker import CustomerPickScreen
from crm_tui.ui.dialogs.form import FormScreen
from crm_tui.ui.screens.complaint_detail import ComplaintDetailScreen
from crm_tui.ui.screens.complaint_form import ComplaintFormScreen
from crm_tui.ui.screens.complaints import ComplaintsScreen
from tests.ui.helpers import new_app, screen_text, settle

NOW = datetime(2026, 11, 22, 10, 0)  # Sunday


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setenv("CRM_TUI_NOW", "2026-11-22T10:00")
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")


def customer(name: str) -> Customer:
    c = Customer.create(name=name)
    search.index_customers([c.id])
    return c


def notices(app) -> str:
    return "\n".join(n.message for n in app._notifications)


def statuses(complaint_id: int) -> list[tuple[str, str | None, str | None]]:
    return [(e.kind, e.from_status, e.to_status) for e in cp.events(complaint_id)]


async def test_full_life_of_a_complaint_by_keyboard(db_path, frozen):
    ayse = customer("Ayşe Yılmaz")
    customer("Mehmet Demir")
    opened: list[int] = []
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_customer = opened.append  # the card belongs to another area
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintsScreen)
        assert "No complaints. Every customer is happy." in screen_text(app)

        # n: pick the customer, fill the form, Enter saves
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CustomerPickScreen)
        await pilot.press(*"ayse")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintFormScreen)
        assert "Ayşe Yılmaz" in screen_text(app)
        await pilot.press(*"Late cargo", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintsScreen)
        c = Complaint.get()
        assert (c.customer_id, c.subject, c.status, c.priority) == (
            ayse.id,
            "Late cargo",
            "new",
            "normal",
        )
        # Sunday 10:00 + 3 working days: Monday 00:00 → Thursday 00:00
        assert c.deadline_at == datetime(2026, 11, 26, 0, 0)
        text = screen_text(app)
        assert "Late cargo" in text and "3 d 14 h left" in text

        # s → 1 (in progress) with a note
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press(*"Called", "enter")
        await settle(pilot)
        assert Complaint.get_by_id(c.id).status == "in_progress"
        assert cp.events(c.id)[-1].note == "Called"
        assert "In progress" in screen_text(app)

        # s → 1 (waiting on customer), no note
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("1", "enter")
        await settle(pilot)
        c = Complaint.get_by_id(c.id)
        assert c.status == "waiting" and c.waiting_since == NOW
        assert "paused" in screen_text(app)

        # Enter opens the complaint
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintDetailScreen)
        text = screen_text(app)
        assert "Complaint #1: Late cargo" in text and "Waiting on customer" in text

        # a: a note at any point
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Photo", "enter")
        await settle(pilot)
        assert cp.events(c.id)[-1].note == "Photo"
        assert "Photo" in screen_text(app)

        # r: resolve with resolution, first-contact flag and satisfaction
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"Refund")
        await pilot.press("tab", "space", "tab", "5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        c = Complaint.get_by_id(c.id)
        assert (c.status, c.resolution, c.first_contact_resolution, c.satisfaction) == (
            "resolved",
            "Refund",
            True,
            5,
        )
        assert c.resolved_at == NOW and not c.breached
        text = screen_text(app)
        assert "Refund" in text and "5/5" in text

        # x: close; o: reopen
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert Complaint.get_by_id(c.id).status == "closed"
        await pilot.press("o")
        await settle(pilot)
        await pilot.press(*"Again", "enter")
        await settle(pilot)
        c = Complaint.get_by_id(c.id)
        assert (c.status, c.resolved_at, c.closed_at) == ("in_progress", None, None)
        assert "Reopened" in screen_text(app)
        assert statuses(c.id) == [
            ("status", None, "new"),
            ("status", "new", "in_progress"),
            ("status", "in_progress", "waiting"),
            ("note", None, None),
            ("status", "waiting", "resolved"),
            ("status", "resolved", "closed"),
            ("status", "closed", "in_progress"),
            ("deadline", None, None),  # a reopened complaint gets a fresh deadline
        ]
        assert c.deadline_at == datetime(2026, 11, 26, 0, 0)
        assert ComplaintEvent.select().where(ComplaintEvent.note == "Again").count() == 1

        # c: the customer's card; Escape back to the list
        await pilot.press("c")
        assert opened == [ayse.id]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintsScreen)
        await pilot.press("c")
        assert opened == [ayse.id, ayse.id]


async def test_refused_changes_say_why(db_path, frozen):
    ali = customer("Ali Veli")
    c = cp.open_complaint(ali.id, "Broken phone", now=NOW - timedelta(hours=1))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintDetailScreen)
        await pilot.press("o")  # reopen a new complaint
        await settle(pilot)
        assert "Only a resolved or closed complaint can be reopened" in notices(app)
        await pilot.press("x")  # close a new complaint
        await settle(pilot)
        assert "cannot move to “Closed”" in notices(app)
        assert Complaint.get_by_id(c.id).status == "new"
        # resolving without a resolution is refused at the field
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "Describe how the complaint was resolved." in screen_text(app)
        await pilot.press(*"fixed", "tab", "tab", "9", "ctrl+s")
        await settle(pilot)
        assert "Satisfaction is a whole number from 1" in screen_text(app)
        assert Complaint.get_by_id(c.id).status == "new"


async def test_open_from_customer_context_with_policy(db_path, frozen):
    zeynep = customer("Zeynep Kaya")
    pol = Policy.create(
        customer=zeynep, line="kasko", number="K-778", start_date=NOW.date() - timedelta(days=30)
    )
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        # what the customer card does with its "complaint" key
        app.push_screen(ComplaintFormScreen(zeynep.id, policy_id=pol.id))
        await settle(pilot)
        text = screen_text(app)
        assert "New complaint — Zeynep Kaya" in text
        assert app.screen.query_one("#f-policy").value == pol.id
        await pilot.press("enter")  # empty subject
        await settle(pilot)
        assert "A subject is required" in screen_text(app)
        assert Complaint.select().count() == 0
        await pilot.press(*"Claim paid late", "enter")
        await settle(pilot)
        c = Complaint.get()
        assert (c.customer_id, c.policy_id, c.subject) == (zeynep.id, pol.id, "Claim paid late")
        rows = cp.list_for_customer(zeynep.id, now=NOW)
        assert [r.subject for r in rows] == ["Claim paid late"]


async def test_filter_search_sort_and_pages(db_path, frozen):
    ayse = customer("Ayşe Yılmaz")
    sukru = customer("Şükrü Işık")
    for i in range(55):
        cp.open_complaint(ayse.id, f"Item {i:02d}", priority="low", now=NOW - timedelta(hours=i))
    late = cp.open_complaint(sukru.id, "Rude staff", priority="urgent", now=NOW - timedelta(days=1))
    cp.resolve(late.id, "Apologised", now=NOW - timedelta(hours=1))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        text = screen_text(app)
        assert "Open (55)" in text and "1–50 of 55" in text
        assert screen.row_ids[0] == 55  # opened first → deadline first
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "51–55 of 55" in screen_text(app)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        await pilot.press("o")  # newest first
        await settle(pilot)
        assert screen.row_ids[0] == 1 and "newest first" in screen_text(app)
        await pilot.press("f")  # the filter picker, with the count of each
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        text = screen_text(app)
        assert "Open (55)  ◂" in text and "New (55)" in text and "Resolved (1)" in text
        await pilot.press("2")  # New
        await settle(pilot)
        assert isinstance(app.screen, ComplaintsScreen) and screen.status_filter == "new"
        assert "New (55)" in screen_text(app)
        await pilot.press("f", "5")  # Resolved
        await settle(pilot)
        text = screen_text(app)
        assert "Resolved (1)" in text and "Rude staff" in text and "⚑" in text
        await pilot.press("f", "escape")  # Escape keeps the filter
        await settle(pilot)
        assert screen.status_filter == "resolved"
        await pilot.press("f", "8")  # All
        await settle(pilot)
        assert "All (56)" in screen_text(app)
        await pilot.press("ctrl+f", *"sukru")
        await pilot.pause(0.4)
        await settle(pilot)
        assert screen.row_ids == [late.id]
        await pilot.press("enter")  # back to the list
        await settle(pilot)
        await pilot.press("g")  # figures by category
        await settle(pilot)
        text = screen_text(app)
        assert "All categories" in text and "Breached" in text
        assert "Open 55" in text


async def test_small_terminal(db_path, frozen):
    ayse = customer("Ayşe Yılmaz")
    cp.open_complaint(ayse.id, "A long subject that will not fit anywhere", now=NOW)
    app = new_app()
    async with app.run_test(size=(40, 12)) as pilot:
        for key in ("f5", "g", "g", "enter", "escape", "s", "escape"):
            await pilot.press(key)
            await settle(pilot)


def test_complaints_screen_snapshot(db_path, frozen, snap_compare):
    names = ["Ayşe Yılmaz", "Mehmet Demir", "Şükrü Işık", "Fatma Kaya"]
    people = [customer(n) for n in names]
    specs = [
        (0, "Claim file is late", "claim", "urgent", 30, None),
        (1, "Invoice issued twice", "billing", "high", 50, "in_progress"),
        (2, "Parcel arrived damaged", "delivery", "normal", 20, "waiting"),
        (3, "Rude at the counter", "staff", "low", 100, "resolved"),
    ]
    for who, subject, category, priority, hours_ago, status in specs:
        at = NOW - timedelta(hours=hours_ago)
        c = cp.open_complaint(people[who].id, subject, category=category, priority=priority, now=at)
        later = at + timedelta(hours=1)
        if status in ("in_progress", "waiting"):
            cp.change_status(c.id, status, now=later)
        elif status == "resolved":
            cp.resolve(c.id, "Apologised", first_contact=True, satisfaction=4, now=later)

    async def run_before(pilot) -> None:
        await pilot.press("f5")
        await settle(pilot)

    assert snap_compare(
        new_app(),
        terminal_size=(100, 24),
        run_before=run_before,
    )


async def test_edit_details_from_the_complaint(db_path, frozen):
    ali = customer("Ali Veli")
    c = cp.open_complaint(ali.id, "Broken phone", now=NOW)
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(ComplaintDetailScreen(c.id))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintFormScreen)
        await pilot.press("tab", "tab", "tab", "tab", *"Mert", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintDetailScreen)
        assert Complaint.get_by_id(c.id).owner == "Mert"
        assert "Mert" in screen_text(app)


async def test_language_switch_rebuilds_list_and_detail(db_path, frozen):
    ali = customer("Ali Veli")
    cp.open_complaint(ali.id, "Broken phone", now=NOW)
    app = new_app()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("f5")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("f7")
            await settle(pilot)
            text = screen_text(app)
            assert "Geçmiş" in text and "Açılış" in text and "Broken phone" in text
            await pilot.press("escape")
            await settle(pilot)
            text = screen_text(app)
            assert "Açık (1)" in text and "Broken phone" in text and "kaldı" in text
    finally:
        set_language("en")


async def test_full_life_from_a_customer_card(db_path, frozen):
    """The card's own keys: c opens a new complaint for this customer, the Complaints tab
    lists it and Enter opens it; the whole workflow by keyboard, then back on the card."""
    ayse = customer("Ayşe Yılmaz")
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_customer(ayse.id)
        await settle(pilot)
        card = app.screen
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintFormScreen)
        assert "New complaint — Ayşe Yılmaz" in screen_text(app)
        await pilot.press(*"Wrong invoice", "enter")
        await settle(pilot)
        assert app.screen is card
        c = Complaint.get()
        assert (c.customer_id, c.subject, c.status) == (ayse.id, "Wrong invoice", "new")
        assert "Complaint #1 opened; deadline 26/11/2026" in notices(app)
        await pilot.press("5")  # the card's Complaints tab
        await settle(pilot)
        assert "Wrong invoice" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintDetailScreen)

        await pilot.press("s", "1", "enter")  # in progress
        await settle(pilot)
        await pilot.press("s", "1")  # waiting on the customer, with a note
        await settle(pilot)
        await pilot.press(*"Asked for the receipt", "enter")
        await settle(pilot)
        c = Complaint.get_by_id(c.id)
        assert c.status == "waiting" and c.waiting_since == NOW
        text = screen_text(app)
        assert "paused, 3 d 14 h left" in text and "Asked for the receipt" in text
        await pilot.press("r", *"Invoice corrected", "tab", "tab", "4", "ctrl+s")
        await settle(pilot)
        c = Complaint.get_by_id(c.id)
        assert (c.status, c.satisfaction, c.first_contact_resolution) == ("resolved", 4, False)
        assert c.waiting_since is None
        assert "satisfaction 4/5" in screen_text(app)
        await pilot.press("x", "enter")  # close
        await settle(pilot)
        assert Complaint.get_by_id(c.id).status == "closed"
        await pilot.press("o", *"Invoice wrong again", "enter")  # reopen
        await settle(pilot)
        assert Complaint.get_by_id(c.id).status == "in_progress"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is card
        assert "In progress" in screen_text(app)  # the card shows the new status
        assert [e.to_status for e in cp.events(c.id) if e.kind == "status"] == [
            "new",
            "in_progress",
            "waiting",
            "resolved",
            "closed",
            "in_progress",
        ]


async def test_service_levels_by_keyboard(db_path, frozen):
    from crm_tui.domain.settings import get_setting
    from crm_tui.ui.screens.complaint_form import ServiceLevelsForm

    ali = customer("Ali Veli")
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("question_mark")  # the key is in the help
        await settle(pilot)
        assert "Service levels" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, ServiceLevelsForm)
        text = screen_text(app)
        assert "Urgent" in text and "working days" in text and "Extra holidays" in text
        assert "^s save" in text  # the whole dialog fits 80x24 (ctrl+s: the real save key)
        await pilot.press("backspace", "0", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ServiceLevelsForm)
        assert "greater than 0" in screen_text(app)
        assert get_setting("service_levels") == {
            "urgent": {"hours": 4},
            "high": {"working_days": 1},
            "normal": {"working_days": 3},
            "low": {"days": 7},
        }
        await pilot.press("backspace", "2", "tab", "tab", "backspace", "2", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintsScreen)
        assert get_setting("service_levels") == {
            "urgent": {"hours": 2},
            "high": {"working_days": 2},
            "normal": {"working_days": 3},
            "low": {"days": 7},
        }
        assert "Service levels saved" in notices(app)
        c = cp.open_complaint(ali.id, "Broken", priority="high", now=NOW)
        assert c.deadline_at == datetime(2026, 11, 25, 0, 0)  # Sunday: Monday + Tuesday
        # The new levels are what the complaint form tells the user.
        await pilot.press("n", "enter")
        await settle(pilot)
        assert "High 2 working days" in screen_text(app)


async def test_list_fits_80_columns_in_turkish(db_path, frozen, tr):
    ayse = customer("Ayşe Yılmaz Uzunsoyadlıoğlu")
    late = cp.open_complaint(
        ayse.id,
        "Hasar ödemesi aylardır gecikiyor ve kimse geri dönmüyor",
        priority="high",
        now=NOW - timedelta(days=4),
    )
    cp.change_status(late.id, "in_progress", now=NOW - timedelta(days=3))
    paused = cp.open_complaint(ayse.id, "Belge eksik", priority="urgent", now=NOW)
    cp.change_status(paused.id, "waiting", now=NOW + timedelta(hours=1))
    app = new_app()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("f5")
            await settle(pilot)
            await pilot.resize_terminal(80, 24)
            await settle(pilot)
            text = screen_text(app)
            # Whole deadline texts, short status names, the footer's keys in Turkish.
            # Wednesday 10:00 + 1 working day = Thursday 10:00: 3 days ago.
            assert "3 g gecikti" in text and "durdu, 3 sa kaldı" in text
            assert "Beklemede" in text and "İşlemde" in text
            assert "Ayrıntı" in text and "Filtre" in text
            assert "Son 90 gün" in text
            table = app.screen.query_one("#cx-table")
            assert table.virtual_size.width <= 80
    finally:
        set_language("en")


async def test_a_description_of_several_lines_keeps_to_its_column(db_path, frozen):
    """Issue 20, item 9: the second line of a description sat under the labels."""
    ali = customer("Ali Veli")
    cp.open_complaint(
        ali.id, "Broken phone", description="Ekran kırık geldi\nKutusu da ezikti", now=NOW
    )
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintDetailScreen)
        lines = screen_text(app).splitlines()
        first = next(line for line in lines if "Ekran kırık geldi" in line)
        second = next(line for line in lines if "Kutusu da ezikti" in line)
        assert first.index("Ekran") == second.index("Kutusu")
