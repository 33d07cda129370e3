"""Step 7: live updates between desks (issue 15): on PostgreSQL every change to what the
screens show sends a notification on the channel ``crm_live`` (``db/live.py`` listens).

One trigger function, fired once per statement (not per row) with the statement's rows as
transition tables. The payload is small JSON: ``{"t": table, "c": [customer ids]}``; with
more than ``MAX_IDS`` customers, or after ``MAX_PER_TRANSACTION`` notifications in one
transaction (an import inserts row by row), it is ``{"t": table}`` without ids ("reload
everything"), which PostgreSQL sends once per transaction (it folds identical payloads).
So an import of 100,000 rows notifies a few dozen times, not 100,000, and a payload never
nears the 8000-byte limit.

On SQLite the step does nothing: one computer, and two windows there notice a change
through ``PRAGMA data_version`` (``db/live.py``).
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

CHANNEL = "crm_live"
MAX_IDS = 50
MAX_PER_TRANSACTION = 20

# table -> SQL giving the customer id of a changed row ``r``
CUSTOMER_OF = {
    "customer": "r.id",
    "phone": "r.customer_id",
    "customer_tag": "r.customer_id",
    "consent": "r.customer_id",
    "interaction": "r.customer_id",
    "policy": "r.customer_id",
    "renewal_alert": "(SELECT p.customer_id FROM policy p WHERE p.id = r.policy_id)",
    "purchase": "r.customer_id",
    "complaint": "r.customer_id",
    "complaint_event": "(SELECT c.customer_id FROM complaint c WHERE c.id = r.complaint_id)",
    "reminder": "r.customer_id",
    "points_entry": "r.customer_id",
    "survey": "r.customer_id",
}

FUNCTION = f"""
CREATE OR REPLACE FUNCTION crm_live_notify() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    sent integer := coalesce(nullif(current_setting('crm.live_sent', true), ''), '0')::integer;
    expr text := TG_ARGV[0];
    query text;
    ids bigint[];
BEGIN
    IF sent >= {MAX_PER_TRANSACTION} THEN
        PERFORM pg_notify('{CHANNEL}', json_build_object('t', TG_TABLE_NAME)::text);
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        query := format('SELECT %s AS c FROM new_rows r', expr);
    ELSIF TG_OP = 'DELETE' THEN
        query := format('SELECT %s AS c FROM old_rows r', expr);
    ELSE
        query := format('SELECT %s AS c FROM new_rows r UNION SELECT %s FROM old_rows r',
                        expr, expr);
    END IF;
    EXECUTE format('SELECT array_agg(c) FROM (SELECT DISTINCT c FROM (%s) a'
                   ' WHERE c IS NOT NULL LIMIT {MAX_IDS + 1}) b', query) INTO ids;
    IF ids IS NULL AND TG_TABLE_NAME <> 'reminder' THEN
        RETURN NULL;  -- a statement that changed nothing
    END IF;
    PERFORM set_config('crm.live_sent', (sent + 1)::text, true);
    IF coalesce(array_length(ids, 1), 0) > {MAX_IDS} THEN
        PERFORM pg_notify('{CHANNEL}', json_build_object('t', TG_TABLE_NAME)::text);
    ELSE
        PERFORM pg_notify('{CHANNEL}',
                          json_build_object('t', TG_TABLE_NAME, 'c', coalesce(ids, '{{}}'))::text);
    END IF;
    RETURN NULL;
END
$fn$"""


def trigger_statements(table: str, expr: str) -> list[str]:
    """One trigger per kind of statement: a transition table belongs to one event."""
    arg = "'" + expr.replace("'", "''") + "'"
    name = f"{table}_live"
    return [
        f'CREATE TRIGGER "{name}_ins" AFTER INSERT ON "{table}"'
        " REFERENCING NEW TABLE AS new_rows"
        f" FOR EACH STATEMENT EXECUTE FUNCTION crm_live_notify({arg})",
        f'CREATE TRIGGER "{name}_upd" AFTER UPDATE ON "{table}"'
        " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
        f" FOR EACH STATEMENT EXECUTE FUNCTION crm_live_notify({arg})",
        f'CREATE TRIGGER "{name}_del" AFTER DELETE ON "{table}"'
        " REFERENCING OLD TABLE AS old_rows"
        f" FOR EACH STATEMENT EXECUTE FUNCTION crm_live_notify({arg})",
    ]


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    if dialect.name != "postgresql":
        return  # SQLite: one computer; PRAGMA data_version tells other windows (db/live.py)
    db.execute_sql(FUNCTION)
    for table, expr in CUSTOMER_OF.items():
        for statement in trigger_statements(table, expr):
            db.execute_sql(statement)
