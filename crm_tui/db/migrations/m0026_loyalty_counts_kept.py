"""Step 26: the Loyalty overview's largest groups, kept by triggers as rows change.

Steps 22-24 made the overview read indexes of the totals in their own order; at a million
customers it still read every buying customer's index entry twice (the RFM groups, the
ladder) and every renewed or lapsed policy (the book's renewal rate): about 250 ms of its
1.2 s. Three small tables now hold those counts, kept by triggers:

- ``rfm_groups``: active customers with a purchase or policy per (last date, count), with
  their revenue (``customer_stats``: ~16,000 rows at 1M customers);
- ``stage_counts``: active customers with a totals row per stored ladder stage
  (``customer_stats.stage_i``, step 24): six rows;
- ``policy_outcome_daily``: renewed and lapsed policies per (status, end date); a policy
  without an end date is counted on ``0001-01-01`` (before every range the overview asks).

A group whose count falls to zero is deleted, so each table equals counting its source.

And ``survey_complaint_csat``, the CSAT surveys' complaints (a small partial index): the
year's complaint satisfaction leaves out complaints whose CSAT survey already counts, and
probed each in the index of every survey's complaint, reading the survey row for its kind
(75 ms at 1M; 42 with this index).

Bulk fills (``totals_computed_at_the_end``, copy-to) set these triggers aside with step
3's and fill the tables once at the end (``fills``).

On PostgreSQL the groups are hot rows: every purchase of the day moves a customer into the
same few groups, on every desk. A trigger that waited for another desk's lock on a group
could deadlock with it (a desk deleting several purchases holds the day's
``purchase_daily`` row and wants a group another desk holds while waiting for that day's
row: measured with ``bench.desks``). So a key may have several rows, whose sum is the
count: a trigger updates a row of its key that no other transaction holds (``FOR UPDATE
SKIP LOCKED``) and, when every one is held, adds a row of its own. It never waits; the
readers sum per key (``GROUP BY``), which they do anyway; a row back to zero is deleted.
SQLite writes one transaction at a time: one row per key (a primary key).
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

NO_END = "0001-01-01"  # the end date a policy without one is counted on

_ACTIVE = {"sqlite": "{r}.active", "postgresql": "({r}.active <> 0)"}
_NO_END = {"sqlite": f"'{NO_END}'", "postgresql": f"DATE '{NO_END}'"}
_OUTCOMES = "('renewed', 'lapsed')"


def _buyer(dialect: str, r: str) -> str:
    """The totals row ``r`` counts in ``rfm_groups``."""
    return f"({_ACTIVE[dialect].format(r=r)} AND {r}.n > 0 AND {r}.last_d IS NOT NULL)"


def _end(dialect: str, r: str) -> str:
    return f"coalesce({r}.end_date, {_NO_END[dialect]})"


# -- one row's count added or taken away (SQLite; r: NEW or OLD; ``when``: only if it holds)


def _also(when: str | None) -> str:
    return f" AND {when}" if when else ""


def _rf_add(r: str, when: str = "1") -> str:
    return (
        f"INSERT INTO rfm_groups (last_d, n, k, m) SELECT {r}.last_d, {r}.n, 1, {r}.m"
        f" WHERE {when}"
        " ON CONFLICT (last_d, n) DO UPDATE SET k = rfm_groups.k + 1, m = rfm_groups.m + excluded.m"
    )


def _rf_less(r: str, when: str | None = None) -> list[str]:
    key = f"last_d = {r}.last_d AND n = {r}.n{_also(when)}"
    return [
        f"UPDATE rfm_groups SET k = k - 1, m = m - {r}.m WHERE {key}",
        f"DELETE FROM rfm_groups WHERE {key} AND k = 0",
    ]


def _stage_add(r: str, when: str = "1") -> str:
    return (
        f"INSERT INTO stage_counts (stage_i, k) SELECT {r}.stage_i, 1 WHERE {when}"
        " ON CONFLICT (stage_i) DO UPDATE SET k = stage_counts.k + 1"
    )


def _stage_less(r: str, when: str | None = None) -> list[str]:
    key = f"stage_i = {r}.stage_i{_also(when)}"
    return [
        f"UPDATE stage_counts SET k = k - 1 WHERE {key}",
        f"DELETE FROM stage_counts WHERE {key} AND k = 0",
    ]


def _outcome_add(r: str, when: str = "1") -> str:
    return (
        f"INSERT INTO policy_outcome_daily (status, end_d, n)"
        f" SELECT {r}.status, {_end('sqlite', r)}, 1 WHERE {when}"
        " ON CONFLICT (status, end_d) DO UPDATE SET n = policy_outcome_daily.n + 1"
    )


def _outcome_less(r: str, when: str | None = None) -> list[str]:
    key = f"status = {r}.status AND end_d = {_end('sqlite', r)}{_also(when)}"
    return [
        f"UPDATE policy_outcome_daily SET n = n - 1 WHERE {key}",
        f"DELETE FROM policy_outcome_daily WHERE {key} AND n = 0",
    ]


# -- the tables and their fills ---------------------------------------------------------------


_CSAT_INDEX = (
    "CREATE INDEX IF NOT EXISTS survey_complaint_csat ON survey (complaint_id)"
    " WHERE kind = 'csat' AND complaint_id IS NOT NULL"
)


# table: (columns, key, counts)
_SHAPE = {
    "rfm_groups": ("last_d {date} NOT NULL, n INTEGER NOT NULL", "last_d, n", ("k", "m")),
    "stage_counts": ("stage_i INTEGER NOT NULL", "stage_i", ("k",)),
    "policy_outcome_daily": (
        "status TEXT NOT NULL, end_d {date} NOT NULL",
        "status, end_d",
        ("n",),
    ),
}


def _tables(dialect: str) -> list[str]:
    """SQLite: one row per key (its primary key, WITHOUT ROWID); PostgreSQL: rows that sum
    per key, found through an index of the key."""
    out = [_CSAT_INDEX]
    for table, (columns, key, counts) in _SHAPE.items():
        cols = columns.format(date="TEXT" if dialect == "sqlite" else "DATE")
        sums = ", ".join(f"{c} {'BIGINT' if c == 'm' else 'INTEGER'} NOT NULL" for c in counts)
        if dialect == "sqlite":
            out.append(
                f"CREATE TABLE IF NOT EXISTS {table} ({cols}, {sums}, PRIMARY KEY ({key}))"
                " WITHOUT ROWID"
            )
        else:
            out.append(f"CREATE TABLE IF NOT EXISTS {table} ({cols}, {sums})")
            out.append(f"CREATE INDEX IF NOT EXISTS {table}_key ON {table} ({key})")
    return out


def fills(dialect: str) -> list[str]:
    """The three tables counted again from their sources (after a bulk fill)."""
    active = _ACTIVE[dialect].format(r="s")
    return [
        "DELETE FROM rfm_groups",
        "INSERT INTO rfm_groups (last_d, n, k, m) SELECT s.last_d, s.n, count(*), sum(s.m)"
        f" FROM customer_stats s WHERE {_buyer(dialect, 's')} GROUP BY s.last_d, s.n",
        "DELETE FROM stage_counts",
        "INSERT INTO stage_counts (stage_i, k) SELECT s.stage_i, count(*)"
        f" FROM customer_stats s WHERE {active} GROUP BY s.stage_i",
        "DELETE FROM policy_outcome_daily",
        "INSERT INTO policy_outcome_daily (status, end_d, n)"
        f" SELECT p.status, {_end(dialect, 'p')}, count(*) FROM policy p"
        f" WHERE p.status IN {_OUTCOMES} GROUP BY p.status, {_end(dialect, 'p')}",
    ]


# -- SQLite ----------------------------------------------------------------------------------

# the stats columns each count reads (generated ones through their base columns)
_RF_COLUMNS = "active, n_purch, n_pol, m_purch, m_pol, last_purch, last_pol"
_STAGE_COLUMNS = "active, n_purch, n_pol, ref_buyers, nps, csat, n_active_pol"


def _body(*statements: str | list[str]) -> str:
    flat: list[str] = []
    for s in statements:
        flat.extend(s if isinstance(s, list) else [s])
    return " ".join(f"{s};" for s in flat)


SQLITE_TRIGGERS = (
    "rfm_groups_ins",
    "rfm_groups_del",
    "rfm_groups_upd",
    "stage_counts_ins",
    "stage_counts_del",
    "stage_counts_upd",
    "policy_outcome_ins",
    "policy_outcome_del",
    "policy_outcome_upd",
)


def _sqlite() -> list[str]:
    old, new = _buyer("sqlite", "OLD"), _buyer("sqlite", "NEW")
    rf_moved = (
        f"{old} IS NOT {new} OR OLD.last_d IS NOT NEW.last_d OR OLD.n IS NOT NEW.n"
        " OR OLD.m IS NOT NEW.m"
    )
    stage_moved = "OLD.active IS NOT NEW.active OR OLD.stage_i IS NOT NEW.stage_i"
    out_old, out_new = f"OLD.status IN {_OUTCOMES}", f"NEW.status IN {_OUTCOMES}"
    return [
        *_tables("sqlite"),
        *fills("sqlite"),
        f"""CREATE TRIGGER IF NOT EXISTS rfm_groups_ins AFTER INSERT ON customer_stats
        WHEN {new} BEGIN {_body(_rf_add("NEW"))} END""",
        f"""CREATE TRIGGER IF NOT EXISTS rfm_groups_del AFTER DELETE ON customer_stats
        WHEN {old} BEGIN {_body(_rf_less("OLD"))} END""",
        f"""CREATE TRIGGER IF NOT EXISTS rfm_groups_upd
        AFTER UPDATE OF {_RF_COLUMNS} ON customer_stats WHEN {rf_moved}
        BEGIN {_body(_rf_less("OLD", old), _rf_add("NEW", new))} END""",
        f"""CREATE TRIGGER IF NOT EXISTS stage_counts_ins AFTER INSERT ON customer_stats
        WHEN NEW.active BEGIN {_body(_stage_add("NEW"))} END""",
        f"""CREATE TRIGGER IF NOT EXISTS stage_counts_del AFTER DELETE ON customer_stats
        WHEN OLD.active BEGIN {_body(_stage_less("OLD"))} END""",
        f"""CREATE TRIGGER IF NOT EXISTS stage_counts_upd
        AFTER UPDATE OF {_STAGE_COLUMNS} ON customer_stats WHEN {stage_moved}
        BEGIN {_body(_stage_less("OLD", "OLD.active"), _stage_add("NEW", "NEW.active"))} END""",
        f"""CREATE TRIGGER IF NOT EXISTS policy_outcome_ins AFTER INSERT ON policy
        WHEN {out_new} BEGIN {_body(_outcome_add("NEW"))} END""",
        f"""CREATE TRIGGER IF NOT EXISTS policy_outcome_del AFTER DELETE ON policy
        WHEN {out_old} BEGIN {_body(_outcome_less("OLD"))} END""",
        f"""CREATE TRIGGER IF NOT EXISTS policy_outcome_upd AFTER UPDATE OF status, end_date ON policy
        WHEN ({out_old} OR {out_new})
            AND (OLD.status IS NOT NEW.status OR OLD.end_date IS NOT NEW.end_date)
        BEGIN {_body(_outcome_less("OLD", out_old), _outcome_add("NEW", out_new))} END""",
    ]


# -- PostgreSQL --------------------------------------------------------------------------------


def _pg_move(table: str, r: str, sign: int, values: dict[str, str]) -> str:
    """PL/pgSQL: add ``sign`` × the row ``r``'s counts to a row of its key that no other
    transaction holds, or to a new row; a row back to zero is deleted."""
    _columns, key, counts = _SHAPE[table]
    keys = [k.strip() for k in key.split(",")]
    match = " AND ".join(f"{k} = {values[k].format(r=r)}" for k in keys)
    deltas = {c: ("1" if c in ("k", "n") else values[c].format(r=r)) for c in counts}
    if sign < 0:
        deltas = {c: f"-({d})" for c, d in deltas.items()}
    sets = ", ".join(f"{c} = {c} + {d}" for c, d in deltas.items())
    zero = " AND ".join(f"{c} = 0" for c in counts)
    return f"""
            UPDATE {table} SET {sets} WHERE ctid = (
                SELECT ctid FROM {table} WHERE {match} LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING ctid INTO moved;
            IF NOT FOUND THEN
                INSERT INTO {table} ({", ".join(keys)}, {", ".join(counts)})
                VALUES ({", ".join(values[k].format(r=r) for k in keys)}, {", ".join(deltas.values())});
            ELSE
                DELETE FROM {table} WHERE ctid = moved AND {zero};
            END IF;"""


def _pg_function(name: str, table: str, counted: str, values: dict[str, str]) -> str:
    """The trigger function of ``table``: the OLD row's counts taken away, the NEW row's
    added (``counted``: whether the row ``{r}`` counts; ``values``: the key and count
    columns over ``{r}``)."""
    return f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        moved tid;
    BEGIN
        IF TG_OP <> 'INSERT' AND {counted.format(r="OLD")} THEN{_pg_move(table, "OLD", -1, values)}
        END IF;
        IF TG_OP <> 'DELETE' AND {counted.format(r="NEW")} THEN{_pg_move(table, "NEW", 1, values)}
        END IF;
        RETURN NULL;
    END $$"""


# (trigger, table, event, WHEN, function)
_PG = [
    (
        "rfm_groups_ins",
        "customer_stats",
        "AFTER INSERT",
        _buyer("postgresql", "NEW"),
        "crm_rfm_groups",
    ),
    (
        "rfm_groups_del",
        "customer_stats",
        "AFTER DELETE",
        _buyer("postgresql", "OLD"),
        "crm_rfm_groups",
    ),
    (
        "rfm_groups_upd",
        "customer_stats",
        f"AFTER UPDATE OF {_RF_COLUMNS}",
        "(OLD.active, OLD.n, OLD.m, OLD.last_d) IS DISTINCT FROM"
        " (NEW.active, NEW.n, NEW.m, NEW.last_d)",
        "crm_rfm_groups",
    ),
    ("stage_counts_ins", "customer_stats", "AFTER INSERT", "NEW.active <> 0", "crm_stage_counts"),
    ("stage_counts_del", "customer_stats", "AFTER DELETE", "OLD.active <> 0", "crm_stage_counts"),
    (
        "stage_counts_upd",
        "customer_stats",
        f"AFTER UPDATE OF {_STAGE_COLUMNS}",
        "(OLD.active, OLD.stage_i) IS DISTINCT FROM (NEW.active, NEW.stage_i)",
        "crm_stage_counts",
    ),
    (
        "policy_outcome_ins",
        "policy",
        "AFTER INSERT",
        f"NEW.status IN {_OUTCOMES}",
        "crm_policy_outcome",
    ),
    (
        "policy_outcome_del",
        "policy",
        "AFTER DELETE",
        f"OLD.status IN {_OUTCOMES}",
        "crm_policy_outcome",
    ),
    (
        "policy_outcome_upd",
        "policy",
        "AFTER UPDATE OF status, end_date",
        f"(OLD.status IN {_OUTCOMES} OR NEW.status IN {_OUTCOMES})"
        " AND (OLD.status, OLD.end_date) IS DISTINCT FROM (NEW.status, NEW.end_date)",
        "crm_policy_outcome",
    ),
]

# (trigger, table): what ``analytics.totals.totals_computed_at_the_end`` sets aside
PG_TRIGGERS: tuple[tuple[str, str], ...] = tuple((name, table) for name, table, *_ in _PG)


def _postgresql() -> list[str]:
    return [
        *_tables("postgresql"),
        *fills("postgresql"),
        _pg_function(
            "crm_rfm_groups",
            "rfm_groups",
            _buyer("postgresql", "{r}"),
            {"last_d": "{r}.last_d", "n": "{r}.n", "m": "{r}.m"},
        ),
        _pg_function(
            "crm_stage_counts", "stage_counts", _ACTIVE["postgresql"], {"stage_i": "{r}.stage_i"}
        ),
        _pg_function(
            "crm_policy_outcome",
            "policy_outcome_daily",
            f"({{r}}.status IN {_OUTCOMES})",
            {"status": "{r}.status", "end_d": _end("postgresql", "{r}")},
        ),
        *(
            stmt
            for name, table, event, when, function in _PG
            for stmt in (
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"CREATE TRIGGER {name} {event} ON {table} FOR EACH ROW WHEN ({when})"
                f" EXECUTE FUNCTION {function}()",
            )
        ),
    ]


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    statements = _postgresql() if dialect.name == "postgresql" else _sqlite()
    for statement in statements:
        db.execute_sql(statement)
    if dialect.name == "postgresql":
        from .. import pg_roles

        if pg_roles.groups_exist():  # the desks' writes reach the new tables through triggers
            pg_roles.grant_all()
