"""Step 27: lighter customer inserts, and the open claims in follow-up order with their ids.

Issue 19 asks for an import of 100,000 customers in 4 s on both engines; on PostgreSQL it
took 4.4 s, most of it the server's work per inserted row. Two parts of that work bought
nothing:

- **Three customer indexes held every customer, NULL or not** (both engines):
  ``national_id``, ``tax_number`` and ``referred_by_id``, read only by equality (a
  duplicate's ID or tax number, a referrer's referrals, the key's ON DELETE SET NULL) or for
  the rows that have one. Most customers have none of the three, and an import wrote
  300,000 NULL entries (~0.3 s of a PostgreSQL import). Now each holds the rows that have a
  value; ``x = ?`` implies ``x IS NOT NULL``, so both planners still use them.
- **PostgreSQL's search table had a foreign key to its customer** (ON DELETE CASCADE).
  Every inserted row looked its customer up and locked it, a write to the customer's page
  and to the log (~0.3 s of an import). The table is an index of the customer table, as
  SQLite's FTS5 tables are (they have no key either): its rows are written only for
  customers the writer has just read or inserted, and every search joins ``customer``
  before it shows a hit. What the key did on delete, a statement trigger on ``customer``
  does now, for all the deleted rows at once.

And on PostgreSQL, ``claim_open_follow_up`` was on ``follow_up_on`` alone. Today asks for
the first 51 open claims ``ORDER BY follow_up_on, id``: where many claims share a day,
PostgreSQL joined every claim of the day and sorted them (10.8 ms of a new desk's first
Today at 100,000 customers, 1,700 claims due). With the id in the index the rows come in
the asked order and the read stops at 51. SQLite's indexes end with the row id already.
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

# the customer indexes that now hold only the rows with a value (same names as before)
PARTIAL = ("national_id", "tax_number", "referred_by_id")

POSTGRESQL = (
    "ALTER TABLE customer_search DROP CONSTRAINT IF EXISTS customer_search_customer_id_fkey",
    "CREATE OR REPLACE FUNCTION crm_search_forget() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN"
    " DELETE FROM customer_search s USING old_rows o WHERE s.customer_id = o.id;"
    " RETURN NULL;"
    " END $$",
    "DROP TRIGGER IF EXISTS customer_search_forget ON customer",
    "CREATE TRIGGER customer_search_forget AFTER DELETE ON customer"
    " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION crm_search_forget()",
    "DROP INDEX IF EXISTS claim_open_follow_up",
    "CREATE INDEX claim_open_follow_up ON claim (follow_up_on, id) WHERE closed_at IS NULL",
)


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    for column in PARTIAL:
        db.execute_sql(f'DROP INDEX IF EXISTS "customer_{column}"')
        db.execute_sql(
            f'CREATE INDEX "customer_{column}" ON "customer" ("{column}")'
            f' WHERE "{column}" IS NOT NULL'
        )
    if dialect.name != "postgresql":
        return
    for statement in POSTGRESQL:
        db.execute_sql(statement)
