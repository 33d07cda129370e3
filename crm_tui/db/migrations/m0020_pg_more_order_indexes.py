"""Step 20: on PostgreSQL, Today's renewals and instalments read in (date, id) order too.

The same cause as step 18, found at 1,000,000 customers (issue 19): Today asks for
``ORDER BY end_date, id LIMIT 51`` (renewals) and ``ORDER BY due_date, id LIMIT 51``
(unpaid instalments). SQLite's indexes end with the rowid, so the LIMIT ends the scan; a
PostgreSQL index does not carry the id, so every row of the first date was read, joined
and sorted first. At 1M the renewals read the 962 policies ending on the window's first
day (7.7 ms) and the instalments, estimated at 478,000 unpaid rows, were sorted in
parallel workers (12.7 ms, most of it starting the workers). With the id in the indexes
both scans stop at the LIMIT (1–2 ms). Nothing to do on SQLite.
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

STATEMENTS = (
    "CREATE INDEX IF NOT EXISTS policy_active_end_id ON policy (end_date, id)"
    " WHERE status = 'active'",
    "DROP INDEX IF EXISTS policy_active_end",
    "CREATE INDEX IF NOT EXISTS instalment_unpaid_due_id ON instalment (due_date, id)"
    " WHERE paid_on IS NULL",
    "DROP INDEX IF EXISTS instalment_unpaid_due",
)


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    if dialect.name != "postgresql":
        return
    for statement in STATEMENTS:
        db.execute_sql(statement)
