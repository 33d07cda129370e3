"""``crm-tui report instalments``: by due date, --overdue, --insurer/--line (policies), CSV
in Turkish (decimal commas, formulas neutralised)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from crm_tui.cli import main
from crm_tui.db import close_database, open_database
from crm_tui.db.models import Customer, Policy, Purchase
from crm_tui.domain import instalments as ins
from crm_tui.i18n import set_language

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def book(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_NOW", "2026-11-22T10:00")
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    path = tmp_path / "crm.sqlite3"
    open_database(path)
    try:
        ayse = Customer.create(name='=HYPERLINK("x")')
        omer = Customer.create(name="Ömer Çelik")
        kasko = Policy.create(
            customer=ayse, line="kasko", provider="Axa", start_date=date(2026, 1, 1)
        )
        rows = ins.create_plan(
            ins.PlanInput(total="1000", count=3, first_due="01.10.2026"),
            policy_id=kasko.id,
            now=NOW,
        )
        ins.mark_paid(rows[0].id, "05.10.2026", method="havale", now=NOW)
        klima = Purchase.create(customer=omer, amount=Decimal("600"), description="Klima")
        ins.create_plan(
            ins.PlanInput(total="600", count=2, first_due="15.12.2026"),
            purchase_id=klima.id,
            now=NOW,
        )
    finally:
        close_database()
        set_language("en")
    return str(path)


def test_table_overdue_and_filters(book, capsys):
    assert main(["--db", book, "--lang", "en", "report", "instalments"]) == 0
    out = capsys.readouterr().out
    assert "Motor own damage (kasko) · Axa" in out and "Klima" in out and "Bank transfer" in out
    assert "5 instalments · ₺1,600.00 · paid ₺333.34 · left ₺1,266.66" in out
    assert main(["--db", book, "--lang", "en", "report", "instalments", "--overdue"]) == 0
    out = capsys.readouterr().out
    assert "1 instalments" in out and "2/3" in out
    assert main(["--db", book, "--lang", "en", "report", "instalments", "--insurer", "Axa"]) == 0
    assert "Klima" not in capsys.readouterr().out
    args = ["--db", book, "--lang", "en", "report", "instalments", "--from", "01.12.2026"]
    assert main(args) == 0
    assert "3 instalments" in capsys.readouterr().out


def test_csv_in_turkish(book, tmp_path, capsys):
    out = tmp_path / "taksit.csv"
    args = ["--db", book, "--lang", "tr", "report", "instalments", "--format", "csv"]
    assert main([*args, "--out", str(out)]) == 0
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("vade;müşteri;")
    assert lines[1].startswith("01.10.2026;\"'=HYPERLINK")
    assert ";333,34;333,34;0,00;05.10.2026;Havale/EFT" in lines[1]


def test_today_lists_the_overdue_instalment(book, capsys):
    # crm-tui today prints every group of the agenda (it failed on the claims group before)
    assert main(["--db", book, "--lang", "en", "today"]) == 0
    out = capsys.readouterr().out
    assert "Instalments (1)" in out and "21 days overdue" in out and "2/3" in out
