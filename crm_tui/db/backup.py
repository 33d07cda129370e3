"""SQLite specifics of backups and privacy maintenance: the online backup API, file checks
(integrity_check, schema version) and purging deleted data from the file (secure_delete, FTS
merge, VACUUM, WAL checkpoint). Errors of the engine leave this module as ``EngineError``
(or ``DamagedCopy``), never as ``sqlite3`` exceptions: callers in the domain name no engine.
The instance lock that keeps a restore from pulling the file from under another window or
desk is in ``instance_lock`` (``sole_instance`` and ``InstanceBusy`` are re-exported)."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import sqlfn
from .instance_lock import InstanceBusy, sole_instance
from .models import db
from .opened import database_path
from .sqlite_dialect import SQLITE_HEADER, is_corrupt_error

__all__ = ["InstanceBusy", "sole_instance"]  # re-exported for the backup domain


def _create_private(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


class EngineError(Exception):
    """The database engine failed during a backup or restore; ``str()`` is its reason."""


class DamagedCopy(EngineError):
    """The copy failed its check, or the open database is damaged: it was not kept."""


def backup_to(dest: Path) -> None:
    """Copy the open database to a NEW file ``dest`` (0600) with the online backup API.

    Safe while other connections write; the copy is a self-contained file (rollback
    journal mode, no -wal needed). It is written under a temporary name of its own (two
    windows making the daily backup at once each write their own, and the one that comes
    second finds ``dest`` already there), checked (``quick_check``: the online backup
    copies damaged pages as they are) and renamed when complete and intact, so a backup
    cut short or copied from a damaged file never looks like a good one.

    Raises ``FileExistsError``, ``OSError``, ``DamagedCopy`` or ``EngineError``.
    """
    try:
        _backup_to(Path(dest))
        book = database_path()
        if book is not None:  # the attachments' folder goes with the backup (step 17)
            from .attachments import copy_folder

            copy_folder(book, Path(dest))
    except sqlite3.Error as exc:
        if is_corrupt_error(exc):
            raise DamagedCopy(str(exc)) from exc
        raise EngineError(str(exc)) from exc


def _backup_to(dest: Path) -> None:
    if dest.exists():
        raise FileExistsError(dest)
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    os.close(fd)  # mkstemp: O_EXCL, 0600, a random name
    tmp = Path(name)
    try:
        target = sqlite3.connect(tmp)
        try:
            db.connection().backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            target.commit()
            first = target.execute("PRAGMA quick_check(1)").fetchone()
            if not first or first[0] != "ok":
                raise DamagedCopy(str(first[0] if first else "?"))
        finally:
            target.close()
        os.chmod(tmp, 0o600)
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        try:
            os.link(tmp, dest)  # fails if dest appeared meanwhile: never overwrite a backup
            tmp.unlink()
        except FileExistsError:
            raise
        except OSError:  # no hard links (FAT/exFAT USB sticks)
            if dest.exists():
                raise FileExistsError(dest) from None
            os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@dataclass
class FileCheck:
    ok: bool
    problem: str = ""  # not_sqlite | corrupt | foreign | newer | unreadable
    detail: str = ""
    schema_version: int = 0
    # the settings that say whose book this is (``demo``, ``business_name``), as stored
    settings: dict[str, str] = field(default_factory=dict)


def check_file(path: Path, known_version: int) -> FileCheck:
    """Is ``path`` an intact crm-tui database this version can use?

    Pass a private copy of the user's file: opening may roll back a hot journal."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        return FileCheck(False, "unreadable", exc.strerror or str(exc))
    if header != SQLITE_HEADER:
        return FileCheck(False, "not_sqlite")
    try:
        conn = sqlite3.connect(path)
        conn.text_factory = lambda b: b.decode("utf-8", "replace")
    except sqlite3.Error as exc:
        return FileCheck(False, "unreadable", str(exc))
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        result = "; ".join(str(r[0]) for r in rows[:3])
        if result != "ok":
            return FileCheck(False, "corrupt", result)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version < 1 or not {"customer", "phone", "policy"} <= tables:
            return FileCheck(False, "foreign", schema_version=version)
        if version > known_version:
            return FileCheck(False, "newer", schema_version=version)
        settings: dict[str, str] = {}
        if "setting" in tables:
            settings = dict(
                conn.execute(
                    "SELECT key, value FROM setting WHERE key IN ('demo', 'business_name')"
                ).fetchall()
            )
        return FileCheck(True, schema_version=version, settings=settings)
    except (sqlite3.DatabaseError, ValueError) as exc:
        return FileCheck(False, "corrupt", str(exc))
    finally:
        conn.close()


def restore_from(source: Path) -> None:
    """Overwrite the open database in place with ``source`` (online backup API, one step).
    Raises ``EngineError``."""
    try:
        src = sqlite3.connect(source)
        try:
            src.backup(db.connection())
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise EngineError(str(exc)) from exc
    book = database_path()
    if book is not None:  # the backup's attachment files come back beside the book
        from .attachments import copy_folder

        copy_folder(Path(source), book)


