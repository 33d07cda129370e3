"""``crm-tui restore FILE``: replace the database with a checked backup."""

from __future__ import annotations

import argparse

from ..i18n import N_, _

NAME = "restore"
HELP = N_("replace the database with a backup (checked first; the current one is kept)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("backup file to restore"))
    parser.add_argument(
        "--yes",
        "-y",
        action="store_true",
        help=_("do not ask before replacing the database (needed without a terminal)"),
    )


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from ..config import is_db_url
    from ..domain.backup import BackupError, check_backup_file, restore_with_report
    from .common import CliError, ask_yes_no, open_db, resolve_db_path, say

    source = Path(args.file).expanduser()
    if not source.exists():
        raise CliError(_("File not found: {path}", path=source))
    engine = "postgresql" if is_db_url(resolve_db_path(args)) else "sqlite"
    try:
        check_backup_file(source, engine)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    from ..db.connection import database_name

    current = open_db(args)
    current = database_name() or current  # a PostgreSQL address without its password
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError(
                _(
                    "Restoring replaces the whole database {db} with {path}; add --yes to do it without a question.",
                    db=current,
                    path=source,
                )
            )
        question = _(
            "Replace the whole database {db} with {path}? (the current one is kept as a backup)",
            db=current,
            path=source,
        )
        if not ask_yes_no(question):
            raise CliError(_("Nothing was restored."))
    try:
        result = restore_with_report(source)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    say(
        _(
            "Restored {path} into {db}. The previous database was kept as {before}.",
            path=source,
            db=current,
            before=result.before,
        )
    )
    if result.erased_again:
        say(
            _(
                "{n} customers erased (KVKK) after this backup was made were erased again.",
                n=len(result.erased_again),
            )
        )
    return 0
