"""Small SQL fragments that differ between engines, for the raw SQL of ``crm_tui.db``.

The raw statements of this package are written once, in SQLite's text (``?`` and ``:name``
placeholders, ``INDEXED BY`` hints): on SQLite they run exactly as written (nothing is
rewritten, so nothing is slower); on PostgreSQL ``execute`` rewrites the placeholders to
psycopg's (``%s``, ``%(name)s``) and the helpers below give the engine's own spelling of
the few things standard SQL has no word for (a day number, a hint, a temporary table).

Each helper reads ``current_dialect().name``: ``"sqlite"`` or ``"postgresql"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

import peewee
from peewee import ExceptionWrapper, Node, Value, fn

from .dialect import current_dialect
from .models import db

POSTGRESQL = "postgresql"

# julianday() of 1970-01-01 00:00 (the Unix epoch as a Julian day number)
_EPOCH_JULIAN = 2440587.5


def is_postgres() -> bool:
    return current_dialect().name == POSTGRESQL


# -- placeholders -------------------------------------------------------------------------

# a quoted literal or identifier (kept as is), or a placeholder: ``?`` or ``:name`` (not the
# second colon of a PostgreSQL ``::`` cast)
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|(?<!:):([A-Za-z_]\w*)|%")


@lru_cache(maxsize=1024)
def pyformat(sql: str) -> str:
    """SQLite's placeholders (``?``, ``:name``) as psycopg's (``%s``, ``%(name)s``); a
    literal ``%`` doubled."""

    def swap(m: re.Match[str]) -> str:
        text = m.group(0)
        if text == "?":
            return "%s"
        if text == "%":
            return "%%"
        if m.group(1):
            return f"%({m.group(1)})s"
        return text.replace("%", "%%")  # a quoted literal: psycopg reads % in it too

    return _TOKENS.sub(swap, sql)


def for_engine(sql: str) -> str:
    """``sql`` (written with SQLite's placeholders) for the open database's driver."""
    return pyformat(sql) if is_postgres() else sql


def execute(sql: str, params: Sequence[Any] | dict[str, Any] | None = None):
    """``db.execute_sql`` of a statement written with ``?`` / ``:name`` placeholders."""
    # PostgreSQL: CrmPostgresDatabase converts the placeholders (``pyformat``), once
    return db.execute_sql(sql, params if params is not None else ())


# The driver's DB-API errors (by class name, or their base's) as peewee's.
_AS_PEEWEE_ERRORS = ExceptionWrapper(
    {
        cls.__name__: cls
        for cls in (
            peewee.DatabaseError,
            peewee.DataError,
            peewee.IntegrityError,
            peewee.InterfaceError,
            peewee.InternalError,
            peewee.NotSupportedError,
            peewee.OperationalError,
            peewee.ProgrammingError,
        )
    }
)


def executemany(sql: str, rows: Iterable[Sequence[Any]]):
    """``executemany`` on the raw driver cursor (about ten times faster than building each
    row's SQL in Python); ``sql`` written with ``?`` placeholders. Returns the cursor."""
    cursor = db.cursor()
    if is_postgres():
        # psycopg's errors as peewee's (IntegrityError...), as db.execute_sql raises them,
        # so that connection.is_database_error knows them
        with _AS_PEEWEE_ERRORS:
            cursor.executemany(pyformat(sql), list(rows))
    else:
        cursor.executemany(sql, rows)
    return cursor


def insert_many(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (in ``columns`` order) into ``table``; returns how many went in.

    SQLite: ``executemany`` of an INSERT. PostgreSQL: ``COPY … FROM STDIN``, which streams
    the rows in one statement instead of one INSERT each (import and copy-to rows several
    times faster; docs/PERFORMANCE.md). COPY fires the same row and statement triggers as
    INSERT, and a failing row fails the whole statement, as executemany does."""
    cols = ", ".join(f'"{c}"' for c in columns)
    if not is_postgres():
        marks = ", ".join("?" * len(columns))
        cursor = db.cursor()
        cursor.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', rows)
        return max(cursor.rowcount, 0)
    count = 0
    with _AS_PEEWEE_ERRORS, db.cursor().copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def literal(value: Any) -> str:
    """``value`` written into SQL: NULL, a quoted text, an integer, or a real number, which
    is a double on PostgreSQL too (its bare ``1.5`` is numeric: not the sums SQLite makes)."""
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, (float, Decimal)):
        number = repr(float(value))
        return f"CAST({number} AS double precision)" if is_postgres() else number
    return str(int(value))


# -- planner hints and temporary tables -----------------------------------------------------


def indexed_by(index: str) -> str:
    """`` INDEXED BY index`` on SQLite (after a table name); nothing elsewhere."""
    return "" if is_postgres() else f" INDEXED BY {index}"


def not_indexed() -> str:
    """`` NOT INDEXED`` on SQLite (a full scan is faster there); nothing elsewhere."""
    return "" if is_postgres() else " NOT INDEXED"


def temp(table: str) -> str:
    """The name of this connection's temporary table ``table``, qualified."""
    return f"pg_temp.{table}" if is_postgres() else f"temp.{table}"


# -- dates ----------------------------------------------------------------------------------


def day_number(expr: str) -> str:
    """``expr`` (a date, a timestamp or their ISO text) as a Julian day number with the time
    as its fraction, as SQLite's ``julianday``."""
    if is_postgres():
        return f"(extract(epoch from ({expr})::timestamp)::float8 / 86400 + {_EPOCH_JULIAN})"
    return f"julianday({expr})"


def day_number_of(node: Any) -> Any:
    """``day_number`` of a peewee expression (or of a value: a parameter)."""
    if is_postgres():
        value: Any = node if isinstance(node, Node) else Value(node)
        epoch = fn.date_part("epoch", value.cast("timestamp")).cast("float8")
        return epoch / 86400 + _EPOCH_JULIAN
    return fn.julianday(node)


def date_of(expr: str) -> str:
    """The date part of ``expr`` (a date, a timestamp or their ISO text)."""
    return f"CAST(({expr}) AS date)" if is_postgres() else f"date({expr})"


def month_key(expr: str) -> str:
    """``YYYY-MM`` of a date column."""
    return f"to_char({expr}, 'YYYY-MM')" if is_postgres() else f"substr({expr}, 1, 7)"


def year_key(expr: str) -> str:
    """``YYYY`` of a date column."""
    return f"to_char({expr}, 'YYYY')" if is_postgres() else f"substr({expr}, 1, 4)"


def month_day(expr: str) -> str:
    """``MM-DD`` of a date column, as the birthday index has it: SQLite's text with the
    literal 6 and 5; PostgreSQL's ``crm_month_day`` (step 8: to_char is not immutable, so
    it cannot be indexed)."""
    return f"crm_month_day({expr})" if is_postgres() else f"substr({expr}, 6, 5)"


def year_month_number(expr: str) -> str:
    """year × 12 + month - 1 of a date column."""
    if is_postgres():
        return f"(CAST(extract(year from {expr}) AS integer) * 12 + CAST(extract(month from {expr}) AS integer) - 1)"
    return (
        f"(CAST(substr({expr}, 1, 4) AS INTEGER) * 12 + CAST(substr({expr}, 6, 2) AS INTEGER) - 1)"
    )


# -- truth values ---------------------------------------------------------------------------


def flag(condition: str) -> str:
    """1 when ``condition`` holds, 0 when not (SQLite's comparisons already are 0/1)."""
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END" if is_postgres() else f"({condition})"


def truthy(column: str) -> str:
    """An integer 0/1 column as a condition."""
    return f"({column} <> 0)" if is_postgres() else column


def greatest(*exprs: str) -> str:
    """The largest of the values (two or more arguments)."""
    return ("greatest(" if is_postgres() else "max(") + ", ".join(exprs) + ")"


def likely(node: Node) -> Node:
    """SQLite's ``likely()`` planner hint; the expression itself elsewhere."""
    return node if is_postgres() else fn.likely(node)


def as_stored(value: Any) -> Any:
    """A value read by raw SQL in the shape SQLite stores it: a date or a timestamp as its
    ISO text (PostgreSQL's driver gives ``date`` / ``datetime``), anything else as is."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value
