"""Backups: automatic once a day (kept: 7 daily + 4 weekly), on demand, and restore with
checks first. Files are owner-only (0600) in the backup folder (0700): ``<data folder>/
backups`` for the databases in the data folder (your own and the demo), and a subfolder
``<stem>-<hash of its path>`` of it for a database elsewhere (``--db``), so two files
called ``crm.sqlite3`` never share or rotate away each other's backups.

File names tell what they are (``<db>`` is the database file's stem, e.g. ``crm``):
``<db>-auto-2026-11-22.sqlite3``, ``<db>-20261122-101500.sqlite3`` (made on request) and
``<db>-before-restore-20261122-101500.sqlite3`` (the database as it was before a restore).

A PostgreSQL database is backed up with ``pg_dump`` (custom format, ``db/pg_backup.py``)
into files named the same way with the suffix ``.dump`` (``<db>`` is the database name),
in the subfolder ``<dbname>-<hash of host:port/dbname>``; restored with ``pg_restore``
after the same checks.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..clock import now as clock_now
from ..clock import today as clock_today
from ..config import backup_dir, demo_db_path, ensure_dir
from ..db import backup as raw
from ..db import pg_backup
from ..db.connection import database_path, open_database
from ..db.dialect import current_dialect
from ..db.migrations import SCHEMA_VERSION
from ..i18n import _
from ..private_files import private_temp
from .backup_folder import BackupError, _current, backups_folder, current_target, folder_for
from .privacy import reapply_erasures
from .roles import can, require
from .settings import get_settings
from .who import record

KEEP_DAILY = 7
KEEP_WEEKLY = 4


@dataclass
class BackupInfo:
    path: Path
    kind: str  # auto | manual | before_restore | before_import | other
    at: datetime
    size: int


def make_backup(dest: Path | str | None = None, now: datetime | None = None) -> Path:
    """Back the open database up to ``dest`` (default: a time-stamped file in the
    backup folder). Refuses to overwrite an existing file."""
    now = now or clock_now()
    src = current_target()
    if dest is None:
        dest = _free_name(backups_folder(), f"{_stem(src)}-{now:%Y%m%d-%H%M%S}", _suffix(src))
    dest = Path(dest).expanduser()
    return _backup(dest)


KEEP_BEFORE_IMPORT = 5


def backup_before(action: str, now: datetime | None = None) -> Path:
    """A safety copy before a big change (``action``: import), to undo it with a restore:
    ``<db>-before-import-20261122-101500.sqlite3``. The newest five are kept."""
    now = now or clock_now()
    src = current_target()
    folder = backups_folder()
    dest = _backup(
        _free_name(folder, f"{_stem(src)}-before-{action}-{now:%Y%m%d-%H%M%S}", _suffix(src))
    )
    older = sorted(
        (b for b in list_backups() if b.kind == f"before_{action}"),
        key=lambda b: b.path.name,
        reverse=True,
    )
    for old in older[KEEP_BEFORE_IMPORT:]:
        _drop(old.path)
    return dest


def _drop(path: Path) -> None:
    """A backup rotated out, with the attachments' folder copied beside it (step 17):
    an erased person's files must not outlive the backups that held them."""
    from ..db.attachments import folder_for

    path.unlink(missing_ok=True)
    shutil.rmtree(folder_for(path), ignore_errors=True)


def _is_url(target: Path | str) -> bool:
    return isinstance(target, str) and pg_backup.is_url(target)


def _stem(target: Path | str) -> str:
    """What backup file names start with: the file's stem, or the PostgreSQL database name."""
    return pg_backup.dbname(str(target)) if _is_url(target) else Path(target).stem


def _suffix(target: Path | str) -> str:
    return pg_backup.SUFFIX if _is_url(target) else ".sqlite3"


def _open_target() -> Path | str | None:
    """The open database (file or address), None when none is open."""
    return pg_backup.current_url() or database_path()


def _free_name(folder: Path, base: str, suffix: str = ".sqlite3") -> Path:
    dest = folder / f"{base}{suffix}"
    n = 1
    while dest.exists():  # two in the same second (or a frozen test clock)
        n += 1
        dest = folder / f"{base}-{n}{suffix}"
    return dest


