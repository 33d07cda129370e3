"""Undo (ctrl+z): the last change at this desk written back, only while its rows still
have the version the change left; recorded in the audit log; both engines."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crm_tui.clock import now as clock_now
from crm_tui.db.models import AuditLog, Customer, Phone, Policy, Reminder
from crm_tui.domain import complaints as cp
from crm_tui.domain import reminders as rem
from crm_tui.domain import undo
from crm_tui.domain.customers import (
    CustomerInput,
    archive_customer,
    create_customer,
    customer_input,
    update_customer,
)
from crm_tui.domain.errors import ConflictError, ValidationError
from crm_tui.domain.policies import PolicyInput, create_policy, policy_input, update_policy
from crm_tui.domain.settings import set_setting


@pytest.fixture(autouse=True)
def fresh_stack():
    undo.clear()
    yield
    undo.clear()


def test_nothing_to_undo(db_path):
    with pytest.raises(ValidationError, match="Nothing to undo"):
        undo.undo_last()


def test_done_is_undone_and_logged(db_path):
    r = rem.create_reminder(rem.ReminderInput(title="Ahmet'i ara", due="22.11.2026"))
    rem.complete(r.id)
    assert Reminder.get_by_id(r.id).status == "done"
    assert undo.last_entry().describe() == "“Ahmet'i ara” marked done"
    assert undo.undo_last() == "“Ahmet'i ara” marked done"
    back = Reminder.get_by_id(r.id)
    assert back.status == "open" and back.done_at is None
    assert back.version > r.version
    assert AuditLog.select().where(AuditLog.action == "undo").count() == 1
    with pytest.raises(ValidationError):
        undo.undo_last()  # undone once


def test_recurring_done_removes_the_next_occurrence(db_path):
    r = rem.create_reminder(
        rem.ReminderInput(title="Aylık", due="22.11.2026", repeat="monthly"),
    )
    nxt = rem.complete(r.id)
    assert nxt is not None
    undo.undo_last()
    assert Reminder.get_or_none(Reminder.id == nxt.id) is None
    assert Reminder.get_by_id(r.id).status == "open"


def test_snooze_undone(db_path):
    r = rem.create_reminder(rem.ReminderInput(title="Ertele", due="22.11.2026"))
    before = Reminder.get_by_id(r.id).due_at
    rem.snooze(r.id, "week")
    assert Reminder.get_by_id(r.id).due_at != before
    undo.undo_last()
    assert Reminder.get_by_id(r.id).due_at == before


def test_customer_edit_undone_with_phones(db_path):
    c = create_customer(CustomerInput(name="Eski Ad", phones=[("mobile", "05321112233")]))
    data, version = customer_input(c.id)
    data.name = "Yeni Ad"
    data.phones = [("mobile", "05449998877")]
    update_customer(c.id, data, expected_version=version)
    assert undo.undo_last() == "edit of Eski Ad"
    assert Customer.get_by_id(c.id).name == "Eski Ad"
    assert [p.e164 for p in Phone.select().where(Phone.customer == c.id)] == ["+905321112233"]


def test_refused_when_changed_since(db_path):
    c = create_customer(CustomerInput(name="Eski Ad"))
    archive_customer(c.id)
    # another desk changes the row after the archive
    Customer.update(notes="başka masa", version=Customer.version + 1).where(
        Customer.id == c.id
    ).execute()
    with pytest.raises(ConflictError, match="changed since"):
        undo.undo_last()
    assert Customer.get_by_id(c.id).archived_at is not None


def test_window_from_the_setting(db_path):
    r = rem.create_reminder(rem.ReminderInput(title="Eski", due="22.11.2026"))
    rem.complete(r.id)
    set_setting("undo_minutes", 1)
    with pytest.raises(ValidationError):
        undo.undo_last(now=clock_now() + timedelta(minutes=2))
    assert undo.undo_last() == "“Eski” marked done"


def test_policy_edit_and_complaint_status(db_path):
    c = create_customer(CustomerInput(name="Poliçeli"))
    p = create_policy(
        c.id,
        PolicyInput(
            kind="policy",
            line="kasko",
            number="KSK-9",
            start_date="01.01.2026",
            end_date="01.01.2027",
            premium="1000",
        ),
        today=date(2026, 1, 1),
    )
    data = policy_input(p.id)
    data.premium = "2000"
    update_policy(p.id, data, today=date(2026, 1, 1))
    assert undo.undo_last() == "edit of policy KSK-9"
    assert str(Policy.get_by_id(p.id).premium) in ("1000", "1000.00")
    k = cp.open_complaint(c.id, "Geç ödeme", channel="phone", category="claim", priority="high")
    cp.change_status(k.id, "in_progress")
    assert "Geç ödeme" in undo.undo_last()
    assert cp.get_complaint(k.id).status == "new"


def test_turkish_description(db_path, tr):
    r = rem.create_reminder(rem.ReminderInput(title="Ara", due="22.11.2026"))
    rem.complete(r.id)
    assert undo.undo_last() == "“Ara” yapıldı işareti"
    _ = datetime  # noqa: F841
