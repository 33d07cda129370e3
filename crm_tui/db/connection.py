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

import errno
import os
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

import peewee
from peewee import SqliteDatabase

from ..i18n import _
from . import instance_lock, netfs, postgres, search
from .backup import finish_pending_erasures
from .dialect import current_dialect, use_dialect
from .migrations import SCHEMA_VERSION, migrate_database, refusal, schema_version
from .models import db
from .postgres_dialect import POSTGRES
from .sqlite_dialect import (  # noqa: F401  (SQLITE_HEADER: re-exported)
    _CORRUPT_CODES,
    SQLITE,
    SQLITE_HEADER,
    _error_name,
    _sqlite_error,
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

# quick_check at open, only for files up to this size: SQLite (3.40) cannot interrupt
# the check inside one table, and it reads ~150-300 MB/s, so 4 MB costs ~20 ms. Damage in
# bigger files shows when the page is read (describe_error) and in the backup's check.
QUICK_CHECK_MAX_BYTES = 4 * 1024 * 1024
QUICK_CHECK_BUDGET_S = 0.03


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


def _check_existing(path: Path) -> None:
    if path.is_dir():
        raise DatabaseOpenError(_("{path} is a folder, not a database file.", path=path))
    if not os.access(path, os.R_OK):
        raise DatabaseOpenError(_("Cannot read {path}: permission denied.", path=path))
    size = path.stat().st_size
    if size == 0:
        return
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise DatabaseOpenError(describe_error(exc, path)) from exc
    if header[:16] != SQLITE_HEADER:
        raise DatabaseOpenError(
            _("{path} is not a crm-tui database (not an SQLite file).", path=path)
        )
    if len(header) < 100 or not _header_size_ok(header, size, _wal_size(path)):
        raise DatabaseOpenError(
            _(
                "{path} is damaged ({reason}). Restore a backup; the file was not changed.",
                path=path,
                reason=_("invalid header or the file was cut short"),
            )
        )


def _wal_size(path: Path) -> int:
    try:
        return Path(f"{path}-wal").stat().st_size
    except OSError:
        return 0


def _header_size_ok(header: bytes, size: int, wal_size: int = 0) -> bool:
    """Page size valid and the file not shorter than the page count in its header.

    With a non-empty -wal the size is not compared: a crash (or a full disk) in the middle
    of a checkpoint leaves a main file shorter than its header says, and SQLite replays
    the -wal when it opens it. The quick_check in ``_preflight`` judges such a file."""
    page_size = int.from_bytes(header[16:18], "big")
    if page_size == 1:
        page_size = 65536
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return False
    pages = int.from_bytes(header[28:32], "big")
    change_counter = header[24:28]
    valid_for = header[92:96]
    if pages and change_counter == valid_for and pages * page_size > size and not wal_size:
        return False
    return size >= page_size or wal_size > 0


def _check_writable(path: Path) -> None:
    if not os.access(path, os.W_OK):
        raise DatabaseOpenError(_("Cannot write to {path}: read-only.", path=path))
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists() and not os.access(side, os.W_OK):
            raise DatabaseOpenError(_("Cannot write to {path}: read-only.", path=side))
    if not os.access(path.parent, os.W_OK | os.X_OK) and not Path(f"{path}-wal").exists():
        # SQLite must create path-wal and path-shm next to the file.
        raise DatabaseOpenError(_("Cannot write to {path}: read-only.", path=path.parent))


def _create_file(path: Path) -> None:
    if not path.parent.exists():
        raise DatabaseOpenError(_("Folder {folder} does not exist.", folder=path.parent))
    if not path.parent.is_dir():
        raise DatabaseOpenError(_("{path} is not a folder.", path=path.parent))
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return  # another instance created it a moment ago
    except PermissionError as exc:
        raise DatabaseOpenError(_("Cannot create {path}: permission denied.", path=path)) from exc
    except OSError as exc:
        raise DatabaseOpenError(
            _("Cannot create {path}: {reason}", path=path, reason=exc.strerror)
        ) from exc
    os.close(fd)


def _quick_check(conn: sqlite3.Connection, budget: float = QUICK_CHECK_BUDGET_S) -> str | None:
    """Run ``PRAGMA quick_check`` for at most ``budget`` seconds.

    Returns the first problem found, or None when the file is fine or the check ran
    out of time (large databases: the backup runs the full check).
    """
    deadline = time.monotonic() + budget
    conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 2000)
    try:
        rows = conn.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            return None
        raise
    finally:
        conn.set_progress_handler(None, 0)
    first = rows[0][0] if rows else "ok"
    return None if first == "ok" else " ".join(str(first).split())


