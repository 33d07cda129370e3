"""Step 9: claims (hasar dosyası, issue 16 item 3): ``claim`` and its history ``claim_event``.

Both engines. Money is integer kuruş (SQLite INTEGER, PostgreSQL BIGINT as in the v3
baseline), dates ``DATE``, times ``DATETIME``/``TIMESTAMP``. ``claim.version`` is raised by
a trigger on every UPDATE that does not raise it itself, as for policies and complaints
(step 3), so two desks editing one file get a conflict instead of a lost change.

Today reads open claims whose follow-up day has come: ``claim_open_follow_up`` is a partial
index on ``follow_up_on`` over open files only (``closed_at IS NULL``): Today walks it in
order (the row id follows the date in SQLite's index, as the query's ORDER BY asks) and stops
at its LIMIT, so closed files and files not yet due are never read.
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

_SQLITE_TABLES = (
    'CREATE TABLE "claim" ("id" INTEGER NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL,'
    ' "policy_id" INTEGER, "loss_date" DATE NOT NULL, "kind" VARCHAR(255) NOT NULL,'
    ' "place" VARCHAR(255), "insurer_file_no" VARCHAR(255), "status" VARCHAR(255) NOT NULL,'
    ' "status_since" DATETIME NOT NULL, "expected_amount" INTEGER, "paid_amount" INTEGER,'
    ' "follow_up_on" DATE, "notes" TEXT, "closed_at" DATETIME, "created_at" DATETIME NOT NULL,'
    ' "updated_at" DATETIME NOT NULL, "version" INTEGER NOT NULL DEFAULT 1,'
    ' FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("policy_id") REFERENCES "policy" ("id") ON DELETE SET NULL)',
    'CREATE TABLE "claim_event" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "claim_id" INTEGER NOT NULL, "at" DATETIME NOT NULL, "kind" VARCHAR(255) NOT NULL,'
    ' "from_status" VARCHAR(255), "to_status" VARCHAR(255), "note" TEXT,'
    ' "author" VARCHAR(255),'
    ' FOREIGN KEY ("claim_id") REFERENCES "claim" ("id") ON DELETE CASCADE)',
    "CREATE TRIGGER claim_version AFTER UPDATE ON claim WHEN NEW.version <= OLD.version BEGIN"
    " UPDATE claim SET version = OLD.version + 1 WHERE id = NEW.id; END",
)

_PG_TABLES = (
    'CREATE TABLE "claim" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL,'
    ' "policy_id" INTEGER, "loss_date" DATE NOT NULL, "kind" TEXT NOT NULL, "place" TEXT,'
    ' "insurer_file_no" TEXT, "status" TEXT NOT NULL, "status_since" TIMESTAMP NOT NULL,'
    ' "expected_amount" BIGINT, "paid_amount" BIGINT, "follow_up_on" DATE, "notes" TEXT,'
    ' "closed_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL,'
    ' "version" INTEGER NOT NULL DEFAULT 1,'
    ' FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("policy_id") REFERENCES "policy" ("id") ON DELETE SET NULL)',
    'CREATE TABLE "claim_event" ("id" SERIAL NOT NULL PRIMARY KEY, "claim_id" INTEGER NOT NULL,'
    ' "at" TIMESTAMP NOT NULL, "kind" TEXT NOT NULL, "from_status" TEXT, "to_status" TEXT,'
    ' "note" TEXT, "author" TEXT,'
    ' FOREIGN KEY ("claim_id") REFERENCES "claim" ("id") ON DELETE CASCADE)',
    # crm_raise_version() comes with the PostgreSQL baseline (postgres_loyalty.py)
    'CREATE TRIGGER claim_version BEFORE UPDATE ON "claim"'
    " FOR EACH ROW EXECUTE FUNCTION crm_raise_version()",
)

INDEXES = (
    'CREATE INDEX "claim_customer_id" ON "claim" ("customer_id")',
    'CREATE INDEX "claim_policy_id" ON "claim" ("policy_id")',
    'CREATE INDEX "claim_event_claim_id" ON "claim_event" ("claim_id")',
    # Today: open files whose follow-up day has come
    'CREATE INDEX "claim_open_follow_up" ON "claim" ("follow_up_on") WHERE "closed_at" IS NULL',
    # the claims list: open files by status
    'CREATE INDEX "claim_open_status" ON "claim" ("status", "loss_date") WHERE "closed_at" IS NULL',
    # the report: by date of loss
    'CREATE INDEX "claim_loss_date" ON "claim" ("loss_date")',
)


# PostgreSQL: other desks hear of a changed claim as of any other row (step 7)
LIVE = {
    "claim": "r.customer_id",
    "claim_event": "(SELECT c.customer_id FROM claim c WHERE c.id = r.claim_id)",
}


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
    if pg_roles.groups_exist():  # step 6's groups: staff work claims as the other tables
        pg_roles.grant_all()
