"""Users and their roles (issue 15): 'owner' or 'staff'.

Staff do everything of the day's work but do not see commissions, export the whole book,
erase a person, restore a backup or manage users. On PostgreSQL the server enforces this
(group roles and grants, ``crm_tui.db.pg_roles``): the role is read from the server
(``pg_has_role``), and a refusal of the server (InsufficientPrivilege) becomes the same
``PermissionDenied`` message as the checks made here. On a SQLite file the roles are
advisory: ``app_user`` names the users, the app follows it, but whoever has the file can
read it all. A file with no users is a one-desk book: everyone is its owner.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from ..db import users as raw
from ..db.models import AppUser, PolicyCommission, db
from ..i18n import N_, _
from . import who
from .who import current_user

ROLES = ("owner", "staff")
ACTIONS = {
    "see_commission": N_("see commissions"),
    "export_book": N_("export the whole book"),
    "erase": N_("erase a person's data"),
    "restore": N_("restore a backup"),
    "manage_users": N_("manage users"),
}
# What staff may do of ACTIONS: nothing; the owner everything.
STAFF_MAY: frozenset[str] = frozenset()


class PermissionDenied(PermissionError):
    """The current user's role does not allow this; the message says so, translated."""


# The role, asked once per open database and desk user (the loyalty figures ask for every
# customer); a change of role counts from the next start, or at once after ``users``.
_known: weakref.WeakKeyDictionary[Any, dict[str | None, str]] = weakref.WeakKeyDictionary()


def forget() -> None:
    """Ask the database again (after adding or removing users)."""
    _known.clear()


def current_role() -> str:
    """'owner' or 'staff'. PostgreSQL: the server's groups of this login (a book whose
    groups were never made: owner). SQLite: ``app_user`` for ``current_user()``; a file
    without users is a one-desk book, and a name it does not list is staff."""
    opened = db.obj
    key = who._user
    if opened is not None and key in _known.get(opened, {}):
        return _known[opened][key]
    role = _read_role()
    if opened is not None:
        _known.setdefault(opened, {})[key] = role
    return role


def _read_role() -> str:
    if raw.is_postgres():
        return raw.server_role()
    if not AppUser.select().exists():
        return "owner"
    row = AppUser.get_or_none(AppUser.name == current_user())
    return row.role if row is not None else "staff"


def can(action: str) -> bool:
    if action not in ACTIONS:
        raise ValueError(action)
    return current_role() == "owner" or action in STAFF_MAY


def denied_message(action: str) -> str:
    return _(
        "Staff may not {action}; ask an owner of the book.",
        action=_(ACTIONS[action]),
    )


def require(action: str) -> None:
    """Raise ``PermissionDenied`` unless the current user may do ``action``."""
    if not can(action):
        raise PermissionDenied(denied_message(action))


@contextmanager
def server_refusal(action: str) -> Iterator[None]:
    """The server's refusal (a staff login past the app's own check, or a grant missing)
    raised as ``PermissionDenied`` with the message of ``action``, never a traceback."""
    try:
        yield
    except Exception as exc:
        if raw.is_privilege_error(exc):
            raise PermissionDenied(denied_message(action)) from exc
        raise


def is_permission_error(exc: BaseException) -> bool:
    return isinstance(exc, PermissionDenied) or raw.is_privilege_error(exc)


def permission_message(exc: BaseException) -> str:
    """The line for a refusal: the app's own message, else (the server's refusal of a
    statement no check foresaw) a general one without SQL."""
    if isinstance(exc, PermissionDenied):
        return str(exc)
    return _("Your role does not allow this; ask an owner of the book.")


# -- commissions ------------------------------------------------------------------------


def commissions(policy_ids: Iterable[int]) -> dict[int, Decimal | None]:
    """The commission of each policy, for a user who may see them; {} for staff."""
    ids = list(policy_ids)
    if not ids or not can("see_commission"):
        return {}
    out: dict[int, Decimal | None] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        query = PolicyCommission.select().where(PolicyCommission.id.in_(part))
        out.update({p.id: p.commission for p in query})
    return out


def all_commissions() -> dict[int, Decimal | None]:
    """Every policy's commission that is entered (one query), for an owner; {} for staff."""
    if not can("see_commission"):
        return {}
    query = PolicyCommission.select().where(PolicyCommission.commission.is_null(False))
    return {p.id: p.commission for p in query.iterator()}


def commission(policy_id: int) -> Decimal | None:
    return commissions([policy_id]).get(policy_id)


def set_commission(policy_id: int, amount: Decimal | None) -> None:
    """Write a policy's commission; refused (``PermissionDenied``) for staff."""
    require("see_commission")
    with server_refusal("see_commission"):
        PolicyCommission.update(commission=amount).where(PolicyCommission.id == policy_id).execute()
