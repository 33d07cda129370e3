"""Bulk work for import and export: raw ``executemany`` inserts, the lossless table
dump/load behind the JSON export, and fast search indexing of fresh rows.

Rows come in SQLite's stored shape (dates as ISO text, booleans as 0/1); on PostgreSQL the
0/1 of a boolean column becomes a bool, and a table given explicit ids moves its id
sequence past them. Everything here runs inside the caller's transaction
(``with db.atomic():``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import NamedTuple

from peewee import BooleanField

from . import search, sqlfn
from .models import ALL_MODELS, db


def snapshot() -> tuple:
    """A cheap fingerprint of what an import plan depends on (customers, their phones,
    e-mails and ids, policies): it differs when another window or desk changed them."""
    row = db.execute_sql(
        "SELECT (SELECT COUNT(*) FROM customer), (SELECT MAX(id) FROM customer),"
        " (SELECT MAX(updated_at) FROM customer), (SELECT COUNT(*) FROM phone),"
        " (SELECT MAX(id) FROM phone), (SELECT COUNT(*) FROM policy),"
        " (SELECT MAX(id) FROM policy), (SELECT MAX(updated_at) FROM policy)"
    ).fetchone()
    return tuple(row)


def max_id(table: str) -> int:
    row = db.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()
    return int(row[0])


def postgres_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> list:
    """Rows for PostgreSQL: the 0/1 of boolean columns as bool."""
    model = next((m for m in ALL_MODELS if m._meta.table_name == table), None)
    if model is None:
        return list(rows)
    by_column = {f.column_name: f for f in model._meta.sorted_fields}
    flags = [i for i, c in enumerate(columns) if isinstance(by_column.get(c), BooleanField)]
    if not flags:
        return list(rows)
    out = []
    for row in rows:
        values = list(row)
        for i in flags:
            if values[i] is not None:
                values[i] = bool(values[i])
        out.append(values)
    return out


def ids_given(table: str, columns: Sequence[str]) -> None:
    """After rows went in with explicit ids: PostgreSQL's id sequence moves past them
    (SQLite takes the next id from the table itself)."""
    if sqlfn.is_postgres() and "id" in columns:
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
            f' (SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"), false)'
        )


def engine_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> list:
    """``rows`` as this engine takes them (``postgres_rows`` on PostgreSQL). No database
    work: a bulk import converts its next batch while the database writes one."""
    return postgres_rows(table, columns, rows) if sqlfn.is_postgres() else list(rows)


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Raw ``executemany`` insert (10x faster than building SQL per row in Python)."""
    insert_engine_rows(table, columns, engine_rows(table, columns, rows))


def insert_engine_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """``insert_rows`` of rows already made by ``engine_rows``."""
    sqlfn.insert_many(table, columns, rows)
    ids_given(table, columns)


# Below this many new rows the indexes are kept as they are: dropping and making them
# again only pays for a big load.
BULK_INDEX_ROWS = 5000


# The tables a big load into an empty book fills without their secondary indexes. SQLite:
# the customers and phones (a 100,000-customer import spent a third of its write time
# updating eight customer indexes row by row). PostgreSQL: the phones and the search table
# (its two trigram indexes were half the write time); the customer table keeps its
# indexes there, as the drop holds a table's exclusive lock until the import commits and
# Today reads the customers on every desk (a lookup in a book with no customer yet waits).
_BUILT_AFTER = {"sqlite": ("customer", "phone"), "postgresql": ("phone", "customer_search")}


@contextmanager
def indexes_built_after(rows: int) -> Iterator[None]:
    """Load rows into the empty ``_BUILT_AFTER`` tables without their secondary indexes,
    then build each index once (a sorted build is several times cheaper).

    Only for ``rows`` ≥ ``BULK_INDEX_ROWS``, only when every table is empty (an index over
    rows already stored would be rebuilt whole) and, on PostgreSQL, when this login owns
    them (an office's staff do not: their imports keep the indexes). Must run inside the
    caller's transaction: DDL is transactional on both engines, so a failed load rolls the
    dropped indexes back with the rows and nobody ever sees a table without them."""
    postgres = sqlfn.is_postgres()
    tables = _BUILT_AFTER["postgresql" if postgres else "sqlite"]
    if (
        rows < BULK_INDEX_ROWS
        or not db.in_transaction()
        or any(db.execute_sql(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() for t in tables)
        or (postgres and not _pg_owned(tables))
    ):
        yield
        return
    indexes = _pg_secondary_indexes(tables) if postgres else _sqlite_indexes(tables)
    for drop, _add in indexes:
        db.execute_sql(drop)
    yield  # an exception skips the rebuild: the rollback brings the indexes back
    for _drop, add in indexes:
        db.execute_sql(add)


def _sqlite_indexes(tables: Sequence[str]) -> list[tuple[str, str]]:
    """(DROP INDEX, CREATE INDEX) of the indexes of ``tables`` made by a statement."""
    marks = ", ".join("?" * len(tables))
    return [
        (f'DROP INDEX "{name}"', sql)
        for name, sql in db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({marks}) ORDER BY name",
            list(tables),
        ).fetchall()
    ]


