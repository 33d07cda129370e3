"""KVKK: consent history, per-person export, erase that leaves no trace in the file."""

from __future__ import annotations

import json
import stat
from datetime import datetime
from decimal import Decimal

import pytest

from crm_tui.db import close_database
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


def test_erase_keeps_numbers_and_leaves_no_trace_in_the_file(db_path):
    ids = fill()
    cid = ids["ayse"]
    privacy.erase_person(cid, now=NOW)
    c = Customer.get_by_id(cid)
    assert c.name == f"Anonim #{cid}" and c.anonymized_at == NOW
    assert c.email is None and c.national_id is None and c.birthday is None and c.notes is None
    assert not Phone.select().where(Phone.customer == cid).exists()
    assert not Consent.select().where(Consent.customer == cid).exists()
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
    assert search_customers("ayse") == [] and search_customers("5321112233") == []
    assert Customer.get_by_id(ids["sukru"]).referred_by.name == f"Anonim #{cid}"
    close_database()
    raw = db_path.read_bytes()
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists():
        raw += wal.read_bytes()
    for secret in (
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
    ):
        assert secret.encode("utf-8") not in raw, secret
    assert "Şükrü".encode() in raw  # the other customer is untouched
