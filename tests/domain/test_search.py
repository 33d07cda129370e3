"""Customer lookup: Turkish folding both ways, phones in any format, ranking, FTS safety."""

from __future__ import annotations

from datetime import datetime

import pytest

from crm_tui.db import search
from crm_tui.db.models import Customer, db
from crm_tui.domain.customers import (
    CustomerInput,
    archive_customer,
    create_customer,
    recent_customers,
    search_customers,
)
from crm_tui.domain.policies import PolicyInput, create_policy


def names(text, **kw):
    return [h.name for h in search_customers(text, **kw)]


def make(name, phone=None, **kw):
    phones = [("mobile", phone)] if phone else []
    return create_customer(CustomerInput(name=name, phones=phones, **kw))


def touch(customer, when):
    with db.atomic():
        Customer.update(last_contact_at=when).where(Customer.id == customer.id).execute()


# -- folding ---------------------------------------------------------------------------------

# Every Turkish letter, lower and upper case, with its ASCII spelling.
TURKISH = [
    ("ç", "c"),
    ("Ç", "c"),
    ("ğ", "g"),
    ("Ğ", "g"),
    ("ı", "i"),
    ("I", "i"),
    ("i", "i"),
    ("İ", "i"),
    ("ö", "o"),
    ("Ö", "o"),
    ("ş", "s"),
    ("Ş", "s"),
    ("ü", "u"),
    ("Ü", "u"),
]


@pytest.mark.parametrize(("letter", "ascii_"), TURKISH)
def test_fold_every_turkish_letter(letter, ascii_):
    assert search.fold(letter) == ascii_
    assert search.fold(f"a{letter}b") == f"a{ascii_}b"


def test_fold_mixed_words():
    assert search.fold("IŞIK") == search.fold("ışık") == search.fold("Işık") == "isik"
    assert search.fold("İBRAHİM") == search.fold("ibrahim") == "ibrahim"
    assert search.fold("ÇAĞLAR Şükrü Öğüt") == "caglar sukru ogut"


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Şükrü Öztürk", "sukru"),
        ("Şükrü Öztürk", "ŞÜKRÜ"),
        ("Şükrü Öztürk", "ozturk"),
        ("Işık Yılmaz", "isik"),
        ("Işık Yılmaz", "IŞIK"),
        ("Işık Yılmaz", "ışık"),
        ("Işık Yılmaz", "ISIK"),
        ("Işık Yılmaz", "yilmaz"),
        ("İbrahim Gündoğdu", "ibrahim"),
        ("İbrahim Gündoğdu", "İBRAHİM"),
        ("İbrahim Gündoğdu", "gundogdu"),
        ("Çağlar Ünal", "CAGLAR"),
        ("Çağlar Ünal", "çağlar"),
        ("Çağlar Ünal", "unal"),
        ("Çağlar Ünal", "ÜNAL"),
        ("caglar sukru", "ÇAĞLAR"),  # stored in ASCII, typed in Turkish
        ("isik ibrahim", "IŞIK İBRAHİM"),
        ("Gül Öğüt", "ogut"),
        ("Gül Öğüt", "GÜL"),
        ("Öğretmenler Kooperatifi", "ogretmen"),
        ("Öğretmenler Kooperatifi", "ÖĞRETMEN"),
        ("ÖĞRETMEN EVİ", "öğretmen evi"),
        ("Ilgaz Ünlü", "ılgaz"),  # dotless capital I stored, dotless small ı typed
        ("ılgaz ünlü", "ILGAZ"),
    ],
)
def test_turkish_folding_both_ways(db_path, stored, typed):
    make(stored)
    make("Ahmet Kaya")
    assert names(typed) == [stored]


def test_prefix_of_a_word(db_path):
    make("Şükrü Çağlar")
    assert names("şük") == ["Şükrü Çağlar"]
    assert names("cag") == ["Şükrü Çağlar"]
    assert names("ükrü") == []  # the middle of a word does not match


# -- phones ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "05321234567",
        "0532 123 45 67",
        "0 (532) 123 45 67",
        "+90 532 123 45 67",
        "+905321234567",
        "905321234567",
        "00905321234567",
        "532 123 4567",
        "5321234567",
        "0532-123-45-67",
        "4567",
        "45 67",
        "1234567",
        "123 45 67",
        "0532",
        "+90 532",
        "532",
    ],
)
def test_phone_in_any_format(db_path, typed):
    make("Ayşe Demir", "+90 532 123 45 67")
    make("Fatma Kara", "0216 555 66 77")
    hits = search_customers(typed)
    assert [h.name for h in hits] == ["Ayşe Demir"], typed
    assert hits[0].phone == "0532 123 45 67"


