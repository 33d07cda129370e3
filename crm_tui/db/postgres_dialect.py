"""The PostgreSQL backend of ``dialect.Dialect`` (connecting and the schema of a new
database: ``postgres.py``; the customer search: ``postgres_search.py``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from peewee import Database, DatabaseProxy, Field, Model

from . import postgres_search


class PostgresDialect:
    name = "postgresql"
    # The protocol allows 65535 bound parameters per statement; what psycopg sends for a
    # long IN (…) list stays well below that with this.
    max_params = 30000
    search = postgres_search

    def upsert(self, model: type[Model], conflict: Sequence[Field], values: dict[str, Any]) -> None:
        keys = {f.name for f in conflict}
        update = [model._meta.fields[name] for name in values if name not in keys]
        query = model.insert(**values)
        if update:
            query = query.on_conflict(conflict_target=list(conflict), preserve=update)
        else:
            query = query.on_conflict_ignore()  # ON CONFLICT DO NOTHING
        query.execute()

    def prepared_plans(self) -> AbstractContextManager[None]:
        from .postgres import prepared_plans

        return prepared_plans()

    @contextmanager
    def read_snapshot(self, database: Database | DatabaseProxy) -> Iterator[Any]:
        """REPEATABLE READ: every statement sees the state of the first one, and writers on
        other connections are never blocked nor block it. Not READ ONLY: the loyalty
        figures build temporary tables of this connection inside the snapshot. Inside a transaction
        already open it is a savepoint of that one."""
        if database.in_transaction():
            with database.atomic() as inner:
                yield inner
            return
        with database.atomic("REPEATABLE READ") as txn:
            yield txn


POSTGRES = PostgresDialect()