def _backup(dest: Path) -> Path:
    if pg_backup.current_url() is not None:
        # a dump holds the whole book, commissions too: the server refuses staff anyway
        require("export_book")
    if dest.exists():
        raise BackupError(_("{path} already exists; choose another file name.", path=dest))
    if not dest.parent.exists():
        raise BackupError(_("Folder {folder} does not exist.", folder=dest.parent))
    try:
        url = pg_backup.current_url()
        if url is not None:
            pg_backup.dump_to(url, dest)
        else:
            raw.backup_to(dest)
    except FileExistsError as exc:
        raise BackupError(_("{path} already exists; choose another file name.", path=dest)) from exc
    except raw.DamagedCopy as exc:
        raise BackupError(_damaged_source()) from exc
    except pg_backup.ToolMissing as exc:
        raise BackupError(str(exc)) from exc
    except raw.EngineError as exc:
        raise BackupError(_("Backup failed: {reason}", reason=exc)) from exc
    except OSError as exc:
        reason = exc.strerror or exc
        raise BackupError(_("Backup failed: {reason}", reason=reason)) from exc
    return dest


def _damaged_source() -> str:
    return _(
        "{path} is damaged (the integrity check found errors): no backup was made and the older backups were kept. Restore one of them.",
        path=_current(),
    )


def auto_backup(today: date | None = None) -> Path | None:
    """The daily backup: on the first start of each day, then rotate. Returns the new
    file, or None when today's backup already exists (or no database is open)."""
    today = today or clock_today()
    src = _open_target()
    if src is None:
        return None
    if _is_url(src) and not can("export_book"):
        return None  # a staff login cannot dump the book (commissions): the owner's desk does
    folder = backups_folder()
    dest = folder / f"{_stem(src)}-auto-{today.isoformat()}{_suffix(src)}"
    if dest.exists():
        return None
    try:
        _backup(dest)
    except BackupError:
        if dest.exists():  # another desk or window made today's backup a moment ago
            return None
        raise
    rotate(today)
    return dest


_AUTO = re.compile(r"^(?P<stem>.+)-auto-(?P<day>\d{4}-\d{2}-\d{2})(?P<suffix>\.sqlite3|\.dump)$")
_MANUAL = re.compile(
    r"^(?P<stem>.+?)-(?:before-(?P<before>restore|import)-)?(?P<ts>\d{8}-\d{6})(-\d+)?"
    r"(?P<suffix>\.sqlite3|\.dump)$"
)


def rotate(
    today: date | None = None, keep_daily: int = KEEP_DAILY, keep_weekly: int = KEEP_WEEKLY
) -> list[Path]:
    """Keep the newest ``keep_daily`` daily backups and, older than those, the newest
    backup of each of ``keep_weekly`` ISO weeks; delete the other automatic ones."""
    src = _open_target()
    if src is None:
        return []
    folder = folder_for(src)
    if not folder.exists():
        return []
    autos: list[tuple[date, Path]] = []
    for p in folder.iterdir():
        m = _AUTO.match(p.name)
        if m and m.group("stem") == _stem(src) and m.group("suffix") == _suffix(src):
            try:
                autos.append((date.fromisoformat(m.group("day")), p))
            except ValueError:
                continue
    autos.sort(reverse=True)
    keep = {p for _d, p in autos[:keep_daily]}
    weeks: set[tuple[int, int]] = set()
    for day, p in autos[keep_daily:]:
        week = day.isocalendar()[:2]
        if week in weeks:
            continue
        if len(weeks) >= keep_weekly:
            break
        weeks.add(week)
        keep.add(p)
    removed = []
    for _day, p in autos:
        if p not in keep:
            _drop(p)
            removed.append(p)
    return removed


def list_backups() -> list[BackupInfo]:
    """Backups of the open database in its backup folder, newest first (the demo's and
    other databases' backups are not offered: restoring them would replace your data)."""
    src = _open_target()
    if src is None:
        return []
    folder = folder_for(src)
    if not folder.exists():
        return []
    out = []
    for p in folder.iterdir():
        if not p.is_file() or p.suffix != _suffix(src) or p.name.startswith("."):
            continue
        m = _AUTO.match(p.name)
        m2 = None if m else _MANUAL.match(p.name)
        stem = (m or m2).group("stem") if (m or m2) else None
        if stem is not None and stem != _stem(src):
            continue
        if m:
            kind = "auto"
        else:
            before = m2.group("before") if m2 else None
            kind = f"before_{before}" if before else "manual" if m2 else "other"
        try:
            stat = p.stat()
        except OSError:
            continue  # rotated away by another desk just now
        out.append(BackupInfo(p, kind, datetime.fromtimestamp(stat.st_mtime), stat.st_size))
    out.sort(key=lambda b: b.at, reverse=True)
    return out