def _side_files_exist(path: Path) -> bool:
    return any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm", "-journal"))


def _inspect(path: Path) -> tuple[set[str], str | None, int]:
    """Tables, the first problem of a bounded quick_check (or None), ``user_version``.

    When nobody has the file open (no -wal/-shm) and there is no hot journal, the file is
    read as immutable, which creates no -wal/-shm. A plain read-only connection would
    create them, and they must never be removed afterwards: another desk starting at this
    moment may be using them already, and two desks writing through different WAL files
    damage the database (this happened in the two-instance test).
    """
    quiet = not _side_files_exist(path)
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro" + ("&immutable=1" if quiet else "")
    conn = sqlite3.connect(uri, uri=True, timeout=10)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        wal = Path(f"{path}-wal")
        size = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
        problem = _quick_check(conn) if size <= QUICK_CHECK_MAX_BYTES else None
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        return tables, problem, version
    finally:
        conn.close()


def _preflight(path: Path, known_version: int | None = None) -> None:
    """Read-only look at an existing file before anything may write to it: readable
    schema, no damage (bounded quick_check), and a crm-tui database, not some other
    program's SQLite file. Raises ``DatabaseOpenError``; the file is not changed."""
    try:
        tables, problem, version = _inspect(path)
        if problem:
            # An immutable read takes no lock: another desk that started meanwhile may
            # have been copying its WAL into the file. Look again before calling it damaged.
            tables, problem, version = _inspect(path)
    except sqlite3.Error as exc:
        raise DatabaseOpenError(describe_error(exc, path)) from exc
    if problem:  # the details (page numbers) are for support, not for the user
        raise DatabaseOpenError(
            _(
                "{path} is damaged ({reason}). Restore a backup; the file was not changed.",
                path=path,
                reason=_("the integrity check found errors"),
            )
        )
    if known_version is not None and version > known_version:
        # refused before SQLite opens it for writing (which would switch it to WAL)
        raise DatabaseOpenError(_newer_message(path, version, known_version))
    if version == 0 and tables and "customer" not in tables:
        raise DatabaseOpenError(
            _(
                "{path} is an SQLite database of another program, not a crm-tui database.",
                path=path,
            )
        )


def _check_history(path: Path) -> None:
    """The steps the file records are ones this version knows (read-only, see migrations)."""
    try:
        message = refusal(path)
    except sqlite3.Error as exc:
        raise DatabaseOpenError(describe_error(exc, path)) from exc
    if message:
        raise DatabaseOpenError(message)


def _newer_message(path: Path, found: int, known: int) -> str:
    return _(
        "{path} was made by a newer crm-tui (schema {found}, this version knows {known}).",
        path=path,
        found=found,
        known=known,
    )


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

    # BEGIN IMMEDIATE that lost the race for the write lock for the whole busy_timeout
    # (SQLite's busy handler backs off in growing sleeps, so with several desks writing
    # one of them can miss every free moment): tried again this many more times.
    BEGIN_RETRIES = 2

    def begin(self, lock_type=None) -> None:
        for attempt in range(self.BEGIN_RETRIES + 1):
            try:
                super().begin(lock_type)
                return
            except (sqlite3.OperationalError, peewee.OperationalError) as exc:
                if attempt == self.BEGIN_RETRIES or not is_locked_error(exc):
                    raise
                time.sleep(0.05 * (attempt + 1))

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
    if db.obj is not None and not db.is_closed():
        try:
            db.close()
        except (sqlite3.Error, peewee.PeeweeException):
            pass
    use_dialect(None)
    instance_lock.release_instance_lock()


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
