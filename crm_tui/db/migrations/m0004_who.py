"""Step 4: who did what (issue 15): the user who wrote each audit row.

``audit_log.user`` is the desk's user (PostgreSQL: the login; SQLite: ``--user``, the
settings file's ``user``, else the operating-system login). Complaint events already
have an ``author``, which now gets the same name. The first step that runs on both
engines: the same SQL on each (a nullable column added, old rows keep NULL).
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    db.execute_sql('ALTER TABLE audit_log ADD COLUMN "user" TEXT')
