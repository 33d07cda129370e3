"""A save that fails in the database (another desk holds the lock too long, the disk is
full, the file became read-only or turns out damaged) must not end the TUI: the user reads
one line, the form stays open with what was typed, nothing is half-written, and saving
again works.

The faults are real SQLite errors, made cheaply:

- locked: another connection holds the write lock (``BEGIN IMMEDIATE``) and the app's
  busy timeout is lowered from 10 s to 0.2 s;
- disk full: ``PRAGMA max_page_count`` caps the file at its current size, so SQLite
  answers ``SQLITE_FULL`` exactly as on a full disk (the OS-level variant, a file size
  limit in a child process, is in test_bad_files.py);
- read-only: ``PRAGMA query_only`` makes SQLite refuse the write with ``SQLITE_READONLY``;
- damaged: pages of the reminder table are overwritten in the file while the app runs.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from textual.binding import Binding
from textual.screen import Screen

from crm_tui.db.models import Customer, Reminder, db
from crm_tui.domain import reminders as rem
from crm_tui.i18n import format_date
from tests.ui.helpers import new_app, settle

from .layout import overlapping

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", TODAY.isoformat())


def shown(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


def form_line(form) -> str:
    """The form's one line, asserted to be on screen: inside the box, over nothing else."""
    line = form.query_one("#form-error")
    box = form.query_one("#form-box").region
    assert line.region.height and box.contains_region(line.region), (line.region, box)
    assert line.region.bottom <= form.size.height, "the line is below the screen"
    assert not overlapping(form)
    return str(line.render())


def on_every_connection(pragma: str, value: int) -> None:
    """Set a PRAGMA on the test's connection and on every connection opened after it: the
    app's saves run off the UI thread, each in a connection of its own (``app.db``)."""
    db.execute_sql(f"PRAGMA {pragma} = {value}")
    db.obj._pragmas = [(k, v) for k, v in db.obj._pragmas if k != pragma] + [(pragma, value)]


class OtherDesk:
    """A second connection on the same file that holds the write lock while inside."""

    def __init__(self, path):
        self.con = sqlite3.connect(path, isolation_level=None)

    def __enter__(self):
        self.con.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *exc):
        self.con.execute("ROLLBACK")

    def close(self):
        self.con.close()


async def test_save_while_another_desk_holds_the_lock(db_path):
    from crm_tui.ui.screens.customer_form import CustomerFormScreen

    on_every_connection("busy_timeout", 200)
    other = OtherDesk(db_path)
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:  # the line was below the screen here
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CustomerFormScreen)
        form.set_value("name", "Kilitli Kâmil")
        form.set_value("phone", "0532 444 55 66")
        with other:  # held until the save gave up (it waits off the UI thread)
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert app.is_running, "the app ended on a database error"
        assert app.screen is form, "the form with the typed data must stay open"
        line = form_line(form)
        assert "Nothing was saved" in line and "busy in another window or desk" in line
        assert "locked" not in line
        assert form.values()["name"] == "Kilitli Kâmil"
        assert Customer.select().count() == 0
        await pilot.press("ctrl+s")  # the other desk is done: saving again works
        await settle(pilot)
        assert app.screen is not form
        saved = Customer.get(Customer.name == "Kilitli Kâmil")
        assert [p.e164 for p in saved.phones] == ["+905324445566"]
    other.close()


async def _open_reminder_form(pilot):
    from crm_tui.ui.screens.reminder_form import ReminderFormScreen

    await pilot.press("f4")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ReminderFormScreen)
    return form


async def _keys_work_while_saving(pilot, form) -> None:
    """While the save waits: a timer ticks, typed keys land in the field, the form says
    it is waiting, a second save and Escape are held back."""
    ticks: list[int] = []
    timer = pilot.app.set_interval(0.05, lambda: ticks.append(1))
    await pilot.press("ctrl+s")
    await pilot.pause(0.5)
    assert form.saving and pilot.app.screen is form
    await pilot.press("x", "y")
    await pilot.press("ctrl+s", "escape")  # neither a second save nor leaving the form
    await pilot.pause(0.1)
    assert form.saving and pilot.app.screen is form
    assert "xy" in form.values()["title"], "keys typed during the save were not processed"
    assert len(ticks) >= 5, f"the UI thread was blocked ({len(ticks)} ticks in 0.6 s)"
    assert "waiting for the database" in str(form.query_one("#form-keys").render())
    timer.stop()


async def test_the_keys_work_while_a_save_waits_for_the_lock(db_path):
    """A form save waits for another desk's write lock off the UI thread (app.db): the
    keys keep working meanwhile (before, the UI froze up to the 10 s busy timeout), and
    the save completes as soon as the other desk is done, with the values as they were
    when the user saved."""
    other = OtherDesk(db_path)
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        form = await _open_reminder_form(pilot)
        form.set_value("title", "Kasko teklifini ara")
        with other:
            await _keys_work_while_saving(pilot, form)
            assert Reminder.select().count() == 0
        await settle(pilot)
        assert app.screen is not form
        assert [r.title for r in Reminder.select()] == ["Kasko teklifini ara"]
    other.close()


