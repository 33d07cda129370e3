"""What a database thread of the TUI needs from SQLite and Peewee, so that ``crm_tui.ui``
never imports either (contract ``ui-no-db``; ``crm_tui.domain.dbaccess`` re-exports it).

A call "in its own connection" opens the thread's connection for the call and closes it
after; the warm lookup thread instead keeps one connection per database file
(``thread_connection``) and may ``interrupt`` a query that a newer one made pointless.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

import peewee

from .models import db

T = TypeVar("T")


def in_own_connection(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` with this thread's connection opened for it and closed after."""
    with db.connection_context():
        return fn(*args, **kwargs)


def current_database() -> Any:
    """The open database object (another one after the app switched files), or None."""
    return db.obj


def thread_connection() -> sqlite3.Connection | None:
    """This thread's connection to the open database, opened if needed (None: none open)."""
    if db.obj is None:
        return None
    if db.is_closed():
        db.connect()
    return db.connection()


def interrupt(connection: Any) -> None:
    """Abort the statement ``connection`` is running (it raises "interrupted" there).

    SQLite only. A psycopg connection has no ``interrupt()`` (calling it crashed the lookup
    on PostgreSQL at the second keystroke): there the older statement runs to its end and
    the runner discards its result as superseded (its serial is no longer the newest).
    Cancelling it on the server (``cancel_safe()``) would raise ``QueryCanceled``, which
    ``is_interrupted`` does not know yet: left for later."""
    if not isinstance(connection, sqlite3.Connection):
        return
    try:
        connection.interrupt()
    except sqlite3.Error:
        pass


def is_interrupted(exc: BaseException) -> bool:
    """True for the error a statement aborted by ``interrupt`` raised."""
    inner = getattr(exc, "orig", None) or exc
    return isinstance(inner, (sqlite3.OperationalError, peewee.OperationalError)) and (
        "interrupt" in str(inner).lower()
    )


def close_quietly(database: Any) -> None:
    """Close this thread's connection to ``database``; errors (a busy file) are ignored."""
    try:
        if database is not None and not database.is_closed():
            database.close()
    except (sqlite3.Error, peewee.PeeweeException):
        pass
