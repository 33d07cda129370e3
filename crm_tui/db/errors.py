"""What went wrong with the database, for the user: the refusal at open
(``DatabaseOpenError``), telling a storage error (locked, full, read-only, damaged) from a
bug, and the one line that describes it."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import peewee

from ..i18n import _
from . import postgres
from .dialect import current_dialect
from .models import db
from .opened import database_path
from .sqlite_dialect import _CORRUPT_CODES, _error_name, _sqlite_error


class DatabaseOpenError(Exception):
    """A database file that cannot be used; the message is for the user."""


# -- error classification -----------------------------------------------------------


def is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, (sqlite3.Error, peewee.PeeweeException))


def is_storage_error(exc: BaseException) -> bool:
    """An error of the storage, not of the program: locked too long, disk full, read-only,
    damaged, I/O. The UI shows ``describe_error`` for these instead of ending the app."""
    if isinstance(exc, (sqlite3.OperationalError, peewee.OperationalError)):
        return True
    if postgres.is_connection_lost(exc):  # also psycopg's own, and InterfaceError
        return True
    if not is_database_error(exc):
        return False
    return _error_name(exc).startswith(
        (
            "SQLITE_BUSY",
            "SQLITE_LOCKED",
            "SQLITE_FULL",
            "SQLITE_IOERR",
            "SQLITE_READONLY",
            "SQLITE_PERM",
            "SQLITE_CORRUPT",
            "SQLITE_NOTADB",
            "SQLITE_CANTOPEN",
        )
    )


def is_locked_error(exc: BaseException) -> bool:
    """True for "database is locked"/"busy": another desk held the write lock too long."""
    return _error_name(exc).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def describe_error(exc: BaseException, path: Path | str | None = None) -> str:
    """One line for the user about an SQLite/OS error while using the database."""
    if path is None and current_dialect().name == "postgresql" and db.obj is not None:
        if postgres.is_connection_lost(exc):
            return postgres.lost_message()
        return postgres.describe_error(exc, str(db.obj.database))
    path = path if path is not None else (database_path() or "")
    # "cannot rollback" / "no such savepoint" hide the error that caused the rollback
    while exc.__context__ is not None and any(
        word in str(exc) for word in ("cannot rollback", "no such savepoint")
    ):
        exc = exc.__context__
    if isinstance(exc, OSError) and not is_database_error(exc):
        if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            return _(
                "Cannot write to {path}: the disk is full or the file is too large. Free some space and try again.",
                path=path,
            )
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return _("Cannot write to {path}: read-only.", path=path)
        return _("{path} cannot be opened: {reason}", path=path, reason=exc.strerror or exc)
    name = _error_name(exc)
    if name.startswith("SQLITE_FULL") or name in ("SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSTAT"):
        return _(
            "Cannot write to {path}: the disk is full or the file is too large. Free some space and try again.",
            path=path,
        )
    if name.startswith("SQLITE_READONLY") or name.startswith("SQLITE_PERM"):
        return _("Cannot write to {path}: read-only.", path=path)
    if name.startswith(_CORRUPT_CODES):
        return _(
            "{path} is damaged ({reason}). Restore a backup; the file was not changed.",
            path=path,
            reason=_("invalid header or the file was cut short")
            if name.startswith("SQLITE_NOTADB")
            else _("the integrity check found errors"),
        )
    if is_locked_error(exc):
        return _(
            "The database {path} is busy in another window or desk; try again in a moment.",
            path=path,
        )
    if name.startswith("SQLITE_IOERR"):
        return _(
            "Cannot write to {path}: the disk is full or the file is too large. Free some space and try again.",
            path=path,
        )
    return _("{path} cannot be opened: {reason}", path=path, reason=str(_sqlite_error(exc)))


# -- checks before SQLite touches the file -----------------------------------------------