def check_backup_file(path: Path | str, engine: str | None = None) -> int:
    """Check a candidate file (on a private copy); returns its schema version or raises
    BackupError saying why it cannot be restored. ``engine`` ("sqlite", "postgresql"):
    the kind of database it is for (default: that of the open database, SQLite when none
    is open)."""
    path = Path(path).expanduser()
    if not path.exists():
        raise BackupError(_("File not found: {path}", path=path))
    if path.is_dir():
        raise BackupError(_("{path} is a folder, not a file.", path=path))
    scratch = ensure_dir(backup_dir())  # no database needs to be open for a check
    scratch.chmod(0o700)
    copy = _private_copy(path, scratch, f"check-{path.name}")
    try:
        return _check(copy, path, SCHEMA_VERSION, engine).schema_version
    finally:
        copy.unlink(missing_ok=True)


def _private_copy(src: Path, folder: Path, name: str) -> Path:
    """Copy ``src`` to a new owner-only file with a random name in ``folder``, created
    exclusively (a planted file or symlink is never opened); returns its path."""
    dest: Path | None = None
    try:
        with src.open("rb") as fin:
            fd, dest = private_temp(folder, name)
            with open(fd, "wb") as fout:
                shutil.copyfileobj(fin, fout)
        return dest
    except OSError as exc:
        if dest is not None:
            dest.unlink(missing_ok=True)
        raise BackupError(_("Cannot read {path}: {reason}", path=src, reason=exc)) from exc


DEMO_BUSINESS_NAME = "Yıldız Sigorta ve Ticaret (demo)"


def is_demo_book(settings: dict[str, str], path: Path | None = None) -> bool:
    """Is this the demo database (or a copy of it)? Marked since this version by the
    ``demo`` setting; demo files made before by their business name or file name."""
    if settings.get("demo") == "true":
        return True
    try:
        if json.loads(settings.get("business_name", '""')) == DEMO_BUSINESS_NAME:
            return True
    except ValueError:
        pass
    return path is not None and path.resolve() == demo_db_path().resolve()


def _current_is_demo(current: Path) -> bool:
    stored = get_settings("demo", "business_name")
    as_stored = {k: json.dumps(v, ensure_ascii=False) for k, v in stored.items() if v is not None}
    return is_demo_book(as_stored, current)


def _check(copy: Path, shown: Path, known: int, engine: str | None = None) -> raw.FileCheck:
    if (engine or current_dialect().name) == "postgresql":
        return _check_dump(copy, shown, known)
    result = raw.check_file(copy, known)
    if result.ok:
        return result
    messages = {
        "not_sqlite": _("{path} is not a crm-tui database (not an SQLite file).", path=shown),
        # one line: integrity_check's own report can run to a hundred lines of page numbers
        "corrupt": _(
            "{path} is damaged (the integrity check found errors); it cannot be restored.",
            path=shown,
        ),
        "foreign": _("{path} is an SQLite file but not a crm-tui database.", path=shown),
        "newer": _(
            "{path} was made by a newer crm-tui (schema {found}, this version knows {known}).",
            path=shown,
            found=result.schema_version,
            known=known,
        ),
        "unreadable": _("Cannot read {path}: {reason}", path=shown, reason=result.detail),
    }
    raise BackupError(messages[result.problem])


def _check_dump(copy: Path, shown: Path, known: int) -> raw.FileCheck:
    result = pg_backup.check_dump(copy, known)
    if result.ok:
        return result
    messages = {
        "not_dump": _(
            "{path} is not a crm-tui backup of a PostgreSQL database (not a pg_dump file).",
            path=shown,
        ),
        "sqlite": _(
            "{path} is a backup of an SQLite database; it cannot be restored into a PostgreSQL database.",
            path=shown,
        ),
        "corrupt": _(
            "{path} is damaged (pg_restore cannot read it: {reason}); it cannot be restored.",
            path=shown,
            reason=result.detail,
        ),
        "foreign": _("{path} is a PostgreSQL dump but not of a crm-tui database.", path=shown),
        "newer": _(
            "{path} was made by a newer crm-tui (schema {found}, this version knows {known}).",
            path=shown,
            found=result.schema_version,
            known=known,
        ),
        "unreadable": _("Cannot read {path}: {reason}", path=shown, reason=result.detail),
    }
    raise BackupError(messages[result.problem])


@dataclass
class Restored:
    before: Path  # the database as it was, kept as a before-restore backup
    erased_again: list[int]  # customers erased after the backup was made, erased again


