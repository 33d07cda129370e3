"""Entry point ``crm-tui``: the TUI by default, subcommands for non-interactive work.

Subcommands live in ``crm_tui/cli_cmds/<name>.py`` (``NAME``, ``HELP``, ``add_arguments``,
``run``) and are discovered here. Nothing on the non-TUI paths imports Textual.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .cli_cmds.common import (  # noqa: F401 - the subcommands' helpers, also from here
    CliError,
    ask_yes_no,
    db_options,
    open_db,
    resolve_db_path,
    say,
)
from .i18n import N_, _, detect_language, set_language

if TYPE_CHECKING:
    from .config import Settings


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one clear line, no usage dump
        self.exit(2, f"crm-tui: {message} ({_('see crm-tui --help')})\n")


def _language(value: str) -> str:
    value = value.strip().lower()
    if value not in ("tr", "en"):
        raise argparse.ArgumentTypeError(_("unknown language '{value}': use tr or en", value=value))
    return value


def command_modules() -> list:
    from . import cli_cmds
    from .i18n import package_modules

    mods = []
    for name in package_modules(cli_cmds):
        if name.startswith("_") or name == "common":  # common: helpers, not a command
            continue
        mods.append(importlib.import_module(f"{cli_cmds.__name__}.{name}"))
    return mods


def _translate_argparse() -> None:
    """argparse looks up its module-level ``_`` at call time: route it through our catalog."""
    from .i18n import _catalog, get_language

    def gettext(message: str) -> str:
        return _catalog(get_language()).get(message, message) if get_language() != "en" else message

    argparse._ = gettext  # type: ignore[attr-defined]


def _global_options(
    parser: argparse.ArgumentParser, *, top: bool, skip: frozenset[str] = frozenset()
) -> None:
    """--db, --demo, --lang and --user; also accepted after a subcommand (``crm-tui lookup --db X``),
    where they must not reset what was given before it (hence SUPPRESS)."""
    default: dict[str, Any] = {} if top else {"default": argparse.SUPPRESS}
    parser.add_argument(
        "--db",
        metavar=_("PATH"),
        help=_("database file (default: CRM_TUI_DB or the data folder)"),
        **default,
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("open the demo database, creating it if needed"),
        **default,
    )
    parser.add_argument(
        "--lang",
        type=_language,
        metavar="tr|en",
        help=_("language: tr or en (default: settings, then system locale)"),
        **default,
    )
    if "--user" in skip:  # the subcommand's own option of that name
        return
    parser.add_argument(
        "--user",
        metavar=_("NAME"),
        help=_(
            "who works at this desk, for the record of who did what (default: settings, then the system login; on PostgreSQL always the login)"
        ),
        **default,
    )


def _first_word(argv: list[str]) -> str | None:
    """The first argument that is not an option nor a global option's value (the
    subcommand, when there is one); None when there is none."""
    takes_value = {"--db", "--lang", "--call", "--user"}
    skip = False
    for item in argv:
        if skip:
            skip = False
        elif item in takes_value:
            skip = True
        elif item == "--":
            return None
        elif not item.startswith("-"):
            return item
    return None


def _command_in(argv: list[str], names: set[str]) -> str | None:
    """The subcommand named in ``argv`` (skipping the values of global options)."""
    word = _first_word(argv)
    return word if word in names else None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line. Only the subcommand named in ``argv`` gets its arguments
    (all of them when ``argv`` is None): some subcommands import domain modules for
    their choices, which the TUI start and the other subcommands do not need."""
    _translate_argparse()
    parser = _Parser(
        prog="crm-tui",
        description=_("Keyboard-driven terminal CRM for small businesses."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"crm-tui {__version__}",
        help=_("show the version number and exit"),
    )
    _global_options(parser, top=True)
    parser.add_argument(
        "--call",
        metavar=_("NUMBER"),
        help=_("open the card of this caller (for caller-ID hooks)"),
    )
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    if argv is not None and _first_word(argv) is None and not {"-h", "--help"} & set(argv):
        # The TUI's start (no subcommand, no help to list them): importing the ~20 command
        # modules only for their names cost every start ~15 ms (docs/PERFORMANCE.md).
        return parser
    mods = command_modules()
    wanted = None if argv is None else _command_in(argv, {m.NAME for m in mods})
    for mod in mods:
        p = sub.add_parser(mod.NAME, help=_(mod.HELP), description=_(mod.HELP))
        if argv is None or mod.NAME == wanted:
            mod.add_arguments(p)
            _global_options(p, top=False, skip=getattr(mod, "OWN_OPTIONS", frozenset()))
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: list[str] | None = None, *, run: Callable[[Any], Any] | None = None) -> int:
    # Python's cycle collector ran ~165 times (one full pass) during the start-up, ~60 ms
    # of it, scanning objects that all stay alive (modules, classes, widgets). The TUI
    # turns it back on once Today is painted (CrmApp.settle_gc_now); everything else at once.
    gc.disable()
    try:
        return _main(argv, run)
    finally:
        gc.enable()


