"""Claims: opening, the workflow (allowed moves only, each an event with who and when),
follow-ups on Today, bad input, versions. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from crm_tui.db import close_database, open_database
from crm_tui.db.models import AuditLog, Claim, Customer, Policy
from crm_tui.domain import claims as cl
from crm_tui.domain import today as td
from crm_tui.domain.errors import ConflictError, ValidationError
from crm_tui.domain.who import current_user, set_user
from crm_tui.i18n import set_language

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def policy(db_path):
    customer = Customer.create(name="Ayşe Yılmaz")
    return Policy.create(
        customer=customer,
        line="kasko",
        provider="Anadolu Sigorta",
        number="K-1",
        start_date=date(2026, 1, 1),
        end_date=date(2027, 1, 1),
    )


def new(policy, **kw):
    data = cl.ClaimInput(
        loss_date=kw.pop("loss_date", "20.11.2026"),
        kind=kw.pop("kind", "collision"),
        place="Kadıköy",
        insurer_file_no="H-2026-77",
        expected_amount=kw.pop("expected_amount", "12.500,00"),
        **kw,
    )
    return cl.open_claim(policy.id, data, now=NOW)


def test_open_claim_stores_money_and_first_event(policy):
    set_user("Ayşe")  # on PostgreSQL the server's login wins
    try:
        claim = new(policy)
        user = current_user()
    finally:
        set_user(None)
    row = cl.get_claim(claim.id)
    assert row.status == "reported"
    assert row.expected_amount == Decimal("12500.00")
    assert row.loss_date == date(2026, 11, 20)
    assert row.customer_id == policy.customer_id
    assert row.follow_up_on == date(2026, 11, 25)  # reported: 3 days
    (event,) = cl.events(claim.id)
    assert (event.from_status, event.to_status, event.author) == (None, "reported", user)
    assert AuditLog.select().where(AuditLog.action == "claim_opened").count() == 1


def test_workflow_allowed_moves_are_recorded(policy):
    claim = new(policy)
    cl.change_status(claim.id, "expert_assigned", note="Eksper: M. Kaya", now=NOW)
    cl.change_status(claim.id, "documents_awaited", note="Ehliyet, ruhsat", now=NOW)
    assert cl.get_claim(claim.id).follow_up_on == date(2026, 11, 29)  # 7 days (setting)
    cl.change_status(claim.id, "approved", now=NOW)
    cl.change_status(claim.id, "paid", paid_amount="11.750,50", now=NOW)
    cl.change_status(claim.id, "closed", note="Müşteri bilgilendirildi", now=NOW)
    row = cl.get_claim(claim.id)
    assert row.status == "closed"
    assert row.paid_amount == Decimal("11750.50")
    assert row.follow_up_on is None
    moves = [(e.from_status, e.to_status) for e in cl.events(claim.id)]
    assert moves[1:] == [
        ("reported", "expert_assigned"),
        ("expert_assigned", "documents_awaited"),
        ("documents_awaited", "approved"),
        ("approved", "paid"),
        ("paid", "closed"),
    ]
    assert cl.events(claim.id)[1].note == "Eksper: M. Kaya"
    assert Claim.get_by_id(claim.id).closed_at == NOW


def test_a_move_outside_the_workflow_is_refused(policy):
    claim = new(policy)
    with pytest.raises(ValidationError, match="cannot move"):
        cl.change_status(claim.id, "paid", paid_amount="10", now=NOW)
    cl.change_status(claim.id, "rejected", now=NOW)
    with pytest.raises(ValidationError, match="Allowed: Closed"):
        cl.change_status(claim.id, "approved", now=NOW)
    assert cl.get_claim(claim.id).status == "rejected"


def test_unknown_status_and_paid_without_amount(policy):
    claim = new(policy)
    with pytest.raises(ValidationError, match="Unknown status settled"):
        cl.change_status(claim.id, "settled", now=NOW)
    cl.change_status(claim.id, "approved", now=NOW)
    with pytest.raises(ValidationError) as exc:
        cl.change_status(claim.id, "paid", now=NOW)
    assert "paid_amount" in exc.value.errors


def test_bad_input_messages(policy):
    with pytest.raises(ValidationError) as exc:
        new(policy, loss_date="30.11.2026", expected_amount="on iki bin")
    assert "future" in exc.value.errors["loss_date"]
    assert "1.234,50" in exc.value.errors["expected_amount"]
    with pytest.raises(ValidationError) as exc:
        new(policy, kind="health")  # not a kasko loss
    assert "Collision" in exc.value.errors["kind"]
    claim = new(policy)
    with pytest.raises(ValidationError) as exc:
        cl.change_status(claim.id, "approved", paid_amount="abc", now=NOW)
    assert "1.234,50" in exc.value.errors["paid_amount"]
    with pytest.raises(ValidationError):
        new(policy, expected_amount="-5")


def test_turkish_messages_and_labels(policy):
    set_language("tr")
    try:
        with pytest.raises(ValidationError) as exc:
            new(policy, loss_date="01.12.2026")
        assert "gelecekte" in exc.value.errors["loss_date"]
        assert "01.12.2026" in exc.value.errors["loss_date"]
        assert [cl.get_claim(new(policy).id).status_label] == ["İhbar edildi"]
    finally:
        set_language("en")


def test_due_on_today_when_follow_up_comes(policy):
    claim = new(policy)
    agenda = td.agenda(today=date(2026, 11, 22), now=NOW)
    assert agenda.group("claims").items == []
    later = datetime(2026, 11, 25, 9, 0)
    items = td.agenda(today=later.date(), now=later).group("claims").items
    assert [i.ref_id for i in items] == [claim.id]
    assert "Reported" in td.detail_text(items[0])
    cl.change_status(claim.id, "rejected", follow_up_on="26.11.2026", now=later)
    assert td.agenda(today=later.date(), now=later).group("claims").items == []
    cl.change_status(claim.id, "closed", now=later)
    assert cl.due_for_today(date(2027, 1, 1)) == []


def test_edit_keeps_notes_history_and_checks_version(policy):
    claim = new(policy)
    version = cl.get_claim(claim.id).version
    data = cl.ClaimInput(loss_date=date(2026, 11, 20), kind="glass", notes="Ön cam")
    cl.update_claim(claim.id, data, expected_version=version, now=NOW)
    assert cl.get_claim(claim.id).kind == "glass"
    assert [e.note for e in cl.events(claim.id) if e.kind == "note"] == ["Ön cam"]
    with pytest.raises(ConflictError):
        cl.update_claim(claim.id, data, expected_version=version, now=NOW)
    cl.add_note(claim.id, "Servis aradı", now=NOW)  # raised by the trigger
    assert cl.get_claim(claim.id).version == version + 2


def test_list_and_report_filters(policy):
    other = Policy.create(
        customer=policy.customer_id,
        line="konut",
        provider="Axa",
        start_date=date(2026, 1, 1),
    )
    a = new(policy)
    b = cl.open_claim(other.id, cl.ClaimInput(loss_date="01.11.2026", kind="flood"), now=NOW)
    cl.change_status(b.id, "documents_awaited", now=NOW)
    assert {r.id for r in cl.list_claims()} == {a.id, b.id}
    assert [r.id for r in cl.list_claims(status="documents_awaited")] == [b.id]
    assert [r.id for r in cl.list_claims(insurer="Axa")] == [b.id]
    assert cl.insurers() == ["Anadolu Sigorta", "Axa"]
    assert [r.id for r in cl.report_rows(date_from=date(2026, 11, 10))] == [a.id]
    assert [r.id for r in cl.report_rows(line="konut")] == [b.id]
    assert [r.id for r in cl.customer_claims(policy.customer_id)] == [a.id, b.id]


def test_kvkk_export_and_erasure_cover_claims(policy):
    from crm_tui.domain import privacy

    claim = new(policy, notes="Komşunun aracı çarptı")
    cl.add_note(claim.id, "Ayşe Hanım aradı", now=NOW)
    data = privacy.person_data(policy.customer_id)
    assert [c["id"] for c in data["claims"]] == [claim.id]
    assert "Ayşe Hanım aradı" in [e["note"] for e in data["claim_events"]]
    assert privacy.erase_person(policy.customer_id, now=NOW) is True
    row = Claim.get_by_id(claim.id)
    assert row.place is None and row.notes is None
    assert row.expected_amount == Decimal("12500.00")
    assert all(e.note is None for e in cl.events(claim.id))


def test_json_export_round_trip_keeps_claims(policy, tmp_path):
    from crm_tui.domain.exporters import json_bytes
    from crm_tui.domain.importers.json_import import import_json

    claim = new(policy)
    cl.change_status(claim.id, "expert_assigned", note="Eksper", now=NOW)
    data, _count = json_bytes()
    path = tmp_path / "all.json"
    path.write_bytes(data)
    close_database()
    open_database(tmp_path / "empty.sqlite3")
    import_json(path)
    row = cl.get_claim(claim.id)
    assert row.status == "expert_assigned" and row.expected_amount == Decimal("12500.00")
    assert [e.to_status for e in cl.events(claim.id)] == ["reported", "expert_assigned"]
