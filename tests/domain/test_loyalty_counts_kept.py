"""Step 26: ``rfm_groups``, ``stage_counts`` and ``policy_outcome_daily`` equal counting
their sources after every kind of change (both engines: the triggers are written twice)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from crm_tui.db import analytics
from crm_tui.db.models import Customer, Policy, Purchase, Survey, db
from crm_tui.db.sqlfn import truthy
from crm_tui.domain import loyalty

from .test_loyalty_book import TODAY, _assert_same, _day, _one_by_one, _rich_book


def _recounted() -> dict[str, dict]:
    active = truthy("active")
    return {
        "rf": {
            (_day(d), n): (int(k), int(m))
            for d, n, k, m in db.execute_sql(
                "SELECT last_d, n, count(*), sum(m) FROM customer_stats"
                f" WHERE {active} AND n > 0 GROUP BY last_d, n"
            ).fetchall()
        },
        "stage": dict(
            db.execute_sql(
                f"SELECT stage_i, count(*) FROM customer_stats WHERE {active} GROUP BY stage_i"
            ).fetchall()
        ),
        "outcome": {
            (status, _day(end) or "0001-01-01"): n
            for status, end, n in db.execute_sql(
                "SELECT status, end_date, count(*) FROM policy"
                " WHERE status IN ('renewed', 'lapsed') GROUP BY status, end_date"
            ).fetchall()
        },
    }


def _kept() -> dict[str, dict]:
    """The kept counts summed per key (on PostgreSQL a key may have several rows; a key
    whose rows sum to zero counts nothing)."""
    return {
        "rf": {
            (_day(d), n): (int(k), int(m))
            for d, n, k, m in db.execute_sql(
                "SELECT last_d, n, sum(k), sum(m) FROM rfm_groups GROUP BY last_d, n"
                " HAVING sum(k) <> 0 OR sum(m) <> 0"
            ).fetchall()
        },
        "stage": {
            i: int(k)
            for i, k in db.execute_sql(
                "SELECT stage_i, sum(k) FROM stage_counts GROUP BY stage_i HAVING sum(k) <> 0"
            ).fetchall()
        },
        "outcome": {
            (status, _day(end)): int(n)
            for status, end, n in db.execute_sql(
                "SELECT status, end_d, sum(n) FROM policy_outcome_daily GROUP BY status, end_d"
                " HAVING sum(n) <> 0"
            ).fetchall()
        },
    }


def _same() -> None:
    kept, recounted = _kept(), _recounted()
    for name in kept:
        assert kept[name] == recounted[name], name


def test_the_kept_counts_follow_every_change(db_path):
    _rich_book(11, customers=60)
    _same()
    people = list(Customer.select().order_by(Customer.id))
    a, b, c = people[0], people[1], people[2]
    # a purchase moves a customer to another group (and maybe stage); an edit back
    p = Purchase.create(customer=a, date=date(2026, 11, 20), amount=Decimal("12.50"))
    _same()
    Purchase.update(date=date(2021, 1, 1), amount=Decimal(3)).where(Purchase.id == p.id).execute()
    _same()
    # policies: renewed, lapsed, no end date, moved, another status, deleted
    pol = Policy.create(
        customer=b, line="kasko", status="renewed", start_date=date(2025, 1, 1), end_date=None
    )
    _same()
    Policy.update(end_date=date(2026, 1, 1)).where(Policy.id == pol.id).execute()
    Policy.update(status="lapsed").where(Policy.id == pol.id).execute()
    _same()
    Policy.update(status="active").where(Policy.id == pol.id).execute()
    _same()
    Policy.update(status="renewed", end_date=date(2026, 6, 1)).where(Policy.id == pol.id).execute()
    Policy.delete().where(Policy.id == pol.id).execute()
    _same()
    # answers and referrals change stages; archiving and erasing take customers out
    Survey.create(customer=c, kind="nps", score=10, at=datetime(2026, 11, 1))
    Customer.update(referred_by=c).where(Customer.id == b.id).execute()
    _same()
    Customer.update(archived_at=datetime(2026, 11, 2)).where(Customer.id == a.id).execute()
    Customer.update(anonymized_at=datetime(2026, 11, 2)).where(Customer.id == c.id).execute()
    _same()
    Customer.update(archived_at=None).where(Customer.id == a.id).execute()
    _same()
    # a customer deleted with their rows; every purchase of another deleted
    b.delete_instance(recursive=True)
    Purchase.delete().where(Purchase.customer == people[3].id).execute()
    _same()
    # a bulk fill with the triggers aside counts the same
    with analytics.totals_computed_at_the_end():
        d = Customer.create(name="Bulk")
        Purchase.create(customer=d, date=date(2026, 2, 2), amount=Decimal(7))
        Policy.create(
            customer=d,
            line="dask",
            status="lapsed",
            start_date=date(2025, 2, 2),
            end_date=date(2026, 2, 2),
        )
    _same()
    # and the overview over them still equals counting customer by customer
    loyalty.forget_cached_overview()
    _assert_same(loyalty.overview(TODAY), _one_by_one(TODAY))


def test_a_group_whose_count_falls_to_zero_is_gone(db_path):
    a = Customer.create(name="A")
    p = Purchase.create(customer=a, date=date(2026, 3, 3), amount=Decimal(5))
    assert _kept()["rf"] == {("2026-03-03", 1): (1, 500)}
    Purchase.delete().where(Purchase.id == p.id).execute()
    assert _kept()["rf"] == {} and _kept() == _recounted()
    assert db.execute_sql("SELECT count(*) FROM rfm_groups").fetchone()[0] == 0
