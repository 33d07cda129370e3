"""Step 6: users and roles (issue 15): ``app_user`` on both engines; on PostgreSQL the
book's group roles, their grants and the append-only audit log (``crm_tui.db.pg_roles``).

``app_user`` lists the users and their role, 'owner' or 'staff'. On SQLite it is all
there is (advisory: whoever has the file can read it all). On PostgreSQL the server
enforces the roles: the login that runs this step (the database's creator) becomes the
first owner. A login without the right to create roles (CREATEROLE) still gets the table
and the audit guard; the groups are then made by the first ``crm-tui users add`` that a
login with that right runs, and until then every login works as an owner.
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect
from ..models import now

SQLITE = """CREATE TABLE "app_user" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL CHECK ("role" IN ('owner', 'staff')),
    "created_at" DATETIME NOT NULL,
    "created_by" TEXT)"""

POSTGRES = """CREATE TABLE "app_user" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL CHECK ("role" IN ('owner', 'staff')),
    "created_at" TIMESTAMP NOT NULL,
    "created_by" TEXT)"""


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    if dialect.name == "sqlite":
        db.execute_sql(SQLITE)
        db.execute_sql('CREATE UNIQUE INDEX "app_user_name" ON "app_user" ("name")')
        return
    from .. import pg_roles

    db.execute_sql(POSTGRES)
    db.execute_sql('CREATE UNIQUE INDEX "app_user_name" ON "app_user" ("name")')
    for statement in pg_roles.AUDIT_GUARD:
        db.execute_sql(statement)
    creator = pg_roles.current_login()
    db.execute_sql(
        "INSERT INTO app_user (name, role, created_at, created_by) VALUES (?, 'owner', ?, ?)",
        (creator, now(), creator),
    )
    if pg_roles.can_create_roles():
        pg_roles.setup_groups(creator)
