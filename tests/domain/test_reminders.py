"""Reminders: recurrence (month end, leap day, from completion), snooze arithmetic, listing,
stay in touch, and the iCalendar export."""

from __future__ import annotations

import os
import stat
import time as _time
from datetime import UTC, date, datetime

import pytest
import vobject

from crm_tui.db.models import Customer, Interaction, Reminder
from crm_tui.domain import reminders as rem
from crm_tui.domain import today as td
from crm_tui.domain.errors import ValidationError
from crm_tui.domain.ical import export_ics

NOW = datetime(2026, 11, 22, 10, 0)  # Sunday


def make(title="Call back", due="22.11.2026", **kw) -> Reminder:
    return rem.create_reminder(rem.ReminderInput(title=title, due=due, **kw), today=NOW.date())


# -- rrule expansion -------------------------------------------------------------------------


def test_monthly_on_the_31st_keeps_month_ends():
    rule = rem.build_rrule("monthly", date(2026, 1, 31))
    assert rule == "FREQ=MONTHLY;BYMONTHDAY=31,-1;BYSETPOS=1"
    due = datetime(2026, 1, 31, 9)
    seen = []
    for _ in range(4):
        due = rem.next_occurrence(rule, "calendar", due, due)
        seen.append(due.date())
    # February has no 31st: its last day; March is back on the 31st (no drift to the 28th)
    assert seen == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31)]


def test_yearly_on_29_february():
    rule = rem.build_rrule("yearly", date(2028, 2, 29))
    due = datetime(2028, 2, 29, 9)
    seen = []
    for _ in range(4):
        due = rem.next_occurrence(rule, "calendar", due, due)
        seen.append(due.date())
    assert seen == [date(2029, 2, 28), date(2030, 2, 28), date(2031, 2, 28), date(2032, 2, 29)]


def test_nth_weekday_of_the_month_and_its_description():
    rule = rem.build_rrule("nth_weekday", date(2026, 11, 10))  # 2nd Tuesday
    assert rule == "FREQ=MONTHLY;BYDAY=+2TU"
    assert rem.describe_rule(rule) == "Every 2nd Tuesday of the month"
    nxt = rem.next_occurrence(
        rule, "calendar", datetime(2026, 11, 10, 9), datetime(2026, 11, 10, 12)
    )
    assert nxt == datetime(2026, 12, 8, 9)
    assert rem.choice_of(rule) == "nth_weekday"
    # the 5th week of a month becomes "last"
    assert rem.build_rrule("nth_weekday", date(2026, 12, 29)) == "FREQ=MONTHLY;BYDAY=-1TU"


def test_tr_description(tr):
    assert rem.describe_rule("FREQ=MONTHLY;BYDAY=+2TU") == "Her ayın 2. Salı günü"
    assert rem.describe_rule("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=5") == "Üç ayda bir"


def test_calendar_rule_skips_occurrences_missed_while_overdue():
    rule = rem.build_rrule("weekly", date(2026, 11, 2))  # Mondays
    nxt = rem.next_occurrence(rule, "calendar", datetime(2026, 11, 2, 9), NOW)
    assert nxt == datetime(2026, 11, 23, 9)  # the Monday after the day it was done


def test_recurrence_from_completion_counts_from_the_day_done(db_path):
    r = make(
        "Stay in touch with Ayşe", due="01.10.2026", repeat="quarterly", recur_from="completion"
    )
    assert r.rrule == "FREQ=MONTHLY;INTERVAL=3" and r.recur_from == "completion"
    nxt = rem.complete(r.id, now=datetime(2026, 11, 30, 16, 45))
    assert Reminder.get_by_id(r.id).status == "done"
    assert Reminder.get_by_id(r.id).done_at == datetime(2026, 11, 30, 16, 45)
    # 30 Nov + 3 months = 28 Feb (month end clipped), at the reminder's time of day
    assert nxt.due_at == datetime(2027, 2, 28, 9, 0)
    assert nxt.status == "open" and nxt.title == r.title and nxt.rrule == r.rrule


