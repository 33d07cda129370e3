"""Backups: automatic once a day (kept: 7 daily + 4 weekly), on demand, and restore with
checks first. Files are owner-only (0600) in the backup folder (0700): ``<data folder>/
backups`` for the databases in the data folder (your own and the demo), and a subfolder
``<stem>-<hash of its path>`` of it for a database elsewhere (``--db``), so two files
called ``crm.sqlite3`` never share or rotate away each other's backups.

File names tell what they are (``<db>`` is the database file's stem, e.g. ``crm``):
``<db>-auto-2026-11-22.sqlite3``, ``<db>-20261122-101500.sqlite3`` (made on request) and
``<db>-before-restore-20261122-101500.sqlite3`` (the database as it was before a restore).
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
from ..db.connection import database_path, open_database
from ..db.migrations import SCHEMA_VERSION
from ..db.models import AuditLog
from ..i18n import _
from ..private_files import private_temp
from .backup_folder import BackupError, _current, backups_folder, folder_for
from .privacy import reapply_erasures
from .settings import get_settings

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
    src = _current()
    if dest is None:
        dest = _free_name(backups_folder(), f"{src.stem}-{now:%Y%m%d-%H%M%S}")
    dest = Path(dest).expanduser()
    return _backup(dest)


KEEP_BEFORE_IMPORT = 5


def backup_before(action: str, now: datetime | None = None) -> Path:
    """A safety copy before a big change (``action``: import), to undo it with a restore:
    ``<db>-before-import-20261122-101500.sqlite3``. The newest five are kept."""
    now = now or clock_now()
    src = _current()
    folder = backups_folder()
    dest = _backup(_free_name(folder, f"{src.stem}-before-{action}-{now:%Y%m%d-%H%M%S}"))
    older = sorted(
        (b for b in list_backups() if b.kind == f"before_{action}"),
        key=lambda b: b.path.name,
        reverse=True,
    )
    for old in older[KEEP_BEFORE_IMPORT:]:
        old.path.unlink(missing_ok=True)
    return dest


def _free_name(folder: Path, base: str) -> Path:
    dest = folder / f"{base}.sqlite3"
    n = 1
    while dest.exists():  # two in the same second (or a frozen test clock)
        n += 1
        dest = folder / f"{base}-{n}.sqlite3"
    return dest


def _backup(dest: Path) -> Path:
    if dest.exists():
        raise BackupError(_("{path} already exists; choose another file name.", path=dest))
    if not dest.parent.exists():
        raise BackupError(_("Folder {folder} does not exist.", folder=dest.parent))
    try:
        raw.backup_to(dest)
    except FileExistsError as exc:
        raise BackupError(_("{path} already exists; choose another file name.", path=dest)) from exc
    except raw.DamagedCopy as exc:
        raise BackupError(_damaged_source()) from exc
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
    src = database_path()
    if src is None:
        return None
    folder = backups_folder()
    dest = folder / f"{src.stem}-auto-{today.isoformat()}.sqlite3"
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


_AUTO = re.compile(r"^(?P<stem>.+)-auto-(?P<day>\d{4}-\d{2}-\d{2})\.sqlite3$")
_MANUAL = re.compile(
    r"^(?P<stem>.+?)-(?:before-(?P<before>restore|import)-)?(?P<ts>\d{8}-\d{6})(-\d+)?\.sqlite3$"
)


def rotate(
    today: date | None = None, keep_daily: int = KEEP_DAILY, keep_weekly: int = KEEP_WEEKLY
) -> list[Path]:
    """Keep the newest ``keep_daily`` daily backups and, older than those, the newest
    backup of each of ``keep_weekly`` ISO weeks; delete the other automatic ones."""
    src = database_path()
    if src is None:
        return []
    folder = folder_for(src)
    if not folder.exists():
        return []
    autos: list[tuple[date, Path]] = []
    for p in folder.iterdir():
        m = _AUTO.match(p.name)
        if m and m.group("stem") == src.stem:
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
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed


def list_backups() -> list[BackupInfo]:
    """Backups of the open database in its backup folder, newest first (the demo's and
    other databases' backups are not offered: restoring them would replace your data)."""
    src = database_path()
    if src is None:
        return []
    folder = folder_for(src)
    if not folder.exists():
        return []
    out = []
    for p in folder.iterdir():
        if not p.is_file() or p.suffix != ".sqlite3" or p.name.startswith("."):
            continue
        m = _AUTO.match(p.name)
        m2 = None if m else _MANUAL.match(p.name)
        stem = (m or m2).group("stem") if (m or m2) else None
        if stem is not None and stem != src.stem:
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


def check_backup_file(path: Path | str) -> int:
    """Check a candidate file (on a private copy); returns its schema version or raises
    BackupError saying why it cannot be restored."""
    path = Path(path).expanduser()
    if not path.exists():
        raise BackupError(_("File not found: {path}", path=path))
    if path.is_dir():
        raise BackupError(_("{path} is a folder, not a file.", path=path))
    scratch = ensure_dir(backup_dir())  # no database needs to be open for a check
    scratch.chmod(0o700)
    copy = _private_copy(path, scratch, f"check-{path.name}")
    try:
        return _check(copy, path, SCHEMA_VERSION).schema_version
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


def _check(copy: Path, shown: Path, known: int) -> raw.FileCheck:
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
    now = now or clock_now()
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
    AuditLog.create(
        action="restore",
        detail=json.dumps({"file": path.name, "previous": before.name, "schema": version}),
    )
    return Restored(before, reapply_erasures(now))
