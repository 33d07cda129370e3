"""The Loyalty month series: lost customers, renewal rate and NPS per month (one query
per series, both engines)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from crm_tui.db.models import Customer, Policy, Purchase, Survey
from crm_tui.domain import loyalty

TODAY = date(2026, 11, 22)


def book() -> None:
    a = Customer.create(name="Ayşe")
    b = Customer.create(name="Bora")
    c = Customer.create(name="Cem")
    for who in (a, b, c):
        Purchase.create(customer=who, date=date(2026, 3, 5), amount=Decimal("100"))

    def pol(who, status, end):
        Policy.create(
            customer=who,
            line="kasko",
            status=status,
            start_date=date(2025, 1, 1),
            end_date=end,
            premium=Decimal("1000"),
        )

    pol(a, "renewed", date(2026, 10, 3))
    pol(b, "lapsed", date(2026, 10, 9))
    pol(b, "lapsed", date(2026, 10, 20))  # the same customer lost once
    pol(c, "renewed", date(2026, 10, 28))
    pol(c, "lapsed", date(2026, 6, 1))
    pol(a, "lapsed", date(2025, 6, 1))  # before the twelve months
    for who, score, at in (
        (a, 10, datetime(2026, 9, 2, 10)),
        (b, 9, datetime(2026, 9, 30, 18)),
        (c, 3, datetime(2026, 9, 15)),
        (a, 7, datetime(2026, 9, 16)),
    ):
        Survey.create(customer=who, kind="nps", score=score, at=at)
    Survey.create(customer=a, kind="csat", score=1, at=datetime(2026, 9, 3))


def test_month_series(db_path):
    book()
    months = {m.month: m for m in loyalty.overview(TODAY).months}
    assert list(months)[0] == "2025-12" and list(months)[-1] == "2026-11"
    october = months["2026-10"]
    assert october.lost_customers == 1
    assert october.renewal_rate == 2 / 4
    assert months["2026-06"].lost_customers == 1 and months["2026-06"].renewal_rate == 0
    assert months["2026-11"].renewal_rate is None and months["2026-11"].nps is None
    # September: 2 promoters, 1 detractor, 1 passive of 4 answers: 25
    assert months["2026-09"].nps == 25
    assert months["2026-03"].revenue == Decimal("300")