def test_done_on_a_calendar_reminder_creates_the_next(db_path):
    r = make("Pay the rent", due="31.10.2026", repeat="monthly")
    nxt = rem.complete(r.id, now=datetime(2026, 10, 31, 12))
    assert nxt.due_at == datetime(2026, 11, 30, 9)
    assert Reminder.select().count() == 2
    with pytest.raises(ValidationError):
        rem.complete(r.id, now=NOW)  # already done: nothing doubled
    assert Reminder.select().count() == 2


def test_done_without_rule_creates_nothing(db_path):
    r = make()
    assert rem.complete(r.id, now=NOW) is None
    assert Reminder.select().count() == 1


def test_weekday_rule_from_completion_is_refused(db_path):
    with pytest.raises(ValidationError) as exc:
        make(repeat="nth_weekday", recur_from="completion")
    assert "recur_from" in exc.value.errors


def test_rule_with_count_and_until_is_refused():
    """RFC 5545 forbids both; dateutil accepts it with a warning today, refuses it later."""
    with pytest.raises(ValidationError) as exc:
        rem.validate_rule("FREQ=MONTHLY;COUNT=3;UNTIL=20270101T000000", NOW)
    assert "not both" in exc.value.errors["rrule"]
    rem.validate_rule("FREQ=MONTHLY;COUNT=3", NOW)
    rem.validate_rule("FREQ=MONTHLY;UNTIL=20270101T000000", NOW)


# -- snooze -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "now", "due", "expected"),
    [
        (
            "hour",
            datetime(2026, 11, 22, 23, 30),
            datetime(2026, 11, 22, 9),
            (datetime(2026, 11, 23, 0, 30), True),
        ),
        ("tomorrow", NOW, datetime(2026, 11, 20, 9), (datetime(2026, 11, 23, 9), True)),
        ("week", NOW, datetime(2026, 11, 1, 15, 30), (datetime(2026, 11, 29, 15, 30), False)),
        (
            "month",
            datetime(2027, 1, 31, 8),
            datetime(2027, 1, 31, 9),
            (datetime(2027, 2, 28, 9), False),
        ),
        (
            "month",
            datetime(2028, 1, 31, 8),
            datetime(2028, 1, 31, 9),
            (datetime(2028, 2, 29, 9), False),
        ),
    ],
)
def test_snooze_arithmetic(choice, now, due, expected):
    assert rem.snooze_target(choice, now, due, False) == expected


def test_snooze_to_a_typed_date(db_path):
    r = make()
    s = rem.snooze(r.id, "date", "25.12.2026 14:30", now=NOW)
    assert (s.due_at, s.has_time, s.snoozed_count) == (datetime(2026, 12, 25, 14, 30), True, 1)
    s = rem.snooze(r.id, "date", "+3d", now=NOW)
    assert (s.due_at, s.has_time, s.snoozed_count) == (datetime(2026, 11, 25, 9), False, 2)
    with pytest.raises(ValidationError):
        rem.snooze(r.id, "date", "20.11.2026", now=NOW)  # the past
    with pytest.raises(ValidationError):
        rem.snooze(r.id, "date", "31.02.2027", now=NOW)  # not a date
    assert Reminder.get_by_id(r.id).snoozed_count == 2


def test_validation_names_each_bad_field(db_path):
    with pytest.raises(ValidationError) as exc:
        rem.create_reminder(
            rem.ReminderInput(title="  ", due="32.13.2026", time="25:00"), today=NOW.date()
        )
    assert set(exc.value.errors) == {"title", "due", "time"}
    assert Reminder.select().count() == 0


# -- listing and the day boundary -------------------------------------------------------------


