"""Renewals: lead-time windows (each lead once, handled never again), per-line lead times,
renewed / lost / postponed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from crm_tui.db.models import Customer, Policy, Reminder, RenewalAlert
from crm_tui.domain import renewals as ren
from crm_tui.domain.errors import ValidationError
from crm_tui.domain.settings import set_setting

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10)


def policy(end: date, line="kasko", start: date | None = None, **kw) -> Policy:
    c = Customer.create(name=kw.pop("name", "Can Öztürk"))
    return Policy.create(
        customer=c,
        line=line,
        number=kw.pop("number", "K-1"),
        start_date=start or (end - timedelta(days=365)),
        end_date=end,
        premium=kw.pop("premium", Decimal("4500.00")),
        **kw,
    )


def due_ids(day: date) -> list[int]:
    return [r.policy_id for r in ren.renewals_due(day)]


def test_current_lead_windows():
    leads = [90, 60, 30, 15, 7, 1]
    assert ren.current_lead(120, leads) is None
    assert ren.current_lead(90, leads) == 90
    assert ren.current_lead(61, leads) == 90
    assert ren.current_lead(60, leads) == 60
    assert ren.current_lead(16, leads) == 30
    assert ren.current_lead(2, leads) == 7
    assert ren.current_lead(1, leads) == 1
    assert ren.current_lead(0, leads) == 1
    assert ren.current_lead(-1, leads) == 0
    assert ren.current_lead(-31, leads) is None


def test_each_lead_time_is_shown_once(db_path):
    p = policy(TODAY + timedelta(days=100))
    shown = []
    for offset in range(0, 140):
        day = TODAY + timedelta(days=offset)
        rows = ren.renewals_due(day)
        if rows:
            assert [r.policy_id for r in rows] == [p.id]
            shown.append((offset, rows[0].lead))
            ren.dismiss(p.id, today=day, now=datetime.combine(day, NOW.time()))
    # first day of each window (100 days left -> 90 at day 10), then lead 0 the day after the end
    assert shown == [(10, 90), (40, 60), (70, 30), (85, 15), (93, 7), (99, 1), (101, 0)]
    assert RenewalAlert.select().where(RenewalAlert.policy == p.id).count() == 7


def test_unhandled_alert_stays_until_handled_then_never_again(db_path):
    p = policy(TODAY + timedelta(days=20))
    assert due_ids(TODAY) == [p.id]
    assert due_ids(TODAY + timedelta(days=3)) == [p.id]  # still waiting for a decision
    new = ren.renew(p.id, now=NOW)
    for offset in range(0, 60):
        assert p.id not in due_ids(TODAY + timedelta(days=offset))
    assert Policy.get_by_id(p.id).status == "renewed"
    assert new.renewed_from_id == p.id


def test_renewal_moves_dates_by_the_term_and_premium_is_editable(db_path):
    p = policy(date(2027, 1, 31), start=date(2026, 7, 31), premium=Decimal("1000"))  # 6 months
    prop = ren.propose(p.id)
    assert (prop.start_date, prop.end_date, prop.premium) == (
        date(2027, 1, 31),
        date(2027, 7, 31),
        Decimal("1000.00"),
    )
    new = ren.renew(p.id, premium="1.250,50", number="K-2", now=NOW)
    new = Policy.get_by_id(new.id)
    assert (new.start_date, new.end_date, new.premium, new.number, new.status) == (
        date(2027, 1, 31),
        date(2027, 7, 31),
        Decimal("1250.50"),
        "K-2",
        "active",
    )
    old = Policy.get_by_id(p.id)
    assert old.status == "renewed" and old.renewal_handled_at == NOW
    with pytest.raises(ValidationError):
        ren.renew(p.id, now=NOW)  # twice: refused, nothing created
    assert Policy.select().count() == 2


def test_renew_rejects_bad_values_and_writes_nothing(db_path):
    p = policy(TODAY + timedelta(days=10))
    with pytest.raises(ValidationError) as exc:
        ren.renew(p.id, premium="abc", start="01.01.2027", end="01.12.2026", now=NOW)
    assert set(exc.value.errors) == {"premium", "end_date"}
    assert Policy.select().count() == 1 and Policy.get_by_id(p.id).status == "active"


def test_one_year_term_from_29_february(db_path):
    p = policy(date(2028, 2, 29), start=date(2027, 2, 28))
    # start 28.02.2027 -> end 29.02.2028 is a year and a day: counted in days
    assert ren.propose(p.id).end_date == date(2028, 2, 29) + timedelta(days=366)
    q = policy(date(2028, 2, 29), start=date(2027, 2, 28) + timedelta(days=1))  # 01.03.2027
    assert ren.term_of(q).days == 365


def test_lost_with_reason(db_path):
    p = policy(TODAY + timedelta(days=5))
    with pytest.raises(ValidationError):
        ren.mark_lost(p.id, "weather", now=NOW)
    ren.mark_lost(p.id, "competitor", now=NOW)
    p = Policy.get_by_id(p.id)
    assert (p.status, p.lost_reason) == ("lapsed", "competitor")
    assert due_ids(TODAY) == [] and due_ids(TODAY + timedelta(days=10)) == []


def test_postpone_hides_until_the_day_and_sets_a_reminder(db_path):
    p = policy(TODAY + timedelta(days=25))
    with pytest.raises(ValidationError):
        ren.postpone(p.id, "22.11.2026", now=NOW)
    reminder = ren.postpone(p.id, "01.12.2026", now=NOW)
    assert Policy.get_by_id(p.id).renewal_postponed_to == date(2026, 12, 1)
    assert reminder.kind == "renewal" and reminder.policy_id == p.id
    assert reminder.due_at == datetime(2026, 12, 1, 9)
    assert due_ids(TODAY + timedelta(days=3)) == []
    # after the day, it returns at the next lead time (15 days left)
    assert due_ids(TODAY + timedelta(days=10)) == [p.id]
    # renewing closes the renewal reminder
    ren.renew(p.id, now=NOW)
    assert Reminder.get_by_id(reminder.id).status == "done"


def test_per_line_lead_times(db_path):
    set_setting("renewal_lead_days", {"*": [30, 7], "dask": [45]})
    kasko = policy(TODAY + timedelta(days=40), line="kasko", name="A")
    dask = policy(TODAY + timedelta(days=40), line="dask", name="B")
    trafik = policy(TODAY + timedelta(days=20), line="trafik", name="C")
    rows = ren.renewals_due(TODAY)
    assert [(r.policy_id, r.lead) for r in rows] == [(trafik.id, 30), (dask.id, 45)]
    assert kasko.id not in [r.policy_id for r in rows]


def test_upcoming_list_with_days_left(db_path):
    a = policy(TODAY + timedelta(days=3), name="A")
    b = policy(TODAY + timedelta(days=89), name="B")
    policy(TODAY + timedelta(days=91), name="C")
    c = policy(TODAY - timedelta(days=2), name="D")
    rows, more = ren.upcoming(TODAY)
    assert [(r.policy_id, r.days_left) for r in rows] == [(c.id, -2), (a.id, 3), (b.id, 89)]
    assert not more
    page, more = ren.upcoming(TODAY, limit=2)
    assert len(page) == 2 and more


def test_lead_times_are_set_per_line_and_checked(db_path):
    assert ren.parse_leads("90, 60 30;7") == [90, 60, 30, 7]
    assert ren.parse_leads("7,7,30") == [30, 7]
    for bad in ("", "abc", "0", "400", "30, -1", ",".join(str(i) for i in range(1, 12))):
        with pytest.raises(ValidationError, match="separated by commas"):
            ren.parse_leads(bad)
    table = ren.save_lead_table({"*": "60, 15", "dask": "45 10", "kasko": ""})
    assert table == {"*": [60, 15], "dask": [45, 10]}
    assert ren.lead_table() == table
    # the new lead times drive the queue: a DASK policy 40 days out is at its 45-day lead
    dask = policy(TODAY + timedelta(days=40), line="dask", name="B")
    kasko = policy(TODAY + timedelta(days=40), line="kasko", name="A")
    assert [(r.policy_id, r.lead) for r in ren.renewals_due(TODAY)] == [
        (dask.id, 45),
        (kasko.id, 60),
    ]
    # nothing is saved when one entry is wrong, and the error names it
    with pytest.raises(ValidationError) as info:
        ren.save_lead_table({"*": "", "dask": "many"})
    assert set(info.value.errors) == {"*", "dask"}
    assert ren.lead_table() == table
