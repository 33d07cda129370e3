"""``pg_db``: the models bound to a fresh PostgreSQL database (``pg_url``) with every table
created from the models, plus what migration step 3 adds on SQLite, written for PostgreSQL
here until the PostgreSQL migrations exist: the version defaults and triggers, the loyalty
totals tables (without their triggers: ``fill_loyalty_totals()`` computes them from the rows, as
``analytics.totals_computed_at_the_end`` does on SQLite).

Until ``connection.open_database`` takes a ``postgresql://`` address (issue 15, another
branch), the fixture binds the models itself. It uses the PostgreSQL dialect of
``crm_tui.db`` when one exists, else a minimal one here with the attributes the SQL of
``crm_tui.db`` reads (``name``, ``max_params``, ``upsert``, ``read_snapshot``); and while
the search index has no PostgreSQL form, indexing a customer is a no-op.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlparse

import pytest
from peewee import Database, DatabaseProxy, Field, Model, PostgresqlDatabase

import crm_tui.db as db_package
from crm_tui.db import dialect as dialect_mod
from crm_tui.db.models import ALL_MODELS, db
from crm_tui.db.sqlite_dialect import SqliteDialect


class MinimalPostgresDialect:
    name = "postgresql"
    max_params = 30000  # psycopg: 65535 bound parameters a statement

    def upsert(self, model: type[Model], conflict: Sequence[Field], values: dict[str, Any]) -> None:
        SqliteDialect.upsert(self, model, conflict, values)  # type: ignore[arg-type]

    def read_snapshot(self, database: Database | DatabaseProxy) -> AbstractContextManager[Any]:
        return database.atomic(isolation_level="REPEATABLE READ")


def postgres_dialect():
    """The PostgreSQL dialect of crm_tui.db if the package has one, else the minimal one."""
    for value in vars(dialect_mod).values():
        if getattr(value, "name", None) == "postgresql" and not isinstance(value, type):
            return value
    for info in pkgutil.iter_modules(db_package.__path__):
        if "pg" in info.name or "postgres" in info.name:
            module = importlib.import_module(f"crm_tui.db.{info.name}")
            for value in vars(module).values():
                if getattr(value, "name", None) == "postgresql" and not isinstance(value, type):
                    return value
    return MinimalPostgresDialect()


# the column defaults SQLite's schema has (raw inserts leave these columns out)
SERVER_DEFAULTS = [
    f"ALTER TABLE {table} ALTER COLUMN version SET DEFAULT 1"
    for table in ("policy", "complaint", "reminder")
]

# step 3's version triggers: an UPDATE that does not raise the version gets it raised
VERSION_TRIGGERS = [
    """CREATE FUNCTION raise_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.version <= OLD.version THEN NEW.version := OLD.version + 1; END IF;
        RETURN NEW;
    END $$""",
    *(
        f"CREATE TRIGGER {table}_version BEFORE UPDATE ON {table}"
        " FOR EACH ROW EXECUTE FUNCTION raise_version()"
        for table in ("policy", "complaint", "reminder")
    ),
]

# migration step 3's loyalty tables, in PostgreSQL's words (dates as date, money bigint)
LOYALTY_TABLES = [
    """CREATE TABLE customer_stats (
        customer_id INTEGER PRIMARY KEY,
        active INTEGER NOT NULL DEFAULT 1,
        n_purch INTEGER NOT NULL DEFAULT 0, m_purch BIGINT NOT NULL DEFAULT 0,
        first_purch DATE, last_purch DATE,
        n_pol INTEGER NOT NULL DEFAULT 0, m_pol BIGINT NOT NULL DEFAULT 0,
        first_pol DATE, last_pol DATE,
        renewed INTEGER NOT NULL DEFAULT 0, lapsed INTEGER NOT NULL DEFAULT 0,
        n_active_pol INTEGER NOT NULL DEFAULT 0, comm_active BIGINT NOT NULL DEFAULT 0,
        nps INTEGER, csat INTEGER,
        first_purch_jd DOUBLE PRECISION GENERATED ALWAYS AS (
            CAST(first_purch - DATE '1970-01-01' AS DOUBLE PRECISION) + 2440587.5) STORED,
        n INTEGER GENERATED ALWAYS AS (n_purch + n_pol) STORED,
        m BIGINT GENERATED ALWAYS AS (m_purch + m_pol) STORED,
        first_d DATE GENERATED ALWAYS AS (least(first_purch, first_pol)) STORED,
        last_d DATE GENERATED ALWAYS AS (greatest(last_purch, last_pol)) STORED)""",
    """CREATE TABLE customer_gap (
        customer_id INTEGER NOT NULL, after DATE NOT NULL, before DATE NOT NULL,
        PRIMARY KEY (customer_id, after))""",
    'CREATE TABLE purchase_daily ("date" DATE PRIMARY KEY, n INTEGER NOT NULL,'
    " total BIGINT NOT NULL)",
    'CREATE TABLE policy_daily ("date" DATE PRIMARY KEY, n INTEGER NOT NULL,'
    " total BIGINT NOT NULL)",
]

_FILLS = [
    "DELETE FROM customer_stats",
    "DELETE FROM customer_gap",
    "DELETE FROM purchase_daily",
    "DELETE FROM policy_daily",
    "INSERT INTO customer_stats (customer_id, active)"
    " SELECT id, CASE WHEN archived_at IS NULL AND anonymized_at IS NULL THEN 1 ELSE 0 END"
    " FROM customer WHERE id IN (SELECT customer_id FROM purchase UNION SELECT customer_id"
    " FROM policy WHERE status != 'cancelled' UNION SELECT customer_id FROM survey"
    " UNION SELECT customer_id FROM complaint WHERE satisfaction IS NOT NULL)",
    "UPDATE customer_stats SET (n_purch, m_purch, first_purch, last_purch) = ("
    " SELECT count(*), coalesce(sum(amount), 0), min(date), max(date) FROM purchase"
    " WHERE customer_id = customer_stats.customer_id)",
    "UPDATE customer_stats SET (n_pol, m_pol, first_pol, last_pol, renewed, lapsed,"
    " n_active_pol, comm_active) = (SELECT count(*), coalesce(sum(premium), 0),"
    " min(start_date), max(start_date),"
    " coalesce(sum(CASE WHEN status = 'renewed' THEN 1 ELSE 0 END), 0),"
    " coalesce(sum(CASE WHEN status = 'lapsed' THEN 1 ELSE 0 END), 0),"
    " coalesce(sum(CASE WHEN status = 'active' THEN 1 ELSE 0 END), 0),"
    " coalesce(sum(CASE WHEN status = 'active' THEN coalesce(commission, 0) END), 0)"
    " FROM policy WHERE customer_id = customer_stats.customer_id AND status != 'cancelled')",
    "UPDATE customer_stats SET nps = (SELECT score FROM survey"
    " WHERE customer_id = customer_stats.customer_id AND kind = 'nps'"
    " ORDER BY at DESC, id DESC LIMIT 1),"
    " csat = (SELECT score FROM ("
    " SELECT score, at AS t, 1 AS src, id FROM survey"
    " WHERE customer_id = customer_stats.customer_id AND kind = 'csat'"
    " UNION ALL SELECT satisfaction, coalesce(resolved_at, closed_at, updated_at), 0, id"
    " FROM complaint WHERE customer_id = customer_stats.customer_id"
    " AND satisfaction IS NOT NULL AND status IN ('resolved', 'closed')"
    " AND id NOT IN (SELECT complaint_id FROM survey"
    " WHERE customer_id = customer_stats.customer_id AND kind = 'csat'"
    " AND complaint_id IS NOT NULL)) AS answers ORDER BY t DESC, src DESC, id DESC LIMIT 1)",
    "INSERT INTO customer_gap (customer_id, after, before)"
    " SELECT c, p, d FROM (SELECT c, d, lag(d) OVER (PARTITION BY c ORDER BY d) AS p FROM ("
    " SELECT customer_id AS c, date AS d FROM purchase UNION SELECT customer_id, start_date"
    " FROM policy WHERE status != 'cancelled') AS days) AS pairs"
    " WHERE p IS NOT NULL AND d - p > 365",
    'INSERT INTO purchase_daily SELECT "date", count(*), sum(amount) FROM purchase GROUP BY "date"',
    "INSERT INTO policy_daily SELECT start_date, count(*), coalesce(sum(premium), 0)"
    " FROM policy WHERE status != 'cancelled' GROUP BY start_date",
]


def fill_loyalty_totals() -> None:
    """The loyalty totals from the rows (PostgreSQL has no triggers for them yet)."""
    with db.atomic():
        for stmt in _FILLS:
            db.execute_sql(stmt)


@pytest.fixture
def pg_db(pg_url, monkeypatch):
    """The models bound to an empty PostgreSQL database, every table created."""
    u = urlparse(pg_url)
    database = PostgresqlDatabase(
        u.path.lstrip("/"), host=u.hostname, port=u.port, user=u.username, autorollback=True
    )
    dialect = postgres_dialect()
    if isinstance(dialect, MinimalPostgresDialect):
        from crm_tui.db import search

        monkeypatch.setattr(search, "index_customers", lambda ids: None)
    previous = db.obj
    db.initialize(database)
    dialect_mod.use_dialect(dialect)
    database.connect()
    try:
        database.create_tables(ALL_MODELS)
        database.execute_sql(  # the search table of pg_schema_v3.sql (db/postgres_search.py)
            "CREATE TABLE customer_search (customer_id INTEGER NOT NULL PRIMARY KEY "
            "REFERENCES customer (id) ON DELETE CASCADE, words TEXT NOT NULL, digits TEXT NOT NULL)"
        )
        for stmt in SERVER_DEFAULTS + VERSION_TRIGGERS + LOYALTY_TABLES:
            database.execute_sql(stmt)
        yield database
    finally:
        database.close()
        dialect_mod.use_dialect(None)
        db.initialize(previous)