@pytest.mark.parametrize("stored", ["05321234567", "+90 (532) 123-45-67", "532 123 45 67"])
def test_phone_stored_in_any_format(db_path, stored):
    make("Ayşe Demir", stored)
    assert names("4567") == ["Ayşe Demir"]
    assert names("0532 123 45 67") == ["Ayşe Demir"]


def test_second_phone_is_shown_when_it_matched(db_path):
    create_customer(
        CustomerInput(
            name="Ali Veli",
            phones=[("mobile", "0532 111 11 11"), ("work", "0212 444 55 66")],
        )
    )
    hit = search_customers("4455")[0]
    assert hit.phone == "(0212) 444 55 66"
    assert hit.matched == "phone"


def test_phone_from_its_start_ranks_before_a_fragment(db_path):
    inside = make("Fragment Sahibi", "0212 532 00 00")  # contains 532 in the middle
    start = make("Baştan Eşleşen", "0532 000 00 00")
    touch(inside, datetime(2026, 11, 21))  # more recent, still second
    touch(start, datetime(2020, 1, 1))
    assert names("0532") == ["Baştan Eşleşen", "Fragment Sahibi"]


# -- other fields ------------------------------------------------------------------------------


def test_email_ids_company_policy_plate(db_path):
    c = make(
        "Deniz Ak",
        email="deniz.ak@example.com",
        national_id="10000000146",
        company="Ak Nakliyat",
        tax_number="1234567890",
    )
    make("Başka Biri")
    create_policy(
        c.id,
        PolicyInput(
            line="kasko", number="KSK-2026-0042", plate="34 abc 123", start_date="01.01.2026"
        ),
    )
    for typed in (
        "deniz.ak@example.com",
        "deniz.ak@",
        "10000000146",
        "1000000",
        "1234567890",
        "nakliyat",
        "KSK-2026-0042",
        "ksk 2026",
        "34 ABC 123",
        "34abc123",
        "34ABC",
    ):
        assert names(typed) == ["Deniz Ak"], typed


# -- ranking -------------------------------------------------------------------------------------


def test_prefix_of_name_first_then_recency(db_path):
    old_ali = make("Ali Kaya")
    new_ali = make("Ali Demir")
    company_ali = make("Zeynep Sarı", company="Ali Baba Ltd")
    later_word = make("Mehmet Alioğlu")
    touch(old_ali, datetime(2024, 1, 1))
    touch(new_ali, datetime(2026, 11, 20))
    touch(company_ali, datetime(2026, 11, 21))  # most recent, but not a name match
    touch(later_word, datetime(2026, 11, 22))
    # name starts with the query first (recent before stale), other words afterwards
    result = names("ali")
    assert result[:2] == ["Ali Demir", "Ali Kaya"]
    assert set(result[2:]) == {"Zeynep Sarı", "Mehmet Alioğlu"}
    assert result[2:] == ["Mehmet Alioğlu", "Zeynep Sarı"]  # recency among the rest


def test_never_contacted_after_contacted(db_path):
    make("Can Yeni")
    contacted = make("Can Eski")
    touch(contacted, datetime(2025, 5, 5))
    assert names("can") == ["Can Eski", "Can Yeni"]


def test_limit_is_respected(db_path):
    for i in range(30):
        make(f"Ayşe {i:02d}")
    assert len(search_customers("ayşe", limit=7)) == 7
    assert search_customers("ayşe", limit=0) == []


# -- safety ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '""',
        "*",
        "ali*",
        "(",
        ")",
        "(ali",
        "ali)",
        "NEAR",
        "NEAR(ali veli)",
        "ali NEAR veli",
        "-",
        "-ali",
        "ali -veli",
        "^",
        "^ali",
        ":",
        "words:ali",
        "ali AND veli",
        "ali OR",
        "NOT ali",
        "'",
        "ali's",
        "%",
        "_",
        "\\",
        "+",
        "\x00",
        "🙂",
        "a" * 500,
        '" OR 1=1 --',
    ],
)
def test_fts_syntax_never_raises(db_path, typed):
    make("Ali Veli", "0532 123 45 67")
    result = search_customers(typed)
    assert isinstance(result, list)
    if typed in ("ali*", "(ali", "ali)", "^ali", "-ali"):
        assert [h.name for h in result] == ["Ali Veli"], typed


