"""Complaints: workflow table, deadlines over weekends/holidays/pauses, breaches, figures."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from crm_tui.db.models import Complaint, ComplaintEvent, Customer, Policy
from crm_tui.domain import complaints as cp
from crm_tui.domain.errors import ConflictError, ValidationError
from crm_tui.domain.settings import set_setting
from crm_tui.domain.workdays import TURKEY, WEEKENDS_ONLY

FRI_16 = datetime(2026, 11, 20, 16, 0)  # a Friday
NOW = datetime(2026, 11, 22, 10, 0)  # the fixed test day, a Sunday


def dt(day: int, hour: int = 10, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute)


@pytest.fixture
def customer(db_path):
    return Customer.create(name="Ayşe Yılmaz")


def new(customer, when=FRI_16, priority="high", category="other", subject="Late delivery"):
    return cp.open_complaint(
        customer.id, subject, priority=priority, category=category, channel="phone", now=when
    )


# -- working-day arithmetic ---------------------------------------------------------------


def test_working_days_skip_the_weekend():
    assert TURKEY.add(FRI_16, timedelta(days=1)) == dt(23, 16)  # Friday 16:00 → Monday 16:00
    assert TURKEY.add(dt(18, 10), timedelta(days=3)) == dt(23, 10)  # Wed → Mon
    # Opened on Saturday: the clock starts Monday 00:00, one working day ends Monday 24:00.
    assert TURKEY.add(dt(21, 10), timedelta(days=1)) == dt(24, 0)
    assert TURKEY.between(dt(20, 17), dt(23, 9)) == timedelta(hours=16)
    assert TURKEY.between(dt(21, 9), dt(22, 20)) == timedelta(0)


def test_public_holidays_are_skipped_unless_turned_off():
    # 29 October 2026 (Republic Day) is a Thursday.
    assert TURKEY.add(dt(28, 12, month=10), timedelta(days=1)) == dt(30, 12, month=10)
    assert WEEKENDS_ONLY.add(dt(28, 12, month=10), timedelta(days=1)) == dt(29, 12, month=10)
    # Kurban Bayramı 2026: Wed 27 – Sat 30 May; Tuesday 26 May + 1 working day → Mon 1 June.
    assert TURKEY.add(datetime(2026, 5, 26, 9), timedelta(days=1)) == datetime(2026, 6, 1, 9)


def test_deadline_from_priority_defaults(customer):
    expected = {
        "urgent": dt(20, 20),  # 4 hours
        "high": dt(23, 16),  # 1 working day over the weekend
        "normal": dt(25, 16),  # 3 working days: Mon, Tue, Wed
        "low": dt(27, 16),  # 7 calendar days
    }
    for priority, deadline in expected.items():
        assert new(customer, priority=priority).deadline_at == deadline, priority


def test_service_levels_are_configurable(customer):
    set_setting("service_levels", {"urgent": {"hours": 2}, "low": {"working_days": 2}})
    assert new(customer, priority="urgent").deadline_at == dt(20, 18)
    assert new(customer, priority="low").deadline_at == dt(24, 16)
    assert new(customer, priority="high").deadline_at == dt(23, 16)  # default kept


def test_extra_holidays_setting(customer):
    set_setting("complaint_holidays", ["2026-11-23"])
    assert new(customer, priority="high").deadline_at == dt(24, 16)
    set_setting("complaint_skip_holidays", False)
    assert cp.deadline_for("high", dt(28, 12, month=10)) == dt(29, 12, month=10)


def test_open_complaint_writes_first_event(customer):
    c = new(customer)
    evs = cp.events(c.id)
    assert [(e.kind, e.from_status, e.to_status, e.at) for e in evs] == [
        ("status", None, "new", FRI_16)
    ]
    assert c.status == "new" and c.opened_at == FRI_16


# -- workflow ---------------------------------------------------------------------------------


def bring_to(customer, status: str) -> Complaint:
    c = new(customer)
    path = {
        "new": [],
        "in_progress": ["in_progress"],
        "waiting": ["waiting"],
        "resolved": ["resolved"],
        "closed": ["resolved", "closed"],
    }[status]
    for i, step in enumerate(path):
        cp.change_status(c.id, step, resolution="Refunded", now=FRI_16 + timedelta(minutes=i + 1))
    return Complaint.get_by_id(c.id)


ALL_PAIRS = [(a, b) for a in cp.STATUSES for b in cp.STATUSES if a != b]


def test_transition_table_is_explicit():
    assert cp.TRANSITIONS == {
        "new": ("in_progress", "waiting", "resolved"),
        "in_progress": ("waiting", "resolved"),
        "waiting": ("in_progress", "resolved"),
        "resolved": ("closed", "in_progress"),
        "closed": ("in_progress",),
    }


@pytest.mark.parametrize(("start", "target"), ALL_PAIRS)
def test_every_transition(customer, start, target):
    c = bring_to(customer, start)
    before = ComplaintEvent.select().where(ComplaintEvent.complaint == c.id).count()
    when = FRI_16 + timedelta(hours=1)
    if target in cp.TRANSITIONS[start]:
        cp.change_status(c.id, target, "why", resolution="Refunded", now=when)
        c = Complaint.get_by_id(c.id)
        assert c.status == target
        last = [e for e in cp.events(c.id) if e.kind == "status"][-1]
        assert (last.from_status, last.to_status, last.at) == (start, target, when)
        assert "why" in last.note
    else:
        with pytest.raises(ValidationError) as exc:
            cp.change_status(c.id, target, "why", resolution="Refunded", now=when)
        assert "cannot move to" in str(exc.value)
        assert Complaint.get_by_id(c.id).status == start
        after = ComplaintEvent.select().where(ComplaintEvent.complaint == c.id).count()
        assert after == before  # nothing written


def test_same_status_and_unknown_status_refused(customer):
    c = new(customer)
    with pytest.raises(ValidationError, match="already"):
        cp.change_status(c.id, "new", now=FRI_16)
    with pytest.raises(ValidationError):
        cp.change_status(c.id, "lost", now=FRI_16)


def test_resolve_needs_resolution_and_valid_satisfaction(customer):
    c = new(customer)
    with pytest.raises(ValidationError) as exc:
        cp.resolve(c.id, "  ", satisfaction="7", now=FRI_16)
    assert set(exc.value.errors) == {"resolution", "satisfaction"}
    assert Complaint.get_by_id(c.id).status == "new"
    cp.resolve(c.id, "Refunded", first_contact=True, satisfaction="4", now=dt(20, 17))
    c = Complaint.get_by_id(c.id)
    assert (c.status, c.resolution, c.first_contact_resolution, c.satisfaction) == (
        "resolved",
        "Refunded",
        True,
        4,
    )
    assert c.resolved_at == dt(20, 17)


def test_reopen_and_close(customer):
    c = bring_to(customer, "resolved")
    with pytest.raises(ValidationError, match="Only a resolved or closed"):
        cp.reopen(bring_to(customer, "in_progress").id, now=dt(21))
    cp.change_status(c.id, "closed", now=dt(21))
    assert Complaint.get_by_id(c.id).closed_at == dt(21)
    cp.reopen(c.id, "Customer called again", now=dt(23, 9))
    c = Complaint.get_by_id(c.id)
    assert (c.status, c.resolved_at, c.closed_at, c.first_contact_resolution) == (
        "in_progress",
        None,
        None,
        False,
    )
    assert c.deadline_at == dt(24, 9)  # a fresh working day from the reopening
    kinds = [(e.kind, e.to_status) for e in cp.events(c.id)]
    assert kinds[-2:] == [("status", "in_progress"), ("deadline", None)]


def test_stale_status_is_a_conflict(customer):
    c = new(customer)
    cp.change_status(c.id, "in_progress", now=FRI_16)
    with pytest.raises(ConflictError):
        cp.change_status(c.id, "waiting", expected_status="new", now=FRI_16)


def test_notes_at_any_point(customer):
    c = bring_to(customer, "closed")
    ev = cp.add_note(c.id, "  Sent a thank-you letter ", now=dt(21))
    assert (ev.kind, ev.note) == ("note", "Sent a thank-you letter")
    with pytest.raises(ValidationError) as exc:
        cp.add_note(c.id, "   ", now=dt(21))
    assert "note" in exc.value.errors


def test_invalid_input_writes_nothing(customer):
    other = Customer.create(name="Mehmet Demir")
    pol = Policy.create(customer=other, line="kasko", start_date=dt(1).date())
    with pytest.raises(ValidationError) as exc:
        cp.open_complaint(
            customer.id, " ", channel="fax", category="x", priority="asap", policy_id=pol.id
        )
    assert set(exc.value.errors) == {"subject", "channel", "category", "priority", "policy"}
    assert Complaint.select().count() == 0 and ComplaintEvent.select().count() == 0
    with pytest.raises(ValidationError) as exc:
        cp.open_complaint(customer.id, "x" * 201)
    assert "too long" in exc.value.errors["subject"]


# -- pauses -----------------------------------------------------------------------------------


def test_waiting_pauses_a_working_day_clock(customer):
    c = new(customer, priority="high")  # due Monday 16:00
    cp.change_status(c.id, "waiting", now=dt(20, 17))
    c = Complaint.get_by_id(c.id)
    assert c.waiting_since == dt(20, 17)
    # The clock is frozen: the time left stays what it was when the pause began.
    assert cp.time_left(c, dt(23, 20)) == dt(23, 16) - dt(20, 17)
    assert not cp.is_overdue(c, dt(23, 20))
    cp.change_status(c.id, "in_progress", now=dt(23, 10))
    c = Complaint.get_by_id(c.id)
    # Paused working time: Fri 17–24 (7 h) + Mon 0–10 (10 h) = 17 h → Monday 16:00 + 17 h.
    assert c.deadline_at == dt(24, 9)
    assert c.waiting_since is None
    # Working time used: Fri 16–17 (1 h) + Mon 10–24 (14 h) + Tue 0–9 (9 h) = one working day.
    assert TURKEY.between(FRI_16, dt(20, 17)) + TURKEY.between(dt(23, 10), dt(24, 9)) == (
        timedelta(days=1)
    )
    assert cp.events(c.id)[-1].kind == "deadline"
    assert cp.events(c.id)[-1].note == "2026-11-24T09:00:00"


def test_weekend_pause_does_not_move_a_working_day_deadline(customer):
    c = new(customer, priority="high")
    cp.change_status(c.id, "waiting", now=dt(21, 10))
    cp.change_status(c.id, "in_progress", now=dt(22, 20))
    assert Complaint.get_by_id(c.id).deadline_at == dt(23, 16)


def test_waiting_pauses_an_hours_clock(customer):
    c = new(customer, when=dt(23, 9), priority="urgent")  # due 13:00
    cp.change_status(c.id, "waiting", now=dt(23, 10))
    cp.change_status(c.id, "in_progress", now=dt(23, 12, 30))
    c = Complaint.get_by_id(c.id)
    assert c.deadline_at == dt(23, 15, 30)
    # Two pauses add up; resolving from waiting also ends the pause.
    cp.change_status(c.id, "waiting", now=dt(23, 13))
    cp.resolve(c.id, "Fixed", now=dt(23, 17))
    c = Complaint.get_by_id(c.id)
    assert c.deadline_at == dt(23, 19, 30) and not c.breached
    assert cp.deadline_from_events("urgent", c.opened_at, cp.events(c.id)) == dt(23, 19, 30)


def test_priority_change_rebuilds_deadline_with_pauses(customer):
    c = new(customer, when=dt(23, 9), priority="low")
    cp.change_status(c.id, "waiting", now=dt(23, 10))
    cp.change_status(c.id, "in_progress", now=dt(23, 11))
    c = cp.update_complaint(
        c.id, "Late delivery", None, "phone", "delivery", "urgent", "Ali", now=dt(23, 11)
    )
    assert c.deadline_at == dt(23, 14)  # 09:00 + 4 h + 1 h paused
    assert c.owner == "Ali" and c.category == "delivery"


# -- breaches -------------------------------------------------------------------------------


def test_late_resolution_stays_breached_after_reopen(customer):
    c = new(customer, priority="urgent")  # due Friday 20:00
    cp.resolve(c.id, "Replaced", now=dt(20, 21))
    assert Complaint.get_by_id(c.id).breached
    cp.reopen(c.id, now=dt(21, 9))
    c = Complaint.get_by_id(c.id)
    assert c.breached and c.deadline_at == dt(21, 13)
    cp.resolve(c.id, "Replaced again", now=dt(21, 10))
    assert Complaint.get_by_id(c.id).breached


def test_on_time_resolution_is_not_breached(customer):
    c = new(customer, priority="urgent")
    cp.resolve(c.id, "Replaced", now=dt(20, 19, 59))
    assert not Complaint.get_by_id(c.id).breached


def test_overdue_before_waiting_stays_overdue(customer):
    c = new(customer, priority="urgent")  # due Friday 20:00
    cp.change_status(c.id, "waiting", now=dt(20, 22))
    c = Complaint.get_by_id(c.id)
    assert c.breached and cp.is_overdue(c, dt(22, 10))


def test_mark_breaches_stores_the_flag(customer):
    late = new(customer, priority="urgent")
    fine = new(customer, priority="low")
    assert cp.mark_breaches(now=dt(21)) == 1
    assert Complaint.get_by_id(late.id).breached
    assert not Complaint.get_by_id(fine.id).breached
    assert cp.mark_breaches(now=dt(21)) == 0


# -- lists ------------------------------------------------------------------------------------


def test_due_for_today(customer):
    overdue = new(customer, when=dt(21, 10), priority="urgent", subject="A")  # due Sat 14:00
    soon = new(customer, when=dt(22, 8), priority="urgent", subject="B")  # due Sun 12:00
    later = new(customer, when=dt(22, 10), priority="normal", subject="C")  # due Thu 00:00
    paused = new(customer, when=dt(22, 9), priority="urgent", subject="D")
    cp.change_status(paused.id, "waiting", now=dt(22, 9, 30))
    done = new(customer, when=dt(21, 10), priority="urgent", subject="E")
    cp.resolve(done.id, "ok", now=dt(21, 11))
    due = cp.due_for_today(now=NOW)
    assert [d.subject for d in due] == ["A", "B"]
    assert [d.overdue for d in due] == [True, False]
    assert due[0].customer_name == "Ayşe Yılmaz" and due[0].deadline_at == dt(21, 14)
    assert [d.id for d in cp.due_for_today(now=NOW, within_hours=24 * 5)] == [
        overdue.id,
        soon.id,
        later.id,
    ]
    set_setting("complaint_near_deadline_hours", 1)
    assert [d.subject for d in cp.due_for_today(now=NOW)] == ["A"]


def test_list_filter_search_sort_and_paging(customer):
    other = Customer.create(name="Şükrü Işık")
    from crm_tui.db import search

    search.index_customers([customer.id, other.id])
    for i in range(7):
        new(customer, when=dt(2 + i), priority="low", subject=f"Broken item {i}")
    mine = new(other, when=dt(10), priority="urgent", subject="Rude staff")
    cp.change_status(mine.id, "in_progress", now=dt(10, 11))
    page = cp.list_complaints("open", now=NOW, limit=3)
    assert page.total == 8 and len(page.rows) == 3
    # deadlines: items 9..15 Nov 10:00, the urgent one 10 Nov 14:00
    assert [r.subject for r in page.rows] == ["Broken item 0", "Broken item 1", "Rude staff"]
    assert all(r.overdue and r.time_left < timedelta(0) for r in page.rows)
    page2 = cp.list_complaints("open", now=NOW, offset=6, limit=3)
    assert [r.subject for r in page2.rows] == ["Broken item 5", "Broken item 6"]
    assert [r.subject for r in cp.list_complaints("open", "sukru", now=NOW).rows] == ["Rude staff"]
    assert cp.list_complaints("open", "rude", now=NOW).total == 1
    assert cp.list_complaints("open", f"#{mine.id}", now=NOW).rows[0].id == mine.id
    assert cp.list_complaints("in_progress", now=NOW).total == 1
    newest = cp.list_complaints("all", sort="newest", now=NOW).rows
    assert newest[0].subject == "Rude staff"
    counts = cp.status_counts(now=NOW)
    assert counts["new"] == 7 and counts["in_progress"] == 1 and counts["open"] == 8
    assert counts["overdue"] == 8 and counts["all"] == 8
    rows = cp.list_for_customer(other.id, now=NOW)
    assert [r.subject for r in rows] == ["Rude staff"]


# -- figures ----------------------------------------------------------------------------------


def test_figures_on_a_known_dataset(customer):
    def make(when, category, priority="low"):
        return new(customer, when=when, priority=priority, category=category)

    c1 = make(dt(1), "product")  # due 8 Nov
    cp.resolve(c1.id, "ok", first_contact=True, satisfaction=5, now=dt(3))  # 48 h, on time
    c2 = make(dt(2), "product")  # due 9 Nov
    cp.resolve(c2.id, "late", satisfaction=2, now=dt(12))  # 240 h, breached
    cp.change_status(c2.id, "closed", now=dt(13))
    c3 = make(dt(5), "billing")
    cp.resolve(c3.id, "ok", first_contact=True, now=dt(6))  # 24 h, no answer
    c4 = make(dt(20), "billing")  # open, due 27 Nov
    cp.change_status(c4.id, "in_progress", now=dt(20, 11))
    make(dt(21), "service", priority="urgent")  # open, overdue since Sat 14:00
    old = make(dt(1, month=7), "service")  # before the 90 days
    cp.resolve(old.id, "old", satisfaction=1, now=dt(30, month=7))
    make(dt(1, month=8), "staff")  # before the 90 days, still open and overdue

    f = cp.complaint_figures(now=NOW, days=90)
    # Hand-computed: see the comments above.
    assert f.since == datetime(2026, 8, 24, 10, 0)
    assert f.open_count == 3  # c4, c5, the August one
    assert f.overdue_count == 2  # c5 and the August one
    assert f.total.count == 5
    assert f.breached_count == 2  # c2 (resolved late), c5 (open, overdue)
    assert f.total.resolved == 3
    assert f.total.within_deadline_share == pytest.approx(2 / 3)
    assert f.total.first_contact_rate == pytest.approx(2 / 3)
    assert f.total.satisfaction_avg == pytest.approx(3.5)
    assert f.total.satisfaction_count == 2
    assert f.median_resolution == timedelta(hours=48)
    by = {c.category: c for c in f.by_category}
    assert [c.category for c in f.by_category] == ["product", "billing", "service"]
    assert (by["product"].count, by["product"].breached, by["product"].resolved) == (2, 1, 2)
    assert by["product"].within_deadline_share == 0.5
    assert by["product"].satisfaction_avg == 3.5
    assert (by["billing"].count, by["billing"].open, by["billing"].resolved) == (2, 1, 1)
    assert by["billing"].first_contact_rate == 1.0 and by["billing"].satisfaction_avg is None
    assert (by["service"].count, by["service"].open, by["service"].breached) == (1, 1, 1)
    assert by["service"].within_deadline_share is None


def test_figures_when_empty(db_path):
    f = cp.complaint_figures(now=NOW)
    assert f.open_count == 0 and f.total.count == 0 and f.median_resolution is None
    assert f.total.satisfaction_avg is None and f.by_category == []


# -- settings the user edits ----------------------------------------------------------------


def test_settings_defaults_read_back(db_path):
    s = cp.complaint_settings()
    assert s.levels == {
        "low": (7, "days"),
        "normal": (3, "working_days"),
        "high": (1, "working_days"),
        "urgent": (4, "hours"),
    }
    assert s.skip_holidays is True and s.extra_holidays == [] and s.near_deadline_hours == 24


def test_save_settings_changes_new_deadlines(customer):
    levels = {
        "urgent": ("2", "hours"),
        "high": ("1,5", "working_days"),
        "normal": ("12", "working_hours"),
        "low": ("10", "days"),
    }
    saved = cp.save_complaint_settings(levels, True, "23.11.2026, 2026-12-31", "6")
    assert saved.levels["high"] == (1.5, "working_days")
    assert saved.levels["normal"] == (12, "working_hours")
    assert saved.extra_holidays == [dt(23).date(), datetime(2026, 12, 31).date()]
    assert saved.near_deadline_hours == 6
    urgent = new(customer, priority="urgent")
    assert urgent.deadline_at == dt(20, 18)
    # Friday 16:00 + 1.5 working days; Monday 23 Nov is now a holiday: Fri 8 h + Tue 24 h
    # + Wed 4 h = 36 h → Wednesday 04:00.
    assert new(customer, priority="high").deadline_at == dt(25, 4)
    assert new(customer, priority="normal").deadline_at == dt(24, 4)  # Fri 8 h + Tue 4 h
    assert new(customer, priority="low").deadline_at == dt(30, 16)
    # Within 6 hours: only the overdue one (the next deadline is Tuesday).
    assert [d.id for d in cp.due_for_today(now=NOW)] == [urgent.id]
    cp.save_complaint_settings(levels, False, "", 0)
    assert cp.complaint_settings().skip_holidays is False
    assert cp.deadline_for("high", dt(28, 12, month=10)) == dt(30, 0, month=10)  # 29 Oct counts


def test_bad_settings_are_refused_and_nothing_is_stored(db_path):
    before = cp.complaint_settings()
    with pytest.raises(ValidationError) as exc:
        cp.save_complaint_settings(
            {
                "urgent": ("0", "hours"),
                "high": ("abc", "working_days"),
                "normal": ("91", "days"),
                "low": ("7", "weeks"),
            },
            True,
            "31.02.2027, +3g, 01.05.2027",
            "-1",
        )
    errors = exc.value.errors
    assert set(errors) == {
        "urgent_amount",
        "high_amount",
        "normal_amount",
        "low_unit",
        "holidays",
        "near_hours",
    }
    assert "greater than 0" in errors["urgent_amount"]
    assert "At most 90 days" in errors["normal_amount"]
    assert "31.02.2027" in errors["holidays"] and "+3g" in errors["holidays"]
    with pytest.raises(ValidationError) as exc:
        cp.save_complaint_settings({p: ("0.1", "hours") for p in cp.PRIORITIES})
    assert "quarter of an hour" in exc.value.errors["urgent_amount"]
    assert cp.complaint_settings() == before


def test_hand_edited_bad_levels_fall_back_to_defaults(customer):
    set_setting("service_levels", {"urgent": {"hours": -3}, "high": {"days": "x"}, "low": 5})
    assert new(customer, priority="urgent").deadline_at == dt(20, 20)
    assert new(customer, priority="high").deadline_at == dt(23, 16)
    assert cp.complaint_settings().levels["low"] == (7, "days")


def test_religious_holidays_of_later_years():
    # Ramazan Bayramı 2027: Tue 9 – Thu 11 March. Monday 10:00 + 1 working day → Friday.
    assert TURKEY.add(datetime(2027, 3, 8, 10), timedelta(days=1)) == datetime(2027, 3, 12, 10)
    # Kurban Bayramı 2027 (16–19 May, a Sunday to a Wednesday) also covers 19 May.
    assert TURKEY.add(datetime(2027, 5, 14, 12), timedelta(days=1)) == datetime(2027, 5, 20, 12)
    assert not TURKEY.is_working_day(datetime(2030, 2, 5).date())


# -- texts in human terms -----------------------------------------------------------------


def test_deadline_texts():
    assert cp.duration_text(timedelta(days=2, hours=3, minutes=5)) == "2 d 3 h"
    assert cp.duration_text(timedelta(hours=5, minutes=10)) == "5 h 10 min"
    assert cp.duration_text(-timedelta(minutes=25)) == "25 min"
    assert cp.deadline_text("new", timedelta(hours=3)) == "3 h left"
    assert cp.deadline_text("in_progress", -timedelta(days=1)) == "1 d overdue"
    assert cp.deadline_text("waiting", timedelta(hours=2)) == "paused, 2 h left"
    assert cp.deadline_text("waiting", -timedelta(hours=2)) == "paused, 2 h overdue"
    assert cp.deadline_text("resolved", timedelta(hours=2)) == ""


def test_due_for_today_carries_time_left(customer):
    c = new(customer, when=dt(22, 8), priority="urgent")  # due Sunday 12:00
    (due,) = cp.due_for_today(now=NOW)
    assert due.id == c.id and due.time_left == timedelta(hours=2)
    assert due.deadline_text == "2 h left"
    # Paused after its deadline had passed: still on Today, with the frozen overdue time.
    late = new(customer, when=dt(21, 9), priority="urgent")  # due Saturday 13:00
    cp.change_status(late.id, "waiting", now=dt(21, 15))
    first, second = cp.due_for_today(now=NOW)
    assert (first.id, first.overdue, first.deadline_text) == (late.id, True, "paused, 2 h overdue")
    assert second.id == c.id


# -- list order and search ------------------------------------------------------------------


def test_waiting_complaints_sort_by_the_time_they_have_left(customer):
    new(customer, when=dt(22, 8), priority="urgent", subject="running")  # 2 h left
    paused = new(customer, when=dt(21, 9), priority="urgent", subject="paused")  # due Sat 13:00
    cp.change_status(paused.id, "waiting", now=dt(21, 12))  # paused with 1 h left
    new(customer, when=dt(22, 9, 30), priority="urgent", subject="later")  # 3.5 h left
    done = new(customer, when=dt(20, 9), priority="urgent", subject="done")
    cp.resolve(done.id, "ok", now=dt(20, 10))
    rows = cp.list_complaints("open", now=NOW).rows
    assert [r.subject for r in rows] == ["paused", "running", "later"]
    assert rows[0].time_left == timedelta(hours=1) and not rows[0].overdue
    # "All" lists the open ones first, then the done ones.
    assert [r.subject for r in cp.list_complaints("all", now=NOW).rows] == [
        "paused",
        "running",
        "later",
        "done",
    ]
    assert [r.subject for r in cp.list_complaints("resolved", now=NOW).rows] == ["done"]


def test_search_folds_turkish_letters(customer):
    new(customer, subject="Televizyon ekranında ÇİZGİ var")
    new(customer, subject="Kargo geç geldi")
    c = new(customer, subject="Fatura")
    cp.update_complaint(c.id, "Fatura", "Tutar yanlış", "phone", "billing", "normal", "IŞIL")
    assert [r.subject for r in cp.list_complaints("all", "cizgi", now=NOW).rows] == [
        "Televizyon ekranında ÇİZGİ var"
    ]
    assert cp.list_complaints("all", "GEC", now=NOW).total == 1
    assert cp.list_complaints("all", "isil", now=NOW).total == 1  # the owner
    assert cp.list_complaints("all", "yanlis", now=NOW).total == 1  # the description


def test_search_by_number_takes_only_plain_ids(customer):
    c = new(customer, subject="Fatura")
    assert [r.id for r in cp.list_complaints("all", f"#{c.id}", now=NOW).rows] == [c.id]
    # 40 digits would overflow SQLite's integer; "²" is a digit to str.isdigit but not to int()
    for text in ("9" * 40, "#" + "9" * 40, "²", "#²"):
        assert cp.list_complaints("all", text, now=NOW).total == 0


# -- resolution: history and satisfaction as CSAT -------------------------------------------


def test_resolution_is_kept_in_history_and_counts_as_csat(customer):
    from crm_tui.domain import loyalty

    c = new(customer)
    cp.resolve(c.id, "Refunded", first_contact=True, satisfaction=5, note="thanks", now=dt(20, 17))
    last = [e for e in cp.events(c.id) if e.kind == "status"][-1]
    assert last.note == "Refunded\nsolved at the first contact · satisfaction 5/5\nthanks"
    answers = loyalty.satisfaction(dt(1).date(), customer.id)
    assert answers["csat_answers"] == 1 and answers["csat"] == 1.0
    # Reopened: no longer a settled answer; resolved again without asking: no answer.
    cp.reopen(c.id, now=dt(21))
    assert loyalty.satisfaction(dt(1).date(), customer.id)["csat_answers"] == 0
    cp.resolve(c.id, "Replaced", now=dt(21, 12))
    assert Complaint.get_by_id(c.id).satisfaction is None
    assert loyalty.satisfaction(dt(1).date(), customer.id)["csat_answers"] == 0


def test_edits_are_in_the_history(customer):
    c = new(customer)
    cp.update_complaint(
        c.id, "Late delivery", "Box was open", "whatsapp", "delivery", "high", "Mert", now=dt(21)
    )
    notes = [e.note for e in cp.events(c.id) if e.kind == "note"]
    assert notes == [
        "Channel: Phone → WhatsApp; Category: Other → Delivery; Assigned to: – → Mert;"
        " Description changed"
    ]
    cp.update_complaint(
        c.id, "Late delivery", "Box was open", "whatsapp", "delivery", "high", "Mert", now=dt(21)
    )
    assert len([e for e in cp.events(c.id) if e.kind == "note"]) == 1  # nothing changed
