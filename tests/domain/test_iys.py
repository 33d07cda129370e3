"""İYS-native consent: channel mapping, the bulk export for BIREYSEL/TACIR, İYS's answer
read back (RET wins, dry run writes nothing, bad files), the contact check campaigns use,
and the KVKK information text kept apart from consent."""

from __future__ import annotations

import csv
import json
from datetime import datetime

import openpyxl
import pytest

from crm_tui.db.models import Consent, Customer, InfoTextShown, Phone
from crm_tui.domain import consent, info_text, iys, privacy
from crm_tui.domain.errors import ValidationError
from crm_tui.domain.loyalty import consent_counts

NOW = datetime(2026, 11, 22, 10, 0)


def book() -> dict[str, int]:
    ayse = Customer.create(name="Ayşe Yılmaz", email="ayse@example.com")
    Phone.create(customer=ayse, e164="+905321112233", digits="5321112233", is_primary=True)
    firm = Customer.create(name="Öztürk Ltd.", kind="business", email="info@ozturk.com.tr")
    Phone.create(customer=firm, e164="+902125556677", digits="2125556677", label="work")
    consent.set_consent(
        ayse.id, "sms", True, at=datetime(2026, 1, 5, 12, 0), method="written", now=NOW
    )
    consent.set_consent(
        firm.id, "email", True, at=datetime(2026, 3, 1, 9, 30), method="web", now=NOW
    )
    consent.set_consent(
        firm.id,
        "call",
        False,
        at=datetime(2026, 4, 1, 9, 0),
        iys_source="HS_CAGRI_MERKEZI",
        now=NOW,
    )
    return {"ayse": ayse.id, "firm": firm.id}


def test_channel_mapping_and_recipient_type():
    assert iys.CHANNEL_TO_TYPE == {"sms": "MESAJ", "call": "ARAMA", "email": "EPOSTA"}
    assert iys.TYPE_TO_CHANNEL["EPOSTA"] == "email"
    assert iys.recipient_type("person") == "BIREYSEL"
    assert iys.recipient_type("business") == "TACIR"
    assert iys.source_code(None, "written") == "HS_ISLAK_IMZA"
    assert iys.source_code("HS_WEB", "written") == "HS_WEB"


def test_export_rows_for_bireysel_and_tacir(db_path, tmp_path):
    book()
    rows, skipped = iys.export_rows()
    assert skipped == 0
    assert rows == [
        ["MESAJ", "HS_ISLAK_IMZA", "+905321112233", "ONAY", "2026-01-05 12:00:00", "BIREYSEL"],
        ["ARAMA", "HS_CAGRI_MERKEZI", "+902125556677", "RET", "2026-04-01 09:00:00", "TACIR"],
        ["EPOSTA", "HS_WEB", "info@ozturk.com.tr", "ONAY", "2026-03-01 09:30:00", "TACIR"],
    ]
    out = iys.export_consents(tmp_path / "iys.csv", "csv")
    lines = list(csv.reader(out.path.read_text(encoding="utf-8").splitlines()))
    # İYS's own layout: no header line, the rows as export_rows gives them
    assert lines == rows
    assert out.path.stat().st_mode & 0o077 == 0
    x = iys.export_consents(tmp_path / "iys.xlsx", "xlsx", since=datetime(2026, 2, 1))
    ws = openpyxl.load_workbook(x.path).active
    values = [[c.value for c in r] for r in ws.iter_rows()]
    # --since: only what changed since (the two rows of the firm are dated after Feb 1;
    # every row was recorded at NOW, so all three come)
    assert values[0] == [name for name, _w in iys.COLUMNS]
    assert values[1][2] == "+905321112233" and isinstance(values[1][2], str)
    with pytest.raises(ValidationError):
        iys.export_consents(tmp_path / "x.pdf", "pdf")


def _answer(tmp_path, rows, name="cevap.csv", header=None):
    path = tmp_path / name
    header = header or [
        "recipient",
        "type",
        "source",
        "status",
        "consentDate",
        "recipientType",
        "result",
    ]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(header)
        w.writerows(rows)
    return path


