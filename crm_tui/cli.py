"""Entry point ``crm-tui``: the TUI by default, subcommands for non-interactive work.

Subcommands live in ``crm_tui/cli_cmds/<name>.py`` (``NAME``, ``HELP``, ``add_arguments``,
``run``) and are discovered here. Nothing on the non-TUI paths imports Textual.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path

from . import __version__
from .i18n import N_, _, detect_language, set_language


class CliError(Exception):
    """A one-line error for the user; exit code 2."""


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

    mods = []
    for info in sorted(pkgutil.iter_modules(cli_cmds.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        mods.append(importlib.import_module(f"{cli_cmds.__name__}.{info.name}"))
    return mods


def _translate_argparse() -> None:
    """argparse looks up its module-level ``_`` at call time: route it through our catalog."""
    from .i18n import _catalog, get_language

    def gettext(message: str) -> str:
        return _catalog(get_language()).get(message, message) if get_language() != "en" else message

    argparse._ = gettext  # type: ignore[attr-defined]


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the subcommand named there gets its arguments (some
    commands' ``add_arguments`` import their domain module: ``lookup`` stays fast)."""
    _translate_argparse()
    parser = _Parser(
        prog="crm-tui",
        description=_("Keyboard-driven terminal CRM for small businesses."),
    )
    parser.add_argument("--version", action="version", version=f"crm-tui {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help=_("database file (default: CRM_TUI_DB or the data folder)")
    )
    parser.add_argument(
        "--demo", action="store_true", help=_("open the demo database, creating it if needed")
    )
    parser.add_argument(
        "--lang",
        type=_language,
        help=_("language: tr or en (default: settings, then system locale)"),
    )
    parser.add_argument(
        "--call", metavar="NUMBER", help=_("open the card of this caller (for caller-ID hooks)")
    )
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    wanted = None if argv is None else set(argv)
    for mod in command_modules():
        p = sub.add_parser(mod.NAME, help=_(mod.HELP), description=_(mod.HELP))
        if wanted is None or mod.NAME in wanted:
            mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def resolve_db_path(args: argparse.Namespace) -> Path:
    from .config import default_db_path, demo_db_path, ensure_dir

    if args.db:
        return Path(args.db).expanduser()
    env = os.environ.get("CRM_TUI_DB")
    if env and not args.demo:
        return Path(env).expanduser()
    path = demo_db_path() if args.demo else default_db_path()
    ensure_dir(path.parent)
    return path


def open_db(args: argparse.Namespace) -> Path:
    """Open (and for --demo, fill) the chosen database, or raise CliError."""
    from .db import DatabaseOpenError, open_database

    path = resolve_db_path(args)
    try:
        open_database(path)
    except DatabaseOpenError as exc:
        raise CliError(str(exc)) from exc
    if args.demo:
        from .domain import demo

        if demo.is_empty():
            print(_("Creating the demo database in {path}…", path=path), file=sys.stderr)
            demo.generate()
    return path


def main(argv: list[str] | None = None) -> int:
    # Language first, so --help and errors speak it too.
    raw = list(sys.argv[1:] if argv is None else argv)
    from .config import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"crm-tui: {exc}", file=sys.stderr)
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
            return int(args._run(args) or 0)
        if args.call is not None:
            _check_caller(args.call)
        path = open_db(args)
        return run_tui(args, settings, path)
    except CliError as exc:
        print(f"crm-tui: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _check_caller(number: str) -> None:
    """``--call`` must be a phone number (a caller-ID hook may pass "anonymous")."""
    from .domain.errors import ValidationError
    from .domain.parsing import parse_phone

    try:
        parse_phone(number)
    except ValidationError as exc:
        raise CliError(_("--call “{number}”: {reason}", number=number, reason=exc)) from exc


def run_tui(args: argparse.Namespace, settings, path: Path) -> int:
    from .ui.app import CrmApp

    if args.lang:
        settings.language = args.lang
    app = CrmApp(settings=settings, db_path=path, call_number=args.call, daily_backup=True)
    app.run()
    return 0


HELP_TEXTS = [N_("COMMAND")]