def _main(argv: list[str] | None, run: Callable[[Any], Any] | None) -> int:
    # Language first, so --help and errors speak it too.
    raw = list(sys.argv[1:] if argv is None else argv)
    from .config import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        say(f"crm-tui: {exc}", file=sys.stderr)
        return 2
    lang = settings.language or detect_language()
    for i, item in enumerate(raw):
        if item == "--lang" and i + 1 < len(raw) and raw[i + 1] in ("tr", "en"):
            lang = raw[i + 1]
        elif item.startswith("--lang=") and item[7:] in ("tr", "en"):
            lang = item[7:]
    set_language(lang)

    parser = build_parser(raw)
    args = parser.parse_args(raw)
    if args.lang:
        set_language(args.lang)
    try:
        if getattr(args, "_run", None):
            gc.enable()  # imports and exports build many objects: collect as usual
            return int(args._run(args) or 0)
        if args.call is not None:
            _check_caller(args.call)
        path = open_db(args)
        if run is None and not (sys.stdin.isatty() and sys.stdout.isatty()):
            from .db import close_database

            close_database()
            # Textual without a terminal spins a core forever, holding the instance lock
            raise CliError(
                _(
                    "the app needs a terminal (standard input and output are not one); for scripts use a command, see crm-tui --help"
                )
            )
        return run_tui(args, settings, path, run=run)
    except CliError as exc:
        say(f"crm-tui: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from .domain.roles import is_permission_error, permission_message

        if is_permission_error(exc):  # a staff user (issue 15): the app's or the server's no
            say(f"crm-tui: {permission_message(exc)}", file=sys.stderr)
            return 2
        # damage found while reading a file too big for the check at open (lookup,
        # export, import), a disk that filled up, a lock held too long: one line
        from .db.connection import describe_error, is_storage_error

        if not is_storage_error(exc):
            raise
        say(f"crm-tui: {describe_error(exc)}", file=sys.stderr)
        return 2


def _check_caller(number: str) -> None:
    """``--call`` must be a phone number (a caller-ID hook may pass "anonymous")."""
    from .domain.errors import ValidationError
    from .domain.parsing import parse_phone

    try:
        parse_phone(number)
    except ValidationError as exc:
        raise CliError(_("--call “{number}”: {reason}", number=number, reason=exc)) from exc


def run_tui(
    args: argparse.Namespace,
    settings: Settings,
    path: Path | str,
    run: Callable[[Any], Any] | None = None,
) -> int:
    """Start the TUI; ``run(app)`` replaces ``app.run()`` (the start-up benchmark runs the
    same path headless)."""
    from .ui.app import CrmApp

    # --lang is for this run only: the settings file keeps the remembered language.
    app = CrmApp(
        settings=settings,
        db_path=path if isinstance(path, Path) else _shown_address(path),
        call_number=args.call,
        demo=args.demo,
        settle_gc=True,
        daily_backup=True,
    )
    try:
        if run is not None:
            run(app)
        else:
            app.run()
    finally:
        # The last connection to close checkpoints the WAL into the database file and
        # removes -wal/-shm: the .sqlite3 file alone then holds everything (people copy it).
        from .db import close_database

        close_database()
    return 0


def _shown_address(url: str) -> str:
    """A PostgreSQL address for the title bar: without its password."""
    from .db.postgres import redacted

    return redacted(url)


HELP_TEXTS = [N_("COMMAND")]
