"""PostgreSQL's side of the roles (issue 15): group roles per database, their grants, the
append-only audit log, and the login roles of the users (``crm-tui users``).

Roles are cluster-wide in PostgreSQL (one server may hold several crm-tui books, and a
test server holds many), while grants are per database. So each book has its own two
group roles, ``crm_<database>_owner`` and ``crm_<database>_staff``: membership of one book's
staff group gives nothing in another book on the same server.

What the server enforces for staff (``grant_all``):
- every working table: SELECT, INSERT, UPDATE, DELETE; ``customer`` without DELETE (an
  erasure or a merge is the owner's);
- ``policy``: SELECT, INSERT and UPDATE on every column but ``commission``, and DELETE;
  ``customer_stats``: the same without ``comm_active`` (a sum of commissions);
- ``commission_rate``, ``commission_entry``: nothing (``HIDDEN_TABLES``);
- ``audit_log``: SELECT and INSERT only; ``schema_history``, ``app_user``: SELECT only;
- the sequences: USAGE (new rows get ids).
The derived loyalty tables are kept by trigger functions that run as the database's
creator (SECURITY DEFINER), so a staff login adding a policy updates them without being
able to read the commission itself.

The audit log is append-only for everyone (``AUDIT_GUARD``): a trigger refuses UPDATE,
DELETE and TRUNCATE. The one exception is the KVKK erasure, which clears the ``detail`` of
the erased person's rows (file names) and nothing else, in a transaction that set
``crm.erasure`` (``allow_audit_erasure``). Any login can set that setting, so for staff the
refusal comes from the missing privileges, not from the trigger; for owners (who own the
tables and could drop the trigger) it stops an accidental rewrite, it is not a lock.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from .models import db

if TYPE_CHECKING:
    from psycopg import sql

ROLES = ("owner", "staff")

AUDIT_GUARD = [
    """CREATE OR REPLACE FUNCTION crm_audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('crm.erasure', true) = 'on'
       AND NEW.detail IS NULL AND NEW.id = OLD.id AND NEW.at = OLD.at
       AND NEW.action = OLD.action AND NEW.customer_id IS NOT DISTINCT FROM OLD.customer_id
       AND NEW."user" IS NOT DISTINCT FROM OLD."user" THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$""",
    "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log"
    " FOR EACH ROW EXECUTE FUNCTION crm_audit_log_guard()",
    "DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log"
    " FOR EACH STATEMENT EXECUTE FUNCTION crm_audit_log_guard()",
]

# Columns a staff login may not read (table -> columns).
HIDDEN = {"policy": ("commission",), "customer_stats": ("comm_active",)}
# Tables a staff login may not touch at all: the commission's rates and lines (step 10).
HIDDEN_TABLES = ("commission_rate", "commission_entry")
READ_ONLY = ("audit_log", "schema_history", "app_user")
NO_DELETE = ("customer",)


def _execute(statement: sql.Composable | str) -> None:
    cursor = db.cursor()
    cursor.execute(statement)


def _scalar(query: str, params: tuple = ()) -> object:
    cursor = db.cursor()
    cursor.execute(query, params)
    row = cursor.fetchone()
    return row[0] if row else None


def database_name() -> str:
    return str(_scalar("SELECT current_database()"))


def group_role(role: str, database: str | None = None) -> str:
    """``crm_<database>_<role>``, at most 63 bytes (PostgreSQL's limit): a long database
    name is cut and given a short hash so two books never share a group."""
    name = database or database_name()
    plain = re.sub(r"[^a-z0-9_]", "_", name.lower())
    base = f"crm_{plain}_{role}"
    if plain != name.lower() or len(base.encode()) > 63:
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        base = f"crm_{plain[:40]}_{digest}_{role}"
    return base


def role_exists(name: str) -> bool:
    return bool(_scalar("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)))


def can_create_roles() -> bool:
    return bool(
        _scalar("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
    )


def has_group(role: str, login: str | None = None) -> bool:
    """Whether ``login`` (default: this connection's) is in the book's ``role`` group; False
    when the group does not exist."""
    group = group_role(role)
    if not role_exists(group):
        return False
    return bool(
        _scalar("SELECT pg_has_role(coalesce(%s, current_user), %s, 'MEMBER')", (login, group))
    )


def groups_exist() -> bool:
    return role_exists(group_role("owner")) and role_exists(group_role("staff"))


def _tables() -> list[str]:
    cursor = db.cursor()
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1"
    )
    return [r[0] for r in cursor.fetchall()]


def _columns(table: str) -> list[str]:
    from psycopg import sql  # PostgreSQL only (pg_driver.py: not loaded for SQLite)

    cursor = db.cursor()
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0"
        " AND NOT attisdropped ORDER BY attnum",
        (sql.Identifier(table).as_string(cursor),),
    )
    return [r[0] for r in cursor.fetchall()]


def grant_all() -> None:
    """The grants of the two groups on every table, sequence and function there is now;
    run again after a step adds a table (idempotent)."""
    from psycopg import sql  # PostgreSQL only (pg_driver.py: not loaded for SQLite)

    owner, staff = sql.Identifier(group_role("owner")), sql.Identifier(group_role("staff"))
    _execute(sql.SQL("GRANT ALL ON ALL TABLES IN SCHEMA public TO {}").format(owner))
    _execute(sql.SQL("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {}").format(owner))
    _execute(sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(staff))
    _execute(sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(staff))
    for table in _tables():
        t = sql.Identifier(table)
        if table in HIDDEN_TABLES:
            continue  # REVOKE ALL above: staff keep nothing of them
        if table in READ_ONLY:
            privileges = "SELECT, INSERT" if table == "audit_log" else "SELECT"
            _execute(sql.SQL(f"GRANT {privileges} ON {{}} TO {{}}").format(t, staff))
        elif table in HIDDEN:
            cols = sql.SQL(", ").join(
                sql.Identifier(c) for c in _columns(table) if c not in HIDDEN[table]
            )
            _execute(
                sql.SQL("GRANT SELECT ({c}), INSERT ({c}), UPDATE ({c}) ON {t} TO {s}").format(
                    c=cols, t=t, s=staff
                )
            )
            _execute(sql.SQL("GRANT DELETE ON {} TO {}").format(t, staff))
        elif table in NO_DELETE:
            _execute(sql.SQL("GRANT SELECT, INSERT, UPDATE ON {} TO {}").format(t, staff))
        else:
            _execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}").format(t, staff))
    # The loyalty triggers read the commission and write the derived tables: they run as
    # the functions' owner, so staff keep them right without reading what they compute.
    cursor = db.cursor()
    cursor.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n"
        " ON n.oid = p.pronamespace WHERE n.nspname = current_schema()"
        " AND p.proname LIKE 'crm\\_%%' AND p.proname <> 'crm_audit_log_guard'"
        " AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
    )
    for (signature,) in cursor.fetchall():
        _execute(
            sql.SQL("ALTER FUNCTION {} SECURITY DEFINER SET search_path = public").format(
                sql.SQL(signature)
            )
        )


def setup_groups(creator: str) -> None:
    """The book's two groups (made when missing), their grants, and ``creator`` in the
    owner group. Needs CREATEROLE; the caller checks ``can_create_roles`` first."""
    from psycopg import sql  # PostgreSQL only (pg_driver.py: not loaded for SQLite)

    for role in ROLES:
        name = group_role(role)
        if not role_exists(name):
            _execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
    grant_all()
    _execute(
        sql.SQL("GRANT {} TO {}").format(
            sql.Identifier(group_role("owner")), sql.Identifier(creator)
        )
    )


def create_login(name: str, role: str, password: str | None) -> None:
    """A LOGIN role for ``name`` in the book's ``role`` group (the role made if it is new,
    else only put in the group). The password goes to the server as a literal of this one
    statement and is nowhere kept."""
    from psycopg import sql  # PostgreSQL only (pg_driver.py: not loaded for SQLite)

    ident = sql.Identifier(name)
    if not role_exists(name):
        if password:
            _execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(ident, sql.Literal(password))
            )
        else:
            _execute(sql.SQL("CREATE ROLE {} LOGIN").format(ident))
    for other in ROLES:
        if other != role and role_exists(group_role(other)):
            _execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group_role(other)), ident))
    _execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group_role(role)), ident))


def drop_login(name: str) -> None:
    """Out of both groups; the login itself dropped unless it owns something or is in
    another book's groups (then it keeps existing, with no access to this book)."""
    from psycopg import sql  # PostgreSQL only (pg_driver.py: not loaded for SQLite)

    ident = sql.Identifier(name)
    for role in ROLES:
        if role_exists(group_role(role)):
            _execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group_role(role)), ident))
    others = _scalar(
        "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member"
        " WHERE r.rolname = %s",
        (name,),
    )
    owns = _scalar(
        "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = %s)",
        (name,),
    )
    if not others and not owns:
        _execute(sql.SQL("DROP ROLE {}").format(ident))


def allow_audit_erasure() -> None:
    """Inside the erasure's transaction: the audit guard lets the person's details be
    cleared (``SET LOCAL``: gone at the commit or rollback)."""
    _execute("SET LOCAL crm.erasure = 'on'")


def current_login() -> str:
    return str(_scalar("SELECT current_user"))
