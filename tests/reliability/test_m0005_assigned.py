"""Schema step 5 (assignments): ``assigned_to`` on reminders and complaints, with the
partial indexes Today's "Mine" reads, on a file at step 4 and on PostgreSQL."""

from __future__ import annotations

import os
import shutil

from crm_tui.db import close_database, open_database
from crm_tui.db.migrations import schema_version
from crm_tui.db.models import Complaint, Reminder, db

from .helpers import integrity
from .test_migrations import FIXTURES


def _columns(table: str) -> list[str]:
    return [r[1] for r in db.execute_sql(f'PRAGMA table_info("{table}")')]


def test_a_step_4_file_gets_the_assignee_columns_and_their_indexes(tmp_path):
    path = tmp_path / "v4.sqlite3"
    shutil.copyfile(FIXTURES / "schema_v4.sqlite3", path)
    os.chmod(path, 0o600)
    open_database(path)
    try:
        assert schema_version() >= 5
        assert "assigned_to" in _columns("reminder")
        assert "assigned_to" in _columns("complaint")
        indexes = {
            r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
        assert {"reminder_open_assigned", "complaint_open_assigned"} <= indexes
        # old rows are everyone's; a complaint's owner is not copied (no version bump)
        assert not Reminder.select().where(Reminder.assigned_to.is_null(False)).exists()
        owned = Complaint.get(Complaint.owner == "Ayşe")
        assert owned.assigned_to is None and owned.version == 2
        plan = " ".join(
            str(r[-1])
            for r in db.execute_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM reminder WHERE status = 'open'"
                " AND assigned_to = 'ayse' ORDER BY due_at"
            )
        )
        assert "reminder_open_assigned" in plan
    finally:
        close_database()
    assert integrity(path) == "ok"