def _pg_owned(tables: Sequence[str]) -> bool:
    """Whether this login owns every one of ``tables`` (and may drop their indexes)."""
    return bool(
        db.execute_sql(
            "SELECT bool_and(pg_has_role(current_user, c.relowner, 'USAGE')) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relname = ANY(%s)",
            (list(tables),),
        ).fetchone()[0]
    )


def _pg_secondary_indexes(tables: Sequence[str]) -> list[tuple[str, str]]:
    """(DROP INDEX, CREATE INDEX) of the indexes of ``tables`` not behind a constraint."""
    return db.execute_sql(
        "SELECT format('DROP INDEX %%s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)"
        " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = current_schema() AND c.relname = ANY(%s)"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
        " ORDER BY i.indrelid, i.indexrelid",
        (list(tables),),
    ).fetchall()


@contextmanager
def pg_keys_and_indexes_after(tables: Sequence[str]) -> Iterator[None]:
    """PostgreSQL: fill ``tables`` without their foreign keys and secondary indexes, then
    make each again once (an index built from sorted rows, a key checked by one join)
    instead of updating eight indexes and looking each row's parents up row by row.

    Only for a database nobody else uses yet (``copy-to`` into a new one): dropping takes
    the tables' exclusive lock and needs their owner. Inside the caller's transaction, so a
    failure rolls the drops back with the rows. Indexes behind a primary key or unique
    constraint stay. Does nothing on SQLite."""
    if not sqlfn.is_postgres():
        yield
        return
    names = list(tables)
    keys = db.execute_sql(
        "SELECT format('ALTER TABLE %%s DROP CONSTRAINT %%I', k.conrelid::regclass, k.conname),"
        " format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', k.conrelid::regclass, k.conname,"
        " pg_get_constraintdef(k.oid))"
        " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE k.contype = 'f' AND n.nspname = current_schema() AND c.relname = ANY(%s)"
        " ORDER BY k.conrelid, k.conname",
        (names,),
    ).fetchall()
    indexes = _pg_secondary_indexes(names)
    for drop, _add in keys + indexes:
        db.execute_sql(drop)
    yield  # an exception skips this: the rollback brings keys and indexes back
    for _drop, add in indexes + keys:
        db.execute_sql(add)


_FOLDED: dict[str, str] = {}


def _fold_word(word: str) -> str:
    """``search.fold`` of one word, remembered: names and cities repeat a lot in a list."""
    folded = _FOLDED.get(word)
    if folded is None:
        quick = word.translate(search._TR_FOLD).lower()
        folded = quick if quick.isascii() else search.fold(word)
        if len(_FOLDED) < 200_000:
            _FOLDED[word] = folded
    return folded


def _fold(text: str) -> str:
    """``search.fold`` of a text, word by word (folding never joins or splits words)."""
    if text.isascii():
        return text.lower()
    return " ".join(_fold_word(w) if not w.isascii() else w.lower() for w in text.split(" "))


@lru_cache(maxsize=200_000)
def _fold_text(text: str) -> str:
    """``_fold``, remembered for whole texts: names and cities repeat in a list."""
    return _fold(text)


def index_words(r: dict) -> str:
    """The words ``search.index_customers`` indexes for a customer without policies:
    name, company, e-mail, its local part as words, national ID, tax number, city and
    the tags, each folded (folding a text word by word equals folding each part)."""
    parts = []
    name, company, email = r.get("name"), r.get("company"), r.get("email")
    if name:
        parts.append(_fold_text(name))
    if company:
        parts.append(_fold_text(company))
    if email:
        parts.append(_fold(email))
        local = email.split("@")[0].replace(".", " ")
        if local:
            parts.append(_fold(local))
    for key in ("national_id", "tax_number", "city"):
        value = r.get(key)
        if value:
            parts.append(_fold_text(value) if key == "city" else _fold(value))
    text = " ".join(parts)
    tags = r.get("tags")
    if not tags:
        return text
    extra = search.tag_words(tags)  # the imported tags, as index_customers
    return f"{text} {extra}" if extra else text


