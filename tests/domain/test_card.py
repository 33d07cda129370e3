"""The customer card read in pages: header figures, section order, paging, loyalty fallback."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from crm_tui.db.models import (
    Complaint,
    Consent,
    Interaction,
    PointsEntry,
    Policy,
    Purchase,
    Reminder,
    Survey,
)
from crm_tui.domain.card import (
    PAGE,
    load_card,
    load_header,
    load_loyalty,
    load_section,
    section_counts,
)
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.domain.errors import NotFound

TODAY = date(2026, 11, 22)


@pytest.fixture
def long_history(db_path):
    """130 interactions, 8 policies (3 lapsed), 20 purchases with points, a redemption."""
    c = create_customer(CustomerInput(name="Uzun Geçmiş", phones=[("mobile", "05321234567")]))
    base = datetime(2026, 11, 1, 10, 0)
    for i in range(130):
        Interaction.create(customer=c.id, at=base - timedelta(days=2 * i), summary=f"görüşme {i}")
    for i in range(8):
        Policy.create(
            customer=c.id,
            line="kasko",
            number=f"P-{i}",
            start_date=date(2019 + i % 5, 1 + i, 1),
            end_date=date(2020 + i % 5, 1 + i, 1) if i % 3 else date(2027, 12 - i, 1),
            status="lapsed" if i < 3 else "active",
        )
    for i in range(20):
        p = Purchase.create(
            customer=c.id, date=date(2026, 1 + i % 10, 1 + i), amount=Decimal(100 + i)
        )
        PointsEntry.create(
            customer=c.id, kind="earn", points=10 + i, purchase=p.id, at=datetime(2026, 1, 1)
        )
    PointsEntry.create(customer=c.id, kind="redeem", points=-50, at=datetime(2026, 11, 2))
    return c


def test_header_figures(db_path):
    c = create_customer(CustomerInput(name="Başlık", birthday=date(1980, 2, 29)))
    Reminder.create(customer=c.id, title="sonra", due_at=datetime(2026, 12, 5, 10))
    Reminder.create(customer=c.id, title="önce", due_at=datetime(2026, 11, 25, 10))
    Reminder.create(customer=c.id, title="bitti", due_at=datetime(2026, 11, 1, 10), status="done")
    Complaint.create(customer=c.id, subject="açık", status="waiting")
    Complaint.create(customer=c.id, subject="kapalı", status="closed")
    Consent.create(customer=c.id, channel="email", granted=True, at=datetime(2026, 3, 1))
    PointsEntry.create(customer=c.id, kind="adjust", points=40)
    head = load_header(c.id, today=TODAY)
    assert head.next_reminder.title == "önce"
    assert head.open_complaints == 1
    assert head.points == 40
    assert head.age == 46 and head.next_birthday == date(2027, 3, 1)  # no 29 Feb in 2027
    email = next(s for s in head.consents if s.channel == "email")
    assert email.granted is True and email.at == datetime(2026, 3, 1)
    assert head.loyalty is None  # filled by load_loyalty, a moment later on screen
    assert head.counts["reminders"] == 3 and head.counts["complaints"] == 2


def test_missing_customer(db_path):
    with pytest.raises(NotFound):
        load_header(999)
    with pytest.raises(NotFound):
        load_loyalty(999, today=TODAY)


@pytest.mark.parametrize("section", ["timeline", "policies", "purchases"])
def test_pages_follow_on_without_gaps_or_repeats(long_history, section):
    counts = section_counts(long_history.id)
    everything = load_section(long_history.id, section, 0, 10_000)
    assert len(everything) == counts[section]
    pages = []
    offset = 0
    while True:
        page = load_section(long_history.id, section, offset, 7)
        if not page:
            break
        pages.extend(page)
        offset += len(page)
    key = (lambda r: (r.kind, r.ref_id)) if section != "policies" else (lambda r: r.id)
    assert [key(r) for r in pages] == [key(r) for r in everything]


def test_timeline_newest_first_and_bounded(long_history):
    page = load_section(long_history.id, "timeline")
    assert len(page) == PAGE
    assert [t.at for t in page] == sorted((t.at for t in page), reverse=True)
    counts = section_counts(long_history.id)
    # 130 interactions + 20 purchases + 8 policy starts + 3 lapsed ends
    assert counts["timeline"] == 161
    kinds = {t.kind for t in load_section(long_history.id, "timeline", 0, 500)}
    assert kinds == {"interaction", "purchase", "policy"}
    ends = [
        t
        for t in load_section(long_history.id, "timeline", 0, 500)
        if t.kind == "policy" and t.title == "lapsed"
    ]
    assert len(ends) == 3


def test_policies_active_soonest_end_first_then_the_rest_newest_first(long_history):
    rows = load_section(long_history.id, "policies")
    active = [p for p in rows if p.status == "active"]
    rest = [p for p in rows if p.status != "active"]
    assert rows == active + rest
    assert [p.end_date for p in active] == sorted(p.end_date for p in active)
    assert [p.start_date for p in rest] == sorted((p.start_date for p in rest), reverse=True)


def test_reminders_open_first_by_due_then_done_newest(db_path):
    c = create_customer(CustomerInput(name="Hatırlatmalı"))
    for title, due, status, done in [
        ("açık geç", datetime(2026, 12, 9), "open", None),
        ("bitti eski", datetime(2026, 1, 1), "done", datetime(2026, 1, 2)),
        ("açık erken", datetime(2026, 11, 23), "open", None),
        ("bitti yeni", datetime(2026, 5, 1), "done", datetime(2026, 11, 20)),
        ("iptal", datetime(2026, 6, 1), "cancelled", None),
    ]:
        Reminder.create(customer=c.id, title=title, due_at=due, status=status, done_at=done)
    titles = [r.title for r in load_section(c.id, "reminders")]
    assert titles == ["açık erken", "açık geç", "bitti yeni", "iptal", "bitti eski"]


def test_purchases_with_their_points_and_other_points_entries(long_history):
    rows = load_section(long_history.id, "purchases", 0, 100)
    assert rows[0].kind == "redeem" and rows[0].points == -50 and rows[0].amount is None
    buys = [r for r in rows if r.kind == "purchase"]
    assert len(buys) == 20
    first = min(buys, key=lambda r: r.at)
    assert first.amount == Decimal("100.00") and first.points == 10
    assert [r.at for r in rows] == sorted((r.at for r in rows), reverse=True)


def test_surveys_and_complaints_newest_first(db_path):
    c = create_customer(CustomerInput(name="Anketli"))
    Survey.create(customer=c.id, kind="nps", score=3, at=datetime(2025, 1, 1))
    Survey.create(customer=c.id, kind="csat", score=5, at=datetime(2026, 1, 1))
    Complaint.create(customer=c.id, subject="eski", opened_at=datetime(2025, 1, 1))
    Complaint.create(customer=c.id, subject="yeni", opened_at=datetime(2026, 1, 1))
    assert [s.score for s in load_section(c.id, "surveys")] == [5, 3]
    assert [x.subject for x in load_section(c.id, "complaints")] == ["yeni", "eski"]
    assert load_section(c.id, "nothing") == []


def test_the_cards_lifetime_value_is_the_loyalty_areas_and_errors_surface(db_path, monkeypatch):
    """One definition: the card shows the loyalty area's figures, and when that fails the
    error surfaces instead of a figure from a second formula (issue 13)."""
    from crm_tui.domain import loyalty

    c = create_customer(CustomerInput(name="Sadık"))
    Purchase.create(customer=c.id, date=date(2026, 1, 1), amount=Decimal("1000"))
    Policy.create(customer=c.id, line="dask", start_date=date(2026, 1, 1), premium=Decimal(500))
    PointsEntry.create(customer=c.id, kind="earn", points=100)
    lo = load_loyalty(c.id, today=TODAY)
    summary = loyalty.customer_summary(c.id, today=TODAY)
    assert (lo.stage, lo.points, lo.ltv, lo.ltv_formula) == (
        summary.stage,
        summary.points,
        summary.ltv,
        summary.ltv_formula,
    )

    def broken(*_a, **_k):
        raise ZeroDivisionError("a bug in the loyalty area")

    monkeypatch.setattr(loyalty, "customer_summary", broken)
    with pytest.raises(ZeroDivisionError):
        load_loyalty(c.id, today=TODAY)


def test_loyalty_from_the_loyalty_area(db_path):
    c = create_customer(CustomerInput(name="Sadık"))
    Purchase.create(customer=c.id, date=date(2026, 11, 1), amount=Decimal("1000"))
    lo = load_loyalty(c.id, today=TODAY)
    assert lo.stage is not None and lo.ltv is not None


def test_load_card_reads_every_first_page(long_history):
    card = load_card(long_history.id, today=TODAY)
    assert card.loyalty is not None
    assert len(card.timeline) == PAGE and len(card.policies) == 8
    assert len(card.purchases) == 21
