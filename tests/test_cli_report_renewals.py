"""``crm-tui report renewals`` and ``report winloss``: filters, table and CSV."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from crm_tui.cli import main
from crm_tui.db import close_database, open_database
from crm_tui.db.models import Customer, Policy
from crm_tui.domain import renewal_workbench as wb
from crm_tui.domain import renewals as ren
from crm_tui.i18n import set_language

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "crm.sqlite3"
    open_database(path)
    try:

        def pol(name, end, line="kasko", provider="Axa", premium="1000.00"):
            c = Customer.create(name=name)
            return Policy.create(
                customer=c,
                line=line,
                provider=provider,
                number=f"N-{name[:3]}",
                start_date=end - timedelta(days=365),
                end_date=end,
                premium=Decimal(premium),
            )

        a = pol("Ayşe Kaya", date(2026, 3, 10))
        b = pol("Ömer Çelik", date(2026, 4, 10), line="trafik", provider="Allianz", premium="700")
        c = pol("Can Öz", date(2026, 5, 10))
        d = pol("Deniz Ak", date(2026, 6, 10))
        ren.renew(a.id, premium="1200.00", now=NOW)
        ren.mark_lost(b.id, "price", now=NOW)
        ren.mark_lost(c.id, "competitor", now=NOW)
        wb.bulk_assign([d.id], "ayse", now=NOW)
    finally:
        close_database()
        set_language("en")
    return str(path)


def run(book, *args) -> int:
    return main(["--db", book, "--lang", "en", "report", *args])


def test_renewals_report(book, capsys):
    period = ["--from", "01.01.2026", "--to", "31.12.2026"]
    assert run(book, "renewals", *period) == 0
    out = capsys.readouterr().out
    assert "Ayşe Kaya" in out and "+20.0%" in out and "ayse" in out
    assert "4 renewals ending 01.01.2026" in out or "4 renewals ending" in out
    assert run(book, "renewals", *period, "--status", "lost") == 0
    out = capsys.readouterr().out
    assert "Ömer Çelik" in out and "Can Öz" in out and "Ayşe" not in out
    assert run(book, "renewals", *period, "--line", "trafik") == 0
    out = capsys.readouterr().out
    assert "Ömer Çelik" in out and "Can Öz" not in out
    assert run(book, "renewals", *period, "--user", "AYSE") == 0
    out = capsys.readouterr().out
    assert "Deniz Ak" in out and "Can Öz" not in out


def test_winloss_report_table_and_csv(book, tmp_path, capsys):
    period = ["--from", "01.01.2026", "--to", "31.12.2026"]
    assert run(book, "winloss", *period) == 0
    out = capsys.readouterr().out
    assert "1 renewed, 2 lost, retention 33.3%" in out
    assert out.index("Competitor") < out.index("Price")  # 1,000 lost before 700
    assert run(book, "winloss", *period, "--insurer", "Allianz") == 0
    assert "0 renewed, 1 lost" in capsys.readouterr().out
    out_file = tmp_path / "wl.csv"
    assert (
        main(
            [
                "--db",
                book,
                "--lang",
                "tr",
                "report",
                "winloss",
                *period,
                "--format",
                "csv",
                "--out",
                str(out_file),
            ]
        )
        == 0
    )
    text = out_file.read_bytes().decode("utf-8-sig")
    assert "1000,00" in text and ";" in text
    assert "1200,00" in text