class SearchRows(NamedTuple):
    """Search index rows made before they are written: PostgreSQL's ``customer_search``
    rows in ``rows``; SQLite's ``customer_fts`` rows in ``rows``, ``phone_fts`` in
    ``phones``."""

    rows: list
    phones: list


def new_search_rows(rows: Iterable[tuple[int, dict, list[str]]]) -> SearchRows:
    """The search index rows of freshly inserted customers (no policies yet), as this
    engine stores them: the same words as ``search.index_customers``. No database work, so
    a bulk import makes them in a thread while the database writes the batch before.

    ``rows``: (id, values with name/company/email/national_id/tax_number/city, phone
    national digits)."""
    words = []
    phones = []
    for cid, values, digits in rows:
        words.append((cid, index_words(values)))
        if digits:
            phones.append((cid, " ".join(digits)))
    if sqlfn.is_postgres():  # no FTS5 tables there: its own index table, the same words
        from . import postgres_search

        return SearchRows(postgres_search.search_rows(words, phones), [])
    return SearchRows(words, phones)


def add_new_search_rows(prepared: SearchRows) -> None:
    """Write ``new_search_rows``' rows (customers not in the index yet)."""
    if sqlfn.is_postgres():
        sqlfn.insert_many("customer_search", ("customer_id", "words", "digits"), prepared.rows)
        return
    cur = db.cursor()
    cur.executemany("INSERT INTO customer_fts (rowid, words) VALUES (?, ?)", prepared.rows)
    cur.executemany("INSERT INTO phone_fts (rowid, digits) VALUES (?, ?)", prepared.phones)


def index_new_customers(rows: Iterable[tuple[int, dict, list[str]]]) -> None:
    """Add freshly inserted customers (no policies yet) to the search index."""
    add_new_search_rows(new_search_rows(rows))


# -- lossless dump / load (JSON export) -------------------------------------------------


def table_names() -> list[str]:
    # ``app_user`` stays with its database (its users are the server's logins there)
    return [m._meta.table_name for m in ALL_MODELS if m._meta.table_name != "app_user"]


def table_columns(table: str) -> list[str]:
    if sqlfn.is_postgres():
        return [c.name for c in db.get_columns(table)]
    return [r[1] for r in db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()]


def dump_table(table: str) -> tuple[list[str], list[tuple]]:
    """Columns and every row exactly as stored (ints, text, NULL), ordered by the key; on
    PostgreSQL in SQLite's stored shape (dates as ISO text, booleans as 0/1)."""
    columns = table_columns(table)
    order = "id" if "id" in columns else columns[0]
    cols = ", ".join(f'"{c}"' for c in columns)
    rows = db.execute_sql(f'SELECT {cols} FROM "{table}" ORDER BY "{order}"').fetchall()
    if sqlfn.is_postgres():
        rows = [
            tuple(int(v) if isinstance(v, bool) else sqlfn.as_stored(v) for v in row)
            for row in rows
        ]
    return columns, rows


def count_rows(table: str) -> int:
    return int(db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])


def load_table(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert dumped rows; settings replace what a fresh database already holds."""
    if sqlfn.is_postgres():
        rows = postgres_rows(table, columns, rows)
    if table != "setting":
        sqlfn.insert_many(table, columns, rows)
    else:  # (key, value): the dump's value wins
        cols = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        sets = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "key")
        conflict = f'ON CONFLICT ("key") DO UPDATE SET {sets}' if sets else "ON CONFLICT DO NOTHING"
        sqlfn.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks}) {conflict}', rows)
    ids_given(table, columns)


def defer_foreign_keys() -> None:
    """Check foreign keys at commit (self references may point forward). PostgreSQL defers
    only the constraints created DEFERRABLE."""
    if sqlfn.is_postgres():
        db.execute_sql("SET CONSTRAINTS ALL DEFERRED")
    else:
        db.execute_sql("PRAGMA defer_foreign_keys = ON")
