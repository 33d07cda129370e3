"""Export: CSV (Excel-friendly), vCard, iCalendar and the loss-free JSON round trip."""

from __future__ import annotations

import csv
import io
import os
import stat

import pytest
import vobject

from crm_tui.db import close_database, open_database
from crm_tui.db.models import Customer, Policy
from crm_tui.domain import exporters, importers
from crm_tui.domain.errors import ValidationError

from .dataio_fixtures import fill


def read_csv(path, delimiter=","):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel recognises UTF-8 by the BOM
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


def test_customers_csv(db_path, tmp_path):
    fill()
    out = tmp_path / "c.csv"
    assert exporters.export("csv", "customers", out) == 2
    rows = read_csv(out)
    assert rows[0][:4] == ["ID", "Full name", "Company", "Mobile phone"]
    assert rows[1][1] == "Ayşe Yılmaz" and rows[1][3] == "0532 111 22 33"
    assert "VIP" in rows[1]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_csv_export_reimports(db_path, tmp_path, today):
    fill()
    out = tmp_path / "c.csv"
    exporters.export("csv", "customers", out, delimiter=";")
    close_database()
    open_database(tmp_path / "fresh.sqlite3")
    plan = importers.plan_import(importers.read_file(out), today=today)
    assert not plan.refused
    importers.run_import(plan)
    ayse = Customer.get(Customer.name == "Ayşe Yılmaz")
    assert ayse.national_id == "12345678028" and ayse.birthday.isoformat() == "1985-03-12"
    assert [p.e164 for p in ayse.phones] == ["+905321112233"]


def test_policies_csv_semicolon_decimal_comma(db_path, tmp_path):
    fill()
    out = tmp_path / "p.csv"
    exporters.export("csv", "policies", out, delimiter=";")
    rows = read_csv(out, ";")
    assert rows[1][7] == "KSK-1" and rows[1][11] == "12450,50"


def test_reminders_and_complaints_csv(db_path, tmp_path):
    fill()
    for what, text in (("reminders", "Genel toplantı"), ("complaints", "Buzdolabı soğutmuyor")):
        out = tmp_path / f"{what}.csv"
        exporters.export("csv", what, out)
        assert text in out.read_bytes().decode("utf-8-sig")


def test_vcard_export_reads_back(db_path, tmp_path):
    fill()
    out = tmp_path / "c.vcf"
    assert exporters.export("vcard", None, out) == 2
    cards = list(vobject.readComponents(out.read_text(encoding="utf-8")))
    assert cards[0].fn.value == "Ayşe Yılmaz"
    assert cards[0].tel.value == "+905321112233"
    table = importers.read_file(out)
    assert table.rows[0][0] == "Ayşe Yılmaz"


def test_ics_reminders_and_renewals(db_path, tmp_path):
    fill()
    out = tmp_path / "r.ics"
    exporters.export("ics", "reminders", out)
    cal = vobject.readOne(out.read_text(encoding="utf-8"))
    summaries = [ev.summary.value for ev in cal.vevent_list]
    assert "Ayşe Yılmaz kasko yenileme — Ayşe Yılmaz" in summaries
    renewals = [s for s in summaries if s.startswith("Renewal: ")]
    assert renewals and all("KSK-2" in s or "—" in s for s in renewals)
    # policies: the renewal dates alone, the same events
    exporters.export("ics", "policies", out)
    cal = vobject.readOne(out.read_text(encoding="utf-8"))
    assert sorted(ev.summary.value for ev in cal.vevent_list) == sorted(renewals)


def test_bad_export_requests(db_path, tmp_path):
    with pytest.raises(ValidationError):
        exporters.export("xml", None, tmp_path / "x")
    with pytest.raises(ValidationError):
        exporters.export("csv", "cars", tmp_path / "x")
    with pytest.raises(ValidationError):
        exporters.export("vcard", "policies", tmp_path / "x")
    with pytest.raises(exporters.ExportError):
        exporters.export("csv", "customers", tmp_path / "missing" / "x.csv")
    assert not (tmp_path / "x").exists()


def test_json_round_trip(db_path, tmp_path):
    from crm_tui.db import import_sql

    fill()
    tables = import_sql.table_names()
    before = {t: import_sql.dump_table(t) for t in tables}
    assert all(before[t][1] for t in tables), "the fixture must fill every table"
    first = tmp_path / "one.json"
    exporters.export("json", None, first)
    close_database()
    open_database(tmp_path / "empty.sqlite3")
    counts = importers.import_json(first)
    assert counts["customer"] == 2 and counts["policy"] == 2
    for t in tables:  # every row of every table, value for value
        assert import_sql.dump_table(t) == before[t], t
    second = tmp_path / "two.json"
    exporters.export("json", None, second)
    assert first.read_bytes() == second.read_bytes()
    # relations and money survive; search works in the new database
    renewal = Policy.get(Policy.number == "KSK-2")
    assert renewal.renewed_from.number == "KSK-1" and str(renewal.premium) == "13999.99"
    assert Customer.get(Customer.name == "Şükrü Öztürk").referred_by.name == "Ayşe Yılmaz"
    from crm_tui.domain.customers import search_customers

    assert [h.name for h in search_customers("sukru")] == ["Şükrü Öztürk"]
    # a second load into a non-empty database is refused, nothing changes
    with pytest.raises(importers.ImportFileError, match="empty database"):
        importers.import_json(first)
    assert Customer.select().count() == 2


def test_json_refuses_foreign_files(db_path, tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"hello": 1}')
    with pytest.raises(importers.ImportFileError, match="not a crm-tui JSON export"):
        importers.import_json(bad)
    bad.write_text("{broken")
    with pytest.raises(importers.ImportFileError, match="not valid JSON"):
        importers.import_json(bad)


def test_a_failed_export_leaves_the_old_file_as_it_was(db_path, tmp_path, monkeypatch):
    fill()
    out = tmp_path / "c.csv"
    out.write_bytes(b"yesterday's list")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(exporters.ExportError, match="No space left"):
        exporters.export("csv", "customers", out)
    assert out.read_bytes() == b"yesterday's list"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".c.csv")]  # no temp file
    monkeypatch.setattr(os, "fsync", real_fsync)
    exporters.export("csv", "customers", out)
    assert "Ayşe Yılmaz" in out.read_text(encoding="utf-8-sig")
