"""The overview counts some figures in the scoring pass or from indexes instead of queries of
their own (issue 19): on a varied book they equal the separate computations they replace
(``analytics.retention``, the renewal rate summed over ``customer_stats``)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from crm_tui.db import analytics
from crm_tui.db.models import Customer, Policy, Purchase, db
from crm_tui.domain import loyalty

TODAY = date(2026, 11, 22)


def _varied_book(seed: int) -> None:
    rng = random.Random(seed)
    customers = [Customer.create(name=f"V{i}") for i in range(80)]
    for c in customers:
        day = date(2022, 1, 1) + timedelta(days=rng.randrange(500))
        while day <= TODAY:
            if rng.random() < 0.7:
                Purchase.create(customer=c, date=day, amount=Decimal(rng.randrange(1, 900)))
            else:
                Policy.create(
                    customer=c,
                    line="kasko",
                    status=rng.choice(["active", "renewed", "lapsed", "cancelled"]),
                    start_date=day,
                    end_date=day + timedelta(days=365),
                    premium=Decimal(rng.randrange(100, 5000)),
                )
            day += timedelta(days=rng.choice([15, 60, 200, 380, 600]))
    for c in rng.sample(customers, 8):  # archived ones count nowhere in the base
        Customer.update(archived_at=datetime(2026, 1, 1)).where(Customer.id == c.id).execute()
    for c in rng.sample(customers, 5):
        Customer.update(ladder_override="supporter").where(Customer.id == c.id).execute()


def test_fused_figures_equal_the_separate_queries(db_path):
    _varied_book(5)
    loyalty.forget_cached_overview()
    for today in (TODAY, date(2026, 2, 28), date(2025, 6, 30)):
        y1, y2 = (
            date(today.year - 1, today.month, today.day),
            date(today.year - 2, today.month, today.day),
        )
        o = loyalty.overview(today)
        assert (o.headline.retention_base, o.headline.retained) == analytics.retention(y1, y2)
    renewed, lapsed = db.execute_sql(
        "SELECT coalesce(sum(renewed), 0), coalesce(sum(lapsed), 0) FROM customer_stats"
    ).fetchone()
    assert renewed and lapsed
    assert analytics.overall_renewal_rate() == renewed / (renewed + lapsed)
