"""Which database is open: its SQLite file, or what to call it for the user."""

from __future__ import annotations

from pathlib import Path

from . import postgres
from .models import db


def database_path() -> Path | None:
    """The open SQLite file (None: none open, or a PostgreSQL database)."""
    if db.obj is None or isinstance(db.obj, postgres.CrmPostgresDatabase):
        return None
    return Path(db.obj.database)


def database_name() -> str | None:
    """What the open database is called for the user: the file, or the PostgreSQL address
    without its password."""
    if db.obj is None:
        return None
    if isinstance(db.obj, postgres.CrmPostgresDatabase):
        return postgres.display_name(str(db.obj.database))
    return str(db.obj.database)
