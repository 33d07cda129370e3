"""Step 26 on PostgreSQL: two desks moving customers out of the same RFM group and ladder
stage at once. The second desk's trigger finds the group's row held by the first (not yet
committed) and adds a row of its own instead of waiting for it (a wait there could deadlock
with a desk holding another hot row): with a 1 s lock timeout it does not fail, and once
both commit the rows sum to the recount."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import psycopg

from crm_tui.db.models import Customer, Purchase
from tests.domain.test_loyalty_counts_kept import _kept, _recounted


def test_two_desks_archiving_customers_of_one_group_never_wait(pg_db, pg_url):
    a = Customer.create(name="A")
    b = Customer.create(name="B")
    for c in (a, b):  # same last date and count: one RFM group, one stage
        Purchase.create(customer=c, date=date(2026, 1, 1), amount=Decimal(10))
    assert _kept()["rf"] == {("2026-01-01", 1): (2, 2000)}
    one = psycopg.connect(pg_url)
    two = psycopg.connect(pg_url)
    try:
        archive = "UPDATE customer SET archived_at = %s WHERE id = %s"
        one.execute(archive, (datetime(2026, 11, 1), a.id))  # holds the group's row
        two.execute("SET lock_timeout = '1s'")
        two.execute(archive, (datetime(2026, 11, 1), b.id))  # would wait, then fail
        rows = two.execute(
            "SELECT count(*) FROM rfm_groups WHERE last_d = '2026-01-01' AND n = 1"
        ).fetchone()[0]
        assert rows == 2  # its own row beside the held one
        two.commit()
        one.commit()
    finally:
        one.close()
        two.close()
    assert _kept() == _recounted()
    assert _kept()["rf"] == {}
