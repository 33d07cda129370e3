"""Managing the users of the book (``crm-tui users``): add, list, remove. Only an owner
may; on PostgreSQL the login roles are made and dropped on the server as well (one
transaction with the ``app_user`` row, so a refusal leaves nothing half-way)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ..db import users as raw
from ..i18n import _
from .errors import NotFound, ValidationError
from .roles import ROLES, PermissionDenied, forget, require, server_refusal
from .who import current_user

# Letters (any alphabet), digits and _ . @ -, starting with a letter or digit; at most
# 63 bytes (PostgreSQL's limit for a role name). Names are always quoted as identifiers
# on the server; the rule keeps them typeable and out of PostgreSQL's own pg_ names.
_NAME = re.compile(r"[^\W_][\w.@-]*")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    created_at: datetime | None
    created_by: str | None


def check_name(name: str) -> str:
    name = (name or "").strip()
    if (
        not _NAME.fullmatch(name)
        or len(name.encode()) > 63
        or name.lower().startswith(("pg_", "crm_"))
    ):
        raise ValidationError(
            _(
                "“{name}” cannot be a user name: use letters, digits and _ . @ - "
                "(at most 63 bytes, not starting with pg_ or crm_).",
                name=name,
            )
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError(_("Unknown role “{role}”: use owner or staff.", role=role))
    return role


def list_users() -> list[User]:
    return [User(u.name, u.role, u.created_at, u.created_by) for u in raw.list_users()]


def on_server() -> bool:
    return raw.is_postgres()


def enforced() -> bool:
    """Whether the roles are the server's (PostgreSQL with the book's groups made)."""
    return raw.is_postgres() and raw.groups_exist()


def _no_right_to_create_roles() -> PermissionDenied:
    return PermissionDenied(
        _(
            "This login may not create roles on the server (it needs CREATEROLE, e.g. "
            "“ALTER ROLE {login} CREATEROLE” run by the server's administrator). Nothing was written.",
            login=current_user(),
        )
    )


def add_user(name: str, role: str, password: str | None = None) -> list[str]:
    """Add ``name`` with ``role`` (or change the role of a user already there). Returns
    the names added or changed. On a SQLite file whose list is empty, the current user
    is put in first as an owner, so that adding staff never locks the owner out."""
    name, role = check_name(name), check_role(role)
    require("manage_users")
    changed: list[str] = []
    me = current_user()
    users = {u.name: u for u in list_users()}
    owners = [u for u in users.values() if u.role == "owner"]
    if role == "staff" and name in users and users[name].role == "owner" and len(owners) <= 1:
        raise ValidationError(_("“{name}” is the last owner and stays.", name=name))
    with server_refusal("manage_users"):
        try:
            if not raw.is_postgres() and not users and name != me:
                raw.add_user(me, "owner", me, None)
                changed.append(me)
            raw.add_user(name, role, me, password)
        except PermissionError as exc:
            forget()
            if str(exc) == "CREATEROLE":
                raise _no_right_to_create_roles() from exc
            raise
    forget()
    changed.append(name)
    return changed


def remove_user(name: str) -> None:
    """Remove ``name``; never yourself, never the last owner."""
    name = (name or "").strip()
    require("manage_users")
    users = {u.name: u for u in list_users()}
    if name not in users:
        raise NotFound(_("No user named “{name}”.", name=name))
    if name == current_user():
        raise ValidationError(_("You cannot remove yourself; another owner can."))
    owners = [u for u in users.values() if u.role == "owner"]
    if users[name].role == "owner" and len(owners) <= 1:
        raise ValidationError(_("“{name}” is the last owner and stays.", name=name))
    with server_refusal("manage_users"):
        try:
            raw.remove_user(name)
            forget()
        except PermissionError as exc:
            if str(exc) == "CREATEROLE":
                raise _no_right_to_create_roles() from exc
            raise
