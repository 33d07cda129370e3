"""Step 23: each customer's totals count the customers they referred who bought.

The ladder's advocate rung ("someone they referred bought") was the one term the Loyalty
overview could not read from the groups of step 22's ``customer_stats_ladder`` index: every
referrer was looked up and corrected one by one (10,700 at 100,000 customers; a sixth of
the overview's time). ``customer_stats.ref_buyers`` now holds it, kept by triggers on the
totals themselves: a totals row whose customer counts (referred by someone, not archived,
at least one purchase or policy) adds one to the referrer's row, made when the referrer
has none yet (a referrer who never bought). The ladder index carries it, so the groups
give the advocates too.

Bulk fills (``totals_computed_at_the_end``, copy-to) leave these triggers on: the fills
make every row first and set the counts after, so each referrer is counted once.
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

# Whether a totals row (alias) counts for its referrer, in either engine's SQL.
_COUNTS = {
    "sqlite": "({r}.ref IS NOT NULL AND {r}.active AND {r}.n > 0)",
    "postgresql": "({r}.ref IS NOT NULL AND {r}.active <> 0 AND {r}.n > 0)",
}
_ACTIVE = {
    "sqlite": "(c.archived_at IS NULL AND c.anonymized_at IS NULL)",
    "postgresql": "CASE WHEN c.archived_at IS NULL AND c.anonymized_at IS NULL THEN 1 ELSE 0 END",
}


# step 22's mirrored columns of a new row (as step 22 computes them), written here: inside
# these triggers SQLite would not run step 22's insert trigger again (no recursive triggers)
_MIRROR = {
    "sqlite": {
        "ref": "{c}.referred_by_id",
        "contact_d": "date(coalesce({c}.last_contact_at, {c}.created_at))",
        "rhythm": "{c}.contact_every_days",
    },
    "postgresql": {
        "ref": "{c}.referred_by_id",
        "contact_d": "CAST(coalesce({c}.last_contact_at, {c}.created_at) AS date)",
        "rhythm": "{c}.contact_every_days",
    },
}


def _new_row(dialect: str) -> tuple[str, str]:
    """(columns, values over customer ``c``) of a referrer's new totals row: "not archived"
    as the customer is, and the mirrored columns."""
    mirror = _MIRROR[dialect]
    values = ", ".join(expr.format(c="c") for expr in mirror.values())
    return f"customer_id, active, {', '.join(mirror)}", f"c.id, {_ACTIVE[dialect]}, {values}"


def _add(dialect: str, referrer: str, when: str = "1 = 1") -> str:
    """One more for ``referrer`` when ``when`` holds: its row, made when missing."""
    columns, values = _new_row(dialect)
    return (
        f"INSERT INTO customer_stats ({columns}, ref_buyers)"
        f" SELECT {values}, 1 FROM customer c WHERE c.id = {referrer} AND {when}"
        " ON CONFLICT (customer_id) DO UPDATE SET ref_buyers = customer_stats.ref_buyers + 1"
    )


def _less(referrer: str) -> str:
    return f"UPDATE customer_stats SET ref_buyers = ref_buyers - 1 WHERE customer_id = {referrer}"


_FILL = (
    "UPDATE customer_stats SET ref_buyers = (SELECT count(*) FROM customer_stats r"
    " WHERE r.ref = customer_stats.customer_id AND {counts})"
)
# referrers without a totals row of their own
_MISSING = (
    "INSERT INTO customer_stats ({columns})"
    " SELECT {values} FROM customer c WHERE c.id IN ("
    "SELECT r.ref FROM customer_stats r WHERE {counts})"
    " AND NOT EXISTS (SELECT 1 FROM customer_stats s WHERE s.customer_id = c.id)"
)


def _missing(dialect: str) -> dict[str, str]:
    columns, values = _new_row(dialect)
    return {"columns": columns, "values": values, "counts": _COUNTS[dialect].format(r="r")}


def _ladder_index(active: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS customer_stats_ladder",
        "CREATE INDEX customer_stats_ladder ON customer_stats"
        f" (n, nps, csat, n_active_pol, ref_buyers) WHERE {active}",
    ]


def _sqlite() -> list[str]:
    counts = _COUNTS["sqlite"]
    return [
        "ALTER TABLE customer_stats ADD COLUMN ref_buyers INTEGER NOT NULL DEFAULT 0",
        _MISSING.format(**_missing("sqlite")),
        _FILL.format(counts=counts.format(r="r")),
        f"""CREATE TRIGGER IF NOT EXISTS customer_stats_referred_upd
        AFTER UPDATE OF ref, active, n_purch, n_pol ON customer_stats
        WHEN OLD.ref IS NOT NEW.ref OR {counts.format(r="OLD")} <> {counts.format(r="NEW")}
        BEGIN
            {_less("OLD.ref")} AND {counts.format(r="OLD")};
            {_add("sqlite", "NEW.ref", counts.format(r="NEW"))};
        END""",
        f"""CREATE TRIGGER IF NOT EXISTS customer_stats_referred_ins
        AFTER INSERT ON customer_stats WHEN {counts.format(r="NEW")}
        BEGIN
            {_add("sqlite", "NEW.ref")};
        END""",
        f"""CREATE TRIGGER IF NOT EXISTS customer_stats_referred_del
        AFTER DELETE ON customer_stats WHEN {counts.format(r="OLD")}
        BEGIN
            {_less("OLD.ref")};
        END""",
        *_ladder_index("active"),
    ]


def _pg_trigger(suffix: str, event: str, when: str) -> list[str]:
    name = f"customer_stats_referred_{suffix}"
    return [
        f"DROP TRIGGER IF EXISTS {name} ON customer_stats",
        f"CREATE TRIGGER {name} {event} ON customer_stats FOR EACH ROW WHEN ({when})"
        " EXECUTE FUNCTION crm_referred_buyers()",
    ]


def _postgresql() -> list[str]:
    counts = _COUNTS["postgresql"]
    return [
        "ALTER TABLE customer_stats ADD COLUMN IF NOT EXISTS ref_buyers INTEGER NOT NULL DEFAULT 0",
        _MISSING.format(**_missing("postgresql")),
        _FILL.format(counts=counts.format(r="r")),
        f"""CREATE OR REPLACE FUNCTION crm_referred_buyers() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') AND {counts.format(r="OLD")} THEN
                {_less("OLD.ref")};
            END IF;
            IF TG_OP IN ('UPDATE', 'INSERT') AND {counts.format(r="NEW")} THEN
                {_add("postgresql", "NEW.ref")};
            END IF;
            RETURN NULL;
        END $$""",
        *_pg_trigger("ins", "AFTER INSERT", counts.format(r="NEW")),
        *_pg_trigger("del", "AFTER DELETE", counts.format(r="OLD")),
        *_pg_trigger(
            "upd",
            "AFTER UPDATE OF ref, active, n_purch, n_pol",
            f"OLD.ref IS DISTINCT FROM NEW.ref"
            f" OR {counts.format(r='OLD')} <> {counts.format(r='NEW')}",
        ),
        *_ladder_index("(active <> 0)"),
    ]


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    statements = _postgresql() if dialect.name == "postgresql" else _sqlite()
    for statement in statements:
        db.execute_sql(statement)
    if dialect.name == "postgresql":
        from .. import pg_roles

        if pg_roles.groups_exist():  # the new column; the function runs as its owner
            pg_roles.grant_all()
