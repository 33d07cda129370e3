"""Step 19: a change counter of the whole book (issue 19), for caches that must notice any
write by any desk (``db.change_counter``: the Loyalty overview is kept until it changes).

On PostgreSQL the statement-level live trigger function of step 7 also takes a number
from the sequence ``crm_change``: every INSERT, UPDATE or DELETE on a table with live
triggers (the customer and everything hung on it) moves it, in any session, whoever commits
it. ``nextval`` is not rolled back, so a rolled-back write moves it too (a needless
recomputation, never a stale one). Reading it (``pg_sequence_last_value``) takes no lock.
Staff need USAGE on it (``pg_roles.grant_all`` gives it on every sequence), enough for
``pg_sequence_last_value``; ``grant_all`` also makes the replaced function SECURITY DEFINER
again (CREATE OR REPLACE resets that).

On SQLite nothing is stored: ``PRAGMA data_version`` of a connection that never writes moves
with every commit of any other connection (``db.change_counter``).
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect
from .m0007_live_notify import FUNCTION as _LIVE_FUNCTION

SEQUENCE = "crm_change"

# Step 7's function with one line more at the top of its body: the counter moves before
# any early return (a statement that changed nothing moves it too; harmless).
FUNCTION = _LIVE_FUNCTION.replace("BEGIN\n", f"BEGIN\n    PERFORM nextval('{SEQUENCE}');\n", 1)


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    if dialect.name != "postgresql":
        return  # SQLite: PRAGMA data_version (db/change_counter.py)
    db.execute_sql(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
    db.execute_sql(FUNCTION)
    from .. import pg_roles

    if pg_roles.groups_exist():  # step 6's groups: staff writes move it, staff reads it
        pg_roles.grant_all()
