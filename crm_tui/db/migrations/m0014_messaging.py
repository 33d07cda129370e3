"""Step 14: messages to customers (issue 17): templates, the message log, campaign sends.

- ``message_template``: a named text in one language for one channel (or ``any``), with
  ``{placeholders}``; the built-in ones are seeded by the domain on first use, not here, so a
  user's edit of a built-in template is never overwritten by a later step. Unique per
  (name, language, channel).
- ``message_log``: every message that left (or was tried) for a customer: channel, template,
  the filled text, the address, ``sent`` | ``failed`` | ``opened_link``, the error, who, when.
  The card's timeline reads it.
- ``campaign_send``: one row per (campaign, customer), unique, so a campaign reaches nobody
  twice; ``status`` pending | sending | sent | failed | skipped | unknown. A row is marked
  ``sending`` before the SMTP conversation and ``sent`` after the server accepted it: a row
  still ``sending`` after a crash is never resent (at-most-once, see domain/messaging/campaigns.py).
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

_SQLITE_TABLES = (
    'CREATE TABLE "message_template" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "name" VARCHAR(255) NOT NULL, "language" VARCHAR(255) NOT NULL,'
    ' "channel" VARCHAR(255) NOT NULL, "subject" TEXT, "body" TEXT NOT NULL,'
    ' "builtin" INTEGER NOT NULL, "updated_at" DATETIME NOT NULL)',
    'CREATE TABLE "message_log" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "customer_id" INTEGER NOT NULL, "channel" VARCHAR(255) NOT NULL, "template" TEXT,'
    ' "subject" TEXT, "text" TEXT NOT NULL, "to" TEXT, "status" VARCHAR(255) NOT NULL,'
    ' "error" TEXT, "campaign" TEXT, "who" TEXT, "at" DATETIME NOT NULL,'
    ' FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "campaign_send" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "campaign" VARCHAR(255) NOT NULL, "customer_id" INTEGER NOT NULL,'
    ' "template" TEXT NOT NULL, "status" VARCHAR(255) NOT NULL, "attempts" INTEGER NOT NULL,'
    ' "sent_at" DATETIME, "error" TEXT, "created_at" DATETIME NOT NULL,'
    ' FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE)',
)

_PG_TABLES = (
    'CREATE TABLE "message_template" ("id" SERIAL NOT NULL PRIMARY KEY,'
    ' "name" TEXT NOT NULL, "language" TEXT NOT NULL, "channel" TEXT NOT NULL,'
    ' "subject" TEXT, "body" TEXT NOT NULL, "builtin" BOOLEAN NOT NULL,'
    ' "updated_at" TIMESTAMP NOT NULL)',
    'CREATE TABLE "message_log" ("id" SERIAL NOT NULL PRIMARY KEY,'
    ' "customer_id" INTEGER NOT NULL, "channel" TEXT NOT NULL, "template" TEXT,'
    ' "subject" TEXT, "text" TEXT NOT NULL, "to" TEXT, "status" TEXT NOT NULL, "error" TEXT,'
    ' "campaign" TEXT, "who" TEXT, "at" TIMESTAMP NOT NULL,'
    ' FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "campaign_send" ("id" SERIAL NOT NULL PRIMARY KEY,'
    ' "campaign" TEXT NOT NULL, "customer_id" INTEGER NOT NULL, "template" TEXT NOT NULL,'
    ' "status" TEXT NOT NULL, "attempts" INTEGER NOT NULL, "sent_at" TIMESTAMP,'
    ' "error" TEXT, "created_at" TIMESTAMP NOT NULL,'
    ' FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE)',
)

INDEXES = (
    'CREATE UNIQUE INDEX "message_template_name_language_channel"'
    ' ON "message_template" ("name", "language", "channel")',
    'CREATE INDEX "message_log_customer_id_at" ON "message_log" ("customer_id", "at")',
    # the guarantee against double sends: one row per campaign and customer
    'CREATE UNIQUE INDEX "campaign_send_campaign_customer_id"'
    ' ON "campaign_send" ("campaign", "customer_id")',
    'CREATE INDEX "campaign_send_customer_id" ON "campaign_send" ("customer_id")',
)

# PostgreSQL: other desks hear of a new message on a card (step 7)
LIVE = {"message_log": "r.customer_id"}


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
    if pg_roles.groups_exist():  # step 6's groups: staff send messages too
        pg_roles.grant_all()
