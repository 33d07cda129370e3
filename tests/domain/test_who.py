"""Who did what (issue 15): every change the audit log keeps records the desk's user, on
either engine (CRM_TUI_TEST_BACKEND); complaint events name it as their author."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from crm_tui.db.connection import database_login
from crm_tui.db.models import AuditLog, ComplaintEvent
from crm_tui.domain import complaints as cp
from crm_tui.domain import reminders as rem
from crm_tui.domain import who
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.domain.exporters import export
from crm_tui.domain.interactions import InteractionInput, log_interaction
from crm_tui.domain.policies import PolicyInput, create_policy, policy_input, update_policy
from crm_tui.domain.privacy import erase_person

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def ayse(db_path, monkeypatch):
    """The desk works as Ayşe; the name the log must show (on PostgreSQL: the login)."""
    monkeypatch.setattr(who, "_user", None)
    who.set_user("  Ayşe  ")
    return database_login() or "Ayşe"


def _log() -> list[tuple[str, int | None, str | None]]:
    rows = AuditLog.select().order_by(AuditLog.id)
    return [(r.action, r.customer_id, r.user) for r in rows]


def test_the_user_is_the_name_given_or_the_login(db_path, monkeypatch):
    monkeypatch.setattr(who, "_user", None)
    monkeypatch.setattr(who.getpass, "getuser", lambda: "desk1")
    login = database_login()
    assert who.current_user() == (login or "desk1")
    who.set_user("Ayşe Yılmaz")
    assert who.current_user() == (login or "Ayşe Yılmaz")  # a server login wins
    who.set_user("  ")
    assert who.current_user() == (login or "desk1")


def test_the_day_s_changes_record_who_made_them(ayse, tmp_path):
    c = create_customer(CustomerInput(name="Işıl Güneş"))
    log_interaction(c.id, InteractionInput(summary="Kasko sordu"), now=NOW)
    r = rem.create_reminder(rem.ReminderInput(title="Ara", due="22.11.2026", customer_id=c.id))
    rem.snooze(r.id, "tomorrow", now=NOW)
    rem.complete(r.id, now=NOW)
    p = create_policy(c.id, PolicyInput(line="kasko", start_date="01.12.2026"))
    data = policy_input(p.id)
    data.notes = "plaka değişti"
    update_policy(p.id, data)
    k = cp.open_complaint(c.id, "Geç teslimat", priority="high", channel="phone", now=NOW)
    cp.change_status(k.id, "in_progress", now=NOW)
    export("csv", "customers", tmp_path / "out.csv")
    assert _log() == [
        ("interaction", c.id, ayse),
        ("reminder_snoozed", c.id, ayse),
        ("reminder_done", c.id, ayse),
        ("policy_created", c.id, ayse),
        ("policy_changed", c.id, ayse),
        ("complaint_status", c.id, ayse),
        ("export", None, ayse),
    ]
    status = AuditLog.get(AuditLog.action == "complaint_status")
    assert json.loads(status.detail) == {"complaint": k.id, "from": "new", "to": "in_progress"}
    authors = [e.author for e in ComplaintEvent.select().where(ComplaintEvent.complaint == k.id)]
    assert authors and set(authors) == {ayse}


def test_an_erasure_keeps_who_made_it_and_drops_the_details(ayse):
    c = create_customer(CustomerInput(name="Işıl Güneş"))
    log_interaction(c.id, InteractionInput(summary="Kasko sordu"), now=NOW)
    erase_person(c.id, now=NOW)
    rows = AuditLog.select().where(AuditLog.customer_id == c.id).order_by(AuditLog.id)
    assert [(r.action, r.user) for r in rows] == [("interaction", ayse), ("kvkk_erase", ayse)]
    assert rows[0].detail is None