def test_import_applies_ret_over_app_onay_and_dry_run_writes_nothing(db_path, tmp_path):
    ids = book()
    assert consent.may_contact(ids["ayse"], "sms")
    path = _answer(
        tmp_path,
        [
            ["905321112233", "MESAJ", "HS_WEB", "RET", "2025-12-01 08:00:00", "BIREYSEL", ""],
            ["info@ozturk.com.tr", "EPOSTA", "HS_WEB", "ONAY", "2026-03-01 09:30:00", "TACIR", ""],
            ["905559998877", "MESAJ", "HS_WEB", "ONAY", "2026-03-01 09:30:00", "BIREYSEL", ""],
        ],
    )
    before = Consent.select().count()
    dry = iys.import_answer(path, now=NOW)
    assert not dry.applied and len(dry.changes) == 2 and dry.unknown == ["905559998877"]
    assert Consent.select().count() == before
    assert Consent.select().where(Consent.iys_status.is_null(False)).count() == 0
    report = iys.import_answer(path, apply=True, now=NOW)
    assert report.applied and len(report.changes) == 2
    ret = Consent.get(Consent.customer == ids["ayse"], Consent.method == "iys")
    assert (ret.granted, ret.iys_source, ret.iys_status, ret.at) == (
        False,
        "IYS",
        "RET",
        datetime(2025, 12, 1, 8, 0),
    )
    # İYS's RET is older than the app's ONAY, and still wins
    allowed, reason, record = consent.check_contact(ids["ayse"], "sms")
    assert not allowed and "RET" in reason and record.id == ret.id
    assert not consent.may_contact(ids["ayse"], "sms")
    assert consent_counts([ids["ayse"]], "sms") == (0, 1)
    firm = Consent.get(Consent.customer == ids["firm"], Consent.channel == "email")
    assert firm.iys_status == "ONAY" and firm.iys_synced_at == NOW
    assert consent.check_contact(ids["firm"], "email").allowed
    # the same file again changes nothing
    again = iys.import_answer(path, apply=True, now=NOW)
    assert again.changes == [] and again.unchanged == 2


def test_import_bad_files_say_why_and_write_nothing(db_path, tmp_path):
    book()
    missing = _answer(tmp_path, [["x"]], name="a.csv", header=["alici"])
    with pytest.raises(ValidationError, match="not an İYS file"):
        iys.import_answer(missing, apply=True, now=NOW)
    bad = _answer(
        tmp_path,
        [
            ["info@ozturk.com.tr", "EPOSTA", "HS_WEB", "RET", "2026-03-01 09:30:00", "TACIR", ""],
            ["905321112233", "FAKS", "HS_WEB", "RET", "", "BIREYSEL", ""],
        ],
        name="b.csv",
    )
    before = Consent.select().count()
    with pytest.raises(ValidationError, match="Row 3: type must be"):
        iys.import_answer(bad, apply=True, now=NOW)
    assert Consent.select().count() == before  # all or nothing
    with pytest.raises(ValidationError, match="does not exist"):
        iys.import_answer(tmp_path / "none.csv", now=NOW)


def test_info_text_versions_and_shown_records_apart_from_consent(db_path):
    ids = book()
    with pytest.raises(ValidationError, match="No information text"):
        info_text.record_shown(ids["ayse"], now=NOW)
    v1 = info_text.add_version("Aydınlatma metni 1", "tr", now=datetime(2026, 1, 1))
    v2 = info_text.add_version("Aydınlatma metni 2", "tr", now=datetime(2026, 6, 1))
    assert (v1.version, v2.version) == (1, 2)
    assert info_text.current_version("tr", at=NOW).id == v2.id
    assert info_text.current_version("tr", at=datetime(2026, 2, 1)).id == v1.id
    shown = info_text.record_shown(ids["ayse"], channel="in_person", now=NOW)
    assert (shown.version, shown.shown_at) == (2, NOW)  # no English text: the Turkish one
    en = info_text.add_version("Information notice 1", "en", now=datetime(2026, 6, 1))
    assert info_text.current_version(at=NOW).id == en.id  # the app's language first
    info_text.record_shown(ids["ayse"], v1.id, channel="email", now=NOW)
    assert len(info_text.shown_history(ids["ayse"])) == 2
    assert "v2" in info_text.describe_shown(info_text.shown_history(ids["ayse"])[-1])
    # being informed gives no consent
    assert not consent.may_contact(ids["ayse"], "email")
    with pytest.raises(ValidationError):
        info_text.add_version("  ", "tr")


def test_kvkk_export_and_erasure_keep_a_minimal_proof(db_path, tmp_path):
    ids = book()
    info_text.add_version("Aydınlatma metni 1", "tr", now=datetime(2026, 1, 1))
    info_text.record_shown(ids["ayse"], now=NOW)
    consent.set_consent(ids["ayse"], "email", True, reference="Form 7", now=NOW)
    out = privacy.export_person(ids["ayse"], tmp_path / "p.json", now=NOW)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["info_texts_shown"]) == 1 and len(data["consents"]) == 2
    privacy.erase_person(ids["ayse"], now=NOW)
    rows = list(Consent.select().where(Consent.customer == ids["ayse"]))
    assert rows and all(c.reference is None for c in rows)
    assert not consent.may_contact(ids["ayse"], "sms")
    assert not consent.may_contact(ids["ayse"], "email")
    assert InfoTextShown.select().where(InfoTextShown.customer == ids["ayse"]).count() == 1
    # erased people do not go to İYS (no address left)
    assert all(r[2] != "+905321112233" for r in iys.export_rows()[0])
    # after the proof period the records go
    assert privacy.purge_old_proofs(datetime(2029, 12, 1)) > 0
    assert not Consent.select().where(Consent.customer == ids["ayse"]).exists()
    assert not InfoTextShown.select().where(InfoTextShown.customer == ids["ayse"]).exists()
