"""The backend seam: what differs between database engines, behind one small interface.

Domain code never names an engine. Where SQL dialects differ it calls the helpers below,
which ask the ``Dialect`` chosen by ``connection.open_database`` when the database is
opened (``current_dialect()``):

- ``upsert(model, conflict, **values)``: insert a row, or update it when a row with the same
  ``conflict`` columns exists (SQLite: ``INSERT … ON CONFLICT … DO UPDATE``);
- ``read_snapshot()``: a transaction that reads one consistent state of the database without
  taking the write lock (SQLite: ``BEGIN DEFERRED``);
- ``chunked(ids)``: a long list cut into pieces small enough for one ``IN (…)`` each (the
  engine's limit of bound parameters, ``Dialect.max_params``).

Backends: SQLite (``sqlite_dialect``, a file path) and PostgreSQL (``postgres_dialect``, a
``postgresql://`` address; ``postgres`` connects and creates the schema).

A backend is one class implementing ``Dialect`` (see ``sqlite_dialect.SqliteDialect``), plus
the engine-specific modules of this package (connection checks, backup and purge, analytics
SQL, search index); docs/ARCHITECTURE.md says how to add one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, TypeVar

from peewee import Database, DatabaseProxy, Field, Model

from .models import db
from .sqlite_dialect import SQLITE

T = TypeVar("T")


class Dialect(Protocol):
    """What a database backend implements (one instance per engine)."""

    name: str  # "sqlite" or "postgresql"
    max_params: int  # bound parameters one statement may safely carry

    @property
    def search(self) -> Any:
        """The customer search of this engine (a module with index_customers, add_rows,
        rebuild_index, match_ids, word_tier, phone_tier, phone_prefix); None: SQLite's FTS5
        in ``crm_tui.db.search`` itself."""
        ...

    def upsert(self, model: type[Model], conflict: Sequence[Field], values: dict[str, Any]) -> None:
        """Insert ``values`` into ``model``'s table, or update the row whose ``conflict``
        columns (a unique key) equal theirs."""
        ...

    def read_snapshot(self, database: Database | DatabaseProxy) -> AbstractContextManager[Any]:
        """A read-only transaction over one consistent state that lets writers go on."""
        ...

    def prepared_plans(self) -> AbstractContextManager[None]:
        """Statements run inside keep their compiled plan for the next run."""
        ...


_current: Dialect | None = None


def use_dialect(dialect: Dialect | None) -> None:
    """Set by ``connection.open_database`` (None when the database is closed)."""
    global _current
    _current = dialect


def current_dialect() -> Dialect:
    """The dialect of the open database (SQLite, the default, when none is open yet)."""
    if _current is not None:
        return _current
    return SQLITE


def upsert(model: type[Model], conflict: Sequence[Field], **values: Any) -> None:
    current_dialect().upsert(model, conflict, values)


def read_snapshot() -> AbstractContextManager[Any]:
    return current_dialect().read_snapshot(db)


def prepared_plans() -> AbstractContextManager[None]:
    """For a screen's queries run again and again with the same shape: on PostgreSQL they
    are prepared on the server, so a second run is not planned again (SQLite's driver
    keeps its compiled statements anyway)."""
    return current_dialect().prepared_plans()


def chunked(items: Sequence[T], reserve: int = 0) -> Iterator[list[T]]:
    """``items`` in pieces of at most ``max_params - reserve`` (``reserve``: the other
    parameters the statement binds)."""
    size = max(1, current_dialect().max_params - reserve)
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
