"""Step 10: commission (issue 16 item 1): ``commission_rate`` and ``commission_entry``.

Both engines. ``commission_rate``: the rate of an insurer on a line from a day on, in
hundredths of a percent (``1250`` is 12.50 %, Decimal in Python as money is). A policy's
expected commission is its ``policy.commission`` when entered, else the rate that was valid
on its start day × its premium. ``commission_entry``: what happened to it afterwards, money
in kuruş as every other amount: ``received`` (the insurer paid), ``clawback`` (a negative
line when the policy was cancelled early), ``subagent`` (the tali acente's share, a
deduction).

Commission is the owner's business: on PostgreSQL the staff group gets no privilege at all
on both tables (``pg_roles.HIDDEN_TABLES``).
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

_SQLITE_TABLES = (
    'CREATE TABLE "commission_rate" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "insurer" VARCHAR(255) NOT NULL, "line" VARCHAR(255) NOT NULL,'
    ' "rate" INTEGER NOT NULL, "valid_from" DATE NOT NULL)',
    'CREATE TABLE "commission_entry" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "policy_id" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "date" DATE NOT NULL,'
    ' "amount" INTEGER NOT NULL, "note" TEXT, "created_at" DATETIME NOT NULL,'
    ' "created_by" TEXT,'
    ' FOREIGN KEY ("policy_id") REFERENCES "policy" ("id") ON DELETE CASCADE)',
)

_PG_TABLES = (
    'CREATE TABLE "commission_rate" ("id" SERIAL NOT NULL PRIMARY KEY,'
    ' "insurer" TEXT NOT NULL, "line" TEXT NOT NULL, "rate" BIGINT NOT NULL,'
    ' "valid_from" DATE NOT NULL)',
    'CREATE TABLE "commission_entry" ("id" SERIAL NOT NULL PRIMARY KEY,'
    ' "policy_id" INTEGER NOT NULL, "kind" TEXT NOT NULL, "date" DATE NOT NULL,'
    ' "amount" BIGINT NOT NULL, "note" TEXT, "created_at" TIMESTAMP NOT NULL,'
    ' "created_by" TEXT,'
    ' FOREIGN KEY ("policy_id") REFERENCES "policy" ("id") ON DELETE CASCADE)',
)

INDEXES = (
    'CREATE UNIQUE INDEX "commission_rate_insurer_line_valid_from"'
    ' ON "commission_rate" ("insurer", "line", "valid_from")',
    'CREATE INDEX "commission_entry_policy_id" ON "commission_entry" ("policy_id", "kind")',
)

# PostgreSQL: other desks hear of a changed commission line as of the policy's customer
LIVE = {
    "commission_entry": "(SELECT p.customer_id FROM policy p WHERE p.id = r.policy_id)",
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
    if pg_roles.groups_exist():  # staff lose nothing they had, and get nothing of these
        pg_roles.grant_all()
