"""Step 22: the Loyalty overview counts the book from indexes of the stored totals.

The overview used to score every customer for the day in one pass (about 1 µs a customer on
SQLite: 337 ms at 100,000 customers, 3.4 s at 1,000,000; issue 19). Every figure it shows
is a count or a sum over a few columns of ``customer_stats``, so it can be read from
indexes in their order (a streaming GROUP BY: no sort, no per-customer expression) and the
rules applied to the groups (thousands of rows, not a million):

- ``customer_stats_rf (last_d, n, m)``: RFM cells, segments' revenue, bought in 12 months,
  the retention base; it also serves the recency cut points (``customer_stats_last`` goes);
- ``customer_stats_first (first_d)``: new customers per month, the retention base;
- ``customer_stats_ladder (n, nps, csat, n_active_pol)``: the ladder's suggested stage;
- ``customer_stats_contact (contact_d)`` and ``customer_stats_rhythm (rhythm, contact_d)``:
  buying customers not contacted for long;
- ``customer_stats_ref (ref, n, m)``: what the customers each one referred bought;
- ``customer_stats_m_purch`` and ``customer_stats_comm_active``: the candidates for the
  highest lifetime values (``Scored.top_ltv``), which no longer computes every customer's;
- ``survey_kind_at (kind, at, score)``: the monthly NPS reads one range in time order;
- ``customer_inactive (id)``: the archived or erased customers, subtracted from counts
  instead of testing every customer counted.

Three of these need columns of ``customer`` beside the totals, so ``customer_stats`` now
mirrors them as it already mirrors "not archived" (``active``): ``ref`` (referred_by_id),
``contact_d`` (the day of the newest contact, or of the creation) and ``rhythm``
(contact_every_days). A trigger fills them when a customer's totals row is made and keeps
them when the customer changes (both engines; on PostgreSQL the functions run as their
owner, as the other loyalty triggers do: ``pg_roles.grant_all``).
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

# The mirrored columns: the customer's (c) value of each, in either engine's SQL.
_SQLITE_MIRROR = {
    "ref": "{c}.referred_by_id",
    "contact_d": "date(coalesce({c}.last_contact_at, {c}.created_at))",
    "rhythm": "{c}.contact_every_days",
}
_PG_MIRROR = {
    "ref": "{c}.referred_by_id",
    "contact_d": "CAST(coalesce({c}.last_contact_at, {c}.created_at) AS date)",
    "rhythm": "{c}.contact_every_days",
}
_CHANGED = (
    "OLD.referred_by_id IS NOT NEW.referred_by_id OR OLD.last_contact_at IS NOT"
    " NEW.last_contact_at OR OLD.created_at IS NOT NEW.created_at"
    " OR OLD.contact_every_days IS NOT NEW.contact_every_days"
)
_ON_CUSTOMER = "AFTER UPDATE OF referred_by_id, last_contact_at, created_at, contact_every_days"


def _set(mirror: dict[str, str], c: str) -> str:
    return ", ".join(f"{col} = {expr.format(c=c)}" for col, expr in mirror.items())


def _select(mirror: dict[str, str]) -> str:
    return ", ".join(expr.format(c="c") for expr in mirror.values())


# Index definitions with the engine's spelling of "active" (``sqlfn.truthy``).
_INDEXES = (
    ("customer_stats_rf", "(last_d, n, m)", "{active} AND n > 0"),
    ("customer_stats_first", "(first_d)", "{active} AND n > 0"),
    ("customer_stats_ladder", "(n, nps, csat, n_active_pol)", "{active}"),
    ("customer_stats_contact", "(contact_d)", "{active} AND n > 0 AND rhythm IS NULL"),
    ("customer_stats_rhythm", "(rhythm, contact_d)", "{active} AND n > 0 AND rhythm IS NOT NULL"),
    ("customer_stats_ref", "(ref, n, m)", "{active} AND ref IS NOT NULL"),
    ("customer_stats_m_purch", "(m_purch)", "{active} AND n > 0"),
    ("customer_stats_comm_active", "(comm_active)", "{active} AND n > 0"),
)


def _indexes(active: str) -> list[str]:
    return [
        f"CREATE INDEX IF NOT EXISTS {name} ON customer_stats {cols}"
        f" WHERE {where.format(active=active)}"
        for name, cols, where in _INDEXES
    ] + [SURVEY_BY_TIME, INACTIVE_CUSTOMERS]


# The monthly NPS reads a kind's answers by time (the (kind, score, at) index read every
# score's range and tested the time of each).
SURVEY_BY_TIME = "CREATE INDEX IF NOT EXISTS survey_kind_at ON survey (kind, at, score)"
# The few archived or erased customers: "not archived" counts become a count less the
# customers of this index (no look-up of every customer in the whole table).
INACTIVE_CUSTOMERS = (
    "CREATE INDEX IF NOT EXISTS customer_inactive ON customer (id)"
    " WHERE archived_at IS NOT NULL OR anonymized_at IS NOT NULL"
)


SQLITE = [
    "ALTER TABLE customer_stats ADD COLUMN ref INTEGER",
    "ALTER TABLE customer_stats ADD COLUMN contact_d TEXT",
    "ALTER TABLE customer_stats ADD COLUMN rhythm INTEGER",
    f"UPDATE customer_stats SET ({', '.join(_SQLITE_MIRROR)}) = (SELECT {_select(_SQLITE_MIRROR)}"
    " FROM customer c WHERE c.id = customer_stats.customer_id)",
    # a totals row is made by the purchase, policy and answer triggers, and by bulk fills
    f"""CREATE TRIGGER IF NOT EXISTS customer_stats_mirror_ins AFTER INSERT ON customer_stats
    BEGIN
        UPDATE customer_stats SET ({", ".join(_SQLITE_MIRROR)}) = (
            SELECT {_select(_SQLITE_MIRROR)} FROM customer c WHERE c.id = NEW.customer_id)
        WHERE customer_id = NEW.customer_id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS customer_stats_mirror_upd {_ON_CUSTOMER} ON customer
    WHEN {_CHANGED}
    BEGIN
        UPDATE customer_stats SET {_set(_SQLITE_MIRROR, "NEW")} WHERE customer_id = NEW.id;
    END""",
    "DROP INDEX IF EXISTS customer_stats_last",
    *_indexes("active"),
]

_PG_CHANGED = _CHANGED.replace("IS NOT", "IS DISTINCT FROM")

POSTGRESQL = [
    "ALTER TABLE customer_stats ADD COLUMN IF NOT EXISTS ref INTEGER",
    "ALTER TABLE customer_stats ADD COLUMN IF NOT EXISTS contact_d DATE",
    "ALTER TABLE customer_stats ADD COLUMN IF NOT EXISTS rhythm INTEGER",
    f"UPDATE customer_stats SET ({', '.join(_PG_MIRROR)}) = (SELECT {_select(_PG_MIRROR)}"
    " FROM customer c WHERE c.id = customer_stats.customer_id)",
    f"""CREATE OR REPLACE FUNCTION crm_stats_mirror() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT {_select(_PG_MIRROR)} INTO NEW.ref, NEW.contact_d, NEW.rhythm
        FROM customer c WHERE c.id = NEW.customer_id;
        RETURN NEW;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION crm_customer_mirror() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE customer_stats SET {_set(_PG_MIRROR, "NEW")} WHERE customer_id = NEW.id;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS customer_stats_mirror_ins ON customer_stats",
    "CREATE TRIGGER customer_stats_mirror_ins BEFORE INSERT ON customer_stats"
    " FOR EACH ROW EXECUTE FUNCTION crm_stats_mirror()",
    "DROP TRIGGER IF EXISTS customer_stats_mirror_upd ON customer",
    f"CREATE TRIGGER customer_stats_mirror_upd {_ON_CUSTOMER} ON customer FOR EACH ROW"
    f" WHEN ({_PG_CHANGED}) EXECUTE FUNCTION crm_customer_mirror()",
    "DROP INDEX IF EXISTS customer_stats_last",
    *_indexes("(active <> 0)"),
]


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    if dialect.name != "postgresql":
        for statement in SQLITE:
            db.execute_sql(statement)
        return
    for statement in POSTGRESQL:
        db.execute_sql(statement)
    from .. import pg_roles

    if pg_roles.groups_exist():  # staff read the new columns; the functions run as owner
        pg_roles.grant_all()
