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


def _terminal_bytes(app) -> str:
    """What the app would write to the terminal for the whole screen now: the strips every
    widget drew (after the app's line filters), turned into terminal sequences."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return update.render_segments(app.console)


def _no_payload(out: str) -> None:
    """None of the hostile sequences survived in what goes to the terminal (the app's own
    styling sequences are ESC [ … m; it never clears, sets a title or the clipboard)."""
    for bad in ("\x1b[2J", "\x1b]0;", "\x1b]52;", "\x9b", "\x07", "\x08", "\u202e", "\x1b\x1b"):
        assert bad not in out, (bad, out[max(0, out.find(bad) - 60) : out.find(bad) + 60])
    # every ESC left starts one of the app's own CSI sequences
    for i in (i for i, ch in enumerate(out) if ch == "\x1b"):
        assert out[i + 1 : i + 2] == "[", repr(out[i - 20 : i + 20])


async def test_widgets_without_their_own_escaping_send_no_control_characters(db_path):
    """The net under the whole app (crm_tui.ui.safe_lines): stored text an earlier version
    left with control sequences, shown where no widget escapes it itself (the edit form's
    inputs, the complaint detail, a notification carrying a name), reaches the terminal
    without a single control character; every line keeps its width."""
    from crm_tui.db.models import db
    from crm_tui.domain import complaints as cp
    from crm_tui.domain.customers import CustomerInput, create_customer
    from crm_tui.ui.screens.complaint_detail import ComplaintDetailScreen
    from tests.ui.helpers import new_app, open_card, settle

    hostile = "".join(SEQUENCES.values())
    customer = create_customer(
        CustomerInput(name="Saldırgan Kişi", company="Firma", city="İzmir", notes="not")
    )
    complaint = cp.open_complaint(customer.id, "Kırık", description="açıklama")
    db.execute_sql(  # as an older version on another desk stored it, after this one opened
        "UPDATE customer SET name = ?, company = ?, city = ?, notes = ? WHERE id = ?",
        (f"Saldırgan{hostile} Kişi", f"Firma{hostile}", f"İzmir{hostile}", hostile, customer.id),
    )
    db.execute_sql(
        "UPDATE complaint SET subject = ?, description = ?, owner = ?",
        (f"Kırık{hostile}", f"satır 1\nsatır{hostile} 2", f"Mert{hostile}"),
    )

    app = new_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        _no_payload(_terminal_bytes(app))
        await open_card(pilot, customer.id)
        _no_payload(_terminal_bytes(app))
        await pilot.press("e")  # the edit form: its inputs hold the stored text as it is
        await settle(pilot)
        assert type(app.screen).__name__ == "CustomerFormScreen"
        out = _terminal_bytes(app)
        _no_payload(out)
        assert "Saldırgan" in out and "Kişi" in out
        await pilot.press("escape")
        await settle(pilot)
        app.push_screen(ComplaintDetailScreen(complaint.id))
        await settle(pilot)
        out = _terminal_bytes(app)
        _no_payload(out)
        assert "Kırık" in out
        app.notify(f"Kaydedildi: Saldırgan{hostile} Kişi")  # a message naming the customer
        await settle(pilot)
        await pilot.pause(0.3)
        out = _terminal_bytes(app)
        _no_payload(out)
        assert "Kaydedildi" in out
        _no_raw(app.export_screenshot())
        # widths kept: every row of the screen is exactly the terminal's width
        for strip in app.screen._compositor.render_strips():
            assert strip.cell_length == 100


def _run_in_a_terminal(tmp_path, keys: list[tuple[bytes, str]], cols: int = 100, rows: int = 30):
    """Start the real app in a pseudo-terminal and press ``keys``, each when the text
    after it has appeared (a key with no text waits a moment); returns every byte the app
    wrote to the terminal, up to its exit after ctrl+q."""
    import fcntl
    import pty
    import select
    import struct
    import termios
    import time

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor")
    env.pop("TEXTUAL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "crm_tui", "--lang", "en", "--db", str(tmp_path / "a.sqlite3")],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    out = bytearray()

    def read_until(want: str | None, wait: float) -> None:
        end = time.monotonic() + wait
        while time.monotonic() < end:
            ready, _w, _x = select.select([leader], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the app ended: its side of the terminal closed
                    return
                if not chunk:
                    return
                out.extend(chunk)
                if want and want.encode() in out:
                    time.sleep(0.3)  # let it finish painting
                    want = None
                    end = time.monotonic() + 0.5

    try:
        for key, want in [(b"", "Customers"), *keys, (b"\x11", "")]:  # ctrl+q last
            if key:
                os.write(leader, key)
            read_until(want or None, 20 if want else 1.5)
        read_until(None, 5)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(leader)
    return bytes(out)


def test_the_real_app_on_a_real_terminal_gets_no_hostile_sequence(tmp_path):
    """The bytes a real terminal receives from the app, run on a pseudo-terminal: a file
    with control sequences in the names (another desk's older version wrote them after
    this file was cleaned), Today, Customers, the card and the edit form. Nothing clears
    the screen, sets the title or the clipboard, no C1 CSI; the names are there."""
    src = tmp_path / "k.csv"
    src.write_text("Ad Soyad,Cep Telefonu\nSaldırgan Kişi,0532 100 00 01\n", encoding="utf-8")
    assert _crm(tmp_path, "import", str(src), "--yes").returncode == 0
    hostile = "".join(SEQUENCES.values())
    conn = sqlite3.connect(tmp_path / "a.sqlite3")
    with conn:
        conn.execute(
            "UPDATE customer SET name = ?, city = ?", (f"Saldırgan{hostile} Kişi", hostile)
        )
    conn.close()

    out = _run_in_a_terminal(
        tmp_path,
        [
            (b"\x1bOR", "Saldırgan"),  # F3: Customers, the name in the list
            (b"\r", "Saldırgan"),  # Enter: the card
            (b"e", "Edit"),  # the edit form, the name in its title and input
            (b"\x1b", ""),
        ],
    )
    text = out.decode("utf-8", "replace")
    assert "Saldırgan" in text, text[-2000:]
    for bad in ("\x1b[2J", "\x1b]0;", "\x1b]52;", "\x9b", "hacked\x07", "\u202e"):
        assert bad not in text, (bad, text[max(0, text.find(bad) - 80) : text.find(bad) + 80])


def test_import_says_where_control_characters_were_removed(tmp_path):
    """Nothing hostile is stored, and the user is told which rows lost what: a CSV with a
    hostile column name and two hostile rows, a vCard with one hostile contact."""
    src = tmp_path / "k.csv"
    src.write_text(
        "Ad Soyad,Cep Telefonu,Not\x1b]0;başlık\x07lar\n"
        "Temiz Kişi,0532 100 00 01,\n"
        "Kötü\x1b]52;c;QQ==\x07 Kişi,0532 100 00 02,\n"
        "Başka Temiz,0532 100 00 03,\n"
        "Yine\x9b2J Kötü,0532 100 00 04,x\x1b[2J\n",
        encoding="utf-8",
    )
    done = _crm(tmp_path, "import", str(src), "--dry-run")
    assert done.returncode == 0, done.stderr
    _no_raw(done.stdout + done.stderr)
    assert "Control characters removed (the column names; Row 3, 5)" in done.stdout
    done = _crm(tmp_path, "import", str(src), "--yes")
    assert "Control characters removed" in done.stdout and "Imported: 4 created" in done.stdout

    card = tmp_path / "k.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Vcard Temiz\r\nTEL:+905321000005\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Vcard\x1b]0;x\x07 Kötü\r\nTEL:+905321000006\r\n"
        "NOTE:n\u009b1m\r\nEND:VCARD\r\n",
        encoding="utf-8",
        newline="",
    )
    done = _crm(tmp_path, "import", str(card), "--yes")
    assert done.returncode == 0, done.stderr
    _no_raw(done.stdout + done.stderr)
    assert "Control characters removed (Contact 2)" in done.stdout
    conn = sqlite3.connect(tmp_path / "a.sqlite3")
    stored = conn.execute("SELECT group_concat(name || coalesce(notes, ''), '|') FROM customer")
    text = stored.fetchone()[0]
    conn.close()
    _no_raw(text)
    # only the control characters go; the printable rest of a sequence stays, visible
    assert "Kötü]52;c;QQ== Kişi" in text and "Yine2J Kötü" in text and "Vcard]0;x Kötü" in text


async def test_the_import_screen_shows_a_hostile_file_harmlessly_and_says_where(db_path, tmp_path):
    """The import screen with a hostile CSV: the mapping's samples, the column names and the
    refused row's reason reach the terminal without control characters, the issues list
    says which rows lost them, and the import stores none."""
    from textual.widgets import DataTable

    from crm_tui.db.models import Customer
    from crm_tui.ui.screens.import_screen import ImportScreen
    from tests.ui.helpers import new_app, settle

    src = tmp_path / "k.csv"
    seq = "".join(SEQUENCES.values())
    src.write_text(
        # (a header full of OSC's ';' would make ';' the delimiter: refused, harmlessly)
        "Ad Soyad,Cep Telefonu,Şehir\x1b[2J\x9b2J\u202e\n"
        f"Kötü{seq} Kişi,0532 100 00 01,İzmir{seq}\n"
        "Temiz Kişi,0532 100 00 02,Ankara\n"
        f"Bozuk{seq},12,\n",
        encoding="utf-8",
    )
    app = new_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await app.push_screen(ImportScreen())
        await pilot.pause()
        app.screen.query_one("Input").value = str(src)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)  # the file is read, then the preview is planned
        out = _terminal_bytes(app)
        _no_payload(out)
        assert "Kötü" in out and "Şehir" in out
        issues = app.screen.query_one("#import-issues", DataTable)
        rows = [[str(c) for c in issues.get_row_at(i)] for i in range(issues.row_count)]
        assert any("Control characters removed (the column names; Row 2, 4)" in r[1] for r in rows)
        assert any(r[0] == "Row 4" and r[1].startswith("Refused") for r in rows)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")  # import the good rows
        await settle(pilot)
        _no_payload(_terminal_bytes(app))
    names = [c.name + (c.city or "") for c in Customer.select()]
    assert len(names) == 2
    for name in names:
        _no_raw(name)


async def test_control_sequences_pasted_into_a_form_are_refused_never_shown_raw_or_stored(db_path):
    """A user pastes a name copied from a hostile web page or message (bracketed paste, as
    the terminal delivers it) into the new-customer form: the form draws it without the
    control characters; the first save is refused with a message under each such field,
    which now holds the visible text only; the second save stores exactly that."""
    from textual import events

    from crm_tui.db.models import Customer
    from crm_tui.ui.screens.customer_form import CustomerFormScreen
    from tests.ui.helpers import new_app, screen_text, settle

    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CustomerFormScreen)
        for field, pasted in (
            ("name", "Ali\x1b]0;hacked\x07 Veli\x9b2J"),
            ("city", "İzmir\x1b]52;c;ZWNobyBoaQ==\x07"),
            ("notes", "satır 1\x1b[2J\nsatır\u202e 2\x08"),
        ):
            widget = form.query_one(f"#f-{field}")
            widget.focus()
            await pilot.pause()
            app.post_message(events.Paste(pasted))  # as the driver delivers it
            await settle(pilot)
            if field == "name":  # the visible rest is drawn (while the field is in view)
                assert "Ali]0;hacked Veli2J" in screen_text(app)
        _no_payload(_terminal_bytes(app))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused: nothing saved yet
        assert Customer.select().count() == 0
        for field in ("name", "city", "notes"):
            assert "control characters" in str(form.query_one(f"#e-{field}").render())
        values = form.values()
        assert values["name"] == "Ali]0;hacked Veli2J"
        for text in (values["name"], values["city"], values["notes"]):
            _no_raw(text)
        _no_payload(_terminal_bytes(app))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CustomerFormScreen)
        _no_payload(_terminal_bytes(app))
    customer = Customer.get()
    for text in (customer.name, customer.city, customer.notes):
        _no_raw(text)
    assert customer.name == "Ali]0;hacked Veli2J"
    assert customer.notes == "satır 1[2J\nsatır 2"


async def test_a_form_saves_tabs_and_line_breaks_of_notes_at_once(db_path):
    """The refusal is for control characters only: notes with tabs and line breaks (a
    paste from a spreadsheet or an e-mail) save at the first try, as they are."""
    from textual import events

    from crm_tui.db.models import Customer
    from crm_tui.ui.screens.customer_form import CustomerFormScreen
    from tests.ui.helpers import new_app, settle

    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CustomerFormScreen)
        form.query_one("#f-name").focus()
        await pilot.pause()
        app.post_message(events.Paste("Şükrü Işık"))
        await settle(pilot)
        form.query_one("#f-notes").focus()
        await pilot.pause()
        app.post_message(events.Paste("kasko\t1.250,50\nsağlık\t900"))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CustomerFormScreen)
    customer = Customer.get()
    assert customer.name == "Şükrü Işık"
    assert customer.notes == "kasko\t1.250,50\nsağlık\t900"
