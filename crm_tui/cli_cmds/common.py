"""What the subcommands share with the entry point (``crm_tui.cli``): the one-line error,
opening the chosen database, printing stored text safely, yes/no on a terminal. Here so
that ``cli`` imports the subcommands and they never import ``cli`` (no import cycle)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ..i18n import _


class CliError(Exception):
    """A one-line error for the user; exit code 2."""


def _target(value: str) -> Path | str:
    """A PostgreSQL address as it is (never a file path), else the file path expanded."""
    from ..config import is_db_url

    return value.strip() if is_db_url(value) else Path(value).expanduser()


def _settings_database() -> str | None:
    from ..config import SettingsError, load_settings

    try:
        return load_settings().database
    except SettingsError as exc:
        raise CliError(str(exc)) from exc


def resolve_db_path(args: argparse.Namespace) -> Path | str:
    """The database chosen by --db, CRM_TUI_DB, the settings file's ``database``, --demo or
    the default: a file path, or a ``postgresql://`` address (a ``str``, used as it is; a
    password in it is used, never saved). The data folder is created (owner-only) for
    the default files only. Raises CliError."""
    from ..config import default_db_path, demo_db_path, ensure_dir

    if args.db and args.demo:
        raise CliError(
            _("--demo always opens the demo database in the data folder; leave out --db.")
        )
    if args.db:
        return _target(args.db)
    env = os.environ.get("CRM_TUI_DB")
    if env and not args.demo:
        return _target(env)
    configured = None if args.demo else _settings_database()
    if configured:
        return _target(configured)
    path = demo_db_path() if args.demo else default_db_path()
    try:
        ensure_dir(path.parent)
    except OSError as exc:
        raise CliError(
            _(
                "Cannot create the data folder {folder}: {reason}",
                folder=path.parent,
                reason=exc.strerror or exc,
            )
        ) from exc
    return path


def open_db(args: argparse.Namespace) -> Path | str:
    """Open (and for --demo, fill) the chosen database, or raise CliError."""
    from ..db import DatabaseOpenError, open_database

    path = resolve_db_path(args)
    try:
        open_database(path)
    except DatabaseOpenError as exc:
        raise CliError(str(exc)) from exc
    if isinstance(path, Path):
        _make_private(path)
    _set_user(args)
    if args.demo:
        from ..domain import demo

        if demo.is_empty():
            print(_("Creating the demo database in {path}…", path=path), file=sys.stderr)
            demo.generate()
        from ..domain.settings import get_setting, set_setting

        if get_setting("demo") is not True:
            # so a copy of it (a backup) is known as the demo wherever it turns up
            set_setting("demo", True)
    return path


def _set_user(args: argparse.Namespace) -> None:
    """Who works at this desk (``crm_tui.domain.who``): --user, else the settings file's
    ``user``; neither: the system login. On PostgreSQL the login is used whatever is set."""
    from ..config import SettingsError, load_settings
    from ..domain import who

    name = getattr(args, "user", None)
    if not name:
        try:
            name = load_settings().user
        except SettingsError as exc:
            raise CliError(str(exc)) from exc
    who.set_user(name)


def _make_private(path: Path) -> None:
    """An existing file others may read (0644, e.g. copied in or made by another tool):
    made owner-only (0600) and the user told. One that others may also write to (0664,
    0666) was shared on purpose: left as it is, with a warning."""
    import stat

    try:
        st = path.stat()
    except OSError:
        return
    mode = stat.S_IMODE(st.st_mode)
    if not mode & 0o077 or st.st_uid != os.getuid():
        return
    if mode & 0o022:
        print(
            _(
                "crm-tui: warning: other users of this computer can read and change {path} (mode {mode:o}); it holds personal data.",
                path=path,
                mode=mode,
            ),
            file=sys.stderr,
        )
        return
    for suffix in ("", "-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        try:
            if side.exists():
                side.chmod(0o600)
        except OSError:
            return
    print(
        _(
            "crm-tui: {path} was readable by other users of this computer (mode {mode:o}); it holds personal data, so it is now owner-only (600).",
            path=path,
            mode=mode,
        ),
        file=sys.stderr,
    )


def say(*parts: object, file: Any = None) -> None:
    """``print`` for anything that may hold stored or imported text (names, file cells,
    refused rows, paths): control characters are shown, never sent to the terminal."""
    from ..safe_text import printable

    print(printable(" ".join(str(p) for p in parts)), file=file)


def db_options(args: argparse.Namespace) -> str:
    """The options that open the same database again, for a command printed to the user
    (``--demo``, ``--db PATH``, or nothing for the default database)."""
    import shlex

    from ..config import default_db_path

    if args.demo:
        return " --demo"
    path = resolve_db_path(args)
    if isinstance(path, str):  # a PostgreSQL address: shown without its password
        from ..db.postgres import redacted

        return f" --db {shlex.quote(redacted(path))}"
    if path.resolve() == default_db_path().resolve():
        return ""
    return f" --db {shlex.quote(str(path))}"


def ask_yes_no(question: str) -> bool:
    """A yes/no question on the terminal; no (and EOF) unless the user says yes
    (y, yes, e, evet)."""
    try:
        answer = input(f"{question} [{_('y/N')}] ").strip().casefold()
    except EOFError:
        return False
    return answer in ("y", "yes", "e", "evet")
