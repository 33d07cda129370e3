"""Opening the database: an SQLite file (checks, permissions, pragmas, migrations) or a
PostgreSQL address (``postgresql://…``: ``postgres.py`` connects, checks and creates the
schema; ``postgres_dialect`` is then the dialect).

Reliability notes (see docs/RELIABILITY.md):

- Every ``db.atomic()`` starts with ``BEGIN IMMEDIATE``: the write lock is taken before
  the first read, so a read-check-write transaction (``update_customer`` checking
  ``version``) waits for the other desk via ``busy_timeout`` instead of failing with
  "database is locked" (SQLITE_BUSY_SNAPSHOT) when it upgrades to a writer.
- A damaged file is recognised at open (header, size, and a quick_check bounded in
  time) and reported in one line; nothing is written to a file that failed a check.
- ``describe_error`` turns SQLite errors that can still happen later (disk full,
  read-only file, damage found during work, a lock held too long) into one clear line.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import peewee
from peewee import SqliteDatabase

from ..i18n import _
from . import change_counter, instance_lock, netfs, postgres, search
from .backup import finish_pending_erasures
from .dialect import use_dialect
from .errors import (  # noqa: F401  (re-exported: where callers have always found them)
    DatabaseOpenError,
    describe_error,
    is_database_error,
    is_locked_error,
    is_storage_error,
)
from .migrations import SCHEMA_VERSION, migrate_database, schema_version
from .models import db
from .opened import database_name, database_path  # noqa: F401  (re-exported)
from .postgres_dialect import POSTGRES
from .sqlite_dialect import (  # noqa: F401  (SQLITE_HEADER: re-exported)
    _CORRUPT_CODES,
    SQLITE,
    SQLITE_HEADER,
    _error_name,
    _sqlite_error,
)
from .sqlite_file import (
    _check_existing,
    _check_history,
    _check_writable,
    _create_file,
    _newer_message,
    _preflight,
)
from .text_cleanup import clean_stored_text

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": 2,  # FULL: a shop PC can lose power
    # 16 MB of page cache per connection (SQLite's default is 2 MB). With 32 MB the main
    # connection, the lookup thread's and each worker's filled theirs: peak memory at
    # 100,000 customers 88 MB (before the card rewrite: 139) against 77 MB with 16 MB and
    # 70 MB with 8 MB; lookups on the warm lookup connection were no faster with 32 MB
    # and 1-3 ms slower with 8 MB in interleaved runs (docs/PERFORMANCE.md, memory).
    "cache_size": -16000,
}


def _migrate(migrate_database, schema_version, attempts: int = 5) -> None:
    """Upgrade; when another instance upgrades the same file at the same moment our step
    fails (its tables exist already): re-read the version and continue from there."""
    for attempt in range(attempts):
        before = schema_version()
        try:
            migrate_database()
            return
        except (sqlite3.Error, peewee.PeeweeException):
            if attempt == attempts - 1 or schema_version() <= before:
                raise


class _Savepoint(peewee._savepoint):
    def rollback(self, begin: bool = True) -> None:
        if not self.db.connection().in_transaction:
            return  # SQLite already rolled the whole transaction back (disk full, I/O error)
        super().rollback(begin)


class CrmDatabase(SqliteDatabase):
    """SqliteDatabase whose rollback keeps the original error.

    On SQLITE_FULL or an I/O error SQLite rolls the transaction back by itself; peewee's
    ``atomic()`` then fails with "cannot rollback - no transaction is active", which would
    hide the real reason (the disk is full) from the user.
    """

    # Waiting for the write lock: SQLite's own busy handler sleeps in growing steps (up to
    # 100 ms a sleep), so a desk whose neighbour saves often can sleep through every free
    # moment and wait 300 ms for a 4 ms save (bench/desks.py). BEGIN IMMEDIATE is where every
    # transaction takes the lock, so it polls itself, for as long as the connection's
    # busy_timeout allows, and then fails as SQLite would have: every millisecond at first,
    # then less often up to every 5 ms (a wait of seconds polling each millisecond kept a
    # core busy enough that the app never looked idle).
    LOCK_POLL_S = 0.001
    LOCK_POLL_MAX_S = 0.005

    def begin(self, lock_type=None) -> None:
        conn = self.connection()
        timeout_ms = conn.execute("PRAGMA busy_timeout").fetchone()[0]
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            deadline = time.monotonic() + timeout_ms / 1000
            pause = self.LOCK_POLL_S
            # each try on the bare connection (peewee's error handling cost ~100 µs a try),
            # with peewee's default: the database's own lock type (IMMEDIATE)
            lock_type = lock_type or getattr(self, "_lock_type", None)
            statement = f"BEGIN {lock_type}" if lock_type else "BEGIN"
            while True:
                try:
                    conn.execute(statement)
                    return
                except sqlite3.OperationalError as exc:
                    if not is_locked_error(exc) or time.monotonic() >= deadline:
                        break  # the last try through peewee: its error, as before
                time.sleep(pause)
                pause = min(self.LOCK_POLL_MAX_S, pause * 1.25)
            super().begin(lock_type)
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")

    def rollback(self) -> None:
        if not self.is_closed() and not self.connection().in_transaction:
            return
        super().rollback()

    def savepoint(self):
        return _Savepoint(self)


def _refuse_network_share(path: Path) -> None:
    fstype = netfs.network_filesystem(path)
    if fstype and not netfs.allowed_by_user():
        raise DatabaseOpenError(
            _(
                "{path} is on a network share ({fstype}). A SQLite book there can be corrupted "
                "without warning when two computers use it; for several desks use PostgreSQL "
                "(docs/MULTI-DESK.md). To open it anyway (one computer only), set {env}=1.",
                path=path,
                fstype=fstype,
                env=netfs.ALLOW_ENV,
            )
        )


def make_database(path: Path | str) -> SqliteDatabase:
    database = CrmDatabase(str(path), pragmas=PRAGMAS, timeout=10, lock_type="IMMEDIATE")
    database.register_function(search.fold, "crm_fold", 1)
    return database


def open_database(path: Path | str, *, create: bool = True, migrate: bool = True) -> Path | str:
    """Bind the models to ``path`` (a file, or a ``postgresql://`` address) and bring its
    schema up to date. Returns the path (the address as given, for PostgreSQL).

    Raises ``DatabaseOpenError`` with a user-facing message; never modifies a file
    that is not a crm-tui/SQLite database or that fails the damage checks.
    """
    if postgres.is_url(path):
        return _open_postgres(str(path).strip(), migrate=migrate)
    path = Path(path).expanduser()
    _refuse_network_share(path)
    if path.exists():
        _check_existing(path)
        _check_writable(path)
        if path.stat().st_size:
            _preflight(path, SCHEMA_VERSION)
            _check_history(path)
    elif create:
        _create_file(path)
    else:
        raise DatabaseOpenError(_("{path} does not exist.", path=path))

    close_database()
    try:
        instance_lock.hold_instance_lock(path)  # a restore in progress finishes first
    except instance_lock.InstanceBusy as exc:
        raise DatabaseOpenError(
            _("A backup is being restored into {path}; try again in a moment.", path=path)
        ) from exc
    database = make_database(path)
    db.initialize(database)
    use_dialect(SQLITE)  # the one backend so far: a file path is an SQLite database
    try:
        database.connect(reuse_if_open=True)
        version = schema_version()
        if version > SCHEMA_VERSION:
            raise DatabaseOpenError(_newer_message(path, version, SCHEMA_VERSION))
        if migrate:  # pending steps, or the history of a file from before it
            _migrate(migrate_database, schema_version)
        if migrate:
            _finish_erasures()
            _clean_old_text()
    except DatabaseOpenError:
        close_database()
        raise
    except (sqlite3.Error, peewee.PeeweeException, OSError) as exc:
        close_database()
        raise DatabaseOpenError(describe_error(exc, path)) from exc
    return path


def _open_postgres(url: str, *, migrate: bool) -> str:
    """A PostgreSQL database: connected, checked and given its schema (``postgres.prepare``),
    then the steps after the baseline. No file, so no file checks and no instance lock."""
    close_database()
    database = postgres.make_database(url)
    try:
        postgres.prepare(database, url)
    except postgres.PgRefused as exc:
        _close_quietly(database)
        raise DatabaseOpenError(str(exc)) from exc
    db.initialize(database)
    use_dialect(POSTGRES)
    try:
        if migrate:
            migrate_database()
    except (peewee.PeeweeException, OSError) as exc:
        close_database()
        raise DatabaseOpenError(postgres.describe_error(exc, url)) from exc
    return url


def _close_quietly(database: peewee.Database) -> None:
    try:
        database.close()
    except peewee.PeeweeException:
        pass


def _finish_erasures() -> None:
    """An erasure cut short (kill, full disk) is finished now: its purge is redone."""
    try:
        finish_pending_erasures()
    except (sqlite3.Error, peewee.PeeweeException):
        pass  # disk still full or another desk writing: the next open tries again


def _clean_old_text() -> None:
    """Text an earlier version stored with control characters is cleaned, once."""
    try:
        clean_stored_text()
    except (sqlite3.Error, peewee.PeeweeException):
        pass  # a read-only file or a busy desk: shown escaped meanwhile, tried at next open


def close_database() -> None:
    change_counter.forget()
    if db.obj is not None and not db.is_closed():
        try:
            db.close()
        except (sqlite3.Error, peewee.PeeweeException):
            pass
    use_dialect(None)
    instance_lock.release_instance_lock()


def database_login() -> str | None:
    """The server login of the open database (PostgreSQL's ``current_user``: who works at
    this desk, as the server knows it); None for a SQLite file, which has no logins."""
    from .dialect import current_dialect

    if current_dialect().name == "sqlite":
        return None
    # psycopg knows the login it connected with: no round trip for every audit row (the
    # app never changes role on its connections, so it is ``current_user``)
    user = getattr(getattr(db.connection(), "info", None), "user", None)
    if user:
        return str(user)
    row = db.execute_sql("SELECT current_user").fetchone()
    return str(row[0]) if row and row[0] else None
