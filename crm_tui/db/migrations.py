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
    # Today screen: birthdays by month-day, customers with a stay-in-touch rhythm.
    "CREATE INDEX IF NOT EXISTS customer_birthday_md ON customer (substr(birthday, 6, 5))"
    " WHERE birthday IS NOT NULL AND archived_at IS NULL",
    "CREATE INDEX IF NOT EXISTS customer_contact_rhythm ON customer"
    " (contact_every_days, last_contact_at) WHERE contact_every_days IS NOT NULL"
    " AND archived_at IS NULL",
]


def _v3_additions() -> None:
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
