"""``crm-tui users``: the users of the book and their role (owner or staff); on
PostgreSQL their login roles on the server."""

from __future__ import annotations

import argparse
import sys

from ..i18n import N_, _

NAME = "users"
HELP = N_("users of the book and their role: add, list, remove")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", metavar="add|list|remove", help=_("what to do"))
    parser.add_argument("name", nargs="?", metavar=_("NAME"), help=_("the user's name (login)"))
    parser.add_argument(
        "--role", default=None, metavar="owner|staff", help=_("the user's role (with add)")
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("PostgreSQL: read the new login's password from the standard input"),
    )
    parser.add_argument(
        "--no-password",
        action="store_true",
        help=_("PostgreSQL: no password (the server lets the login in by peer or trust)"),
    )


def _password(args: argparse.Namespace) -> str | None:
    from .common import CliError

    if args.no_password:
        return None
    if args.password_stdin:
        text = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        import getpass

        text = getpass.getpass(_("Password for {name}: ", name=args.name))
        if text and getpass.getpass(_("Again: ")) != text:
            raise CliError(_("The passwords differ. Nothing was written."))
    else:
        raise CliError(
            _("Give the password with --password-stdin, or --no-password. Nothing was written.")
        )
    return text or None


def run(args: argparse.Namespace) -> int:
    from ..domain.errors import NotFound, ValidationError
    from ..domain.roles import PermissionDenied
    from .common import CliError, open_db, say

    action = (args.action or "").lower()
    if action not in ("add", "list", "remove"):
        raise CliError(_("Unknown action “{action}”: use add, list or remove.", action=action))
    if action != "list" and not args.name:
        raise CliError(_("Name the user: crm-tui users {action} NAME.", action=action))
    if action == "add" and args.role is None:
        raise CliError(_("Give the role: --role owner or --role staff."))
    from ..domain import users

    try:
        if action == "add":
            name = users.check_name(args.name)
            users.check_role(args.role)
            target = open_db(args)
            password = _password(args) if isinstance(target, str) else None
            for added in users.add_user(name, args.role, password):
                role = args.role if added == name else "owner"
                say(_("{name}: {role}.", name=added, role=_(role)))
        elif action == "remove":
            open_db(args)
            users.remove_user(args.name)
            say(_("{name} removed.", name=args.name))
        else:
            open_db(args)
            rows = users.list_users()
            if not rows:
                say(_("No users: everyone who opens this book works as its owner."))
            for u in rows:
                say(f"{u.name}  {_(u.role)}  {u.created_by or ''}".rstrip())
            if not users.on_server():
                say(_("These roles are advisory here: whoever has the file can read it all."))
            elif not users.enforced():
                say(
                    _(
                        "The server does not enforce these roles yet: the first “crm-tui users add” "
                        "by a login with CREATEROLE sets them up."
                    )
                )
    except (ValidationError, NotFound, PermissionDenied) as exc:
        raise CliError(str(exc)) from exc
    return 0
