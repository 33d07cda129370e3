"""``crm-tui backup [FILE]``: a consistent copy of the database (SQLite online backup)."""

from __future__ import annotations

import argparse

from ..i18n import N_, _

NAME = "backup"
HELP = N_("back the database up now (to FILE or the backup folder)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", nargs="?", metavar="FILE", help=_("backup file to create (must not exist)")
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..domain.backup import BackupError, make_backup
    from .common import CliError, open_db, say

    if args.file:
        dest = Path(args.file).expanduser()
        if dest.exists():
            raise CliError(_("{path} already exists; choose another file name.", path=dest))
        if not dest.parent.exists():
            raise CliError(_("Folder {folder} does not exist.", folder=dest.parent))
    open_db(args)
    try:
        path = make_backup(args.file)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    say(_("Backup written to {path}.", path=path))
    return 0