async def test_a_save_that_waits_too_long_says_so(db_path):
    """The other desk keeps the lock past the busy timeout (here 5 s: the checks of the keys
    take ~0.6 s, and a loaded CI machine once needed more than 2 s for them): the keys worked
    while the save waited, then one line says nothing was saved, the form stays open with
    what was typed, and its keys line is back."""
    on_every_connection("busy_timeout", 5000)
    other = OtherDesk(db_path)
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        form = await _open_reminder_form(pilot)
        form.set_value("title", "Kasko teklifini ara")
        with other:
            await _keys_work_while_saving(pilot, form)
            await settle(pilot)
            assert not form.saving and app.screen is form
        line = form_line(form)
        assert "Nothing was saved" in line and "busy in another window or desk" in line
        assert "xy" in form.values()["title"]
        assert form.keys_line() == str(form.query_one("#form-keys").render())  # back from "Saving…"
        assert Reminder.select().count() == 0
    other.close()


async def test_full_disk_and_read_only_during_a_form_save(db_path):
    """The shared form base (here the reminder form, F4 n): a full disk, then a read-only
    file; each time one line at the form, the typed values kept, nothing written."""
    from crm_tui.ui.screens.reminder_form import ReminderFormScreen

    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ReminderFormScreen)
        form.set_value("title", "Kasko teklifini ara")
        form.set_value("notes", "Uzun not: " + "ğüşiöç " * 3000)  # needs new pages
        pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
        on_every_connection("max_page_count", pages)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running and app.screen is form
        assert "disk is full" in form_line(form)
        assert form.values()["title"] == "Kasko teklifini ara"
        assert Reminder.select().count() == 0

        on_every_connection("max_page_count", 1073741823)
        on_every_connection("query_only", 1)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "read-only" in form_line(form)
        assert Reminder.select().count() == 0

        on_every_connection("query_only", 0)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        assert Reminder.get().title == "Kasko teklifini ara"


async def test_one_key_done_on_today_while_locked_then_read_only(db_path):
    """Today's one-key actions (here d = done) call the domain through ui.faults.attempt:
    one notification, the line stays open, pressing the key again works."""
    on_every_connection("busy_timeout", 200)
    reminder = rem.create_reminder(rem.ReminderInput(title="Ayşe Hanım'ı ara", due=TODAY))
    other = OtherDesk(db_path)
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.current().ref_id == reminder.id
        with other:
            await pilot.press("d")
            await settle(pilot)
        assert app.is_running
        assert "busy in another window or desk" in shown(app)
        assert Reminder.get_by_id(reminder.id).status == "open"

        app.clear_notifications()
        on_every_connection("query_only", 1)
        await pilot.press("d")
        await settle(pilot)
        assert "read-only" in shown(app)
        assert Reminder.get_by_id(reminder.id).status == "open"

        on_every_connection("query_only", 0)
        await pilot.press("d")
        await settle(pilot)
        assert Reminder.get_by_id(reminder.id).status == "done"
    other.close()


class _Unguarded(Screen):
    """A screen whose action writes without any error handling of its own."""

    BINDINGS = [Binding("w", "write", "write")]

    def action_write(self) -> None:
        rem.create_reminder(rem.ReminderInput(title="Korumasız", due=TODAY))


async def test_any_key_action_survives_a_storage_error(db_path):
    """The app-wide net (CrmApp.run_action): an action a screen forgot to guard."""
    on_every_connection("query_only", 1)
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = _Unguarded()
        await app.push_screen(screen)
        await pilot.press("w")
        await settle(pilot)
        assert app.is_running and app.screen is screen
        assert "read-only" in shown(app)
        on_every_connection("query_only", 0)
        await pilot.press("w")
        await settle(pilot)
        assert Reminder.select().where(Reminder.title == "Korumasız").count() == 1


async def test_damage_found_while_loading_a_list_is_one_line(db_path):
    """A damaged page found by a list's loading worker (the check at open only covers
    small files): one line, the app keeps running."""
    for i in range(3):
        rem.create_reminder(rem.ReminderInput(title=f"Hatırlatma {i}", due=TODAY))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = db.execute_sql("PRAGMA page_size").fetchone()[0]
        roots = [
            r[0]
            for r in db.execute_sql(
                "SELECT rootpage FROM sqlite_master WHERE tbl_name = 'reminder' AND rootpage > 0"
            )
        ]
        with open(db_path, "r+b") as fh:
            for page in roots:
                fh.seek((page - 1) * page_size)
                fh.write(b"\xa5" * page_size)
        await pilot.press("f4")  # the reminders list loads in a worker, on a new connection
        await settle(pilot)
        assert app.is_running
        assert "damaged" in shown(app)


async def test_reminder_edited_at_another_desk_asks_before_saving(db_path):
    """The shared form base asks on an edit conflict (here the reminder form): load their
    version, or save over it on purpose; never a silent overwrite."""
    from crm_tui.ui.dialogs.choice import ChoiceScreen
    from crm_tui.ui.screens.reminder_form import ReminderFormScreen

    reminder = rem.create_reminder(rem.ReminderInput(title="Poliçeyi yenile", due=TODAY))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f4")
        await settle(pilot)

        async def edit(title: str):
            await pilot.press("e")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ReminderFormScreen)
            form.set_value("title", title)
            rem.snooze(reminder.id, "week")  # the other desk, meanwhile
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, ChoiceScreen), "the user must be asked"
            return form

        form = await edit("Benim başlığım")
        await pilot.press("r")  # load theirs
        await settle(pilot)
        assert app.screen is form
        assert form.values()["title"] == "Poliçeyi yenile"
        assert form.values()["due"] == format_date(date(2026, 11, 29))  # their snooze
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        assert Reminder.get_by_id(reminder.id).title == "Poliçeyi yenile"

        form = await edit("Yine benim başlığım")
        await pilot.press("o")  # overwrite, on purpose
        await settle(pilot)
        assert app.screen is not form
        assert Reminder.get_by_id(reminder.id).title == "Yine benim başlığım"