def test_filters_split_at_midnight(db_path):
    make("late yesterday", due="21.11.2026", time="23:59")
    make("first minute", due="22.11.2026", time="00:00")
    make("last minute", due="22.11.2026", time="23:59")
    make("tomorrow", due="23.11.2026", time="00:00")
    make("next sunday", due="29.11.2026")
    make("in a month", due="22.12.2026")
    done = make("done one", due="20.11.2026")
    rem.complete(done.id, now=NOW)
    titles = {
        code: [r.title for r in rem.list_reminders(code, today=NOW.date())[0]]
        for code in ("overdue", "today", "week", "later", "done")
    }
    assert titles == {
        "overdue": ["late yesterday"],
        "today": ["first minute", "last minute"],
        "week": ["tomorrow", "next sunday"],
        "later": ["in a month"],
        "done": ["done one"],
    }
    # the Today queue reads the same two filters through its own SQL
    for code in ("overdue", "today"):
        rows, more = rem.due_reminders(code, NOW.date())
        assert [r.title for r in rows] == titles[code] and not more
    # the next day, today's become overdue
    assert len(rem.list_reminders("overdue", today=date(2026, 11, 23))[0]) == 3
    assert len(rem.due_reminders("overdue", date(2026, 11, 23))[0]) == 3
    assert [r.title for r in rem.due_reminders("today", date(2026, 11, 23))[0]] == ["tomorrow"]
    counts = rem.count_filters(today=NOW.date())
    assert counts["overdue"] == 1 and counts["open"] == 6


def test_list_is_paged_and_searchable(db_path):
    c = Customer.create(name="Şükrü Işık")
    from crm_tui.db import search

    search.index_customers([c.id])
    for i in range(25):
        make(f"Task {i:02d}", due="20.11.2026")
    make("Bring the contract", due="23.11.2026", customer_id=c.id)
    page, more = rem.list_reminders("open", offset=0, limit=10, today=NOW.date())
    assert len(page) == 10 and more
    page3, more3 = rem.list_reminders("open", offset=20, limit=10, today=NOW.date())
    assert len(page3) == 6 and not more3
    assert [r.title for r in rem.list_reminders("open", "sukru", today=NOW.date())[0]] == [
        "Bring the contract"
    ]
    assert [r.title for r in rem.list_reminders("open", "contract", today=NOW.date())[0]] == [
        "Bring the contract"
    ]


# -- stay in touch ------------------------------------------------------------------------------


def test_stay_in_touch_and_logging_resets_it(db_path):
    today = NOW.date()
    due = Customer.create(
        name="Due", contact_every_days=30, last_contact_at=datetime(2026, 10, 23, 18)
    )
    Customer.create(
        name="Not yet", contact_every_days=30, last_contact_at=datetime(2026, 10, 24, 9)
    )
    never = Customer.create(name="Never", contact_every_days=90, created_at=datetime(2026, 1, 1))
    Customer.create(name="No rhythm", last_contact_at=datetime(2020, 1, 1))
    Customer.create(name="Archived", contact_every_days=7, archived_at=datetime(2026, 1, 1))
    rows = rem.stay_in_touch_due(today)
    assert [r.name for r in rows] == ["Never", "Due"]
    assert rows[1].due == date(2026, 11, 22)
    rem.log_contact(due.id, "Called", now=NOW)
    assert [r.name for r in rem.stay_in_touch_due(today)] == ["Never"]
    assert Interaction.select().where(Interaction.customer == due.id).count() == 1
    # contact logged elsewhere (last_contact_at updated by the interactions area) also resets it
    Customer.update(last_contact_at=NOW).where(Customer.id == never.id).execute()
    assert rem.stay_in_touch_due(today) == []


# -- time zones of the machine ------------------------------------------------------------------


