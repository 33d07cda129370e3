"""``crm-tui copy-to TARGET``: the open book copied into an empty database (a
``postgresql://`` address or a new SQLite file), all or nothing, with each table's rows
counted on both sides."""

from __future__ import annotations

import argparse

from ..i18n import N_, _

NAME = "copy-to"
HELP = N_(
    "copy the database into an empty one (a postgresql:// address or a new file), all or nothing"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target",
        metavar="TARGET",
        help=_("an empty PostgreSQL database (postgresql://user@host/name) or a new file"),
    )


def table_lines(source: str, target: str, counts: list) -> list[str]:
    """The row counts as a small aligned table: table, source, target."""
    head = (_("table"), _("source"), _("target"))
    rows = [(c.table, f"{c.source:,}", f"{c.target:,}") for c in counts]
    total_source = sum(c.source for c in counts)
    total_target = sum(c.target for c in counts)
    rows.append((_("total"), f"{total_source:,}", f"{total_target:,}"))
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]

    def line(r: tuple[str, str, str]) -> str:
        return f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}"

    return [
        _("{source} → {target}", source=source, target=target),
        line(head),
        *(line(r) for r in rows),
    ]


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from ..config import is_db_url
    from ..db import DatabaseOpenError
    from ..db.copy import CopyFailed, CopyRefused, copy_database, display
    from .common import CliError, open_db, say

    target: Path | str = (
        args.target.strip() if is_db_url(args.target) else Path(args.target).expanduser()
    )
    source = open_db(args)
    shown = [False]

    def progress(table: str, done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{table}: {done:,}/{total:,}\033[K", end="", file=sys.stderr, flush=True)
            shown[0] = True

    try:
        counts = copy_database(source, target, progress=progress)
    except (CopyRefused, CopyFailed, DatabaseOpenError) as exc:
        raise CliError(str(exc)) from exc
    finally:
        if shown[0]:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
    for text in table_lines(display(source), display(target), counts):
        say(text)
    say(_("Copied: {target} holds the book now.", target=display(target)))
    return 0
