"""Reminders screen (filters, search, paging, keys), the reminder form and the renewal list."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crm_tui.db import search
from crm_tui.db.models import Customer, Policy, Reminder
from crm_tui.ui.screens.reminders import RemindersScreen
from crm_tui.ui.screens.renewals import RenewalsScreen
from tests.ui.helpers import new_app, screen_text, settle


@pytest.fixture
def data(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    ayse = Customer.create(name="Ayşe Yılmaz")
    search.index_customers([ayse.id])
    ids = {"ayse": ayse.id}
    ids["overdue"] = Reminder.create(
        customer=ayse, title="Overdue call", due_at=datetime(2026, 11, 20, 9)
    ).id
    ids["today"] = Reminder.create(title="Today task", due_at=datetime(2026, 11, 22, 9)).id
    ids["week"] = Reminder.create(title="Week task", due_at=datetime(2026, 11, 26, 9)).id
    ids["later"] = Reminder.create(title="Later task", due_at=datetime(2027, 1, 5, 9)).id
    ids["done"] = Reminder.create(
        title="Done task",
        due_at=datetime(2026, 11, 1, 9),
        status="done",
        done_at=datetime(2026, 11, 2),
    ).id
    for i in range(60):
        Reminder.create(title=f"Bulk {i:02d}", due_at=datetime(2027, 2, 1, 9) + timedelta(hours=i))
    ids["policy"] = Policy.create(
        customer=ayse,
        line="trafik",
        number="T-9",
        start_date=date(2025, 12, 1),
        end_date=date(2026, 12, 1),
    ).id
    return ids


def titles(app) -> list[str]:
    table = app.screen.query_one("#rem-table")
    return [str(table.get_row_at(i)[2]) for i in range(table.row_count)]


async def open_reminders(pilot):
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)
    assert isinstance(pilot.app.screen, RemindersScreen)


async def test_filters_search_and_paging(data):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reminders(pilot)
        assert titles(app)[:4] == ["Overdue call", "Today task", "Week task", "Later task"]
        assert len(titles(app)) == 50  # one page
        await pilot.press("pagedown")  # scrolls within the page first
        await settle(pilot)
        assert len(titles(app)) == 50
        await pilot.press("ctrl+end", "pagedown")  # at the last row: the next page
        await settle(pilot)
        assert titles(app)[0] == "Bulk 46" and len(titles(app)) == 14
        assert app.screen.query_one("#rem-table").cursor_row == 0
        await pilot.press("pageup")
        await settle(pilot)
        assert titles(app)[0] == "Overdue call"
        assert app.screen.query_one("#rem-table").cursor_row == 49
        for key, expected in [
            ("1", ["Overdue call"]),
            ("2", ["Today task"]),
            ("3", ["Week task"]),
            ("5", ["Done task"]),
        ]:
            await pilot.press(key)
            await settle(pilot)
            assert titles(app) == expected, key
        await pilot.press("4")
        await settle(pilot)
        assert titles(app)[0] == "Later task"
        await pilot.press("0")
        await pilot.press("f")
        await pilot.press(*"ayse")
        await pilot.pause(0.3)  # the search waits for a pause in typing
        await settle(pilot)
        assert titles(app) == ["Overdue call"]
        await pilot.press("escape")
        await pilot.press("d")  # back on the table: d is "done", not typed into the search
        await settle(pilot)
        assert Reminder.get_by_id(data["overdue"]).status == "done"
        assert titles(app) == []


async def test_keys_on_the_list(data):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reminders(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("s", "3")  # next week
        await settle(pilot)
        assert Reminder.get_by_id(data["today"]).due_at == datetime(2026, 11, 29, 9)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("x", "y")
        await settle(pilot)
        assert Reminder.get_by_id(data["overdue"]).status == "cancelled"
        assert "Reopen" not in screen_text(app)  # only finished reminders reopen
        await pilot.press("5")
        await settle(pilot)
        assert "u Reopen" in screen_text(app)  # issue 20, item 9: in the Done footer
        await pilot.press("u")
        await settle(pilot)
        assert Reminder.get_by_id(data["done"]).status == "open"


async def test_new_and_edit_with_customer_and_repeat(data):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reminders(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.set_value("title", "Policy check")
        form.set_value("due", "31.01.2027")
        form.set_value("time", "10:30")
        form.set_value("repeat", "monthly")
        form.set_value("customer", "nobody at all")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "No customer matches" in str(form.query_one("#e-customer").render())
        assert not Reminder.select().where(Reminder.title == "Policy check").exists()
        form.set_value("customer", "ayse yilmaz")
        await pilot.press("ctrl+s")
        await settle(pilot)
        r = Reminder.get(Reminder.title == "Policy check")
        assert (r.customer_id, r.due_at, r.has_time) == (
            data["ayse"],
            datetime(2027, 1, 31, 10, 30),
            True,
        )
        assert r.rrule == "FREQ=MONTHLY;BYMONTHDAY=31,-1;BYSETPOS=1" and r.recur_from == "calendar"
        # edit: the form opens with the stored values
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert form.values()["title"] == "Today task"
        form.set_value("title", "Today task, edited")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Reminder.get_by_id(data["today"]).title == "Today task, edited"
        assert titles(app) == ["Today task, edited"]


async def test_renewal_list_from_reminders(data):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reminders(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, RenewalsScreen)
        table = app.screen.query_one("#ren-table")
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == "9 days left"
        await pilot.press("k", "1")  # lost: price
        await settle(pilot)
        p = Policy.get_by_id(data["policy"])
        assert (p.status, p.lost_reason) == ("lapsed", "price")
        assert table.row_count == 0
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RemindersScreen)


async def test_small_terminal_does_not_crash(data):
    app = new_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await open_reminders(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, RenewalsScreen)


async def test_every_n_days_from_the_form(data):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reminders(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.set_value("title", "Water the shop plants")
        form.set_value("due", "23.11.2026")
        form.set_value("repeat", "ndays")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "whole number from 1 to 366" in str(form.query_one("#e-every").render())
        assert not Reminder.select().where(Reminder.title == "Water the shop plants").exists()
        form.set_value("every", "14")
        form.set_value("recur_from", "completion")
        await pilot.press("ctrl+s")
        await settle(pilot)
        r = Reminder.get(Reminder.title == "Water the shop plants")
        assert (r.rrule, r.recur_from) == ("FREQ=DAILY;INTERVAL=14", "completion")
        await pilot.press("3")  # this week
        await settle(pilot)
        row = titles(app).index("Water the shop plants")
        table = app.screen.query_one("#rem-table")
        assert str(table.get_row_at(row)[3]) == "Every 14 days"
        table.move_cursor(row=row)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.values()["every"] == "14"
        assert app.screen.values()["repeat"] == "ndays"


async def test_calendar_file_from_the_reminders_screen(data, tmp_path):
    import vobject

    target = tmp_path / "phone.ics"
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reminders(pilot)
        await pilot.press("E")
        await pilot.pause()
        form = app.screen
        form.set_value("path", str(tmp_path / "missing" / "x.ics"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "does not exist" in str(form.query_one("#e-path").render())
        form.set_value("path", str(target))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RemindersScreen)
    cal = vobject.readOne(target.read_text(encoding="utf-8"))
    summaries = {e.summary.value for e in cal.vevent_list}
    assert "Overdue call — Ayşe Yılmaz" in summaries and "Week task" in summaries
    assert any(s.startswith("Renewal: Ayşe Yılmaz") for s in summaries)
    assert "Done task" not in summaries


async def test_lead_times_form_on_the_renewal_list(data):
    from crm_tui.domain import renewals as ren

    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reminders(pilot)
        await pilot.press("R")
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        form = app.screen
        assert form.values()["default"] == "90, 60, 30, 15, 7, 1"
        form.set_value("line_trafik", "5; soon")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "separated by commas" in str(form.query_one("#e-line_trafik").render())
        assert ren.lead_table() == {"*": [90, 60, 30, 15, 7, 1]}
        form.set_value("line_trafik", "5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert ren.lead_table() == {"*": [90, 60, 30, 15, 7, 1], "trafik": [5]}
        assert isinstance(app.screen, RenewalsScreen)
        # the traffic policy 9 days out is at no lead now: not in the Today queue
        from crm_tui.domain import today as td

        assert not td.agenda().group("renewals").items


async def test_link_a_reminder_to_a_policy_of_its_customer(data):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reminders(pilot)
        await pilot.press("1")  # overdue: Ayşe's call
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        options = [value for _text, value in form.query_one("#f-link")._options]
        assert f"policy:{data['policy']}" in options
        form.set_value("link", f"policy:{data['policy']}")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Reminder.get_by_id(data["overdue"]).policy_id == data["policy"]
        # on Today the line now takes the renewal keys
        await pilot.press("f2")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#today-table")
        table.move_cursor(row=table.get_row_index(f"reminder:{data['overdue']}"))
        await pilot.pause()
        assert screen.check_action("renewed", ()) and screen.check_action("done", ())
