"""Opening the SQLite file: checks, permissions, pragmas, migrations."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

from ..i18n import _
from . import search
from .models import db

SQLITE_HEADER = b"SQLite format 3\x00"

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": 2,  # FULL: a shop PC can lose power
    "cache_size": -32000,
}


class DatabaseOpenError(Exception):
    """A database file that cannot be used; the message is for the user."""


def _check_existing(path: Path) -> None:
    if path.is_dir():
        raise DatabaseOpenError(_("{path} is a folder, not a database file.", path=path))
    if not os.access(path, os.R_OK):
        raise DatabaseOpenError(_("Cannot read {path}: permission denied.", path=path))
    if path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != SQLITE_HEADER:
        raise DatabaseOpenError(
            _("{path} is not a crm-tui database (not an SQLite file).", path=path)
        )


def _create_file(path: Path) -> None:
    if not path.parent.exists():
        raise DatabaseOpenError(_("Folder {folder} does not exist.", folder=path.parent))
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except PermissionError as exc:
        raise DatabaseOpenError(_("Cannot create {path}: permission denied.", path=path)) from exc
    except OSError as exc:
        raise DatabaseOpenError(
            _("Cannot create {path}: {reason}", path=path, reason=exc.strerror)
        ) from exc
    os.close(fd)


def make_database(path: Path | str) -> SqliteDatabase:
    database = SqliteDatabase(str(path), pragmas=PRAGMAS, timeout=10)
    database.register_function(search.fold, "crm_fold", 1)
    return database


def open_database(path: Path | str, *, create: bool = True, migrate: bool = True) -> Path:
    """Bind the models to ``path`` and bring its schema up to date.

    Raises ``DatabaseOpenError`` with a user-facing message; never modifies a file
    that is not a crm-tui/SQLite database.
    """
    from .migrations import SCHEMA_VERSION, migrate_database, schema_version

    path = Path(path).expanduser()
    if path.exists():
        _check_existing(path)
    elif create:
        _create_file(path)
    else:
        raise DatabaseOpenError(_("{path} does not exist.", path=path))

    close_database()
    database = make_database(path)
    db.initialize(database)
    try:
        database.connect(reuse_if_open=True)
        version = schema_version()
        if version > SCHEMA_VERSION:
            raise DatabaseOpenError(
                _(
                    "{path} was made by a newer crm-tui (schema {found}, this version knows {known}).",
                    path=path,
                    found=version,
                    known=SCHEMA_VERSION,
                )
            )
        if migrate and version < SCHEMA_VERSION:
            if not os.access(path, os.W_OK):
                raise DatabaseOpenError(_("Cannot write to {path}: read-only.", path=path))
            migrate_database()
    except sqlite3.DatabaseError as exc:
        close_database()
        raise DatabaseOpenError(
            _("{path} cannot be opened: {reason}", path=path, reason=str(exc))
        ) from exc
    except DatabaseOpenError:
        close_database()
        raise
    return path


def close_database() -> None:
    if db.obj is not None and not db.is_closed():
        db.close()


def database_path() -> Path | None:
    if db.obj is None:
        return None
    return Path(db.obj.database)
