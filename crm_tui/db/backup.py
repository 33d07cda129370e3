"""SQLite specifics of backups and privacy maintenance: the online backup API, file checks
(integrity_check, schema version) and purging deleted data from the file (FTS merge,
VACUUM, WAL checkpoint)."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .connection import SQLITE_HEADER
from .models import db


def _create_private(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def backup_to(dest: Path) -> None:
    """Copy the open database to a NEW file ``dest`` (0600) with the online backup API.

    Safe while other connections write; the copy is a self-contained file (rollback
    journal mode, no -wal needed).
    """
    dest = Path(dest)
    _create_private(dest)
    try:
        target = sqlite3.connect(dest)
        try:
            db.connection().backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            target.commit()
        finally:
            target.close()
        os.chmod(dest, 0o600)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise


@dataclass
class FileCheck:
    ok: bool
    problem: str = ""  # not_sqlite | corrupt | foreign | newer | unreadable
    detail: str = ""
    schema_version: int = 0


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
        return FileCheck(True, schema_version=version)
    except (sqlite3.DatabaseError, ValueError) as exc:
        return FileCheck(False, "corrupt", str(exc))
    finally:
        conn.close()


def restore_from(source: Path) -> None:
    """Overwrite the open database in place with ``source`` (online backup API, one step)."""
    src = sqlite3.connect(source)
    try:
        src.backup(db.connection())
    finally:
        src.close()


def purge_deleted_data() -> None:
    """Make deleted/overwritten personal data unrecoverable from the database file:
    merge the FTS indexes (drops deleted tokens), VACUUM, truncate the WAL."""
    db.execute_sql("INSERT INTO customer_fts (customer_fts) VALUES ('optimize')")
    db.execute_sql("INSERT INTO phone_fts (phone_fts) VALUES ('optimize')")
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute_sql("VACUUM")
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def checkpoint() -> None:
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
