"""Assignments and who did what in the app (issue 15), pressing real keys: Today's
Mine/Everyone's toggle (m, remembered in settings.toml), the "Assigned to" field of the
reminder form, and the audit screen's filters (u, c, d, x; Enter opens the card)."""

from __future__ import annotations

import tomllib
from datetime import datetime

import pytest

from crm_tui.config import Settings
from crm_tui.db.models import AuditLog, Customer, Reminder
from crm_tui.domain import who
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.i18n import set_language
from crm_tui.ui.app import CrmApp
from crm_tui.ui.dialogs.customer_picker import CustomerPickScreen
from crm_tui.ui.screens.audit import AuditScreen
from crm_tui.ui.screens.card import CustomerCardScreen
from crm_tui.ui.screens.reminder_form import ReminderFormScreen
from tests.ui.helpers import new_app, screen_text, settle, type_text


@pytest.fixture
def me(db_path, monkeypatch) -> str:
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    monkeypatch.setattr(who, "_user", None)
    who.set_user("ayse")
    return who.current_user()


def _seed_reminders(me: str) -> None:
    c = Customer.create(name="Işıl Güneş", created_at=datetime(2025, 1, 1))
    for title, user in (("My call", me), ("Nobody's call", None), ("Mehmet's call", "mehmet")):
        Reminder.create(
            customer=c.id, title=title, due_at=datetime(2026, 11, 20, 9), assigned_to=user
        )


def _head(app) -> str:
    return str(app.screen.query_one("#today-head").render())


async def test_today_toggles_mine_and_everyone_s_and_remembers_it(me, tmp_path):
    _seed_reminders(me)
    path = tmp_path / "settings.toml"
    app = CrmApp(settings=Settings(path=path), save_prefs=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Everyone's" in _head(app) and "Mehmet's call" in text and "My call" in text
        await pilot.press("m")
        await settle(pilot)
        text = screen_text(app)
        assert "Mine" in _head(app)
        assert "My call" in text and "Nobody's call" in text and "Mehmet's call" not in text
        assert tomllib.loads(path.read_text())["today_view"] == "mine"
        await pilot.press("m")
        await settle(pilot)
        assert "Everyone's" in _head(app) and "Mehmet's call" in screen_text(app)
        assert "today_view" not in tomllib.loads(path.read_text())
    # the next start at this desk opens on the view last chosen
    app = CrmApp(settings=Settings(path=path, today_view="mine"), save_prefs=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Mine" in _head(app) and "Mehmet's call" not in screen_text(app)


async def test_the_reminder_form_assigns_to_its_creator_or_to_whoever_is_typed(me):
    Reminder.create(title="Old", due_at=datetime(2026, 12, 1, 9), assigned_to="mehmet")
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ReminderFormScreen)
        field = app.screen.query_one("#f-assigned_to")
        assert field.value == me  # a new reminder is its creator's
        await type_text(pilot, "Call Işıl")
        await pilot.press("ctrl+s")
        await settle(pilot)
        mine = Reminder.get(Reminder.title == "Call Işıl")
        assert mine.assigned_to == me

        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Send offer")
        app.screen.query_one("#f-assigned_to").focus()
        await pilot.press("end", *["backspace"] * len(me))
        await type_text(pilot, "meh")
        await pilot.press("right")  # → takes the known user offered
        assert app.screen.query_one("#f-assigned_to").value == "mehmet"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Reminder.get(Reminder.title == "Send offer").assigned_to == "mehmet"
        log = AuditLog.select().where(AuditLog.action == "reminder_assigned")
        assert {r.user for r in log} == {me}

        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Anyone")
        app.screen.query_one("#f-assigned_to").focus()
        await pilot.press("end", *["backspace"] * len(me))  # blank: nobody
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Reminder.get(Reminder.title == "Anyone").assigned_to is None


def _seed_log() -> dict[str, int]:
    isil = create_customer(CustomerInput(name="Işıl [b]Güneş[/b]")).id
    can = create_customer(CustomerInput(name="Can Öztürk")).id
    rows = [
        (datetime(2026, 11, 1, 10), "interaction", isil, "ayse"),
        (datetime(2026, 11, 10, 10), "export", None, "mehmet"),
        (datetime(2026, 11, 20, 10), "reminder_done", can, "mehmet"),
        (datetime(2026, 11, 21, 10), "policy_changed", isil, "mehmet"),
    ]
    for at, action, cid, user in rows:
        AuditLog.create(at=at, action=action, customer_id=cid, user=user, detail='{"x": 1}')
    return {"isil": isil, "can": can}


def _table(app) -> list[str]:
    table = app.screen.query_one("#audit-table")
    return [" | ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


async def test_the_audit_screen_filters_by_user_customer_and_day(me):
    ids = _seed_log()
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        rows = _table(app)
        assert len(rows) == 4 and "policy changed" in rows[0]  # newest first
        assert "Işıl [b]Güneş[/b]" in screen_text(app)  # stored text shown as it is
        await pilot.press("u")
        await settle(pilot)
        await type_text(pilot, "MEHMET")
        await pilot.press("enter")
        await settle(pilot)
        assert len(_table(app)) == 3 and "MEHMET" in screen_text(app)
        await pilot.press("d")
        await settle(pilot)
        await type_text(pilot, "15.11.2026")
        await pilot.press("enter")
        await settle(pilot)
        assert len(_table(app)) == 2
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CustomerPickScreen)
        await type_text(pilot, "can")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        rows = _table(app)
        assert len(rows) == 1 and "reminder done" in rows[0]
        await pilot.press("x")
        await settle(pilot)
        assert len(_table(app)) == 4
        await pilot.press("enter")  # the newest: Işıl's policy change
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        assert app.screen.customer_id == ids["isil"]


async def test_the_audit_screen_in_turkish_at_80x24(me):
    _seed_log()
    app = new_app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("A")
            await settle(pilot)
            await pilot.press("f7")  # Türkçe, on this screen
            await settle(pilot)
            text = screen_text(app)
            assert "Kim ne yaptı" in text and "poliçe değiştirildi" in text
            assert "21.11.2026" in text and "Kullanıcı: herkes" in text
            lines = text.splitlines()
            assert len(lines) <= 24 and all(len(line) <= 80 for line in lines)
    finally:
        set_language("en")


async def test_the_complaint_form_s_assigned_to_is_its_owner(me):
    from crm_tui.db.models import Complaint
    from crm_tui.ui.screens.complaint_form import ComplaintFormScreen

    c = create_customer(CustomerInput(name="Gül Aydın"))
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ComplaintFormScreen(c.id))
        await settle(pilot)
        labels = [str(label.render()) for label in app.screen.query(".form-label")]
        assert "Assigned to" in labels and "Owner" not in labels
        assert app.screen.query_one("#f-owner").value == me  # the creator's
        await type_text(pilot, "Late cargo")
        app.screen.query_one("#f-owner").focus()
        await pilot.press("end", *["backspace"] * len(me))
        await type_text(pilot, "Zeynep")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = Complaint.get()
        assert (saved.subject, saved.owner, saved.assigned_to) == ("Late cargo", "Zeynep", "Zeynep")
        row = AuditLog.get(AuditLog.action == "complaint_assigned")
        assert (row.customer_id, row.user) == (c.id, me)


async def test_the_palette_opens_who_did_what(me):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "who did")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        assert "No changes recorded." in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AuditScreen)
