"""Where the backups of a database file live (``folder_for``) and the open database's
backup folder; kept apart from ``backup`` so that privacy (the erasure register sits in the
backup folder) and backup (a restore erases again) need not import each other."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..config import backup_dir, data_dir, ensure_dir
from ..db.connection import database_name, database_path
from ..i18n import _


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the user."""


def folder_for(db_file: Path) -> Path:
    """Where the backups of ``db_file`` live (see the module docstring)."""
    base = backup_dir()
    resolved = Path(db_file).expanduser().resolve()
    try:
        in_data_dir = resolved.parent == data_dir().expanduser().resolve()
    except OSError:
        in_data_dir = False
    if in_data_dir:
        return base
    digest = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:8]
    return base / f"{resolved.stem}-{digest}"


def backups_folder(create: bool = True) -> Path:
    """The backup folder of the open database (created 0700 unless ``create`` is False).
    A PostgreSQL database has one too, named after its address (it holds the erasure
    register; its backups are still to come)."""
    path = database_path()
    name = database_name()
    if path is None and name is not None:
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
        folder = backup_dir() / f"postgresql-{digest}"
    else:
        folder = folder_for(_current())
    if not create:
        return folder
    try:
        ensure_dir(folder)
        # mkdir(parents=True) gives the parents the umask's mode, not 0700
        for level in {folder, backup_dir()}:
            level.chmod(0o700)
    except OSError as exc:
        raise BackupError(
            _("Cannot create the backup folder {folder}: {reason}", folder=folder, reason=exc)
        ) from exc
    return folder


def _current() -> Path:
    path = database_path()
    if path is None:
        raise BackupError(_("No database is open."))
    return path
