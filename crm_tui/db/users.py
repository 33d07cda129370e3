"""The database's side of users (issue 15): the role the server gives this login, the
server's privilege refusal, and adding or removing a user in one transaction (``app_user``
and, on PostgreSQL, the login role and its group; ``pg_roles``)."""

from __future__ import annotations

from . import pg_roles, sqlfn
from .models import AppUser, db, now


def is_postgres() -> bool:
    return sqlfn.is_postgres()


def server_role() -> str:
    """PostgreSQL: 'staff' when this login is in the book's staff group and not in its
    owner group; 'owner' otherwise (also when the groups were never made: nothing is
    enforced then, and the app says so in ``crm-tui users list``)."""
    if pg_roles.has_group("owner"):
        return "owner"
    if pg_roles.has_group("staff"):
        return "staff"
    return "owner"


def groups_exist() -> bool:
    return (not is_postgres()) or pg_roles.groups_exist()


def is_privilege_error(exc: BaseException) -> bool:
    """The server refused for want of a privilege (SQLSTATE 42501), also wrapped by
    peewee."""
    seen: BaseException | None = exc
    for _ in range(4):
        if seen is None:
            break
        if getattr(seen, "sqlstate", None) == "42501":
            return True
        seen = seen.__cause__ or seen.__context__ or getattr(seen, "orig", None)
    return False


def list_users() -> list[AppUser]:
    return list(AppUser.select().order_by(AppUser.name))


def add_user(name: str, role: str, created_by: str, password: str | None) -> AppUser:
    """One transaction: the row (its role changed when the name is there already) and, on
    PostgreSQL, the login role in the book's group. A failure leaves nothing."""
    with db.atomic():
        if is_postgres():
            if not pg_roles.can_create_roles():
                raise PermissionError("CREATEROLE")
            if not pg_roles.groups_exist():  # made by the first login that could
                pg_roles.setup_groups(pg_roles.current_login())
            pg_roles.create_login(name, role, password)
        user = AppUser.get_or_none(AppUser.name == name)
        if user is None:
            user = AppUser.create(name=name, role=role, created_at=now(), created_by=created_by)
        else:
            user.role = role
            user.save()
    return user


def remove_user(name: str) -> None:
    with db.atomic():
        AppUser.delete().where(AppUser.name == name).execute()
        if is_postgres():
            if not pg_roles.can_create_roles():
                raise PermissionError("CREATEROLE")
            pg_roles.drop_login(name)


def login_exists(name: str) -> bool:
    return is_postgres() and pg_roles.role_exists(name)
