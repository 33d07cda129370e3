"""XLSX from the command line: ``crm-tui import`` of an insurer's list (saved mapping
offered again, renewals) and ``crm-tui report … --format xlsx`` (real dates and numbers,
Turkish headers in Turkish, formulas kept as text)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl

from crm_tui.cli import main
from crm_tui.db import close_database, open_database
from crm_tui.db.models import Policy
from crm_tui.i18n import set_language

from .test_cli_report import book  # noqa: F401  (the fixture)

DATA = Path(__file__).resolve().parents[1] / "data" / "samples"


def test_import_insurer_list_xlsx(tmp_path, capsys):
    db = str(tmp_path / "crm.sqlite3")
    cust = str(DATA / "musteriler_excel_utf8_bom_virgul.csv")
    pol = str(DATA / "policeler_sigorta_sirketi.csv")
    xlsx = str(DATA / "uretim_yenileme_listesi.xlsx")
    assert main(["--db", db, "--lang", "en", "import", cust, "--accept-errors", "-y"]) == 0
    args = ["--db", db, "--lang", "en", "import"]
    assert main([*args, pol, "--kind", "policies", "--accept-errors", "-y"]) == 0
    capsys.readouterr()
    dry = [*args, xlsx, "--kind", "policies", "--dry-run", "--save-mapping", "Karma liste"]
    assert main(dry) == 0
    out = capsys.readouterr().out
    assert "rows, sheet 'Üretim'" in out
    assert "Yenilenen Poliçe No → Previous policy number [renews_number]" in out
    assert "Renewals:" in out and "renews KSK-2026-000101" in out and "+15" in out
    assert "Dry run: nothing was written." in out
    assert "Columns saved as 'Karma liste'." in out
    # the next run is offered the saved columns
    assert main([*args, xlsx, "--kind", "policies", "-y"]) == 0
    out = capsys.readouterr().out
    assert "Same columns as the saved mapping 'Karma liste': using it." in out
    assert "3 created" in out
    open_database(db)
    try:
        new = Policy.get(Policy.number == "KSK-2027-000101")
        assert new.renewed_from.status == "renewed"
    finally:
        close_database()


def test_import_broken_xlsx(tmp_path, capsys):
    bad = tmp_path / "liste.xlsx"
    bad.write_bytes(b"PK\x03\x04garbage")
    db = str(tmp_path / "crm.sqlite3")
    assert main(["--db", db, "--lang", "en", "import", str(bad), "--kind", "policies"]) == 2
    assert "not a readable XLSX file" in capsys.readouterr().err


def test_report_claims_xlsx_in_turkish(book, tmp_path, capsys):  # noqa: F811
    out = tmp_path / "hasar.xlsx"
    args = ["--db", book, "--lang", "tr", "report", "claims", "--format", "xlsx"]
    assert main([*args, "--out", str(out)]) == 0
    set_language("en")
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["hasar tarihi", "müşteri", "branş"]
    first = ws[2]
    assert isinstance(first[0].value, datetime) and first[0].value.date().isoformat() == (
        "2026-10-03"
    )
    assert first[0].number_format == "DD.MM.YYYY"
    assert first[1].value == '=HYPERLINK("x")' and first[1].data_type == "s"  # text, not run
    assert first[1].quotePrefix
    assert Decimal(str(first[7].value)) == Decimal("12500.50")
    assert first[7].number_format == '#,##0.00 "₺"' and first[7].data_type == "n"
    assert first[8].value == 11000
    assert ws.column_dimensions["B"].width >= len("Ömer Çelik")
    # no --out: refused, a workbook is not for the terminal
    assert main(args) == 2
    assert "--out" in capsys.readouterr().err
