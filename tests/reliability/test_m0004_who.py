"""Schema step 4 (who did what): ``audit_log.user``, on a file at step 3 and on a new
PostgreSQL database."""

from __future__ import annotations

import os
import shutil
import sqlite3

from crm_tui.db import close_database, open_database
from crm_tui.db.migrations import SCHEMA_VERSION, schema_version
from crm_tui.db.models import AuditLog, db

from .helpers import integrity
from .test_migrations import FIXTURES, _dump


def _columns(table: str) -> list[str]:
    return [r[1] for r in db.execute_sql(f'PRAGMA table_info("{table}")')]


def test_a_step_3_file_gets_the_user_column_with_nothing_lost(tmp_path):
    path = tmp_path / "v3.sqlite3"
    shutil.copyfile(FIXTURES / "schema_v3.sqlite3", path)
    os.chmod(path, 0o600)
    con = sqlite3.connect(path)  # what version 3 wrote: a row without a user
    with con:
        con.execute(
            "INSERT INTO audit_log (at, action, customer_id, detail)"
            " VALUES ('2026-03-01 10:00:00', 'kvkk_export', 1, 'x.json')"
        )
    con.close()
    before = _dump(path)

    open_database(path)
    try:
        assert SCHEMA_VERSION >= 4 and schema_version() == SCHEMA_VERSION
        assert "user" in _columns("audit_log")
        assert "author" in _columns("complaint_event")  # reused, not added
        row = AuditLog.get(AuditLog.action == "kvkk_export")
        assert (row.customer_id, row.detail, row.user) == (1, "x.json", None)
        history = db.execute_sql("SELECT step, name, adopted FROM schema_history ORDER BY step")
        assert [tuple(r) for r in history][:4] == [
            (1, "tables", 1),
            (2, "search_index", 1),
            (3, "indexes_loyalty_versions", 1),
            (4, "who", 0),
        ]
    finally:
        close_database()
    after = _dump(path)
    for table, (cols, rows) in before.items():
        new_cols, new_rows = after[table]
        if table == "setting":
            new_rows = [r for r in new_rows if r[0] != "stored_text_clean"]
        keep = [new_cols.index(c) for c in cols]
        assert [tuple(r[i] for i in keep) for r in new_rows] == rows, table
    assert integrity(path) == "ok"