@contextmanager
def secure_delete() -> Iterator[None]:
    """Deleted and overwritten content is zeroed in the file (for the erase transaction).
    PostgreSQL has no such setting: ``purge_deleted_data`` vacuums the tables instead."""
    if sqlfn.is_postgres():
        yield
        return
    db.execute_sql("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        db.execute_sql("PRAGMA secure_delete = OFF")


# The erasure register: one row per erasure whose purge (FTS merge, VACUUM, WAL
# truncation) has not finished. Written in the erase transaction itself, so a kill or a
# full disk after the anonymisation leaves the row, and the next open finishes the purge.
# Created on first use (CREATE TABLE IF NOT EXISTS), not by a schema step: a file
# without it simply has nothing pending. Only customer numbers, nothing personal.
PENDING_TABLE = "crm_erasure_pending"

# How long the final WAL truncation waits for another window or desk to finish reading
# (it then leaves the old pages for that desk to clear when it closes the database).
CHECKPOINT_WAIT_S = 2.0


def note_pending_erasure(customer_id: int) -> None:
    """Inside the erase transaction: the purge of ``customer_id`` is still to be done."""
    db.execute_sql(f"CREATE TABLE IF NOT EXISTS {PENDING_TABLE} (customer_id INTEGER PRIMARY KEY)")
    if sqlfn.is_postgres():
        sqlfn.execute(
            f"INSERT INTO {PENDING_TABLE} (customer_id) VALUES (?) ON CONFLICT DO NOTHING",
            (customer_id,),
        )
        return
    db.execute_sql(
        f"INSERT OR IGNORE INTO {PENDING_TABLE} (customer_id) VALUES (?)", (customer_id,)
    )


def allow_audit_erasure() -> None:
    """Inside the erase transaction: PostgreSQL's audit guard lets the erased person's
    log details be cleared (``pg_roles``); SQLite has no guard."""
    if sqlfn.is_postgres():
        from . import pg_roles

        pg_roles.allow_audit_erasure()


def pending_erasures() -> list[int]:
    if sqlfn.is_postgres():
        if not db.table_exists(PENDING_TABLE):
            return []
        return [r[0] for r in db.execute_sql(f"SELECT customer_id FROM {PENDING_TABLE}")]
    exists = db.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (PENDING_TABLE,)
    ).fetchone()
    if not exists:
        return []
    return [r[0] for r in db.execute_sql(f"SELECT customer_id FROM {PENDING_TABLE}")]


def finish_pending_erasures() -> bool | None:
    """At open: finish the purge of erasures interrupted by a kill or a full disk.
    Returns None when nothing was pending, else what ``purge_deleted_data`` returned."""
    if not pending_erasures():
        return None
    return purge_deleted_data()


@contextmanager
def _busy_timeout(ms: int) -> Iterator[None]:
    db.execute_sql(f"PRAGMA busy_timeout = {int(ms)}")
    try:
        yield
    finally:
        db.execute_sql("PRAGMA busy_timeout = 10000")


def purge_deleted_data(wait: float = CHECKPOINT_WAIT_S) -> bool:
    """Make deleted/overwritten personal data unrecoverable from the database file.

    FTS5 keeps deleted tokens in old index segments until they are merged ('optimize'),
    VACUUM rebuilds every page (free pages and the slack inside pages may still hold text
    deleted long ago, before secure_delete was on), and the WAL, which holds copies of
    pages, is checkpointed and truncated. The register of pending erasures is emptied
    once the file itself is clean. Returns False when another connection kept the WAL
    from being truncated within ``wait`` seconds (its old pages go when that desk closes
    the database: the last connection to close checkpoints and deletes the -wal).

    PostgreSQL: the tables that held the person's text are vacuumed (their dead rows'
    space is reclaimed); the server's own WAL and old files are its administrator's
    matter. Returns True.
    """
    if sqlfn.is_postgres():
        return _pg_purge()
    with secure_delete():
        db.execute_sql("INSERT INTO customer_fts (customer_fts) VALUES ('optimize')")
        db.execute_sql("INSERT INTO phone_fts (phone_fts) VALUES ('optimize')")
        with _busy_timeout(200):  # a reader elsewhere: do not wait 10 s here
            db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute_sql("VACUUM")
        if pending_erasures():
            db.execute_sql(f"DELETE FROM {PENDING_TABLE}")
    clean = False
    deadline = time.monotonic() + wait
    with _busy_timeout(100):
        while True:
            busy, _log, _done = db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                clean = True
                break
            if time.monotonic() >= deadline:
                break
            time.sleep(0.1)
    return clean


# Tables whose rows an erasure deletes or overwrites (domain/privacy.py).
_PERSONAL_TABLES = (
    "customer",
    "customer_search",
    "phone",
    "tag",
    "customer_tag",
    "consent",
    "info_text_shown",
    "interaction",
    "policy",
    "purchase",
    "complaint",
    "complaint_event",
    "reminder",
    "points_entry",
    "survey",
    "audit_log",
)


def _pg_purge() -> bool:
    if pending_erasures():
        db.execute_sql(f"DELETE FROM {PENDING_TABLE}")
    db.execute_sql("VACUUM " + ", ".join(_PERSONAL_TABLES))  # outside a transaction
    return True


def checkpoint() -> None:
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
