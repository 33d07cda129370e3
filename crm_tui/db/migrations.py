"""Ordered schema migrations; the version lives in ``PRAGMA user_version``.

Every schema change appends a step here; a released step is never edited.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

from . import search
from .models import EXTRA_INDEXES, db


def schema_version() -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def _statements(sql: str) -> list[str]:
    return [s.strip() for s in sql.split(";\n") if s.strip()]


def _v1_tables() -> None:
    sql = resources.files("crm_tui.db").joinpath("schema_v1.sql").read_text(encoding="utf-8")
    for stmt in _statements(sql):
        db.execute_sql(stmt)
    for stmt in EXTRA_INDEXES:
        db.execute_sql(stmt)


def _v2_search_index() -> None:
    search.create_schema()
    search.rebuild_index()


MIGRATIONS: list[Callable[[], None]] = [_v1_tables, _v2_search_index]
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