def restore(path: Path | str, now: datetime | None = None) -> Path:
    """``restore_with_report`` returning only the before-restore backup's path."""
    return restore_with_report(path, now).before


def restore_with_report(path: Path | str, now: datetime | None = None) -> Restored:
    """Replace the open database with the backup ``path``, after checking its integrity
    and schema version. The current database is first saved as a ``before-restore``
    backup. Customers erased (KVKK) since the backup was made are erased again. Nothing changes if any check fails, or while another
    window or desk has the database open (its screens would show, and save into, data
    that is no longer there)."""
    require("restore")
    now = now or clock_now()
    url = pg_backup.current_url()
    if url is not None:
        return _restore_postgres(url, Path(path).expanduser(), now)
    current = _current()
    path = Path(path).expanduser()
    if not path.exists():
        raise BackupError(_("File not found: {path}", path=path))
    if path.is_dir():
        raise BackupError(_("{path} is a folder, not a file.", path=path))
    if path.resolve() == current.resolve():
        raise BackupError(_("{path} is the database in use.", path=path))
    folder = backups_folder()
    copy = _private_copy(path, folder, f"restore-{now:%Y%m%d-%H%M%S}")
    try:
        checked = _check(copy, path, SCHEMA_VERSION)
        version = checked.schema_version
        if is_demo_book(checked.settings) and not _current_is_demo(current):
            # the demo and the user's own book share the data folder and its backups
            raise BackupError(
                _(
                    "{path} is a copy of the demo database; it is not restored into your own database {db}. Nothing was changed.",
                    path=path.name,
                    db=current,
                )
            )
        try:
            with raw.sole_instance(current):
                before = _backup(
                    _free_name(folder, f"{current.stem}-before-restore-{now:%Y%m%d-%H%M%S}")
                )
                try:
                    raw.restore_from(copy)
                except raw.EngineError as exc:
                    raise BackupError(_("Restore failed: {reason}", reason=exc)) from exc
        except raw.InstanceBusy as exc:
            raise BackupError(
                _(
                    "Another crm-tui window or desk has {path} open. Close it there, then restore again; nothing was changed.",
                    path=current.name,
                )
            ) from exc
    finally:
        copy.unlink(missing_ok=True)
    if version < SCHEMA_VERSION:
        open_database(current)
    record("restore", detail={"file": path.name, "previous": before.name, "schema": version})
    return Restored(before, reapply_erasures(now))


def _restore_postgres(url: str, path: Path, now: datetime) -> Restored:
    """``restore_with_report`` for a PostgreSQL database: the dump is checked (on a
    private copy), the database is dumped as a before-restore backup, then replaced with
    ``pg_restore`` in one transaction (all or nothing). Another desk's open transaction on
    a table makes it fail after a few seconds, nothing changed; desks that are only
    connected see the restored data from their next read."""
    if not path.exists():
        raise BackupError(_("File not found: {path}", path=path))
    if path.is_dir():
        raise BackupError(_("{path} is a folder, not a file.", path=path))
    shown = pg_backup.redacted(url)
    folder = backups_folder()
    copy = _private_copy(path, folder, f"restore-{now:%Y%m%d-%H%M%S}")
    try:
        checked = _check(copy, path, SCHEMA_VERSION, "postgresql")
        version = checked.schema_version
        if is_demo_book(checked.settings) and not _current_is_demo_db():
            raise BackupError(
                _(
                    "{path} is a copy of the demo database; it is not restored into your own database {db}. Nothing was changed.",
                    path=path.name,
                    db=shown,
                )
            )
        stem = pg_backup.dbname(url)
        before = _backup(
            _free_name(folder, f"{stem}-before-restore-{now:%Y%m%d-%H%M%S}", pg_backup.SUFFIX)
        )
        try:
            pg_backup.restore_dump(url, copy)
        except pg_backup.ToolMissing as exc:
            raise BackupError(str(exc)) from exc
        except raw.EngineError as exc:
            raise BackupError(
                _("Restore failed, nothing was changed: {reason}", reason=exc)
            ) from exc
        finally:
            open_database(url)  # a new connection: the tables were made again
    finally:
        copy.unlink(missing_ok=True)
    record("restore", detail={"file": path.name, "previous": before.name, "schema": version})
    return Restored(before, reapply_erasures(now))


def _current_is_demo_db() -> bool:
    stored = get_settings("demo", "business_name")
    as_stored = {k: json.dumps(v, ensure_ascii=False) for k, v in stored.items() if v is not None}
    return is_demo_book(as_stored)
