"""Insurers' production and renewal lists (issue 16 item 6): XLSX reading, saved column
mappings, matching by TCKN/VKN and phone, renewals linked with their premium change, dry
run and all-or-nothing."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from crm_tui.db.models import Customer, Policy
from crm_tui.domain import importers
from crm_tui.domain.errors import ValidationError

DATA = Path(__file__).resolve().parents[2] / "data" / "samples"
SAMPLE = DATA / "uretim_yenileme_listesi.xlsx"


def _book(today) -> None:
    """Ayşe (TCKN) with kasko KSK-2026-000101, Şükrü (phone) with trafik TRF-2026-000202."""
    for name, kind in (
        ("musteriler_excel_utf8_bom_virgul.csv", "customers"),
        ("policeler_sigorta_sirketi.csv", "policies"),
    ):
        table = importers.read_file(DATA / name)
        importers.run_import(importers.plan_import(table, kind=kind, today=today), True)


def _plan(today, path=SAMPLE, **kw):
    return importers.plan_import(importers.read_file(path), kind="policies", today=today, **kw)


# -- reading ---------------------------------------------------------------------------


def test_xlsx_title_rows_dates_numbers_formulas_blank_rows():
    table = importers.read_file(SAMPLE)
    assert table.format == "xlsx" and table.sheet == "Üretim"
    assert table.headers[:3] == ["Poliçe No", "TCKN", "Ad Soyad"]  # title rows skipped
    assert table.row_numbers == [4, 5, 7, 8]  # as Excel numbers them; the blank row 6 skipped
    first = dict(zip(table.headers, table.rows[0], strict=True))
    assert first["TCKN"] == "12345678028"  # a number cell: every digit, no ".0"
    assert first["Başlangıç"] == "2026-12-01"  # a date cell
    assert first["Net Prim"] == "12070.85" and first["Brüt Prim"] == "14317.5"
    assert first["Komisyon"] == "1431.75"  # the formula's value, not "=J4*0.1"
    assert importers.default_mapping(table, "policies")[8:10] == ["ignore", "premium"]


def test_xlsx_cells_and_sheets(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Özet"
    ws = book.create_sheet("Liste")
    ws.append(["Poliçe No", "Prim", "Oran"])
    ws.append(["A-1", 1234.125, 0.1])
    ws.append([None, None, None])
    ws.append(["A-2", 7, True])
    path = tmp_path / "l.xlsx"
    book.save(path)
    assert importers.sheet_names(path) == ["Özet", "Liste"]
    table = importers.read_file(path, sheet="Liste")
    # 1234.125 stays 1234,125 (a plain "1234.125" would read as Turkish thousands)
    assert table.rows == [["A-1", "1234.1250", "0.1"], ["A-2", "7", "1"]]
    assert importers.read_file(path, sheet="2").rows == table.rows
    with pytest.raises(importers.ImportFileError, match="no sheet 'Yok'"):
        importers.read_file(path, sheet="Yok")


def test_broken_and_protected_xlsx(tmp_path):
    broken = tmp_path / "b.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(importers.ImportFileError, match="not a readable XLSX"):
        importers.read_file(broken)
    locked = tmp_path / "sifreli.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(importers.ImportFileError, match="password-protected"):
        importers.read_file(locked)
    truncated = tmp_path / "t.xlsx"
    data = SAMPLE.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(importers.ImportFileError, match="not a readable XLSX"):
        importers.read_file(truncated)
    assert zipfile.is_zipfile(io.BytesIO(data))


# -- saved mappings ------------------------------------------------------------------------


def test_saved_mapping_offered_again_for_same_headers(db_path, tmp_path):
    table = importers.read_file(SAMPLE)
    mapping = importers.default_mapping(table, "policies")
    mapping[table.headers.index("Komisyon")] = "ignore"
    importers.save_mapping("Anadolu üretim", "policies", table.headers, mapping)
    assert importers.saved_names("policies") == ["Anadolu üretim"]
    assert importers.saved_names("customers") == []
    # next month's file: same columns, headers typed in other capitals
    book = openpyxl.Workbook()
    book.active.append([h.upper() for h in table.headers])
    nxt = tmp_path / "aralik.xlsx"
    book.save(nxt)
    headers = importers.read_file(nxt).headers
    assert importers.offered_mapping(headers, "policies") == ("Anadolu üretim", mapping)
    assert importers.offered_mapping(headers, "customers") is None
    assert importers.offered_mapping([*headers, "Ek"], "policies") is None
    # applied by name to a file whose columns moved
    moved = list(reversed(table.headers))
    assert importers.mapping_named("Anadolu üretim", moved, "policies") == list(reversed(mapping))
    with pytest.raises(ValidationError, match="No saved mapping"):
        importers.mapping_named("Yok", moved, "policies")
    assert importers.delete_mapping("Anadolu üretim")
    assert importers.offered_mapping(headers, "policies") is None


# -- matching, renewals --------------------------------------------------------------------


def test_renewal_list_dry_run_then_import(db_path, today):
    _book(today)
    old_kasko = Policy.get(Policy.number == "KSK-2026-000101")
    old_trafik = Policy.get(Policy.number == "TRF-2026-000202")
    before = Policy.select().count()
    p = _plan(today)
    assert not p.refused
    assert [r.values["number"] for r in p.create] == [
        "KSK-2027-000101",
        "TRF-2027-000202",
        "KNT-2027-000505",
    ]
    ayse = Customer.get(Customer.national_id == "12345678028")
    sukru = old_trafik.customer
    assert [r.values["customer"] for r in p.create] == [ayse.id, sukru.id, sukru.id]
    assert [r.renews_id for r in p.create] == [old_kasko.id, old_trafik.id, None]
    lines = dict((i.row, i.message) for i in p.renewals)
    assert "renews KSK-2026-000101" in lines[4] and "+15" in lines[4]  # 12.450 → 14.317,50
    assert "renews TRF-2026-000202" in lines[5] and "+10" in lines[5]  # 3.890,50 → 4.279,55
    assert [d.row for d in p.duplicates] == [8]
    assert any("Renewals:" == line for line in importers.report_lines(p))
    # the dry run wrote nothing
    assert Policy.select().count() == before
    assert Policy.get_by_id(old_kasko.id).status == "active"
    importers.run_import(p)
    new = Policy.get(Policy.number == "KSK-2027-000101")
    assert new.renewed_from_id == old_kasko.id and new.premium == Decimal("14317.50")
    assert Policy.get_by_id(old_kasko.id).status == "renewed"
    assert Policy.get_by_id(old_trafik.id).status == "renewed"
    assert Policy.get(Policy.number == "KNT-2027-000505").renewed_from_id is None
    # the same list again: all three exist now
    again = _plan(today)
    assert not again.create and len(again.duplicates) == 4


def test_vkn_matches_a_business(db_path, today, tmp_path):
    Customer.create(name="Deniz Lojistik Ltd", kind="business", tax_number="1234567890")
    book = openpyxl.Workbook()
    book.active.append(["Poliçe No", "TCKN/VKN", "Branş", "Başlangıç"])
    book.active.append(["ISY-1", 1234567890, "İşyeri", "01.12.2026"])
    path = tmp_path / "v.xlsx"
    book.save(path)
    p = _plan(today, path)
    assert not p.refused and p.create[0].values["customer"] == Customer.get().id


def test_failing_row_leaves_nothing_written(db_path, today, monkeypatch):
    _book(today)
    before = [(x.id, x.status) for x in Policy.select().order_by(Policy.id)]
    p = _plan(today)
    from crm_tui.domain.importers import write

    def broken(*args, **kw):
        raise RuntimeError("disk full")

    monkeypatch.setattr(write.search, "index_customers", broken)
    with pytest.raises(RuntimeError):
        importers.run_import(p)
    assert [(x.id, x.status) for x in Policy.select().order_by(Policy.id)] == before


def test_previous_number_of_another_customer_is_refused(db_path, today, tmp_path):
    _book(today)
    book = openpyxl.Workbook()
    book.active.append(["Poliçe No", "Telefon", "Branş", "Başlangıç", "Yenilenen Poliçe No"])
    book.active.append(["X-2", "0533 222 33 44", "Kasko", "01.12.2026", "KSK-2026-000101"])
    book.active.append(["X-3", "0533 222 33 44", "Kasko", "01.12.2026", "YOK-1"])
    path = tmp_path / "r.xlsx"
    book.save(path)
    p = _plan(today, path)
    assert "belongs to another customer" in p.refused[0].message
    assert "not in the book" in p.renewals[0].message
