"""A save that fails in the database (another desk holds the lock too long, the disk is
full, the file became read-only) must not crash the TUI: the user reads one line, the
form stays open with what was typed, nothing is half-written, and saving again works.

The fault is real: another connection holds the write lock and the app's busy timeout is
lowered from 10 s to 0.2 s so the test is quick.
"""

from __future__ import annotations

import sqlite3

import pytest

from crm_tui.config import Settings
from crm_tui.db.models import Customer, db
from crm_tui.ui.app import CrmApp


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.xfail(
    strict=True,
    reason="a locked/full/read-only database during a save ends the app with a traceback. "
    "Fix (verified): in CustomerFormScreen._write and FormScreen.action_save catch "
    "exceptions with crm_tui.db.connection.is_storage_error(exc) and show "
    "describe_error(exc) (overriding App._handle_exception is not enough: Textual stops the "
    "failing widget's message loop)",
)
async def test_save_while_another_desk_holds_the_lock(db_path):
    from crm_tui.ui.screens.customer_form import CustomerFormScreen

    db.execute_sql("PRAGMA busy_timeout = 200")
    other = sqlite3.connect(db_path, isolation_level=None)
    app = CrmApp(settings=Settings(), save_prefs=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CustomerFormScreen)
        form.set_value("name", "Kilitli Kâmil")
        other.execute("BEGIN IMMEDIATE")
        await pilot.press("ctrl+s")
        other.execute("ROLLBACK")
        assert app.is_running, "the app ended on a database error"
        await settle(pilot)
        assert app.screen is form, "the form with the typed data must stay open"
        shown = " ".join(str(n.message) for n in app._notifications)
        assert "busy in another window or desk" in shown
        assert Customer.select().count() == 0
        await pilot.press("ctrl+s")  # the other desk is done: saving again works
        await settle(pilot)
        assert Customer.select().where(Customer.name == "Kilitli Kâmil").count() == 1
    other.close()
