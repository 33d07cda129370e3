"""Step 1 (released): the tables of the models as they were at the first release.

The tables come from ``schema_v1.sql`` (next to ``crm_tui/db/models.py``), frozen with
this step; a change to a table is a new step, never an edit of that file or of this one.
"""

from __future__ import annotations

from importlib import resources

from peewee import DatabaseProxy

# Partial indexes the daily queries need (a plain index on reminder.due_at visits done rows).
INDEXES = [
    "CREATE INDEX IF NOT EXISTS reminder_open_due ON reminder (due_at) WHERE status = 'open'",
    "CREATE INDEX IF NOT EXISTS policy_active_end ON policy (end_date) WHERE status = 'active'",
    "CREATE INDEX IF NOT EXISTS complaint_open_deadline ON complaint (deadline_at)"
    " WHERE status IN ('new', 'in_progress', 'waiting')",
    "CREATE INDEX IF NOT EXISTS customer_active_name ON customer (name) WHERE archived_at IS NULL",
]


def apply(db: DatabaseProxy) -> None:
    sql = resources.files("crm_tui.db").joinpath("schema_v1.sql").read_text(encoding="utf-8")
    for stmt in (s.strip() for s in sql.split(";\n")):
        if stmt:
            db.execute_sql(stmt)
    for stmt in INDEXES:
        db.execute_sql(stmt)
