"""``crm-tui report commission``: monthly totals by insurer and line, one row a policy,
CSV in Turkish, and staff refused in one line (exit 2)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from crm_tui.cli import main
from crm_tui.db import close_database, open_database
from crm_tui.db.models import AppUser, Customer, Policy
from crm_tui.domain import commission as cm
from crm_tui.domain import roles
from crm_tui.i18n import set_language


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "crm.sqlite3"
    open_database(path)
    try:
        ayse = Customer.create(name="Ayşe Yılmaz")
        for month, line, provider in ((3, "kasko", "Axa"), (3, "kasko", "Axa"), (5, "dask", "Ak")):
            Policy.create(
                customer=ayse,
                line=line,
                provider=provider,
                start_date=date(2026, month, 1),
                end_date=date(2027, month, 1),
                premium=Decimal("1000"),
            )
        cm.save_rate("Axa", "kasko", "10", "01.01.2026")
        cm.save_rate("Ak", "dask", "20", "01.01.2026")
        first = Policy.select().order_by(Policy.id).first()
        cm.record_receipt(first.id, "01.04.2026", "100", today=date(2026, 11, 22))
    finally:
        close_database()
        roles.forget()
        set_language("en")
    return str(path)


def test_monthly_totals_and_policies(book, capsys):
    assert main(["--db", book, "--lang", "en", "report", "commission"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["month", "insurer", "line"]
    assert re.search(r"2026-03  Axa .*kasko\)  +₺200\.00  +₺100\.00", out)
    assert "3 policies · expected ₺400.00 · received ₺100.00 · outstanding ₺300.00" in out
    assert main(["--db", book, "--lang", "en", "report", "commission", "--line", "dask"]) == 0
    assert "1 policies" in capsys.readouterr().out
    assert main(["--db", book, "--lang", "en", "report", "commission", "--policies"]) == 0
    assert capsys.readouterr().out.count("Ayşe Yılmaz") == 3


def test_csv_in_turkish(book, tmp_path):
    out = tmp_path / "komisyon.csv"
    args = ["--db", book, "--lang", "tr", "report", "commission", "--format", "csv"]
    assert main([*args, "--out", str(out)]) == 0
    rows = out.read_bytes().decode("utf-8-sig").splitlines()
    assert rows[0].startswith("ay;sigorta şirketi;branş")
    assert rows[1].startswith("03.2026;Axa;Kasko;200,00;100,00")


def test_staff_get_one_line(book, capsys):
    open_database(book)
    try:
        AppUser.create(name="ayse", role="owner")
        AppUser.create(name="mehmet", role="staff")
    finally:
        close_database()
        roles.forget()
    code = main(["--db", book, "--lang", "en", "--user", "mehmet", "report", "commission"])
    assert code == 2
    err = capsys.readouterr().err
    assert err == "crm-tui: Staff may not see commissions; ask an owner of the book.\n"
