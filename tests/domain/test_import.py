"""Import: every sample format from data/, dry-run reports, duplicates, all-or-nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_tui.clock import now as clock_now
from crm_tui.db.models import AuditLog, Customer, Phone, Policy, PolicyCommission, Tag
from crm_tui.domain import importers
from crm_tui.domain.customers import search_customers
from crm_tui.domain.errors import ValidationError
from crm_tui.domain.import_mapping import guess_mapping, parse_override

DATA = Path(__file__).resolve().parents[2] / "data" / "samples"


def plan(name, kind="customers", today=None, **kw):
    table = importers.read_file(DATA / name)
    return importers.plan_import(table, kind=kind, today=today, **kw)


def refused(p):
    return {i.row: i.message for i in p.refused}


# -- reading -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, encoding, delimiter",
    [
        ("musteriler_excel_utf8_bom_virgul.csv", "utf-8-sig", ","),
        ("musteriler_libreoffice_utf8_noktalivirgul.csv", "utf-8", ";"),
        ("musteriler_eski_excel_1254_noktalivirgul.csv", "cp1254", ";"),
        ("google_contacts.csv", "utf-8", ","),
        ("outlook_contacts.csv", "utf-8-sig", ","),
        ("musteriler_excel_turkce_utf8_bom_noktalivirgul.csv", "utf-8-sig", ";"),
        ("musteriler_unicode_metin_utf16_sekme.txt", "utf-16", "\t"),
        ("outlook_kisiler_turkce_1254.csv", "cp1254", ","),
        ("google_kisiler_yeni_bicim.csv", "utf-8", ","),
        ("policeler_sigorta_sirketi.csv", "utf-8-sig", ";"),
    ],
)
def test_csv_encoding_and_delimiter_detected(name, encoding, delimiter):
    table = importers.read_file(DATA / name)
    assert (table.encoding, table.delimiter) == (encoding, delimiter)
    text = " ".join(" ".join(r) for r in table.rows)
    assert any(ch in text for ch in "şŞğĞıİöÖüÜçÇ")  # Turkish letters decoded right


def test_headers_guessed_in_turkish_and_english():
    m = guess_mapping(["Ad Soyad", "Cep", "E-posta", "Doğum Tarihi", "İl", "TC Kimlik No"])
    assert m == ["name", "phone_mobile", "email", "birthday", "city", "national_id"]
    m = guess_mapping(["Adı", "Soyadı", "GSM", "Şehir"])
    assert m == ["first_name", "last_name", "phone_mobile", "city"]
    m = guess_mapping(["Name", "Mobile Phone", "E-mail 1 - Value", "Phone 2 - Value", "xyz"])
    assert m == ["name", "phone_mobile", "email", "phone", "ignore"]
    assert guess_mapping(["Ad", "Telefon"]) == ["name", "phone"]  # lone "Ad" is the full name


def test_override_mapping_and_bad_mapping():
    headers = ["Ad Soyad", "Telefon", "Not"]
    m = parse_override("Telefon=phone_work,3=ignore", headers, guess_mapping(headers), "customers")
    assert m == ["name", "phone_work", "ignore"]
    with pytest.raises(ValidationError, match="no column 'Fax'"):
        parse_override("Fax=phone", headers, m, "customers")
    with pytest.raises(ValidationError, match="unknown field 'telefon'"):
        parse_override("Telefon=telefon", headers, m, "customers")
    with pytest.raises(ValidationError, match="column=field"):
        parse_override("Telefon", headers, m, "customers")


def test_unreadable_files(tmp_path):
    with pytest.raises(importers.ImportFileError, match="File not found"):
        importers.read_file(tmp_path / "none.csv")
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\x01\x02PK\x00" * 50)
    with pytest.raises(importers.ImportFileError, match="not a text file"):
        importers.read_file(binary)
    odd = tmp_path / "x.docx"
    odd.write_bytes(b"\x01\x02")
    with pytest.raises(importers.ImportFileError, match="Unknown file format"):
        importers.read_file(odd)
    broken = tmp_path / "x.xlsx"
    broken.write_bytes(b"\x01\x02")
    with pytest.raises(importers.ImportFileError, match="not a readable XLSX"):
        importers.read_file(broken)
    empty = tmp_path / "e.csv"
    empty.write_text("  \n")
    with pytest.raises(importers.ImportFileError, match="empty"):
        importers.read_file(empty)


# -- dry run reports -------------------------------------------------------------------


def test_excel_bom_dry_run_report(db_path, today):
    p = plan("musteriler_excel_utf8_bom_virgul.csv", today=today)
    assert len(p.create) == 5
    bad = refused(p)
    assert "bad phone '0532 12'" in bad[6]
    assert "bad birthday '31.02.1988'" in bad[7]
    assert bad[8] == "missing name"
    assert [(d.row, d.message) for d in p.duplicates] == [(9, "same phone as row 2: skipped")]
    assert Customer.select().count() == 0  # a dry run writes nothing
    lines = importers.report_lines(p)
    assert "9 rows: 5 to create" in lines[0]
    assert any(line.startswith("  Row 6: bad phone") for line in lines)


@pytest.mark.parametrize(
    "name, created, refused_rows, dup_rows",
    [
        ("musteriler_excel_utf8_bom_virgul.csv", 5, {6, 7, 8}, {9}),
        ("musteriler_libreoffice_utf8_noktalivirgul.csv", 3, {5, 6, 7, 8}, {9}),
        ("musteriler_eski_excel_1254_noktalivirgul.csv", 3, {5, 6, 7}, {8}),
        ("google_contacts.csv", 4, {6, 7, 8}, {9}),
        ("outlook_contacts.csv", 4, {5, 7}, {8}),
        ("rehber_vcard30.vcf", 3, {3, 4, 5}, {6}),
        ("rehber_vcard40.vcf", 2, {3, 4, 5}, {6}),
        ("musteriler_excel_turkce_utf8_bom_noktalivirgul.csv", 3, {4, 5, 6, 7}, {9}),
        ("musteriler_unicode_metin_utf16_sekme.txt", 3, {5, 6}, set()),
        ("outlook_kisiler_turkce_1254.csv", 3, {4}, {6}),
        ("google_kisiler_yeni_bicim.csv", 3, {5, 6}, {7}),
        ("rehber_iphone_vcard30.vcf", 3, {4}, {5}),
        ("rehber_android_vcard21.vcf", 2, {3, 4}, {5}),
    ],
)
def test_each_sample_imports(db_path, today, name, created, refused_rows, dup_rows):
    p = plan(name, today=today)
    assert set(refused(p)) == refused_rows
    assert {d.row for d in p.duplicates} == dup_rows
    with pytest.raises(importers.RefusedRowsError):
        importers.run_import(p)
    assert Customer.select().count() == 0
    result = importers.run_import(p, accept_errors=True)
    assert result.created == created == Customer.select().count()
    assert AuditLog.get(AuditLog.action == "import").detail


def test_every_sample_file_is_tested():
    """A sample added to data/samples must be added to the tests above too."""
    tested = {
        name
        for mark in test_each_sample_imports.pytestmark
        if mark.name == "parametrize"
        for name, *_rest in mark.args[1]
    }
    tested.add("policeler_sigorta_sirketi.csv")  # test_policies_import
    tested.add("uretim_yenileme_listesi.xlsx")  # test_insurer_lists.py
    assert {p.name for p in DATA.iterdir()} == tested


def test_excel_mangled_numbers_and_customer_numbers(db_path, today):
    p = plan("musteriler_excel_turkce_utf8_bom_noktalivirgul.csv", today=today)
    table = importers.read_file(DATA / "musteriler_excel_turkce_utf8_bom_noktalivirgul.csv")
    assert importers.default_mapping(table)[:2] == ["ignore", "name"]  # "Müşteri No" is no name
    bad = refused(p)
    assert bad[4] == (
        "bad phone '5,32123E+09' (Excel turned the number into 5,3E+09: "
        "format the column as Text and save again)"
    )
    assert bad[7].startswith("bad national ID '1,23457E+10' (Excel turned")
    assert "bad e-mail 'ilker.isikli@example'" in bad[5]
    assert "bad birthday '29.02.1981'" in bad[6]
    importers.run_import(p, accept_errors=True)
    nurcan = Customer.get(Customer.name == "Nurcan Aksoy")  # leading 0 eaten by Excel: fine
    assert [ph.e164 for ph in nurcan.phones] == ["+905321234501"]
    assert nurcan.national_id == "10000000146" and nurcan.district == "Üsküdar"
    assert sorted(t.name for t in Tag.select()) == ["Kasko", "Konut", "Trafik", "VIP"]
    assert nurcan.notes == "Eşi de müşteri; poliçeleri ayrı"  # ';' inside quotes


def test_turkish_outlook_utf16_and_new_google(db_path, today):
    for name in (
        "outlook_kisiler_turkce_1254.csv",
        "musteriler_unicode_metin_utf16_sekme.txt",
        "google_kisiler_yeni_bicim.csv",
    ):
        importers.run_import(plan(name, today=today), accept_errors=True)
    gulay = Customer.get(Customer.name == "Gülay Erdem")  # "Unvan" (title) is not the name
    assert (gulay.company, gulay.city, gulay.birthday.isoformat()) == (
        "Erdem Eczanesi",
        "Balıkesir",
        "1975-06-12",
    )
    assert {(p.label, p.e164) for p in gulay.phones} == {
        ("mobile", "+905413332211"),
        ("work", "+902663332211"),
    }
    assert gulay.notes == 'Reçete sigortası, "acil" arar'
    assert Customer.get(Customer.name == "Yiğit Can Şentürk").notes == "ycs@example.org"
    assert Customer.get(Customer.name == "Çınar İnşaat Ltd. Şti.").kind == "business"
    assert Customer.get(Customer.name == "Tuğba Işık").email == "tugba.isik@example.com"
    sevda = Customer.get(Customer.name == "Sevda Kılınç")
    assert (sevda.address, sevda.city) == ("İnönü Cd. 40", "Samsun")  # street, not formatted
    assert (
        Customer.get(Customer.name == "Murat Güneşli").notes
        == "Servis randevusu salı,\nyağ değişimi"
    )


def test_phone_exports_iphone_and_android(db_path, today):
    for name in ("rehber_iphone_vcard30.vcf", "rehber_android_vcard21.vcf"):
        importers.run_import(plan(name, today=today), accept_errors=True)
    elif_ = Customer.get(Customer.name == "Elif Demir")
    assert elif_.company == "Demir Kırtasiye" and elif_.city == "Eskişehir"
    assert elif_.address == "Cumhuriyet Mah. 12, Kat 3"
    assert elif_.notes == "Okul listeleri, eylülde arar\nÇocuğu: Mert"
    assert {p.e164 for p in elif_.phones} == {"+905324445566", "+905334445567"}
    assert Customer.get(Customer.name == "Gökçe Kocabaş").birthday is None  # 1604: no year
    assert Customer.get(Customer.name == "Usta Kombi Servisi").kind == "business"
    sukriye = Customer.get(Customer.name == "Şükriye Öztürk")  # quoted-printable, 2.1
    assert sukriye.notes == (
        "Kasko yenilemesi için her yıl ekimde arıyoruz; eşi Hüseyin Bey de müşterimiz, "
        "çocukları üniversitede."
    )
    assert {(p.label, p.e164) for p in sukriye.phones} == {
        ("mobile", "+905491112201"),
        ("home", "+902163456701"),
    }
    assert Customer.get(Customer.name == "İsmet Çelebi").company == "Çelebi Halı"


def test_values_land_right(db_path, today):
    importers.run_import(plan("musteriler_excel_utf8_bom_virgul.csv", today=today), True)
    ayse = Customer.get(Customer.name == "Ayşe Yılmaz")
    assert ayse.email == "ayse.yilmaz@example.com"
    assert ayse.birthday.isoformat() == "1985-03-12"
    assert ayse.city == "İstanbul" and ayse.national_id == "12345678028"
    ph = Phone.get(Phone.customer == ayse.id)
    assert (ph.e164, ph.digits, ph.is_primary) == ("+905321112233", "5321112233", True)
    gulsen = Customer.get(Customer.name == "Gülşen Işık")
    assert Phone.get(Phone.customer == gulsen.id).label == "other"  # a landline
    # searchable at once, Turkish letters folded, phone fragments too
    assert [h.name for h in search_customers("sukru")] == ["Şükrü Öztürk"]
    assert [h.name for h in search_customers("isik")] == ["Gülşen Işık"]
    assert [h.name for h in search_customers("333 44 55")] == ["İbrahim Çelik"]


def test_cp1254_and_libreoffice_values(db_path, today):
    importers.run_import(plan("musteriler_eski_excel_1254_noktalivirgul.csv", today=today), True)
    fatma = Customer.get(Customer.name == "Fatma Şen")
    assert {(p.label, p.e164) for p in fatma.phones} == {
        ("mobile", "+905336067080"),
        ("home", "+902163456789"),
    }
    importers.run_import(plan("musteriler_libreoffice_utf8_noktalivirgul.csv", today=today), True)
    omer = Customer.get(Customer.name == "Ömer Faruk Şahin")
    assert (omer.city, omer.district) == ("Gaziantep", "Şahinbey")


def test_google_outlook_vcard_details(db_path, today):
    for name in ("google_contacts.csv", "outlook_contacts.csv", "rehber_vcard30.vcf"):
        importers.run_import(plan(name, today=today), True)
    tolga = Customer.get(Customer.name == "Tolga Erdoğan")
    assert {p.e164 for p in tolga.phones} == {"+905321313131", "+902124444444"}  # ":::" split
    assert Customer.get(Customer.name == "Nur Yücel").birthday is None  # --06-14: no year
    assert Customer.get(Customer.name == "Kemal Usta").company == "Usta Tesisat"
    biz = Customer.get(Customer.name == "Boş Şirket A.Ş.")
    assert biz.kind == "business"
    assert Customer.get(Customer.name == "Hüseyin Hilmi Demirtaş").birthday.isoformat() == (
        "1959-09-03"
    )
    ayten = Customer.get(Customer.name == "Ayten Yılmaz")
    assert ayten.city == "İstanbul" and ayten.address == "Moda Cd. 12"
    assert {p.label for p in ayten.phones} == {"mobile", "home"}
    assert not Tag.select().where(Tag.name == "myContacts").exists()


def test_vcard40_values(db_path, today):
    importers.run_import(plan("rehber_vcard40.vcf", today=today), True)
    leyla = Customer.get(Customer.name == "Leyla Arslan")
    assert [p.e164 for p in leyla.phones] == ["+905372828282"]
    assert leyla.birthday.isoformat() == "1983-06-15"
    cihan = Customer.get(Customer.name == "Cihan Öztürk")
    assert {(p.label, p.e164) for p in cihan.phones} == {
        ("mobile", "+905382929292"),
        ("work", "+902242929292"),
    }


# -- duplicates ------------------------------------------------------------------------


def test_duplicates_against_database_skip_and_merge(db_path, today, tmp_path):
    importers.run_import(plan("musteriler_excel_utf8_bom_virgul.csv", today=today), True)
    again = plan("musteriler_excel_utf8_bom_virgul.csv", today=today)
    assert not again.create
    assert any("as customer #1 Ayşe Yılmaz: skipped" in d.message for d in again.duplicates)
    # merge fills blanks and adds phones, never overwrites
    extra = DATA.parent / "x"  # not written; build a file in tmp instead
    del extra
    path = tmp_path / "extra.csv"
    path.write_text(
        "Ad Soyad;Telefon;E-posta;İl\n"
        "Ayşe Y.;0212 999 88 77;ayse.yilmaz@example.com;Ankara\n"
        "İbrahim Çelik;0542 333 44 55;ibo@example.com;\n",
        encoding="utf-8",
    )
    p = importers.plan_import(importers.read_file(path), on_duplicate="merge", today=today)
    assert len(p.update) == 2 and not p.create
    importers.run_import(p)
    ayse = Customer.get(Customer.email == "ayse.yilmaz@example.com")
    assert ayse.name == "Ayşe Yılmaz" and ayse.city == "İstanbul"
    assert {ph.e164 for ph in ayse.phones} == {"+905321112233", "+902129998877"}
    assert Customer.get(Customer.name == "İbrahim Çelik").email == "ibo@example.com"
    assert [h.name for h in search_customers("999 88 77")] == ["Ayşe Yılmaz"]


def test_duplicates_within_file_merge(db_path, today, tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(
        "Name,Phone,Email,City\n"
        "Can Aksoy,0532 000 11 22,,\n"
        "Can A.,,can@example.com,\n"
        "Can Aksoy,0532 000 11 22,can@example.com,Rize\n",
        encoding="utf-8",
    )
    p = importers.plan_import(importers.read_file(path), on_duplicate="merge", today=today)
    assert len(p.create) == 2  # row 3 shares nothing with row 2 yet
    assert [d.message for d in p.duplicates] == ["same phone as row 2: merged"]
    importers.run_import(p)
    can = Customer.get(Customer.name == "Can Aksoy")
    assert can.city == "Rize" and can.email == "can@example.com"


# -- all or nothing ------------------------------------------------------------------------


def test_failure_mid_import_writes_nothing(db_path, today, monkeypatch, tmp_path):
    rows = [["Ad Soyad", "Telefon"]] + [
        [f"Kişi {i}", f"0532 {i // 10000:03d} {i // 100 % 100:02d} {i % 100:02d}"]
        for i in range(12000)
    ]
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    p = importers.plan_import(importers.read_file(path), today=today)
    assert len(p.create) == 12000
    indexes = _indexes()

    def boom(done, total):
        if done > 6000:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        importers.run_import(p, progress=boom)
    assert Customer.select().count() == 0
    assert Phone.select().count() == 0
    assert not AuditLog.select().exists()
    assert search_customers("Kişi") == []
    # a big load into an empty book builds the indexes after the rows: the failed one
    # leaves them as they were
    assert _indexes() == indexes


def _indexes() -> list:
    from crm_tui.db import sqlfn
    from crm_tui.db.models import db

    # PostgreSQL: the search table's trigram indexes are made after a big import too
    tables = (
        ("customer", "phone", "customer_search") if sqlfn.is_postgres() else ("customer", "phone")
    )
    return sorted(
        (i.name, i.sql, tuple(i.columns), i.unique)
        for table in tables
        for i in db.get_indexes(table)
    )


# -- policies -----------------------------------------------------------------------------


def test_policies_import(db_path, today):
    importers.run_import(plan("musteriler_excel_utf8_bom_virgul.csv", today=today), True)
    p = plan("policeler_sigorta_sirketi.csv", kind="policies", today=today)
    bad = refused(p)
    assert set(bad) == {5, 6, 7, 8}
    assert "bad start date '31.04.2026'" in bad[5]
    assert "no customer matches 'Bilinmeyen Kişi'" in bad[6]
    assert bad[7] == "missing product line"
    assert "bad amount 'abc'" in bad[8]
    assert [d.row for d in p.duplicates] == [9]
    importers.run_import(p, accept_errors=True)
    kasko = Policy.get(Policy.number == "KSK-2026-000101")
    assert kasko.customer.name == "Ayşe Yılmaz"  # found by TCKN
    commission = PolicyCommission.get_by_id(kasko.id).commission
    assert (kasko.line, str(kasko.premium), str(commission)) == (
        "kasko",
        "12450.00",
        "1245.00",
    )
    assert kasko.end_date.isoformat() == "2026-12-01" and kasko.plate == "34 ABC 123"
    assert Policy.get(Policy.number == "TSS-2026-000808").line == "tss"
    assert Policy.get(Policy.number == "TRF-2026-000202").customer.name == "Şükrü Öztürk"
    # policy numbers are searchable right away
    assert [h.name for h in search_customers("KSK-2026-000101")] == ["Ayşe Yılmaz"]
    # a second run skips what exists
    again = plan("policeler_sigorta_sirketi.csv", kind="policies", today=today)
    assert not again.create


def test_policies_need_customer_reference(db_path, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Poliçe No;Branş;Başlangıç\nX1;Kasko;01.01.2026\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="who the customer is"):
        importers.plan_import(importers.read_file(path), kind="policies")


# -- bulk path (speed is measured in bench/, not here) ------------------------------------


def _big_csv(tmp_path, rows: int = 5_000) -> Path:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Ad Soyad", "Cep", "E-posta", "Doğum Tarihi", "Şehir"])
        for i in range(rows):
            w.writerow(
                [
                    f"Müşteri Şükrü {i}",
                    f"05{32 + i % 4}{i:07d}",
                    f"m{i}@example.com",
                    f"{1 + i % 28:02d}.{1 + i % 12:02d}.{1950 + i % 50}",
                    "İstanbul",
                ]
            )
    return path


def test_bulk_import_indexes_every_row(db_path, today, tmp_path):
    path = _big_csv(tmp_path)
    p = importers.plan_import(importers.read_file(path), today=today)
    indexes = _indexes()
    result = importers.run_import(p)
    assert result.created == 5_000
    assert _indexes() == indexes  # built again after the rows went in
    assert Customer.select().where(Customer.email == "m77@example.com").get().name == (
        "Müşteri Şükrü 77"
    )
    assert Phone.select().count() == 5_000
    assert [h.name for h in search_customers("Müşteri Şükrü 4999")][0] == "Müşteri Şükrü 4999"
    assert [h.name for h in search_customers("musteri sukru 4321")][0] == "Müşteri Şükrü 4321"


def test_a_bulk_import_that_fails_keeps_every_index_and_writes_nothing(
    db_path, today, tmp_path, monkeypatch
):
    """The indexes dropped for a big load come back with the rollback of a failed one."""
    import threading

    from crm_tui.db import import_sql

    p = importers.plan_import(importers.read_file(_big_csv(tmp_path)), today=today)
    indexes = _indexes()

    def fails_after_the_rows(rows):  # the customers and phones of the chunk are in
        raise OSError("disk full")

    monkeypatch.setattr(import_sql, "add_new_search_rows", fails_after_the_rows)
    with pytest.raises(OSError):
        importers.run_import(p)
    # the thread making the next batches stopped with the write that failed
    assert not any(t.name == "import-batches" for t in threading.enumerate())
    assert _indexes() == indexes
    assert Customer.select().count() == 0 and Phone.select().count() == 0


def test_a_batch_that_cannot_be_made_fails_the_import_and_writes_nothing(
    db_path, today, tmp_path, monkeypatch
):
    """The next batch is made in a thread while the one before is written: an error there
    is raised in the import, after the first batch went in, and rolls everything back."""
    import threading

    from crm_tui.db import import_sql

    p = importers.plan_import(importers.read_file(_big_csv(tmp_path, rows=12_000)), today=today)
    indexes = _indexes()
    made = []
    real = import_sql.new_search_rows

    def fails_at_the_second_batch(rows):
        made.append(threading.current_thread().name)
        if len(made) == 2:
            raise MemoryError("no room for the batch")
        return real(rows)

    monkeypatch.setattr(import_sql, "new_search_rows", fails_at_the_second_batch)
    with pytest.raises(MemoryError):
        importers.run_import(p)
    assert made == ["import-batches", "import-batches"]  # made beside the writes
    assert not any(t.name == "import-batches" for t in threading.enumerate())
    assert _indexes() == indexes
    assert Customer.select().count() == 0 and Phone.select().count() == 0


def test_fast_index_words_match_search_module():
    from types import SimpleNamespace

    from crm_tui.db import import_sql, search

    for values in (
        {"name": "Şükrü IŞIK", "email": "s.isik@ex.com", "city": "Iğdır", "company": "Çağ A.Ş."},
        {"name": "Zoë Ünal", "national_id": "12345678028", "tax_number": "1234567890"},
        {"name": "İbrahim"},
    ):
        full = {
            k: values.get(k)
            for k in ("name", "company", "email", "national_id", "tax_number", "city")
        }
        assert import_sql.index_words(values) == search._words_for(SimpleNamespace(**full), [])


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="aIıİiŞşĞğÇçÖöÜüÂâ ΣσΑ\u00a0\u0307éZ-.", max_size=30),
    st.text(max_size=20),
)
def test_fast_fold_is_the_search_fold(name, city):
    """The import's word-by-word fold (with its cache) gives the very words the search
    module indexes, for Turkish letters and any other text."""
    from types import SimpleNamespace

    from crm_tui.db import import_sql, search

    values = {"name": name, "city": city}
    full = {
        k: values.get(k) for k in ("name", "company", "email", "national_id", "tax_number", "city")
    }
    for _twice in range(2):  # the second time from the cache
        assert import_sql.index_words(values) == search._words_for(SimpleNamespace(**full), [])


# -- the preview and the write agree --------------------------------------------------


def test_a_change_by_another_desk_after_the_preview(db_path, today, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        "Ad Soyad;Cep\nAyla Kaya;0532 100 00 01\nBurak Ak;0532 100 00 02\n", encoding="utf-8"
    )
    p = importers.plan_import(importers.read_file(path), today=today)
    assert len(p.create) == 2
    # meanwhile another desk adds someone unrelated: the import goes ahead as previewed
    other = Customer.create(name="Başka Biri")
    assert importers.run_import(p).created == 2
    assert Customer.select().count() == 3

    path.write_text("Ad Soyad;Cep\nCemre Su;0532 100 00 03\n", encoding="utf-8")
    p = importers.plan_import(importers.read_file(path), today=today)
    assert len(p.create) == 1
    # ...now the other desk saves the same phone on its customer: the preview is stale
    Phone.create(customer=other, e164="+905321000003", digits="5321000003", is_primary=True)
    with pytest.raises(importers.PlanChangedError, match="0 to create.*1 duplicates skipped"):
        importers.run_import(p)
    assert not Customer.select().where(Customer.name == "Cemre Su").exists()


@pytest.mark.sqlite_only("backs the SQLite file up and restores it")
def test_backup_before_import_undoes_it(db_path, today, tmp_path):
    from crm_tui.domain import backup

    assert importers.backup_before_import() is None  # an empty database: nothing to lose
    importers.run_import(plan("musteriler_excel_utf8_bom_virgul.csv", today=today), True)
    safety = importers.backup_before_import()
    assert safety.name.startswith("crm-before-import-")
    assert [b.kind for b in backup.list_backups()] == ["before_import"]
    importers.run_import(plan("google_contacts.csv", today=today), True)
    assert Customer.select().count() == 9
    backup.restore(safety)
    assert Customer.select().count() == 5
    for n in range(7):
        importers.backup_before_import(now=clock_now().replace(year=2020 + n))
    kept = [b for b in backup.list_backups() if b.kind == "before_import"]
    assert len(kept) == 5  # only the newest few are kept
    assert "2026" in max(b.path.name for b in kept)
