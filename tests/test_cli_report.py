"""``crm-tui report claims``: the dispatcher, filters, table and CSV (formulas neutralised,
Turkish dates and decimal commas in Turkish)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crm_tui.cli import main
from crm_tui.db import close_database, open_database
from crm_tui.db.models import Customer, Policy
from crm_tui.domain import claims as cl
from crm_tui.i18n import set_language

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "crm.sqlite3"
    open_database(path)
    try:
        ayse = Customer.create(name='=HYPERLINK("x")')
        omer = Customer.create(name="Ömer Çelik")
        kasko = Policy.create(
            customer=ayse, line="kasko", provider="Axa", start_date=date(2026, 1, 1)
        )
        konut = Policy.create(
            customer=omer, line="konut", provider="Allianz", start_date=date(2026, 1, 1)
        )
        a = cl.open_claim(
            kasko.id,
            cl.ClaimInput(loss_date="03.10.2026", kind="collision", expected_amount="12.500,50"),
            now=NOW,
        )
        cl.change_status(a.id, "approved", now=NOW)
        cl.change_status(a.id, "paid", paid_amount="11000", now=NOW)
        cl.open_claim(konut.id, cl.ClaimInput(loss_date="15.11.2026", kind="flood"), now=NOW)
    finally:
        close_database()
        set_language("en")
    return str(path)


def test_table_with_filters(book, capsys):
    assert main(["--db", book, "--lang", "en", "report", "claims"]) == 0
    out = capsys.readouterr().out
    assert "Collision" in out and "Flood / water damage" in out
    assert "2 claims · expected ₺12,500.50 · paid ₺11,000.00" in out
    assert main(["--db", book, "--lang", "en", "report", "claims", "--insurer", "Allianz"]) == 0
    out = capsys.readouterr().out
    assert "Ömer Çelik" in out and "Collision" not in out
    assert main(["--db", book, "--lang", "en", "report", "claims", "--from", "01.11.2026"]) == 0
    assert "1 claims" in capsys.readouterr().out
    assert main(["--db", book, "--lang", "en", "report", "claims", "--line", "kasko"]) == 0
    assert "Ömer" not in capsys.readouterr().out


def test_csv_in_turkish_is_safe(book, tmp_path, capsys):
    out = tmp_path / "hasar.csv"
    args = ["--db", book, "--lang", "tr", "report", "claims", "--format", "csv", "--out", str(out)]
    assert main(args) == 0
    text = out.read_bytes().decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("hasar tarihi;müşteri;branş")
    assert lines[1].startswith("03.10.2026;\"'=HYPERLINK")  # a formula stays text
    assert ";12500,50;11000,00" in lines[1]
    assert "Su basması" in lines[2] and "İhbar edildi" in lines[2]


def test_bad_options(book, capsys):
    assert main(["--db", book, "--lang", "en", "report", "claims", "--line", "boat"]) != 0
    assert "Unknown line" in capsys.readouterr().err
    assert main(["--db", book, "--lang", "en", "report", "claims", "--from", "32.13.2026"]) != 0
    args = ["--db", book, "--lang", "en", "report", "claims"]
    assert main([*args, "--from", "10.11.2026", "--to", "01.11.2026"]) != 0
