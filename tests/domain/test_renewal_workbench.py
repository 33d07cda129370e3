"""The renewal workbench (filters, premium change bands, bulk actions all or nothing) and
the win/loss analysis on a small known book."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from crm_tui.db.models import AuditLog, Customer, Policy, Reminder
from crm_tui.domain import renewal_workbench as wb
from crm_tui.domain import renewals as ren
from crm_tui.domain import winloss
from crm_tui.domain.errors import ValidationError
from crm_tui.domain.who import set_user

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10)


def policy(end: date, line="kasko", premium="1000.00", provider="Anadolu", **kw) -> Policy:
    c = Customer.create(name=kw.pop("name", "Can Öztürk"))
    return Policy.create(
        customer=c,
        line=line,
        provider=provider,
        number=kw.pop("number", "K-1"),
        start_date=end - timedelta(days=365),
        end_date=end,
        premium=Decimal(premium) if premium is not None else None,
        **kw,
    )


def ids(flt: wb.WorkbenchFilter) -> list[int]:
    return [r.policy_id for r in wb.workbench(flt, today=TODAY)[0]]


def test_filters_and_states(db_path):
    a = policy(TODAY + timedelta(days=10), name="A")
    b = policy(TODAY + timedelta(days=20), line="trafik", provider="Axa", name="B")
    c = policy(TODAY + timedelta(days=30), name="C")
    far = policy(TODAY + timedelta(days=200), name="Far")
    wb.bulk_mark_offered([b.id], now=NOW)
    ren.postpone(c.id, TODAY + timedelta(days=5), today=TODAY, now=NOW)
    assert ids(wb.WorkbenchFilter()) == [a.id, b.id, c.id]
    assert far.id in ids(wb.WorkbenchFilter(date_to=TODAY + timedelta(days=365)))
    assert ids(wb.WorkbenchFilter(line="trafik")) == [b.id]
    assert ids(wb.WorkbenchFilter(insurer="Anadolu")) == [a.id, c.id]
    assert ids(wb.WorkbenchFilter(state="open")) == [a.id]
    assert ids(wb.WorkbenchFilter(state="offered")) == [b.id]
    assert ids(wb.WorkbenchFilter(state="postponed")) == [c.id]
    ren.mark_lost(a.id, "price", now=NOW)
    assert ids(wb.WorkbenchFilter(state="lost")) == [a.id]
    wb.bulk_assign([b.id, c.id], "ayse", now=NOW)
    assert ids(wb.WorkbenchFilter(user="AYSE")) == [b.id, c.id]
    assert ids(wb.WorkbenchFilter(user="-")) == [a.id]


def test_premium_change_bands(db_path):
    old = policy(TODAY - timedelta(days=10), premium="1000.00", name="Old")
    new = ren.renew(old.id, premium="1300.00", now=NOW)  # +30 %
    flat = policy(TODAY + timedelta(days=5), premium="1050.00", renewed_from=None, name="F")
    prev = policy(TODAY - timedelta(days=370), premium="1000.00", name="P", status="renewed")
    Policy.update(renewed_from=prev.id).where(Policy.id == flat.id).execute()  # +5 %
    cheaper = policy(TODAY - timedelta(days=5), premium="1000.00", name="Ch")
    ren.renew(cheaper.id, premium="900.00", now=NOW)  # -10 %
    rows = {r.policy_id: r for r in wb.workbench(wb.WorkbenchFilter(), today=TODAY)[0]}
    assert rows[old.id].change == Decimal("30.0") and rows[old.id].state == "renewed"
    assert rows[flat.id].change == Decimal("5.0")
    assert rows[cheaper.id].change == Decimal("-10.0")
    assert ids(wb.WorkbenchFilter(band="up25")) == [old.id]
    assert ids(wb.WorkbenchFilter(band="flat")) == [flat.id]
    assert ids(wb.WorkbenchFilter(band="down")) == [cheaper.id]
    assert new.id not in rows or rows[new.id].change is not None
    assert wb.band_of(None) == "unknown"


def test_bulk_actions_all_or_nothing(db_path):
    set_user("mehmet")
    a = policy(TODAY + timedelta(days=10), name="A")
    b = policy(TODAY + timedelta(days=20), name="B")
    c = policy(TODAY + timedelta(days=30), name="C")
    ren.mark_lost(c.id, "price", now=NOW)
    before = AuditLog.select().count()
    for action in (
        lambda: wb.bulk_assign([a.id, b.id, c.id], "ayse", now=NOW),
        lambda: wb.bulk_mark_offered([a.id, b.id, c.id], now=NOW),
        lambda: wb.bulk_remind([a.id, b.id, c.id], "1", now=NOW),
    ):
        with pytest.raises(ValidationError):
            action()
    assert AuditLog.select().count() == before
    assert Policy.get_by_id(a.id).renewal_assigned_to is None
    assert Policy.get_by_id(a.id).renewal_offered_at is None
    assert Reminder.select().where(Reminder.policy == a.id).count() == 0
    with pytest.raises(ValidationError):
        wb.bulk_assign([], "ayse")

    assert wb.bulk_assign([a.id, b.id], "ayse", now=NOW) == 2
    assert {p.renewal_assigned_to for p in Policy.select().where(Policy.id << [a.id, b.id])} == {
        "ayse"
    }
    made = wb.bulk_remind([a.id, b.id], "2", now=NOW)
    assert [r.due_at for r in made] == [datetime(2026, 11, 29, 9, 0)] * 2
    assert {r.assigned_to for r in made} == {"ayse"} and {r.kind for r in made} == {"renewal"}
    assert wb.bulk_mark_offered([a.id], now=NOW) == 1
    assert Policy.get_by_id(a.id).renewal_offered_at == NOW
    actions = [r.action for r in AuditLog.select().where(AuditLog.id > before)]
    assert actions.count("renewal_assigned") == 2
    assert actions.count("renewal_reminder") == 2
    assert actions.count("renewal_offered") == 1
    with pytest.raises(ValidationError):
        wb.bulk_remind([a.id], "01.01.2020", now=NOW)


def test_winloss_known_book(db_path):
    # kasko: 2 renewed (1000 -> 1100, 2000 -> 2000), 1 lost to price (3000)
    # trafik: 1 lost to competitor (500), 1 lost to price (700) in another month
    k1 = policy(date(2026, 3, 10), premium="1000.00", name="K1")
    k2 = policy(date(2026, 3, 20), premium="2000.00", name="K2")
    k3 = policy(date(2026, 4, 5), premium="3000.00", name="K3")
    t1 = policy(date(2026, 4, 6), line="trafik", provider="Axa", premium="500.00", name="T1")
    t2 = policy(date(2026, 5, 1), line="trafik", provider="Axa", premium="700.00", name="T2")
    outside = policy(date(2025, 5, 1), premium="9999.00", name="Out")
    ren.renew(k1.id, premium="1100.00", now=NOW)
    ren.renew(k2.id, now=NOW)
    ren.mark_lost(k3.id, "price", now=NOW)
    ren.mark_lost(t1.id, "competitor", now=NOW)
    ren.mark_lost(t2.id, "price", now=NOW)
    ren.mark_lost(outside.id, "price", now=NOW)
    result = winloss.analysis(date(2026, 1, 1), date(2026, 12, 31))
    assert (result.total.renewed, result.total.lost) == (2, 3)
    assert result.total.kept == Decimal("3100.00")
    assert result.total.lost_premium == Decimal("4200.00")
    assert result.total.retention == Decimal("40.0")
    lines = {t.key: t for t in result.by_line}
    assert lines["kasko"].retention == Decimal("66.7")
    assert lines["trafik"].retention == Decimal("0.0")
    assert [(t.key, t.lost_premium) for t in result.by_reason] == [
        ("price", Decimal("3700.00")),
        ("competitor", Decimal("500.00")),
    ]
    assert [t.key for t in result.by_month] == ["2026-03", "2026-04", "2026-05"]
    assert [t.key for t in result.by_insurer] == ["Anadolu", "Axa"]
    only = winloss.analysis(date(2026, 1, 1), date(2026, 12, 31), line="trafik")
    assert (only.total.renewed, only.total.lost) == (0, 2)
    axa = winloss.analysis(date(2026, 1, 1), date(2026, 12, 31), insurer="Axa")
    assert axa.total.lost_premium == Decimal("1200.00")
    groups = {(g.outcome, g.reason, g.line, g.month): g.count for g in result.groups}
    assert groups[("lost", "price", "kasko", "2026-04")] == 1
    assert groups[("renewed", None, "kasko", "2026-03")] == 2


def test_year_period():
    assert winloss.year_period(date(2026, 11, 22)) == (date(2025, 12, 1), date(2026, 11, 30))
    assert winloss.year_period(date(2026, 12, 5)) == (date(2026, 1, 1), date(2026, 12, 31))
