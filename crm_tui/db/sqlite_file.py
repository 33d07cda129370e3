"""Checks of a SQLite file before the app writes to it: a folder, unreadable or read-only,
not an SQLite file, cut short, damaged (a quick check within a time budget), of another
program, of a newer version or an unreleased build. Each refusal is one line for the user
(``DatabaseOpenError``) and leaves the file untouched."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

from ..i18n import _
from .errors import DatabaseOpenError, describe_error
from .migrations import refusal
from .sqlite_dialect import SQLITE_HEADER

# quick_check at open, only for files up to this size: SQLite (3.40) cannot interrupt
# the check inside one table, and it reads ~150-300 MB/s, so 4 MB costs ~20 ms. Damage in
# bigger files shows when the page is read (describe_error) and in the backup's check.
QUICK_CHECK_MAX_BYTES = 4 * 1024 * 1024
QUICK_CHECK_BUDGET_S = 0.03


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
