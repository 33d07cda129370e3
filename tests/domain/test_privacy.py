"""KVKK: consent history, per-person export, erase that leaves no trace in the file."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import datetime
from decimal import Decimal

import pytest

from crm_tui.db import close_database, open_database
from crm_tui.db.models import (
    AuditLog,
    Complaint,
    Consent,
    Customer,
    Interaction,
    Phone,
    Policy,
    Purchase,
    Survey,
)
from crm_tui.domain import privacy
from crm_tui.domain.customers import search_customers
from crm_tui.domain.errors import ValidationError

from .dataio_fixtures import NOW, fill


def test_consent_history_newest_in_force(db_path):
    ids = fill()
    cid = ids["sukru"]
    assert privacy.current_consents(cid)["sms"].granted is False  # never asked
    privacy.set_consent(
        cid,
        "sms",
        True,
        at=datetime(2026, 1, 5, 10, 0),
        method="written",
        reference="Onay formu 2026/14",
        iys_registered=True,
        now=NOW,
    )
    privacy.set_consent(cid, "sms", False, at=datetime(2026, 6, 1, 9, 0), method="phone", now=NOW)
    privacy.set_consent(cid, "email", True, method="web", now=NOW)
    state = privacy.current_consents(cid)
    assert state["sms"].granted is False and state["sms"].method == "phone"
    assert state["email"].granted and state["email"].at == NOW
    assert not privacy.may_contact(cid, "call")
    history = privacy.consent_history(cid)
    assert [c.granted for c in history if c.channel == "sms"] == [False, True]
    assert history[-1].reference == "Onay formu 2026/14" and history[-1].iys_registered


def test_consent_validation(db_path):
    ids = fill()
    with pytest.raises(ValidationError) as exc:
        privacy.set_consent(
            ids["ayse"], "fax", True, at=datetime(2030, 1, 1), method="telepathy", now=NOW
        )
    assert set(exc.value.errors) == {"channel", "at", "method"}


def test_person_export(db_path, tmp_path):
    ids = fill()
    out = privacy.export_person(ids["ayse"], tmp_path / "ayse.json", now=NOW)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["customer"]["name"] == "Ayşe Yılmaz"
    assert data["phones"][0]["e164"] == "+905321112233"
    assert data["tags"] == ["VIP"]
    assert len(data["policies"]) == 2 and data["policies"][0]["premium"] == "12450.50"
    assert data["complaint_events"][0]["note"] == "Ayşe Hanım tekrar aradı"
    assert data["referrals"] == [ids["sukru"]]
    log = AuditLog.get(AuditLog.action == "kvkk_export")
    assert log.customer_id == ids["ayse"] and "Ayşe" not in (log.detail or "")


SECRETS = (
    "Ayşe",
    "Yılmaz",
    "ayse.yilmaz@example.com",
    "ayse",
    "yilmaz",
    "5321112233",
    "+905321112233",
    "12345678028",
    "Moda Cd",
    "Kızının adı Elif",
    "KSK-1",
    "34 AYS 85",
    "Buzdolabı",
    "çok memnunum",
    "Form 12",
)


def raw_bytes(path) -> bytes:
    """The database file and its -wal and -shm, as they are on disk right now."""
    out = b""
    for suffix in ("", "-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            out += side.read_bytes()
    return out


def test_erase_on_either_engine_keeps_numbers_and_registers_the_erasure(db_path):
    """What an erasure does to the records, on SQLite and PostgreSQL alike (the file's own
    bytes are the next test's, SQLite only): the person out, the numbers kept, nothing
    left pending, the erasure in the register a restore or a JSON import reads."""
    from crm_tui.db import backup as raw

    ids = fill()
    cid = ids["ayse"]
    assert privacy.erase_person(cid, now=NOW) is True
    c = Customer.get_by_id(cid)
    assert c.name == f"Anonim #{cid}" and c.anonymized_at == NOW and c.email is None
    assert not Phone.select().where(Phone.customer == cid).exists()
    assert Purchase.get(Purchase.customer == cid).amount == Decimal("1500.25")
    assert search_customers("ayse") == [] and search_customers("5321112233") == []
    assert raw.pending_erasures() == []
    assert [e["customer"] for e in privacy._read_register(privacy._register_path())] == [cid]
    assert privacy.purge_again(cid) is True
    with pytest.raises(ValidationError, match="erased"):
        privacy.erase_person(cid, now=NOW)


@pytest.mark.sqlite_only("reads the SQLite file's bytes")
def test_erase_keeps_numbers_and_leaves_no_trace_in_the_file(db_path, tmp_path):
    ids = fill()
    cid = ids["ayse"]
    # an old e-mail address, changed long ago, lingers in the slack of its page
    Customer.update(email="eski.adres.ayse@example.com").where(Customer.id == cid).execute()
    Customer.update(email="ayse.yilmaz@example.com").where(Customer.id == cid).execute()
    privacy.export_person(cid, tmp_path / "ayse-yilmaz.json", now=NOW)
    # another desk has the same file open (idle) while the erase runs
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT count(*) FROM customer").fetchone() == (2,)
    assert privacy.erase_person(cid, now=NOW) is True
    c = Customer.get_by_id(cid)
    assert c.name == f"Anonim #{cid}" and c.anonymized_at == NOW
    assert c.email is None and c.national_id is None and c.birthday is None and c.notes is None
    assert not Phone.select().where(Phone.customer == cid).exists()
    # the consent ledger stays as proof (docs/DATA.md): withdrawn, without its texts
    proof = list(Consent.select().where(Consent.customer == cid))
    assert all(c.reference is None for c in proof)
    assert not privacy.may_contact(cid, "sms") and not privacy.may_contact(cid, "email")
    assert Interaction.get(Interaction.customer == cid).summary == ""
    # anonymous numbers stay for statistics
    assert Purchase.get(Purchase.customer == cid).amount == Decimal("1500.25")
    assert sorted(str(p.premium) for p in Policy.select().where(Policy.customer == cid)) == [
        "12450.50",
        "13999.99",
    ]
    assert Survey.get(Survey.customer == cid).score == 9
    assert Complaint.get(Complaint.customer == cid).description is None
    assert AuditLog.get(AuditLog.action == "kvkk_erase").customer_id == cid
    # the log keeps that an export happened, not the file name (it named the person)
    export_log = AuditLog.get(AuditLog.action == "kvkk_export")
    assert export_log.customer_id == cid and export_log.detail is None
    assert search_customers("ayse") == [] and search_customers("5321112233") == []
    assert Customer.get_by_id(ids["sukru"]).referred_by.name == f"Anonim #{cid}"
    # raw bytes of the file and its WAL while both desks still have it open
    raw = raw_bytes(db_path)
    for secret in (*SECRETS, "eski.adres", "ayse-yilmaz.json"):
        assert secret.encode("utf-8") not in raw, secret
    assert "Şükrü".encode() in raw  # the other customer is untouched
    assert other.execute("SELECT name FROM customer WHERE id = ?", (cid,)).fetchone() == (
        f"Anonim #{cid}",
    )
    other.close()
    close_database()
    raw = raw_bytes(db_path)
    for secret in SECRETS:
        assert secret.encode("utf-8") not in raw, secret
    with pytest.raises(ValidationError, match="erased"):
        open_database(db_path)
        privacy.erase_person(cid, now=NOW)


@pytest.mark.sqlite_only("WAL pages of another SQLite connection")
def test_erase_says_when_another_desk_keeps_old_pages(db_path):
    ids = fill()
    reader = sqlite3.connect(db_path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM customer").fetchone()  # a long read transaction
    try:
        assert privacy.erase_person(ids["ayse"], now=NOW) is False
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert Customer.get_by_id(ids["ayse"]).anonymized_at == NOW


@pytest.mark.sqlite_only("restores an SQLite backup file")
def test_a_restore_does_not_bring_an_erased_person_back(db_path, tmp_path):
    from crm_tui.domain import backup

    ids = fill()
    saved = backup.make_backup(tmp_path / "before-erase.sqlite3")
    privacy.erase_person(ids["ayse"], now=NOW)
    Customer.create(name="Sonradan Gelen")
    result = backup.restore_with_report(saved, now=NOW)
    assert result.erased_again == [ids["ayse"]]
    assert Customer.get_by_id(ids["ayse"]).name == f"Anonim #{ids['ayse']}"
    assert Customer.get_by_id(ids["sukru"]).name == "Şükrü Öztürk"  # restored as it was
    assert not Customer.select().where(Customer.name == "Sonradan Gelen").exists()
    assert search_customers("ayse") == []
    raw = raw_bytes(db_path)
    for secret in ("Ayşe", "ayse.yilmaz@example.com", "5321112233"):
        assert secret.encode("utf-8") not in raw, secret
    register = json.loads((backup.backups_folder() / "erasures.json").read_text())
    assert register["erased"][0]["customer"] == ids["ayse"]
    assert "Ayşe" not in json.dumps(register)
    # a different person who has the same number in another database is left alone
    close_database()
    other = tmp_path / "other.sqlite3"
    open_database(other)
    Customer.create(name="Başka Biri")  # id 1, another creation time
    close_database()
    open_database(db_path)
    result = backup.restore_with_report(other, now=NOW)
    assert Customer.get_by_id(1).name == "Başka Biri" and result.erased_again == []


def test_record_consent_from_typed_values(db_path):
    ids = fill()
    c = privacy.record_consent(
        ids["sukru"], "email", True, "05.01.2026", "written", " Form 7 ", True, now=NOW
    )
    assert c.at == datetime(2026, 1, 5, 12, 0) and c.reference == "Form 7" and c.iys_registered
    assert privacy.record_consent(ids["sukru"], "call", False, "", now=NOW).at == NOW
    with pytest.raises(ValidationError) as exc:
        privacy.record_consent(ids["sukru"], "sms", True, "31.02.2026", now=NOW)
    assert set(exc.value.errors) == {"at"}


@pytest.mark.sqlite_only("starts over by deleting the SQLite file and its -wal/-shm")
def test_a_json_export_does_not_bring_an_erased_person_back(db_path, tmp_path):
    from crm_tui.domain import exporters, importers

    ids = fill()
    out = tmp_path / "all.json"
    exporters.export("json", None, out)
    privacy.erase_person(ids["ayse"], now=NOW)
    # the shop starts over on the same file from the export made before the erasure
    close_database()
    for suffix in ("", "-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    open_database(db_path)
    counts = importers.import_json(out)
    assert counts["erased_again"] == 1
    assert Customer.get_by_id(ids["ayse"]).name == f"Anonim #{ids['ayse']}"
    assert Customer.get_by_id(ids["sukru"]).name == "Şükrü Öztürk"
