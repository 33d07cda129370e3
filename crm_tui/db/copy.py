"""Copying a whole book into an empty database of either engine (``crm-tui copy-to``).

The source is read through a connection of its own, in one read transaction (one
consistent state: SQLite ``BEGIN``, PostgreSQL ``REPEATABLE READ, READ ONLY``), table by
table in the order of their foreign keys, in batches. The target is opened the normal way
(``open_database`` gives it its schema) and written in one transaction:

- SQLite: a new file next to the target, renamed over it only once everything is in
  (a failure leaves the target absent, or the empty file it was);
- PostgreSQL: one transaction, rolled back on a failure (the empty schema
  ``open_database`` made stays: the database is as empty as before).

Ids are kept (PostgreSQL's id sequences are moved past them). Not copied: the schema
history (the target records its own), the search index (rebuilt on the target) and the
loyalty totals (``customer_stats``, ``customer_gap``, ``purchase_daily``,
``policy_daily``: computed from the copied rows in one pass on either engine, as a bulk
fill does). A target holding rows in any of crm-tui's tables, or
another program's tables, is refused before anything is written (``CopyRefused``).

Leaves no database open: the caller's (the source, usually) is closed by the target's
opening.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import peewee
from peewee import BooleanField, DateField, DateTimeField, ForeignKeyField

from ..i18n import _
from . import attachments, import_sql, postgres, search, sqlfn
from .analytics.totals import totals_computed_at_the_end
from .connection import DatabaseOpenError, close_database, open_database
from .dialect import current_dialect
from .migrations import HISTORY_TABLE
from .models import ALL_MODELS, AppUser, BaseModel, Setting, db, stored_fields
from .postgres_loyalty import VERSIONED_TABLES

# Tables copied, in an order where every row's foreign keys point at rows already copied
# (a table's references to itself: see ``_copy_table``).
# The users (``app_user``) stay with their database: on PostgreSQL they go with the
# server's login roles, which a copy cannot carry (the target's creator is its owner).
COPIED: list[type[BaseModel]] = [m for m in ALL_MODELS if m is not AppUser]
# A new database has rows of its own in these (the target's are replaced by the source's).
OWN_ROWS = {Setting._meta.table_name}


class CopyRefused(Exception):
    """The copy cannot start (a target that is not empty, the source itself, ...); one line
    for the user, nothing written."""


class CopyFailed(Exception):
    """The copy went wrong on the way (its cause chained); the target was left as it was.
    One line for the user."""


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int


Progress = Callable[[str, int, int], None]  # table, rows copied of it, its rows


def is_url(target: Path | str) -> bool:
    return postgres.is_url(target)


def display(target: Path | str) -> str:
    """How a database is named to the user (never with a password)."""
    return postgres.redacted(str(target)) if is_url(target) else str(target)


# -- the source ---------------------------------------------------------------------------


class _Reader:
    """The source, read in one transaction through a connection of its own."""

    def __init__(self, source: Path | str) -> None:
        self.postgres = is_url(source)
        self.source = source
        self.conn: Any
        if self.postgres:
            import psycopg

            try:
                self.conn = psycopg.connect(
                    str(source).strip(),
                    connect_timeout=postgres.CONNECT_TIMEOUT_S,
                    application_name="crm-tui copy-to",
                )
            except psycopg.Error as exc:
                raise CopyRefused(postgres.describe_error(exc, str(source))) from exc
            self.conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            self.conn.read_only = True
        else:
            path = Path(source).resolve()
            uri = f"file:{quote(str(path))}?mode=ro"
            try:
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None)
                self.conn.execute("BEGIN")  # one snapshot for every table
            except sqlite3.Error as exc:
                raise CopyRefused(
                    _("{path} cannot be opened: {reason}", path=path, reason=exc)
                ) from exc

    def content(self, key: str) -> bytes | None:
        """An attachment's bytes in the source (step 17): its blob row, or its file in
        the folder beside a SQLite book; None when missing."""
        if self.postgres:
            row = self.conn.execute(
                'SELECT content FROM "attachment_blob" WHERE sha256 = %s', (key,)
            ).fetchone()
            return bytes(row[0]) if row else None
        try:
            return (attachments.folder_for(Path(self.source).resolve()) / key).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None

    def count(self, table: str) -> int:
        cur = self.conn.execute(f'SELECT count(*) FROM "{table}"')
        return int(cur.fetchone()[0])

    def batches(self, table: str, columns: Sequence[str], key: str, size: int) -> Iterator[list]:
        cols = ", ".join(f'"{c}"' for c in columns)
        sql = f'SELECT {cols} FROM "{table}" ORDER BY "{key}"'
        if self.postgres:
            with self.conn.cursor(name=f"copy_{table}") as cur:  # server-side: streamed
                cur.itersize = size
                cur.execute(sql)
                while rows := cur.fetchmany(size):
                    yield rows
        else:
            cur = self.conn.execute(sql)
            while rows := cur.fetchmany(size):
                yield rows

    def close(self) -> None:
        try:
            self.conn.rollback()
            self.conn.close()
        except Exception:  # noqa: BLE001 - closing a read-only connection: nothing to lose
            pass


# -- the target: empty? -------------------------------------------------------------------


def _not_empty(target: Path | str, table: str) -> CopyRefused:
    return CopyRefused(
        _(
            "{target} is not empty ({table} holds rows); copy into a new, empty database. Nothing was written.",
            target=display(target),
            table=table,
        )
    )


def _other_program(target: Path | str) -> CopyRefused:
    return CopyRefused(
        _(
            "{target} holds another program's tables; copy into a new, empty database. Nothing was written.",
            target=display(target),
        )
    )


def _refuse_rows(target: Path | str, tables: set[str], has_rows: Callable[[str], bool]) -> None:
    if HISTORY_TABLE not in tables:
        if tables:
            raise _other_program(target)
        return
    for model in COPIED:
        table = model._meta.table_name
        if table in tables and table not in OWN_ROWS and has_rows(table):
            raise _not_empty(target, table)


def check_target(target: Path | str) -> None:
    """Raise ``CopyRefused`` unless ``target`` is empty: a PostgreSQL database without
    tables or with crm-tui's holding no rows; a file that does not exist, is empty, or is
    a crm-tui database holding no rows. Reads only."""
    if is_url(target):
        url = str(target).strip()
        database = postgres.make_database(url)
        try:
            database.connect()
            tables = set(database.get_tables())
            if tables and HISTORY_TABLE in tables:
                postgres.check_history(database, url)  # a newer or unknown history
            _refuse_rows(
                target,
                tables,
                lambda t: (
                    database.execute_sql(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() is not None
                ),
            )
        except postgres.PgRefused as exc:
            raise CopyRefused(str(exc)) from exc
        except peewee.PeeweeException as exc:
            raise CopyRefused(postgres.describe_error(exc, url)) from exc
        finally:
            if not database.is_closed():
                database.close()
        return
    path = Path(target)
    if not path.parent.is_dir():
        raise CopyRefused(_("Folder {folder} does not exist.", folder=path.parent))
    if not path.exists():
        return
    if not path.is_file():
        raise _other_program(target)
    if any(Path(f"{path}{side}").exists() for side in ("-wal", "-journal")):
        raise CopyRefused(
            _("{target} is in use (it has a -wal or -journal file); close it first.", target=path)
        )
    if path.stat().st_size == 0:
        return
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            _refuse_rows(
                target,
                tables,
                lambda t: conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() is not None,
            )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise _other_program(target) from exc


def _same(source: Path | str, target: Path | str) -> bool:
    if is_url(source) or is_url(target):
        return display(source).rstrip("/") == display(target).rstrip("/")
    return Path(source).resolve() == Path(target).resolve()


# -- copying --------------------------------------------------------------------------------


def _iso_date(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _iso_datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(" ")
    return value


def _bool(value: Any) -> Any:
    return None if value is None else bool(value)


def _converters(model: type[BaseModel], to_postgres: bool) -> list[tuple[int, Callable]]:
    """Per column, how a value read from the source is stored in the target: PostgreSQL
    takes SQLite's ISO text for dates but wants booleans; SQLite gets dates as the ISO text
    peewee stores (its driver would otherwise pick the format)."""
    out: list[tuple[int, Callable]] = []
    for i, field in enumerate(stored_fields(model)):
        if to_postgres:
            if isinstance(field, BooleanField):
                out.append((i, _bool))
        elif isinstance(field, DateTimeField):
            out.append((i, _iso_datetime))
        elif isinstance(field, DateField):
            out.append((i, _iso_date))
    return out


def _copy_table(
    reader: _Reader, model: type[BaseModel], total: int, progress: Progress | None
) -> None:
    meta = model._meta
    table = meta.table_name
    fields = stored_fields(model)
    columns = [f.column_name for f in fields]
    key: str = getattr(meta.primary_key, "column_name", "id")
    id_at = columns.index(key)
    # PostgreSQL checks a foreign key at once: a reference to a later row of the same table
    # (a customer referred by one added after them) goes in empty and is set once that row
    # is there. SQLite checks them at the commit (``defer_foreign_keys``), so its rows go in
    # as they are (an UPDATE there would raise the row's version).
    self_refs = [
        i
        for i, f in enumerate(fields)
        if isinstance(f, ForeignKeyField) and f.rel_model is model and sqlfn.is_postgres()
    ]
    converters = _converters(model, sqlfn.is_postgres())
    size = max(1, current_dialect().max_params // len(columns))
    later: list[tuple[str, Any, Any]] = []

    def rows() -> Iterator[list]:
        done = 0
        for batch in reader.batches(table, columns, key, size):
            for raw in batch:
                row = list(raw)
                for i in self_refs:
                    if row[i] is not None and row[i] > row[id_at]:
                        later.append((columns[i], row[i], row[id_at]))
                        row[i] = None
                for i, conv in converters:
                    row[i] = conv(row[i])
                yield row
            done += len(batch)
            if progress is not None:
                progress(table, done, total)

    # the whole table in one statement, read batch by batch as it goes (PostgreSQL: one
    # COPY instead of one per batch, each with its statement triggers)
    sqlfn.insert_many(table, columns, rows())
    if later:
        # setting the reference is no edit: the row keeps the version it was copied with
        # (the copy's transaction owns the tables it created; ALTER is transactional)
        versioned = table in VERSIONED_TABLES
        if versioned:
            db.execute_sql(f'ALTER TABLE "{table}" DISABLE TRIGGER "{table}_version"')
        for column in {c for c, _v, _i in later}:
            sqlfn.executemany(
                f'UPDATE "{table}" SET "{column}" = ? WHERE "{key}" = ?',
                [(value, row_id) for c, value, row_id in later if c == column],
            )
        if versioned:
            db.execute_sql(f'ALTER TABLE "{table}" ENABLE TRIGGER "{table}_version"')
    import_sql.ids_given(table, columns)


def _fill(reader: _Reader, counts: dict[str, int], progress: Progress | None) -> dict[str, int]:
    """Copy every table into the open target, in one transaction; returns its counts."""
    with db.atomic():
        # the loyalty totals computed once at the end, not row by row through the triggers (a
        # new book nobody else uses; on PostgreSQL the triggers made a 100k copy take 15
        # minutes and left the totals tables bloated)
        totals = totals_computed_at_the_end()
        if not sqlfn.is_postgres():
            sqlfn.execute("PRAGMA defer_foreign_keys = ON")  # until this transaction ends
        with totals:
            sqlfn.execute(f'DELETE FROM "{Setting._meta.table_name}"')
            # PostgreSQL: the foreign keys and indexes made once after the rows (a new
            # database: nobody waits on its locks); back before the totals need them
            with import_sql.pg_keys_and_indexes_after([m._meta.table_name for m in COPIED]):
                for model in COPIED:
                    _copy_table(reader, model, counts[model._meta.table_name], progress)
        _copy_contents(reader)
        if sqlfn.is_postgres():
            # The search rebuild reads each table by customer, 2,000 customers a query; with
            # no statistics of the rows just copied PostgreSQL read the whole phone, vehicle
            # and tag tables for each (a 1,000,000-customer book: 500 times). ANALYZE counts
            # the transaction's own rows.
            sqlfn.execute("ANALYZE customer, policy, phone, vehicle, customer_tag, tag")
        with import_sql.pg_keys_and_indexes_after(["customer_search"]):  # its GIN indexes
            search.rebuild_index()
        copied = {
            table: int(sqlfn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            for table in counts
        }
        if copied != counts:
            wrong = next(t for t in counts if copied[t] != counts[t])
            raise RuntimeError(f"{wrong}: {counts[wrong]} rows read, {copied[wrong]} in the copy")
    return copied


def _copy_contents(reader: _Reader) -> None:
    """The attachments' bytes, from wherever the source keeps them to wherever the target
    does (``db/attachments.py``): the rows alone would list files nobody can open."""
    keys = [r[0] for r in sqlfn.execute('SELECT DISTINCT sha256 FROM "attachment"').fetchall()]
    for key in keys:
        data = reader.content(key)
        if data is not None:
            attachments.store(data)


def _side_files(path: Path) -> list[Path]:
    return [Path(f"{path}{s}") for s in ("", "-wal", "-shm", "-journal", ".lock")]


def _remove(paths: list[Path]) -> None:
    for p in paths:
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def copy_database(
    source: Path | str, target: Path | str, *, progress: Progress | None = None
) -> list[TableCount]:
    """Copy the database ``source`` into the empty ``target`` (each a file path or a
    ``postgresql://`` address), all or nothing. Returns each table's rows on both sides.

    Raises ``CopyRefused`` before writing anything; ``DatabaseOpenError`` when the target
    cannot be opened; a database error from the copy itself (the target is then left as
    it was)."""
    if _same(source, target):
        raise CopyRefused(
            _("{target} is the database being copied; choose another.", target=display(target))
        )
    check_target(target)
    reader = _Reader(source)
    try:
        counts = {m._meta.table_name: reader.count(m._meta.table_name) for m in COPIED}
        if is_url(target):
            close_database()
            open_database(str(target).strip())
            try:
                copied = _fill(reader, counts, progress)
            finally:
                close_database()
        else:
            copied = _copy_into_file(reader, Path(target), counts, progress)
    except (CopyRefused, DatabaseOpenError):
        raise
    except Exception as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise CopyFailed(
            _(
                "The copy failed; {target} was left as it was: {reason}",
                target=display(target),
                reason=reason.replace(str(target), display(target)),
            )
        ) from exc
    finally:
        reader.close()
    return [TableCount(t, counts[t], copied[t]) for t in counts]


def _copy_into_file(
    reader: _Reader, target: Path, counts: dict[str, int], progress: Progress | None
) -> dict[str, int]:
    temp = target.with_name(f".{target.name}.copy-{os.getpid()}")
    _remove(_side_files(temp))
    close_database()
    try:
        open_database(temp)
        copied = _fill(reader, counts, progress)
        close_database()  # the last connection: the WAL is written back and removed
        if Path(f"{temp}-wal").exists():
            raise DatabaseOpenError(_("{path} cannot be opened: {reason}", path=temp, reason="WAL"))
        with open(temp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(temp, target)
        if attachments.folder_for(temp).is_dir():  # the attachments' folder follows
            os.replace(attachments.folder_for(temp), attachments.folder_for(target))
    except BaseException:
        close_database()
        _remove(_side_files(temp))
        shutil.rmtree(attachments.folder_for(temp), ignore_errors=True)
        raise
    _remove(_side_files(temp))
    return copied
