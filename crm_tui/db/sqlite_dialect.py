"""The SQLite backend of ``dialect.Dialect``."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from peewee import Database, DatabaseProxy, Field, Model

SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite file

# -- error classification (sqlite3's error names, or their messages on older Pythons) ----

_CORRUPT_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def _sqlite_error(exc: BaseException) -> BaseException:
    """The underlying sqlite3 exception of a peewee-wrapped one (or ``exc`` itself)."""
    return getattr(exc, "orig", None) or exc


def _error_name(exc: BaseException) -> str:
    inner = _sqlite_error(exc)
    name = getattr(inner, "sqlite_errorname", "") or ""
    if name:
        return name
    text = str(inner).lower()
    if "locked" in text or "busy" in text:
        return "SQLITE_BUSY"
    if "disk is full" in text or "database or disk is full" in text:
        return "SQLITE_FULL"
    if "readonly" in text or "read-only" in text:
        return "SQLITE_READONLY"
    if "malformed" in text:
        return "SQLITE_CORRUPT"
    if "not a database" in text:
        return "SQLITE_NOTADB"
    if "disk i/o error" in text:
        return "SQLITE_IOERR"
    return ""


def is_corrupt_error(exc: BaseException) -> bool:
    """The file is damaged (or not a database at all)."""
    return _error_name(exc).startswith(_CORRUPT_CODES)


class SqliteDialect:
    name = "sqlite"
    # SQLite before 3.32 allowed 999 bound parameters per statement (newer: 32766); 900
    # leaves room for the few others a statement binds.
    max_params = 900
    search = None  # the FTS5 index of crm_tui.db.search

    def upsert(self, model: type[Model], conflict: Sequence[Field], values: dict[str, Any]) -> None:
        keys = {f.name for f in conflict}
        update = [model._meta.fields[name] for name in values if name not in keys]
        query = model.insert(**values)
        if update:
            query = query.on_conflict(conflict_target=list(conflict), preserve=update)
        else:
            query = query.on_conflict_ignore()
        query.execute()

    def prepared_plans(self) -> AbstractContextManager[None]:
        # Python's sqlite3 keeps the compiled statements of each connection already
        return nullcontext()

    def read_snapshot(self, database: Database | DatabaseProxy) -> AbstractContextManager[Any]:
        # Every other transaction starts IMMEDIATE (connection.py); a DEFERRED one reads a
        # WAL snapshot and never waits for, nor blocks, the other desks' writes.
        return database.atomic("DEFERRED")


SQLITE = SqliteDialect()
