"""Today's queries keep their plans on PostgreSQL (``prepared_plans``); nothing else is
prepared, however often it runs (a prepared lookup could switch to a generic plan that
reads every row: docs/PERFORMANCE.md)."""

from __future__ import annotations

from datetime import date, datetime

from crm_tui.db.models import Customer, db
from crm_tui.domain import today as td


def _prepared() -> set[str]:
    return {
        " ".join(r[0].split())
        for r in db.execute_sql("SELECT statement FROM pg_prepared_statements").fetchall()
    }


def test_the_agenda_is_prepared_and_nothing_else(pg_db):
    Customer.create(name="Ayşe", birthday=date(1980, 11, 23))
    for _ in range(8):  # more than psycopg's own threshold of five
        db.execute_sql("SELECT count(*) FROM customer WHERE id > %s", (1,)).fetchall()
    assert _prepared() == set()
    for _ in range(3):
        agenda = td.agenda(today=date(2026, 11, 22), now=datetime(2026, 11, 22, 9))
    assert [i.customer_name for i in agenda.group("birthdays").items] == ["Ayşe"]
    prepared = _prepared()
    assert len(prepared) >= 7 and any("birthday" in s for s in prepared)
    db.execute_sql("SELECT count(*) FROM customer WHERE id > %s", (1,)).fetchall()
    assert _prepared() == prepared
