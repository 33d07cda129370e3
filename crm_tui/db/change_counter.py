"""A fingerprint of the whole book that moves with every committed write of any desk, any
window and this process (issue 19): what a cache of figures over the whole book (the
Loyalty overview) is keyed by. Cheap: a few microseconds, no lock taken.

- PostgreSQL: the sequence ``crm_change`` (step 19), moved by the statement-level live
  triggers of every table with customer data; read with ``pg_sequence_last_value``
  (outside any transaction's snapshot: a sequence is not transactional), with the
  database's oid (a database dropped and made again under the same name is another one).
- SQLite: ``PRAGMA data_version`` changes on a connection whenever ANOTHER connection has
  committed since. Each call of the TUI runs in a connection of its own (``App.db``), whose
  counter means nothing to the next one, so the number is read on one long-lived
  connection of this module that never writes: every commit of every other connection,
  this process's included, moves it. Temporary tables live in each connection's own temp
  database and move nothing (the overview's helper tables do not invalidate it).

None means "do not cache": no database, an in-memory one, or a caller inside a
transaction (its uncommitted writes are not counted yet, and may be rolled back).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from . import postgres
from .models import db
from .opened import database_path

Fingerprint = tuple[Any, ...]

_lock = threading.Lock()
_watch: tuple[tuple[str, int, int], sqlite3.Connection] | None = None
_generation = 0  # moves when a database is closed: nothing survives a reopen


def change_fingerprint() -> Fingerprint | None:
    """A value that differs whenever a write has been committed to the open book since it
    was last read (see the module)."""
    if db.obj is None or db.is_closed():
        return None
    if isinstance(db.obj, postgres.CrmPostgresDatabase):
        connection = db.connection()
        if connection.info.transaction_status != 0:  # psycopg: IDLE is 0
            return None
        row = db.execute_sql(
            "SELECT (SELECT oid FROM pg_database WHERE datname = current_database()),"
            " pg_sequence_last_value('crm_change')"
        ).fetchone()
        if connection.info.transaction_status != 0:  # autocommit off: end the read
            connection.rollback()
        return ("postgresql", _generation, str(db.obj.database), int(row[0]), row[1])
    if db.connection().in_transaction:
        return None
    path = database_path()
    if path is None or str(path) in ("", ":memory:") or str(path).startswith("file::memory"):
        return None
    with _lock:
        try:
            return ("sqlite", _generation, *_sqlite_version(path))
        except (OSError, sqlite3.Error):
            _forget_watch()
            return None


def _sqlite_version(path: Path) -> tuple[str, int, int, int]:
    """(file, device, inode, data_version of the watching connection); a file replaced by
    another (a restore) is another inode, so a new watch."""
    global _watch
    stat = path.stat()
    key = (str(path.resolve()), stat.st_dev, stat.st_ino)
    if _watch is None or _watch[0] != key:
        _forget_watch()
        # mode=rw: never create an empty file where the book was; it only ever reads
        uri = path.resolve().as_uri() + "?mode=rw"
        _watch = (key, sqlite3.connect(uri, uri=True, timeout=1, check_same_thread=False))
    version = _watch[1].execute("PRAGMA data_version").fetchone()[0]
    return (*key, int(version))


def _forget_watch() -> None:
    global _watch
    if _watch is not None:
        try:
            _watch[1].close()
        except sqlite3.Error:
            pass
        _watch = None


def forget() -> None:
    """The book is closed (``connection.close_database``): every fingerprint read before
    differs from any read after."""
    global _generation
    with _lock:
        _forget_watch()
        _generation += 1
