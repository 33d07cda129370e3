"""Ordered schema migrations; the version lives in ``PRAGMA user_version``.

Every schema change appends a step here; a released step is never edited.
"""

from __future__ import annotations

from collections.abc import Callable

from . import search
from .models import EXTRA_INDEXES, db


def schema_version() -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def _statements(sql: str) -> list[str]:
    return [s.strip() for s in sql.split(";\n") if s.strip()]


def _v1_tables() -> None:
    from importlib import resources  # only for a new file: ~2 ms at every start otherwise

    sql = resources.files("crm_tui.db").joinpath("schema_v1.sql").read_text(encoding="utf-8")
    for stmt in _statements(sql):
        db.execute_sql(stmt)
    for stmt in EXTRA_INDEXES:
        db.execute_sql(stmt)


def _v2_search_index() -> None:
    search.create_schema()
    search.rebuild_index()


# Step 3: schema additions made after step 2. Until a release freezes it, append new
# statements here (idempotent: IF NOT EXISTS), never to step 1 or 2.
V3_STATEMENTS: list[str] = [
    # Today screen: birthdays by month-day in name order (one day's birthdays are read in
    # index order and the LIMIT ends the scan); stay-in-touch customers by the day contact
    # falls due (db/expressions.py contact_due(): newest contact or creation + rhythm).
    "CREATE INDEX IF NOT EXISTS customer_birthday_md_name ON customer"
    " (substr(birthday, 6, 5), name) WHERE birthday IS NOT NULL AND archived_at IS NULL",
    "CREATE INDEX IF NOT EXISTS customer_contact_due ON customer"
    " (julianday(coalesce(last_contact_at, created_at)) + contact_every_days)"
    " WHERE contact_every_days IS NOT NULL AND archived_at IS NULL",
    # superseded by the two above (files that ran an earlier draft of this step)
    "DROP INDEX IF EXISTS customer_birthday_md",
    "DROP INDEX IF EXISTS customer_contact_rhythm",
    # Complaints list: its sort keys in one covering index (the page of ids is read from
    # the index alone), and the opening time for "newest first" and the 90-day figures.
    "CREATE INDEX IF NOT EXISTS complaint_list_order ON complaint"
    " (status, deadline_at, waiting_since, resolved_at)",
    "CREATE INDEX IF NOT EXISTS complaint_opened ON complaint (opened_at)",
    # Customer card: the loyalty figures check max(policy.updated_at) to reuse their cached
    # population scores; without an index that is a scan of every policy (~65 ms at 200k).
    "CREATE INDEX IF NOT EXISTS policy_updated_at ON policy (updated_at)",
]


# Step 3, columns (ALTER TABLE ADD COLUMN has no IF NOT EXISTS; added when missing).
V3_COLUMNS: list[tuple[str, str, str]] = [
    # Edit conflicts between two desks, like customer.version: a form saves with the
    # version it loaded and the domain refuses when it moved on (ConflictError).
    ("reminder", "version", "INTEGER NOT NULL DEFAULT 1"),
    ("policy", "version", "INTEGER NOT NULL DEFAULT 1"),
    ("complaint", "version", "INTEGER NOT NULL DEFAULT 1"),
]

# Every change of such a row counts, whichever code path (snooze, renewal, status change,
# import) wrote it: an UPDATE that does not raise the version itself gets it raised here.
V3_STATEMENTS += [
    f"CREATE TRIGGER IF NOT EXISTS {table}_version AFTER UPDATE ON {table}"
    f" WHEN NEW.version <= OLD.version BEGIN"
    f" UPDATE {table} SET version = OLD.version + 1 WHERE id = NEW.id; END"
    for table in ("reminder", "policy", "complaint")
]


def _add_column(table: str, column: str, declaration: str) -> None:
    columns = {row[1] for row in db.execute_sql(f'PRAGMA table_info("{table}")')}
    if column not in columns:
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {declaration}')


def _v3_additions() -> None:
    for table, column, declaration in V3_COLUMNS:
        _add_column(table, column, declaration)
    for stmt in V3_STATEMENTS:
        db.execute_sql(stmt)


MIGRATIONS: list[Callable[[], None]] = [_v1_tables, _v2_search_index, _v3_additions]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate_database(target: int = SCHEMA_VERSION) -> int:
    """Apply pending steps up to ``target``, each in its own transaction."""
    current = schema_version()
    for version in range(current + 1, target + 1):
        # Table rebuilds with foreign keys on can cascade-delete children.
        db.execute_sql("PRAGMA foreign_keys = OFF")
        try:
            with db.atomic():
                MIGRATIONS[version - 1]()
                db.execute_sql(f"PRAGMA user_version = {version}")
        finally:
            db.execute_sql("PRAGMA foreign_keys = ON")
    return schema_version()
