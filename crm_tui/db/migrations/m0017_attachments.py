"""Step 17: attachments (issue 18 item 4): files on a customer, and optionally on one of
their policies, claims or complaints.

``attachment`` holds what every desk lists: the file's name, size, SHA-256, who added it
and when. The bytes are stored where every desk of the book reaches them: on PostgreSQL in
``attachment_blob`` (one row per distinct content, ``bytea``; in the server's dump with
the rest), beside a SQLite file in an owner-only folder ``<book>.files/`` by content hash
(``db/attachments.py``). ``attachment_blob`` exists on both engines (the schemas stay
alike) and stays empty on SQLite.
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

_REFS = (
    ' FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("policy_id") REFERENCES "policy" ("id") ON DELETE SET NULL,'
    ' FOREIGN KEY ("claim_id") REFERENCES "claim" ("id") ON DELETE SET NULL,'
    ' FOREIGN KEY ("complaint_id") REFERENCES "complaint" ("id") ON DELETE SET NULL)'
)
_SQLITE_TABLES = (
    'CREATE TABLE "attachment" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "customer_id" INTEGER NOT NULL, "policy_id" INTEGER, "claim_id" INTEGER,'
    ' "complaint_id" INTEGER, "name" VARCHAR(255) NOT NULL, "size" INTEGER NOT NULL,'
    ' "sha256" VARCHAR(255) NOT NULL, "added_by" VARCHAR(255), "created_at" DATETIME NOT NULL,'
    + _REFS,
    'CREATE TABLE "attachment_blob" ("sha256" VARCHAR(255) NOT NULL PRIMARY KEY,'
    ' "content" BLOB NOT NULL)',
)
_PG_TABLES = (
    'CREATE TABLE "attachment" ("id" SERIAL NOT NULL PRIMARY KEY,'
    ' "customer_id" INTEGER NOT NULL, "policy_id" INTEGER, "claim_id" INTEGER,'
    ' "complaint_id" INTEGER, "name" TEXT NOT NULL, "size" BIGINT NOT NULL,'
    ' "sha256" TEXT NOT NULL, "added_by" TEXT, "created_at" TIMESTAMP NOT NULL,' + _REFS,
    'CREATE TABLE "attachment_blob" ("sha256" TEXT NOT NULL PRIMARY KEY, "content" BYTEA NOT NULL)',
)
INDEXES = (
    'CREATE INDEX "attachment_customer_id" ON "attachment" ("customer_id")',
    'CREATE INDEX "attachment_sha256" ON "attachment" ("sha256")',
)
# PostgreSQL: other desks hear of a customer's attachment added or removed (step 7)
LIVE = {"attachment": "r.customer_id"}


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
    if pg_roles.groups_exist():  # step 6's groups: staff work attachments as the other tables
        pg_roles.grant_all()
