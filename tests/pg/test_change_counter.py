"""Step 19 on PostgreSQL: a staff login moves the change counter with its writes (through
the live trigger, which runs as its owner) and may read it, so a staff desk's Loyalty
overview is cached and invalidated like the owner's."""

from __future__ import annotations

from datetime import date

from crm_tui.db import close_database, open_database
from crm_tui.db.change_counter import change_fingerprint
from crm_tui.db.models import Customer
from crm_tui.domain import loyalty, roles
from tests.pg.test_roles import _as, book  # noqa: F401  (the fixture)


def test_staff_writes_move_the_counter_and_staff_read_it(book):  # noqa: F811
    url, clerk, _cid, _pid = book
    open_database(_as(url, clerk))
    try:
        roles.forget()
        loyalty.forget_cached_overview()
        before = change_fingerprint()
        assert before is not None
        first = loyalty.overview(date(2026, 11, 22))
        assert not first.cached and loyalty.overview(date(2026, 11, 22)).cached
        Customer.create(name="Staff müşterisi")
        assert change_fingerprint() != before
        again = loyalty.overview(date(2026, 11, 22))
        assert not again.cached and again.customers == first.customers + 1
    finally:
        close_database()
        roles.forget()
