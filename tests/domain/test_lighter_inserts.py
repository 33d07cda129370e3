"""Schema step 27 on both engines: the customer indexes of values most customers lack hold
only the rows with one, and still answer the lookups by value; on PostgreSQL the search
table has no foreign key, and a deleted customer's search row goes with it."""

from __future__ import annotations

import pytest

from crm_tui.db import search, sqlfn
from crm_tui.db.migrations.m0027_lighter_inserts_claims_order import PARTIAL
from crm_tui.db.models import Customer, db
from crm_tui.domain.customers import search_customers


def _plan(sql: str, params: tuple) -> str:
    explain = "EXPLAIN " if sqlfn.is_postgres() else "EXPLAIN QUERY PLAN "
    return "\n".join(str(r[-1]) for r in sqlfn.execute(explain + sql, params).fetchall())


def test_the_indexes_hold_only_the_customers_with_a_value(db_path):
    for column in PARTIAL:
        if sqlfn.is_postgres():
            sql = db.execute_sql(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s", (f"customer_{column}",)
            ).fetchone()[0]
        else:
            sql = db.execute_sql(
                "SELECT sql FROM sqlite_master WHERE name = ?", (f"customer_{column}",)
            ).fetchone()[0]
        assert "IS NOT NULL" in sql, sql


@pytest.mark.parametrize("column", PARTIAL)
def test_a_lookup_by_value_still_reads_the_index(db_path, column):
    referrer = Customer.create(kind="person", name="Ayşe Tavsiye")
    Customer.create(
        kind="person",
        name="Can Yeni",
        national_id="10000000146",
        tax_number="1234567890",
        referred_by=referrer.id,
    )
    for i in range(30):
        Customer.create(kind="person", name=f"Kişi {i}")
    value = {"national_id": "10000000146", "tax_number": "1234567890"}.get(column, referrer.id)
    if sqlfn.is_postgres():
        db.execute_sql("SET enable_seqscan = off")
    sql = f"SELECT c.id, c.name FROM customer c WHERE c.{column} = ?"
    assert f"customer_{column}" in _plan(sql, (value,))
    assert [name for _id, name in sqlfn.execute(sql, (value,)).fetchall()] == ["Can Yeni"]


def test_deleting_customers_drops_their_search_rows(db_path):
    kept = Customer.create(kind="person", name="Kalan Müşteri")
    gone = [Customer.create(kind="person", name=f"Giden Müşteri {i}") for i in range(3)]
    search.rebuild_index()
    assert len(search_customers("giden")) == 3
    Customer.delete().where(Customer.id.in_([c.id for c in gone])).execute()
    assert search_customers("giden") == []
    assert [h.name for h in search_customers("kalan")] == [kept.name]
    if sqlfn.is_postgres():  # no orphan row left in the index table
        ids = [r[0] for r in db.execute_sql("SELECT customer_id FROM customer_search")]
        assert ids == [kept.id]


def test_the_search_table_has_no_foreign_key_on_postgresql(db_path):
    if not sqlfn.is_postgres():
        pytest.skip("SQLite's search tables are FTS5 tables: no key either")
    keys = db.execute_sql(
        "SELECT count(*) FROM pg_constraint WHERE conrelid = 'customer_search'::regclass"
        " AND contype = 'f'"
    ).fetchone()[0]
    assert keys == 0