def test_empty_query(db_path):
    make("Ali Veli")
    assert search_customers("") == []
    assert search_customers("   ") == []


# -- archive -----------------------------------------------------------------------------------


def test_archived_hidden_unless_asked(db_path):
    c = make("Gizli Müşteri", "0532 999 88 77")
    archive_customer(c.id)
    assert names("gizli") == []
    assert names("8877") == []
    hits = search_customers("gizli", include_archived=True)
    assert [h.name for h in hits] == ["Gizli Müşteri"] and hits[0].archived
    assert [h.name for h in recent_customers()] == []
    assert [h.name for h in recent_customers(include_archived=True)] == ["Gizli Müşteri"]


def test_recent_customers_order(db_path):
    a, b, _c = make("A Kişi"), make("B Kişi"), make("C Kişi")
    touch(a, datetime(2026, 1, 1))
    touch(b, datetime(2026, 11, 1))
    assert [h.name for h in recent_customers(limit=2)] == ["B Kişi", "A Kişi"]
    assert [h.name for h in recent_customers()][-1] == "C Kişi"


def test_recent_customers_page_across_never_contacted(db_path):
    """The contacted first (a tie on the time: the newer customer first), then the never
    contacted newest first, the page cut at ``limit`` wherever it falls."""
    a, _b, c, _d = make("A Kişi"), make("B Kişi"), make("C Kişi"), make("D Kişi")
    touch(a, datetime(2026, 5, 1))
    touch(c, datetime(2026, 5, 1))
    archived = make("E Kişi")
    touch(archived, datetime(2026, 6, 1))
    archive_customer(archived.id)
    order = ["C Kişi", "A Kişi", "D Kişi", "B Kişi"]
    for limit in range(1, 6):
        assert [h.name for h in recent_customers(limit=limit)] == order[:limit]
    assert [h.name for h in recent_customers(include_archived=True)] == ["E Kişi", *order]


# -- crm-tui lookup ----------------------------------------------------------------------------


def test_lookup_command(db_path, capsys):
    from crm_tui.cli import main

    make("Şükrü Çağlar", "0532 123 45 67", city="İzmir")
    c = make("Arşivli Şükrü")
    archive_customer(c.id)
    assert main(["--db", str(db_path), "lookup", "SUKRU"]) == 0
    out = capsys.readouterr().out
    assert "Şükrü Çağlar" in out and "0532 123 45 67" in out and "Arşivli" not in out
    assert main(["--db", str(db_path), "lookup", "sukru", "--archived"]) == 0
    assert "Arşivli" in capsys.readouterr().out
    assert main(["--db", str(db_path), "lookup", "arşivli"]) == 1
    out = capsys.readouterr().out
    assert "No customer matches" in out and "--archived" in out
    assert main(["--db", str(db_path), "lookup", "4567", "--limit", "1"]) == 0
    assert "Şükrü Çağlar" in capsys.readouterr().out
    assert main(["--db", str(db_path), "lookup", 'NEAR("x" *']) == 1
    assert "No customer matches" in capsys.readouterr().out
    assert main(["--db", str(db_path), "lookup", "x", "--limit", "0"]) == 2


def test_lookup_table_fits_the_terminal(db_path, capsys, monkeypatch):
    from crm_tui.cli import main

    make(
        "Çelik İnşaat Sanayi ve Ticaret Limited Şirketi",
        "0242 277 05 72",
        email="info@celikinsaat.com.tr",
        city="Antalya",
        company="Çelik Holding",
    )
    for width, shows_email in ((140, True), (80, False), (45, False)):
        monkeypatch.setenv("COLUMNS", str(width))
        assert main(["--db", str(db_path), "lookup", "celik"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert all(len(line) <= width for line in lines), (width, lines)
        assert len(lines) == 3, lines  # header, rule, one line per customer: no wrapping
        assert "(0242) 277 05 72" in lines[2]  # the phone is never cut
        assert ("info@celikinsaat.com.tr" in lines[2]) == shows_email
        assert lines[2].split("│")[1].strip().startswith("Çelik İnşaat")


def test_lookup_process_does_not_import_textual(db_path):
    import subprocess
    import sys

    make("Ali Veli", "0532 123 45 67")
    code = (
        "import sys; from crm_tui.cli import main; "
        f"rc = main(['--db', {str(db_path)!r}, 'lookup', 'ali']); "
        "assert 'textual' not in sys.modules, 'textual imported'; sys.exit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Ali Veli" in result.stdout