def test_today_follows_the_machine_time_zone(db_path, monkeypatch):
    """The same instant is 22 Nov in New York and 23 Nov in Istanbul: what is overdue and what
    is due today follows the local calendar day of the machine."""
    from crm_tui import clock

    instant = datetime(2026, 11, 22, 23, 30, tzinfo=UTC).timestamp()
    make("due on the 22nd", due="22.11.2026")
    make("due on the 23rd", due="23.11.2026")
    monkeypatch.delenv("CRM_TUI_TODAY", raising=False)
    monkeypatch.delenv("CRM_TUI_NOW", raising=False)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.fromtimestamp(instant, tz)

    monkeypatch.setattr(clock, "datetime", Frozen)
    seen = {}
    old_tz = os.environ.get("TZ")
    try:
        for zone in ("America/New_York", "Europe/Istanbul"):
            monkeypatch.setenv("TZ", zone)
            _time.tzset()
            day = clock.today()
            seen[zone] = (
                day,
                [r.title for r in rem.list_reminders("overdue", today=day)[0]],
                [r.title for r in rem.list_reminders("today", today=day)[0]],
            )
            # the Today queue, on the machine's clock alone
            queue = td.agenda()
            assert queue.today == day
            assert [i.title for i in queue.group("overdue").items] == seen[zone][1]
            assert [i.title for i in queue.group("today").items] == seen[zone][2]
    finally:
        if old_tz is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old_tz
        _time.tzset()
    assert seen["America/New_York"] == (date(2026, 11, 22), [], ["due on the 22nd"])
    assert seen["Europe/Istanbul"] == (date(2026, 11, 23), ["due on the 22nd"], ["due on the 23rd"])


# -- iCalendar ------------------------------------------------------------------------------------


def test_ics_export_parses_back(db_path, tmp_path):
    from crm_tui.db.models import Policy

    c = Customer.create(name="Ayşe Yılmaz")
    make("Call Ayşe", due="24.11.2026", time="14:30", customer_id=c.id)
    make("Send the card", due="25.11.2026")
    closed = make("Old", due="01.11.2026")
    rem.cancel(closed.id, now=NOW)
    Policy.create(
        customer=c,
        line="kasko",
        number="K-1",
        start_date=date(2025, 12, 10),
        end_date=date(2026, 12, 10),
    )
    target = tmp_path / "out.ics"
    assert export_ics(target, today=NOW.date()) == (2, 1)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    cal = vobject.readOne(target.read_text(encoding="utf-8"))
    events = {e.summary.value: e for e in cal.vevent_list}
    assert events["Call Ayşe — Ayşe Yılmaz"].dtstart.value == datetime(2026, 11, 24, 14, 30)
    assert events["Send the card"].dtstart.value == date(2026, 11, 25)
    renewal = [e for name, e in events.items() if name.startswith("Renewal:")][0]
    assert renewal.dtstart.value == date(2026, 12, 10)
    assert "K-1" in renewal.summary.value


# -- every N days / weeks / months ------------------------------------------------------------


def test_every_n_days_by_the_calendar_and_from_completion(db_path):
    rule = rem.build_rrule("ndays", date(2026, 11, 20), every="10")
    assert rule == "FREQ=DAILY;INTERVAL=10"
    assert rem.describe_rule(rule) == "Every 10 days"
    assert (rem.choice_of(rule), rem.every_of(rule)) == ("ndays", 10)
    # by the calendar: the next 10-day step after the day it was done (22.11 -> 30.11)
    due = datetime(2026, 11, 20, 9)
    assert rem.next_occurrence(rule, "calendar", due, NOW) == datetime(2026, 11, 30, 9)
    # from completion: 10 days after the day it was done
    assert rem.next_occurrence(rule, "completion", due, NOW) == datetime(2026, 12, 2, 9)
    r = make(
        "Water the plants", due="20.11.2026", repeat="ndays", every="10", recur_from="completion"
    )
    nxt = rem.complete(r.id, now=NOW)
    assert nxt.due_at == datetime(2026, 12, 2, 9) and nxt.rrule == "FREQ=DAILY;INTERVAL=10"


def test_every_n_weeks_and_months_keep_their_day():
    assert rem.build_rrule("nweeks", date(2026, 11, 24), every=3) == (
        "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU"
    )
    rule = rem.build_rrule("nmonths", date(2026, 1, 31), every=4)
    assert rule == "FREQ=MONTHLY;INTERVAL=4;BYMONTHDAY=31,-1;BYSETPOS=1"
    due = datetime(2026, 1, 31, 9)
    assert rem.next_occurrence(rule, "calendar", due, due) == datetime(2026, 5, 31, 9)
    assert rem.describe_rule(rule) == "Every 4 months"
    # a 3-month rule reads back as the "every 3 months" choice
    assert rem.choice_of(rem.build_rrule("nmonths", date(2026, 1, 5), every=3)) == "quarterly"


