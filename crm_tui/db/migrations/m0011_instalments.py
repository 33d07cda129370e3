"""Step 11: instalments (taksit, issue 16 item 2): a payment plan on a policy or a purchase.

Both engines. One row per instalment: ``n`` of ``count`` in its plan (a plan is the rows of
one policy or one purchase), its due day and amount, and what was collected (tahsilat):
``paid_amount`` grows with each payment, ``paid_on`` is set on the day it is paid in full
(so an instalment paid in part is still open). Money is integer kuruş as everywhere.

Today reads unpaid instalments due up to a few days ahead: ``instalment_unpaid_due`` is a
partial index on ``due_date`` over open rows only (``paid_on IS NULL``): Today walks it in
order and stops at its LIMIT, so paid rows (most of the table after a year) are never read.
``instalment_unpaid_customer`` answers a customer's balance (the card header) the same way.
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

_SQLITE_TABLES = (
    'CREATE TABLE "instalment" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "customer_id" INTEGER NOT NULL, "policy_id" INTEGER, "purchase_id" INTEGER,'
    ' "n" INTEGER NOT NULL, "count" INTEGER NOT NULL, "due_date" DATE NOT NULL,'
    ' "amount" INTEGER NOT NULL, "paid_on" DATE, "paid_amount" INTEGER,'
    ' "method" VARCHAR(255), "note" TEXT, "created_at" DATETIME NOT NULL,'
    ' "updated_at" DATETIME NOT NULL, "version" INTEGER NOT NULL DEFAULT 1,'
    ' FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("policy_id") REFERENCES "policy" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("purchase_id") REFERENCES "purchase" ("id") ON DELETE CASCADE)',
    "CREATE TRIGGER instalment_version AFTER UPDATE ON instalment"
    " WHEN NEW.version <= OLD.version BEGIN"
    " UPDATE instalment SET version = OLD.version + 1 WHERE id = NEW.id; END",
)

_PG_TABLES = (
    'CREATE TABLE "instalment" ("id" SERIAL NOT NULL PRIMARY KEY,'
    ' "customer_id" INTEGER NOT NULL, "policy_id" INTEGER, "purchase_id" INTEGER,'
    ' "n" INTEGER NOT NULL, "count" INTEGER NOT NULL, "due_date" DATE NOT NULL,'
    ' "amount" BIGINT NOT NULL, "paid_on" DATE, "paid_amount" BIGINT, "method" TEXT,'
    ' "note" TEXT, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL,'
    ' "version" INTEGER NOT NULL DEFAULT 1,'
    ' FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("policy_id") REFERENCES "policy" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("purchase_id") REFERENCES "purchase" ("id") ON DELETE CASCADE)',
    # crm_raise_version() comes with the PostgreSQL baseline (postgres_loyalty.py)
    'CREATE TRIGGER instalment_version BEFORE UPDATE ON "instalment"'
    " FOR EACH ROW EXECUTE FUNCTION crm_raise_version()",
)

INDEXES = (
    'CREATE INDEX "instalment_customer_id" ON "instalment" ("customer_id")',
    'CREATE INDEX "instalment_policy_id" ON "instalment" ("policy_id")',
    'CREATE INDEX "instalment_purchase_id" ON "instalment" ("purchase_id")',
    # Today: unpaid instalments by due day
    'CREATE INDEX "instalment_unpaid_due" ON "instalment" ("due_date") WHERE "paid_on" IS NULL',
    # the card header: a customer's unpaid balance
    'CREATE INDEX "instalment_unpaid_customer" ON "instalment" ("customer_id")'
    ' WHERE "paid_on" IS NULL',
    # the report: by due day
    'CREATE INDEX "instalment_due_date" ON "instalment" ("due_date")',
)

# PostgreSQL: other desks hear of a changed instalment as of any other row (step 7)
LIVE = {"instalment": "r.customer_id"}


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    tables = _PG_TABLES if dialect.name == "postgresql" else _SQLITE_TABLES
    for stmt in (*tables, *INDEXES):
        db.execute_sql(stmt)
    if dialect.name != "postgresql":
        return
    from .. import pg_roles
    from .m0007_live_notify import trigger_statements

    for table, expr in LIVE.items():
        for stmt in trigger_statements(table, expr):
            db.execute_sql(stmt)
    if pg_roles.groups_exist():  # step 6's groups: staff collect instalments too
        pg_roles.grant_all()
