"""What a database thread of the TUI needs from SQLite and Peewee, so that ``crm_tui.ui``
never imports either (contract ``ui-no-db``; ``crm_tui.domain.dbaccess`` re-exports it).

A call "in its own connection" opens the thread's connection for the call and closes it
after; the warm lookup thread instead keeps one connection per database file
(``thread_connection``) and may ``interrupt`` a query that a newer one made pointless.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import peewee

from . import postgres
from .models import db

# PostgreSQL's "canceling statement due to user request"
_QUERY_CANCELED = "57014"

T = TypeVar("T")

# The page cache of a connection opened for one call and closed after: SQLite's default
# (2 MB), not the 16 MB of the long-lived ones (connection.PRAGMAS). It never outlives the
# call, and a call reads most pages once: Today's renewal count, the daily backup's copy
# and a cold loyalty overview took the same time with 2 and 16 MB, but each such call,
# overlapping the lookup thread's, filled its 16 MB and raised the peak memory by as
# much (docs/PERFORMANCE.md, memory).
OWN_CACHE_PRAGMA = "PRAGMA cache_size = -2000"
# The warm lookup thread's connection (``thread_connection``): 12 MB. Typing "s", "su",
# "suk" filled 15 MB of its 16, the largest part of the peak memory (79-82 MB; 77 with 12,
# 73 with 8). Lookups in the app, interleaved runs: no difference with 12 MB; ~2 ms
# slower on the name prefix with 10 MB and a longer tail with 8 (docs/PERFORMANCE.md).
LOOKUP_CACHE_PRAGMA = "PRAGMA cache_size = -12000"

# Calls of this process that changed the SQLite file (``own_writes``). Another window on the
# same file is noticed through ``PRAGMA data_version`` (live_sqlite.py), which every commit
# of another connection bumps, this process's own connections included: the watcher skips
# a bump that came with one of these, so a save (or a reload that writes) is not read back
# as "another window changed something", and an idle app never reloads in a loop.
_own_writes = 0
_own_writes_lock = threading.Lock()


def own_writes() -> int:
    """How many calls of this process have changed the SQLite file so far."""
    return _own_writes


def note_own_write() -> None:
    global _own_writes
    with _own_writes_lock:
        _own_writes += 1


def _changes(connection: Any) -> int | None:
    """Rows this SQLite connection has changed since it opened (None: not SQLite)."""
    return getattr(connection, "total_changes", None)


def in_own_connection(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` with this thread's connection opened for it and closed after.
    Not peewee's ``connection_context``: a restore closes and reopens the database in the
    middle of the call, which empties that context's stack (IndexError at its end)."""
    opened_here = db.is_closed()
    if opened_here:
        db.connect()
    connection = db.connection()
    if opened_here and isinstance(connection, sqlite3.Connection):
        connection.execute(OWN_CACHE_PRAGMA)
    before = _changes(connection)
    try:
        return fn(*args, **kwargs)
    except Exception as exc:
        if is_connection_lost(exc):
            drop_dead_connection(db.obj)  # the next call in this thread connects afresh
        raise
    finally:
        if before is not None:
            now = None if db.obj is None or db.is_closed() else db.connection()
            # another connection (a restore reopened the file) counts as a write too
            if now is not connection or _changes(connection) != before:
                note_own_write()
        if opened_here and db.obj is not None and not db.is_closed():
            db.close()


def drop_dead_connection(database: Any) -> None:
    """Forget this thread's connection to ``database`` after the server went away: closed
    if it can be, else peewee's state reset (a transaction left open on a dead connection
    makes ``close`` refuse), so the next query connects again."""
    if database is None:
        return
    try:
        database.close()
    except Exception:  # noqa: BLE001 - the connection is gone whatever it says
        database._state.reset()


def is_connection_lost(exc: BaseException) -> bool:
    """The query met a PostgreSQL connection the server no longer answers."""
    return postgres.is_connection_lost(exc)


def current_database() -> Any:
    """The open database object (another one after the app switched files), or None."""
    return db.obj


def thread_connection() -> Any:
    """This thread's connection to the open database, opened if needed (None: none open)."""
    if db.obj is None:
        return None
    if db.is_closed():
        db.connect()
        connection = db.connection()
        if isinstance(connection, sqlite3.Connection):
            connection.execute(LOOKUP_CACHE_PRAGMA)
    return db.connection()


def interrupt(connection: Any) -> None:
    """Abort the statement ``connection`` is running (it raises "interrupted" there; on
    PostgreSQL the server cancels it and it raises QueryCanceled)."""
    if isinstance(connection, sqlite3.Connection):
        try:
            connection.interrupt()
        except sqlite3.Error:
            pass
        return
    import psycopg  # a PostgreSQL connection: loaded already

    try:
        connection.cancel_safe()
    except psycopg.Error:
        pass  # the statement ended meanwhile, or the server is gone: nothing to cancel


def is_interrupted(exc: BaseException) -> bool:
    """True for the error a statement aborted by ``interrupt`` raised."""
    inner = getattr(exc, "orig", None) or exc
    for err in (inner, exc.__cause__, exc.__context__):
        if getattr(err, "sqlstate", None) == _QUERY_CANCELED:
            return True
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
