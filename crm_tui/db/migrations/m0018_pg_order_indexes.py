"""Step 18: on PostgreSQL, Today's open reminders and complaints read in (date, id) order.

Today asks for ``ORDER BY due_at, id LIMIT 51`` (complaints: ``deadline_at, id``). SQLite's
indexes end with the rowid, so ``reminder_open_due (due_at)`` already gives that order and
the LIMIT ends the scan. A PostgreSQL index does not carry the id: every reminder due at the
same moment (all day-only reminders of a day share midnight: 2,095 on the 100k book's busy
day) was read and sorted before the first 51 came out (11.9 ms). With the id in the index
the scan stops at the LIMIT (0.3 ms). Nothing to do on SQLite.
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

STATEMENTS = (
    "CREATE INDEX IF NOT EXISTS reminder_open_due_id ON reminder (due_at, id)"
    " WHERE status = 'open'",
    "DROP INDEX IF EXISTS reminder_open_due",
    "CREATE INDEX IF NOT EXISTS complaint_open_deadline_id ON complaint (deadline_at, id)"
    " WHERE status IN ('new', 'in_progress', 'waiting')",
    "DROP INDEX IF EXISTS complaint_open_deadline",
)


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    if dialect.name != "postgresql":
        return
    for statement in STATEMENTS:
        db.execute_sql(statement)