@pytest.mark.parametrize("every", ["", "0", "-2", "abc", "367", "2.5"])
def test_every_n_needs_a_whole_number(db_path, every):
    with pytest.raises(ValidationError) as info:
        make("Check", repeat="ndays", every=every)
    assert "whole number from 1 to 366" in info.value.errors["every"]
    assert not Reminder.select().where(Reminder.title == "Check").exists()


def test_every_n_in_turkish(tr):
    assert rem.describe_rule("FREQ=DAILY;INTERVAL=10") == "10 günde bir"
    assert rem.describe_rule("FREQ=DAILY") == "Her gün"


def test_ics_keeps_rules_uids_and_the_window(db_path, tmp_path):
    from dateutil.rrule import rrulestr

    from crm_tui.domain.ical import build_calendar

    monthly = make("Collect the rent", due="31.01.2027", time="10:00", repeat="monthly")
    rhythm = make("Check in", due="25.11.2026", repeat="quarterly", recur_from="completion")
    overdue = make("Old promise", due="01.11.2026")
    make("Far away", due="01.06.2028")
    target = tmp_path / "out.ics"
    assert export_ics(target, today=NOW.date(), days=365) == (3, 0)
    raw = target.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")  # RFC 5545 lines end in CRLF
    cal = vobject.readOne(raw.decode("utf-8"))
    events = {e.uid.value: e for e in cal.vevent_list}
    assert set(events) == {
        f"reminder-{monthly.id}@crm-tui",
        f"reminder-{rhythm.id}@crm-tui",
        f"reminder-{overdue.id}@crm-tui",
    }
    ev = events[f"reminder-{monthly.id}@crm-tui"]
    assert ev.dtstart.value == datetime(2027, 1, 31, 10) and ev.dtend.value == datetime(
        2027, 1, 31, 10, 30
    )
    assert ev.rrule.value == "FREQ=MONTHLY;BYMONTHDAY=31,-1;BYSETPOS=1"
    # a phone expands it the same way: month ends kept
    dates = list(rrulestr(ev.rrule.value, dtstart=ev.dtstart.value))[:3]
    assert [d.date() for d in dates] == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)]
    ev = events[f"reminder-{rhythm.id}@crm-tui"]
    assert not hasattr(ev, "rrule")  # from completion: no fixed next dates
    assert "counted from the day it is done" in ev.description.value
    assert ev.dtstart.value == date(2026, 11, 25) and ev.dtend.value == date(2026, 11, 26)
    # the same file again: the same UIDs (a phone updates instead of doubling)
    cal2, _n, _m = build_calendar(NOW.date(), 365, now=NOW)
    assert {e.uid.value for e in cal2.vevent_list} == set(events)


def test_link_to_a_policy_or_complaint_of_the_same_customer(db_path):
    from crm_tui.db.models import Complaint, Policy

    ayse = Customer.create(name="Ayşe")
    can = Customer.create(name="Can")
    p = Policy.create(customer=ayse, line="kasko", number="K-7", start_date=date(2026, 1, 1))
    Policy.create(
        customer=ayse, line="dask", number="D-1", start_date=date(2025, 1, 1), status="renewed"
    )
    c = Complaint.create(customer=ayse, subject="Late", status="new")
    codes = [code for code, _t in rem.link_options(ayse.id)]
    assert codes == [f"policy:{p.id}", f"complaint:{c.id}"]  # not the renewed policy
    assert rem.link_options(None) == []
    r = make("Ask about kasko", customer_id=ayse.id, policy_id=p.id)
    assert r.policy_id == p.id
    with pytest.raises(ValidationError) as info:
        make("Wrong", customer_id=can.id, complaint_id=c.id)
    assert "another customer" in info.value.errors["link"]
