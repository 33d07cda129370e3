"""Step 16: saved customer views and dismissed duplicate pairs (issue 18 items 2 and 3).

- ``saved_view``: a customer-list filter saved by name (``definition``: the filter as JSON,
  ``crm_tui.domain.customers.views``); names are unique.
- ``duplicate_dismissed``: a pair the duplicates screen should not show again;
  ``customer_a < customer_b`` so a pair has one row.

Finding duplicates groups customers by normalised keys (e-mail, TCKN, VKN, phone) with
the indexes of step 1 (``db/duplicates.py``).

The search index is rebuilt once: the customers' tag names are words of it from this
step on (``search.tag_words``; ``#tag`` finds them), and an older file has them not.

On PostgreSQL both tables get the staff grants; ``duplicate_dismissed`` names customers,
so other desks hear of a dismissal as of any other row (step 7's live trigger).
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect


def _tables(pg: bool) -> tuple[str, ...]:
    serial = "SERIAL" if pg else "INTEGER"
    stamp = "TIMESTAMP" if pg else "DATETIME"
    return (
        f'CREATE TABLE "saved_view" ("id" {serial} NOT NULL PRIMARY KEY,'
        f' "name" TEXT NOT NULL, "definition" TEXT NOT NULL, "created_by" TEXT,'
        f' "created_at" {stamp} NOT NULL)',
        'CREATE UNIQUE INDEX "saved_view_name" ON "saved_view" ("name")',
        f'CREATE TABLE "duplicate_dismissed" ("id" {serial} NOT NULL PRIMARY KEY,'
        ' "customer_a_id" INTEGER NOT NULL, "customer_b_id" INTEGER NOT NULL,'
        f' "who" TEXT, "at" {stamp} NOT NULL,'
        ' FOREIGN KEY ("customer_a_id") REFERENCES "customer" ("id") ON DELETE CASCADE,'
        ' FOREIGN KEY ("customer_b_id") REFERENCES "customer" ("id") ON DELETE CASCADE,'
        ' CHECK ("customer_a_id" < "customer_b_id"))',
        'CREATE UNIQUE INDEX "duplicate_dismissed_customer_a_id_customer_b_id"'
        ' ON "duplicate_dismissed" ("customer_a_id", "customer_b_id")',
        'CREATE INDEX "duplicate_dismissed_customer_b_id" ON "duplicate_dismissed"'
        ' ("customer_b_id")',
    )


LIVE = {"duplicate_dismissed": "r.customer_a_id"}


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    for stmt in _tables(dialect.name == "postgresql"):
        db.execute_sql(stmt)
    from .. import search

    search.rebuild_index()  # the tag words (issue 18): both engines
    if dialect.name != "postgresql":
        return
    from .. import pg_roles
    from .m0007_live_notify import trigger_statements

    for table, expr in LIVE.items():
        for stmt in trigger_statements(table, expr):
            db.execute_sql(stmt)
    if pg_roles.groups_exist():  # staff save views and dismiss pairs like the owner
        pg_roles.grant_all()
