"""The Loyalty overview is kept until anything changes (issue 19): opening the screen again
is served from the cache; a write by another connection (another desk, another window, a
thread of this process) or by this one, a setting, another day or a login without the
commission right computes it again. Both engines (PostgreSQL: the ``crm_change`` sequence
of step 19; SQLite: ``PRAGMA data_version``)."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from crm_tui.db.change_counter import change_fingerprint
from crm_tui.db.models import Customer, Purchase, db
from crm_tui.domain import loyalty
from crm_tui.domain.settings import set_setting

TODAY = date(2026, 11, 22)


def _book() -> list[int]:
    ids = []
    for k in range(6):
        c = Customer.create(name=f"Müşteri {k}")
        ids.append(c.id)
        for j in range(k + 1):
            Purchase.create(customer=c, date=TODAY - timedelta(days=30 * k + j), amount=100 + k)
    return ids


def _in_another_connection(fn) -> None:
    """``fn`` in a thread of its own: Peewee gives it its own connection (another desk)."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            db.connect(reuse_if_open=True)
            try:
                fn()
            finally:
                db.close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert not errors, errors


def _same(a: loyalty.Overview, b: loyalty.Overview) -> bool:
    return replace(a, cached=False, seconds=0) == replace(b, cached=False, seconds=0)


def test_reopen_is_served_from_the_cache_until_a_write(db_path):
    ids = _book()
    loyalty.forget_cached_overview()
    first = loyalty.overview(TODAY)
    assert not first.cached and first.customers == 6
    again = loyalty.overview(TODAY)
    assert again.cached and _same(again, first)

    # another connection writes: computed again, with the write
    _in_another_connection(
        lambda: Purchase.create(customer=ids[0], date=TODAY, amount=Decimal("1000"))
    )
    after_other = loyalty.overview(TODAY)
    assert not after_other.cached
    assert after_other.headline.revenue_12m == first.headline.revenue_12m + 1000
    assert loyalty.overview(TODAY).cached

    # this connection writes
    Customer.create(name="Yeni")
    after_own = loyalty.overview(TODAY)
    assert not after_own.cached and after_own.customers == 7
    assert loyalty.overview(TODAY).cached

    # an update and a delete count as well
    Customer.update(ladder_override="advocate").where(Customer.id == ids[1]).execute()
    assert not loyalty.overview(TODAY).cached
    Purchase.delete().where(Purchase.customer == ids[2]).execute()
    assert not loyalty.overview(TODAY).cached
    assert loyalty.overview(TODAY).cached


def test_the_day_and_the_settings_are_part_of_the_key(db_path):
    _book()
    loyalty.forget_cached_overview()
    loyalty.overview(TODAY)
    assert loyalty.overview(TODAY).cached
    assert not loyalty.overview(TODAY + timedelta(days=1)).cached
    assert not loyalty.overview(TODAY).cached  # one entry: the other day replaced it
    set_setting("ltv_expected_years", "7")
    assert not loyalty.overview(TODAY).cached
    assert loyalty.overview(TODAY).cached


def test_not_cached_inside_a_transaction(db_path):
    _book()
    loyalty.forget_cached_overview()
    with db.atomic() as transaction:
        assert change_fingerprint() is None
        Customer.create(name="Geri alınacak")
        inside = loyalty.overview(TODAY)
        assert inside.customers == 7 and not inside.cached
        transaction.rollback()
    after = loyalty.overview(TODAY)
    assert not after.cached and after.customers == 6


def test_the_fingerprint_moves_with_every_commit_and_not_with_reads(db_path):
    _book()
    before = change_fingerprint()
    assert before is not None
    loyalty.forget_cached_overview()
    loyalty.overview(TODAY)  # its temporary tables are no change of the book
    assert change_fingerprint() == before
    _in_another_connection(lambda: Customer.create(name="Başka masa"))
    moved = change_fingerprint()
    assert moved != before
    Customer.create(name="Bu masa")
    assert change_fingerprint() != moved
