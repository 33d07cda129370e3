"""``crm-tui restore FILE``: replace the database with a checked backup."""

from __future__ import annotations

import argparse

from ..i18n import N_, _

NAME = "restore"
HELP = N_("replace the database with a backup (checked first; the current one is kept)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("backup file to restore"))


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..cli import CliError, open_db
    from ..domain.backup import BackupError, check_backup_file, restore_with_report

    source = Path(args.file).expanduser()
    if not source.exists():
        raise CliError(_("File not found: {path}", path=source))
    try:
        check_backup_file(source)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    open_db(args)
    try:
        result = restore_with_report(source)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    print(
        _(
            "Restored {path}. The previous database was kept as {before}.",
            path=source,
            before=result.before,
        )
    )
    if result.erased_again:
        print(
            _(
                "{n} customers erased (KVKK) after this backup was made were erased again.",
                n=len(result.erased_again),
            )
        )
    return 0
