"""Issue 14, item 1: control sequences in customer data never reach the terminal.

Stored text never holds control characters any more (crm_tui.safe_text.clean on every
model write); text stored by an earlier version is shown with visible symbols. Tried
here the way an attacker would: hostile names in an imported CSV, through every command
that prints them, and an old file's names on the app's screens."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from datetime import date

import pytest

from crm_tui.safe_text import clean, printable

SEQUENCES = {
    "csi-clear": "\x1b[2J\x1b[H",
    "osc-title-bel": "\x1b]0;hacked\x07",
    "osc-title-st": "\x1b]0;hacked\x1b\\",
    "osc52-clipboard": "\x1b]52;c;ZWNobyBoaQ==\x07",
    "c1-csi": "\x9b2J",
    "bare-esc": "\x1b",
    "bell-backspace": "\x07\x08\x08",
    "bidi-override": "\u202eTÜRK",
}
RAW = ("\x1b", "\x9b", "\x07", "\x08", "\u202e")


def _no_raw(text: str) -> None:
    for ch in RAW:
        assert ch not in text, repr(text)


@pytest.mark.parametrize("seq", SEQUENCES.values(), ids=SEQUENCES.keys())
def test_clean_and_printable(seq):
    _no_raw(clean(f"Ali {seq}Veli"))
    _no_raw(printable(f"Ali {seq}Veli"))
    assert "Ali" in printable(f"Ali {seq}Veli") and "Veli" in clean(f"Ali {seq}Veli")
    assert clean("satır 1\r\nsatır 2\tx", multiline=True) == "satır 1\nsatır 2\tx"
    assert clean("Ali\nVeli") == "Ali Veli"


def _crm(tmp_path, *args):
    env = dict(os.environ, CRM_TUI_DATA_DIR=str(tmp_path / "data"), CRM_TUI_TODAY="2026-11-22")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "crm_tui",
            "--lang",
            "en",
            "--db",
            str(tmp_path / "a.sqlite3"),
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_hostile_names_from_a_csv_never_reach_the_terminal(tmp_path):
    src = tmp_path / "kotu.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Ad Soyad", "Cep Telefonu", "Şehir", "Notlar"])
        for i, seq in enumerate(SEQUENCES.values()):
            writer.writerow(
                [f"Saldırgan{seq} Kişi {i}", f"0532 100 00 {i:02d}", f"İzmir{seq}", seq]
            )
        writer.writerow([f"Bozuk{SEQUENCES['csi-clear']}", "12", "", ""])  # a refused row
    for args in (
        ("import", str(src), "--dry-run"),
        ("import", str(src), "--yes", "--accept-errors"),
        ("lookup", "saldirgan"),
        ("lookup", "kisi"),
        ("today",),
        ("export", "--format", "csv", "--out", str(tmp_path / "out.csv")),
    ):
        done = _crm(tmp_path, *args)
        assert done.returncode in (0, 1), done.stderr
        _no_raw(done.stdout + done.stderr)
    # stored without the sequences
    conn = sqlite3.connect(tmp_path / "a.sqlite3")
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name || coalesce(city, '') || coalesce(notes, '') FROM customer"
        )
    ]
    conn.close()
    assert len(names) == len(SEQUENCES)
    for name in names:
        _no_raw(name)


async def test_an_old_files_hostile_names_are_shown_harmlessly_in_the_app(db_path):
    """A file written before this rule may still hold the sequences: the app's lists and
    card show them as symbols (checked on everything the app draws)."""
    from crm_tui.db.models import Customer, Reminder, db
    from crm_tui.domain.customers import CustomerInput, create_customer
    from crm_tui.domain.reminders import ReminderInput, create_reminder
    from tests.ui.helpers import new_app, settle, type_text

    hostile = "Saldırgan" + "".join(SEQUENCES.values())
    customer = create_customer(CustomerInput(name="Saldırgan Kişi"))
    create_reminder(
        ReminderInput(title="Ara", due=date.today(), customer_id=customer.id), today=date.today()
    )
    # as an earlier version stored it: straight into the file, past the model's cleaning
    db.execute_sql(
        "UPDATE customer SET name = ?, city = ? WHERE id = ?", (hostile, hostile, customer.id)
    )
    db.execute_sql("UPDATE reminder SET title = ?", (hostile,))
    assert Customer.select().count() == 1 and Reminder.select().count() == 1

    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)

        shot = app.export_screenshot()
        _no_raw(shot)
        assert "Saldırgan" in shot  # the line is there, shown
        await pilot.press("f3")
        await type_text(pilot, "saldirgan")
        await settle(pilot)
        _no_raw(app.export_screenshot())
        assert "Saldırgan" in app.export_screenshot()
        await pilot.press("enter")
        await settle(pilot)
        _no_raw(app.export_screenshot())


def test_an_old_files_text_is_cleaned_once_when_this_version_opens_it(tmp_path):
    """What an earlier version stored with control sequences is cleaned at the first open,
    every table's text columns, and the search index follows."""
    from crm_tui.db import close_database, open_database
    from crm_tui.db.models import Customer, Reminder, Setting, db
    from crm_tui.db.text_cleanup import MARKER
    from crm_tui.domain.customers import CustomerInput, create_customer, search_customers
    from crm_tui.domain.reminders import ReminderInput, create_reminder

    path = tmp_path / "old.sqlite3"
    open_database(path)
    c = create_customer(CustomerInput(name="Eski Kayıt", notes="satır 1\nsatır 2"))
    create_reminder(ReminderInput(title="Ara", due=date(2026, 11, 22), customer_id=c.id))
    seq = "".join(SEQUENCES.values())
    db.execute_sql(
        "UPDATE customer SET name = ?, notes = ? WHERE id = ?",
        (f"Eski{seq} Kayıt", f"satır 1\nsatır{seq} 2", c.id),
    )
    db.execute_sql("UPDATE reminder SET title = ?", (f"Ara{seq}",))
    Setting.delete().where(Setting.key == MARKER).execute()  # as an earlier version left it
    close_database()

    open_database(path)
    try:
        customer = Customer.get_by_id(c.id)
        for text in (customer.name, customer.notes, Reminder.get().title):
            _no_raw(text)
        assert customer.name.startswith("Eski") and customer.name.endswith("Kayıt")
        assert "\n" in customer.notes  # notes keep their lines
        assert [hit.id for hit in search_customers("eski")] == [c.id]
        assert Setting.get_or_none(Setting.key == MARKER) is not None
    finally:
        close_database()


def test_a_json_export_with_control_sequences_loads_clean(tmp_path):
    import json

    from crm_tui.db import close_database, open_database
    from crm_tui.db.models import Customer
    from crm_tui.domain import exporters, importers
    from crm_tui.domain.customers import CustomerInput, create_customer

    open_database(tmp_path / "a.sqlite3")
    try:
        create_customer(CustomerInput(name="Kaynak Kişi", notes="bir\nki"))
        exporters.export("json", None, tmp_path / "all.json")
    finally:
        close_database()
    text = (tmp_path / "all.json").read_text(encoding="utf-8")
    hostile = json.dumps("Kaynak" + "".join(SEQUENCES.values()) + " Kişi")[1:-1]
    (tmp_path / "all.json").write_text(text.replace("Kaynak Kişi", hostile), encoding="utf-8")
    open_database(tmp_path / "b.sqlite3")
    try:
        importers.import_json(tmp_path / "all.json")
        customer = Customer.get()
        _no_raw(customer.name)
        assert customer.name.startswith("Kaynak") and customer.notes == "bir\nki"
    finally:
        close_database()
