"""Step 15: İYS-native consent and the KVKK information text (issue 17 item 4).

- ``consent`` gains ``iys_source`` (İYS's source code of the consent: HS_FIZIKSEL_ORTAM,
  HS_ISLAK_IMZA, HS_WEB, HS_CAGRI_MERKEZI, ...; ``IYS`` for a row brought by İYS's answer
  file), ``iys_status`` (what İYS answered for the row: ONAY, RET or its error text) and
  ``iys_synced_at`` (when that answer was read). İYS's channel (MESAJ/ARAMA/EPOSTA), status
  (ONAY/RET = ``granted``), consent date (= ``at``) and recipient type (BIREYSEL/TACIR from
  ``customer.kind``) are derived, not stored: one truth per fact.
- ``info_text``: the information text (aydınlatma metni) in versions and languages;
  ``info_text_shown``: which version each person was shown, when, how and by whom. Both
  apart from ``consent`` (açık rıza).
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

_COLUMNS = (
    'ALTER TABLE "consent" ADD COLUMN "iys_source" {text}',
    'ALTER TABLE "consent" ADD COLUMN "iys_status" {text}',
    'ALTER TABLE "consent" ADD COLUMN "iys_synced_at" {ts}',
)

_TABLES = (
    'CREATE TABLE "info_text" ("id" {pk}, "version" INTEGER NOT NULL,'
    ' "language" {text} NOT NULL, "text" TEXT NOT NULL, "valid_from" {ts} NOT NULL,'
    ' "created_at" {ts} NOT NULL, "created_by" TEXT)',
    'CREATE TABLE "info_text_shown" ("id" {pk}, "customer_id" INTEGER NOT NULL,'
    ' "info_text_id" INTEGER NOT NULL, "version" INTEGER NOT NULL, "shown_at" {ts} NOT NULL,'
    ' "channel" {text} NOT NULL, "shown_by" TEXT,'
    ' FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("info_text_id") REFERENCES "info_text" ("id") ON DELETE RESTRICT)',
)

INDEXES = (
    'CREATE UNIQUE INDEX "info_text_version_language" ON "info_text" ("version", "language")',
    'CREATE INDEX "info_text_shown_customer_id_shown_at" ON "info_text_shown"'
    ' ("customer_id", "shown_at")',
    'CREATE INDEX "info_text_shown_info_text_id" ON "info_text_shown" ("info_text_id")',
)

# PostgreSQL: other desks hear of a person shown the information text (step 7)
LIVE = {"info_text_shown": "r.customer_id"}


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    pg = dialect.name == "postgresql"
    types = {
        "pk": "SERIAL NOT NULL PRIMARY KEY" if pg else "INTEGER NOT NULL PRIMARY KEY",
        "text": "TEXT" if pg else "VARCHAR(255)",
        "ts": "TIMESTAMP" if pg else "DATETIME",
    }
    for stmt in (*_COLUMNS, *_TABLES):
        db.execute_sql(stmt.format(**types))
    for stmt in INDEXES:
        db.execute_sql(stmt)
    if not pg:
        return
    from .. import pg_roles
    from .m0007_live_notify import trigger_statements

    for table, expr in LIVE.items():
        for stmt in trigger_statements(table, expr):
            db.execute_sql(stmt)
    if pg_roles.groups_exist():  # step 6's groups: staff work these as the other tables
        pg_roles.grant_all()
