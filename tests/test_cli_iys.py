"""``crm-tui iys export`` / ``crm-tui iys import`` (dry run, --apply, a bad file)."""

from __future__ import annotations

from datetime import datetime

from crm_tui.cli import main
from crm_tui.db import close_database, open_database
from crm_tui.db.models import Consent, Customer, Phone
from crm_tui.domain import consent
from crm_tui.i18n import set_language


def test_export_then_import_answer(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CRM_TUI_NOW", "2026-11-22T10:00")
    path = tmp_path / "crm.sqlite3"
    open_database(path)
    try:
        ayse = Customer.create(name="Ayşe Yılmaz")
        Phone.create(customer=ayse, e164="+905321112233", digits="5321112233", is_primary=True)
        consent.set_consent(ayse.id, "sms", True, at=datetime(2026, 1, 5, 12, 0))
    finally:
        close_database()
        set_language("en")
    db = ["--db", str(path), "--lang", "en"]
    out = tmp_path / "iys.csv"
    assert main([*db, "iys", "export", "--out", str(out)]) == 0
    assert "1 consents written" in capsys.readouterr().out
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == ["MESAJ,HS_FIZIKSEL_ORTAM,+905321112233,ONAY,2026-01-05 12:00:00,BIREYSEL"]
    answer = tmp_path / "cevap.csv"  # İYS's layout back, no header line
    answer.write_text(lines[0].replace("ONAY", "RET") + "\n", "utf-8")
    assert main([*db, "iys", "import", str(answer)]) == 0
    text = capsys.readouterr().out
    assert "RET recorded from İYS" in text and "Dry run" in text
    assert main([*db, "iys", "import", str(answer), "--apply"]) == 0
    assert "Dry run" not in capsys.readouterr().out
    open_database(path)
    try:
        assert Consent.select().where(Consent.iys_status == "RET").count() == 1
    finally:
        close_database()
    bad = tmp_path / "bad.csv"
    bad.write_text("name,phone\nx,y\n", "utf-8")
    assert main([*db, "iys", "import", str(bad)]) != 0
    assert "not an İYS file" in capsys.readouterr().err
    assert main([*db, "iys", "export", "--format", "xlsx", "--out", str(tmp_path / "i.xlsx")]) == 0
