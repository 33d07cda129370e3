"""Live updates on a PostgreSQL book (ui/live.py): another desk adds a reminder due today
and Today shows it within a second, while a form open over it keeps what was typed.
Runs wherever PostgreSQL is installed (``pg_url``), whatever CRM_TUI_TEST_BACKEND says."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import datetime

import psycopg
from textual.widgets import Input

from crm_tui.db import close_database, open_database
from crm_tui.db.models import Customer, Reminder
from crm_tui.db.runner_support import in_own_connection
from crm_tui.ui.screens.today import TodayScreen
from tests.ui.helpers import new_app, settle, type_text


def _at_other_desk(fn, *args, **kwargs):
    out: list = []
    thread = threading.Thread(target=lambda: out.append(in_own_connection(fn, *args, **kwargs)))
    thread.start()
    thread.join(10)
    return out[0]


async def test_another_desks_reminder_shows_on_today_within_a_second(pg_url, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    open_database(pg_url)
    try:
        customer = Customer.create(name="Ayşe Yılmaz", created_at=datetime(2025, 1, 1))
        app = new_app(db_path=pg_url)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            today = app.screen
            assert isinstance(today, TodayScreen)
            deadline = time.monotonic() + 5
            while not (app.live.listener and app.live.listener.listening.is_set()):
                assert time.monotonic() < deadline
                await asyncio.sleep(0.05)
            app.action_new_reminder()  # this desk is typing a reminder of its own
            await settle(pilot)
            await type_text(pilot, "Half typed")
            box = app.focused
            assert isinstance(box, Input) and box.value == "Half typed"
            start = time.monotonic()
            reminder = _at_other_desk(
                Reminder.create,
                customer=customer.id,
                title="Call about the kasko",
                due_at=datetime(2026, 11, 22, 15),
            )
            while f"reminder:{reminder.id}" not in today.items:
                assert time.monotonic() - start < 1.0, "not shown within a second"
                await asyncio.sleep(0.02)
            assert app.focused is box and box.value == "Half typed"
            assert app.screen is not today  # the form is still open over Today
    finally:
        close_database()


async def test_a_save_during_a_server_restart_keeps_the_form(pg_url, pg_server, monkeypatch):
    """The server restarts while a form is open: save says the connection is lost and
    keeps the form and its text; once the server is back, save again saves."""
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    open_database(pg_url)
    try:
        app = new_app(db_path=pg_url)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.action_new_reminder()
            await settle(pilot)
            await type_text(pilot, "Call Ayşe back")
            form = app.screen
            box = app.focused
            assert isinstance(box, Input) and box.value == "Call Ayşe back"
            restart = threading.Thread(target=pg_server.restart, kwargs={"pause": 3.0})
            restart.start()
            try:
                deadline = time.monotonic() + 10
                while True:  # until the server refuses connections
                    try:
                        psycopg.connect(pg_url, connect_timeout=1).close()
                    except psycopg.Error:
                        break
                    assert time.monotonic() < deadline
                    await asyncio.sleep(0.05)
                await pilot.press("ctrl+s")
                await settle(pilot)
                message = str(form.query_one("#form-error").render())
                assert "Connection to the server lost" in message and "try again" in message
                assert app.screen is form and box.value == "Call Ayşe back"
            finally:
                restart.join(30)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is not form
            # on a connection of its own: this thread's one died with the server
            saved = _at_other_desk(Reminder.get, Reminder.title == "Call Ayşe back")
            assert saved.status == "open"
    finally:
        close_database()
