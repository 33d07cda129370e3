"""Assignments (issue 15): reminders and complaints given to a desk user, recorded in the
audit log; Today's "Mine" (that user's and nobody's); the users to offer. Both engines
(CRM_TUI_TEST_BACKEND)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from crm_tui.db.connection import database_login
from crm_tui.db.models import AppUser, AuditLog, Complaint, Reminder
from crm_tui.domain import assignment, who
from crm_tui.domain import complaints as cp
from crm_tui.domain import reminders as rem
from crm_tui.domain import today as td
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.domain.errors import ValidationError
from crm_tui.domain.interactions import InteractionInput, log_interaction

TODAY = date(2026, 11, 22)


@pytest.fixture
def me(db_path, monkeypatch) -> str:
    monkeypatch.setattr(who, "_user", None)
    who.set_user("ayse")
    return who.current_user()  # on PostgreSQL: the login


def _reminder(title: str, assigned_to: str | None, days: int = -1, cid: int | None = None):
    return rem.create_reminder(
        rem.ReminderInput(
            title=title, due=TODAY + timedelta(days=days), customer_id=cid, assigned_to=assigned_to
        ),
        today=TODAY,
    )


def _assigned_log() -> list[tuple[str, dict]]:
    rows = AuditLog.select().where(AuditLog.action.endswith("_assigned")).order_by(AuditLog.id)
    return [(r.action, json.loads(r.detail)) for r in rows]


def test_a_reminder_is_given_taken_back_and_every_change_is_logged(me):
    c = create_customer(CustomerInput(name="Işıl Güneş"))
    r = _reminder("Call back", "mehmet", cid=c.id)
    assert r.assigned_to == "mehmet"
    r2 = assignment.assign_reminder(r.id, f"  {me.upper()} ")  # a known user's own spelling
    assert r2.assigned_to == me
    assert r2.version == r.version + 1
    assert assignment.assign_reminder(r.id, "").assigned_to is None  # nobody
    assignment.assign_reminder(r.id, None)  # no change: nothing logged
    log = _assigned_log()
    assert [d["to"] for _a, d in log] == ["mehmet", r2.assigned_to, None]
    assert {a for a, _d in log} == {"reminder_assigned"}
    row = AuditLog.get(AuditLog.action == "reminder_assigned")
    assert row.customer_id == c.id and row.user == me
    # an edit that does not name an assignee keeps it; one that does changes it
    assignment.assign_reminder(r.id, "mehmet")
    data = rem.ReminderInput(title="Call back soon", due=TODAY, customer_id=c.id)
    assert rem.update_reminder(r.id, data, today=TODAY).assigned_to == "mehmet"
    data.assigned_to = ""
    assert rem.update_reminder(r.id, data, today=TODAY).assigned_to is None


def test_a_name_too_long_is_refused_on_the_field(me):
    with pytest.raises(ValidationError) as exc:
        _reminder("x", "a" * 81)
    assert "assigned_to" in exc.value.errors
    assert Reminder.select().count() == 0


def test_the_next_time_of_a_recurring_reminder_keeps_its_assignee(me):
    r = rem.create_reminder(
        rem.ReminderInput(title="Weekly", due=TODAY, repeat="weekly", assigned_to="mehmet"),
        today=TODAY,
    )
    nxt = rem.complete(r.id, now=datetime(2026, 11, 22, 12, 0))
    assert nxt is not None and nxt.assigned_to == "mehmet"


def test_a_call_back_goes_to_whoever_logged_the_call(me):
    c = create_customer(CustomerInput(name="Işıl Güneş"))
    _i, reminder = log_interaction(
        c.id, InteractionInput(summary="Asked for an offer", follow_up="tomorrow")
    )
    assert reminder is not None and reminder.assigned_to == me


def test_a_complaint_s_owner_is_its_assignee(me):
    c = create_customer(CustomerInput(name="Işıl Güneş"))
    comp = cp.open_complaint(c.id, "Late", owner="mehmet")
    assert (comp.owner, comp.assigned_to) == ("mehmet", "mehmet")
    moved = assignment.assign_complaint(comp.id, me.upper())
    assert moved.owner == moved.assigned_to == me
    cp.update_complaint(comp.id, "Late", None, "phone", "other", "normal", "")
    again = Complaint.get_by_id(comp.id)
    assert again.owner is None and again.assigned_to is None
    assert [d["to"] for _a, d in _assigned_log()] == ["mehmet", moved.assigned_to, None]


def test_known_users_are_the_current_one_the_log_s_and_the_assignees(me):
    _reminder("a", "Mehmet")
    _reminder("b", "mehmet")  # one spelling per name
    c = create_customer(CustomerInput(name="Işıl Güneş"))
    cp.open_complaint(c.id, "Late", owner="Zeynep")
    AuditLog.create(at=datetime(2026, 11, 1), action="export", user="kemal")
    AppUser.create(name="Selin", role="staff", created_at=datetime(2026, 11, 1))
    users = who.known_users()
    expected = {me.casefold(), "mehmet", "zeynep", "kemal", "selin"}
    assert {u.casefold() for u in users} == expected
    assert len(users) == 5 and users == sorted(users, key=str.casefold)


def test_mine_is_my_reminders_and_complaints_and_nobody_s(me):
    c = create_customer(CustomerInput(name="Işıl Güneş"))
    _reminder("mine", me, cid=c.id)
    _reminder("nobody's", None, cid=c.id)
    _reminder("mehmet's", "mehmet", cid=c.id)
    _reminder("mine today", me, days=0)
    _reminder("mehmet today", "mehmet", days=0)
    now = datetime(2026, 11, 22, 8, 0)
    for owner in (me, None, "mehmet"):
        comp = cp.open_complaint(c.id, f"by {owner}", owner=owner, now=now - timedelta(days=9))
        assert comp.deadline_at < now + timedelta(hours=24)

    def titles(agenda, code):
        return sorted(i.title for i in agenda.group(code).items)

    everyone = td.agenda(today=TODAY, now=now)
    assert titles(everyone, "overdue") == ["mehmet's", "mine", "nobody's"]
    assert len(everyone.group("complaints").items) == 3
    mine = td.agenda(today=TODAY, now=now, mine=me)
    assert titles(mine, "overdue") == ["mine", "nobody's"]
    assert titles(mine, "today") == ["mine today"]
    assert titles(mine, "complaints") == sorted([f"by {me}", "by None"])
    assert [i.data.assigned_to for i in mine.group("today").items] == [me]
    assert database_login() is None or me == database_login()
