"""Fast bulk inserts for generated and imported data (engine specifics live in ``db/``).

Peewee's ``insert_many`` spends most of its time building SQL in Python; the raw driver's
``executemany`` is about ten times faster. ``bulk_insert``
takes rows of Python values, converts them the way the model fields store them
(money → integer minor units, dates → ``YYYY-MM-DD``, datetimes →
``YYYY-MM-DD HH:MM:SS``, booleans → bool, which SQLite stores as 0/1) and inserts them in one transaction
(a savepoint when the caller already holds one). Model fields left out get their
peewee default (evaluated once per call), as ``Model.create`` would give them.

Pass ``raw=True`` when the rows already hold stored values (the demo generator
does this for speed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from peewee import BooleanField, DateField, DateTimeField, ForeignKeyField, Model

from . import import_sql, sqlfn
from .models import MoneyField, db, stored_fields

Converter = Callable[[Any], Any]


def money_minor(value: Any) -> int | None:
    """Decimal (or text/int/float amount) → integer minor units, as MoneyField stores it."""
    if value is None:
        return None
    return MoneyField().db_value(value if isinstance(value, Decimal) else Decimal(str(value)))


def iso_date(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def iso_datetime(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat() + " 00:00:00"
    return value


def _bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _fk(value: Any) -> Any:
    return value.id if isinstance(value, Model) else value


def _converter(field) -> Converter | None:
    if isinstance(field, MoneyField):
        return money_minor
    if isinstance(field, DateTimeField):
        return iso_datetime
    if isinstance(field, DateField):
        return iso_date
    if isinstance(field, BooleanField):
        return _bool
    if isinstance(field, ForeignKeyField):
        return _fk
    return None


def _resolve(model_or_table: type[Model] | str, columns: Sequence[str]):
    """Table name, stored column names, per-column converters (None = as is) and the
    stored defaults of the model fields not given (peewee defaults live in Python)."""
    if isinstance(model_or_table, str):
        return model_or_table, list(columns), [None] * len(columns), {}
    meta = model_or_table._meta
    stored = stored_fields(model_or_table)  # Policy's commission too
    by_column = {f.column_name: f for f in stored}
    by_name = {f.name: f for f in stored}
    names: list[str] = []
    converters: list[Converter | None] = []
    given = set()
    for col in columns:
        field = by_name.get(col) or by_column.get(col)
        if field is None:
            raise ValueError(f"{meta.table_name} has no column {col!r}")
        given.add(field.name)
        names.append(field.column_name)
        converters.append(_converter(field))
    defaults = {}
    for field in meta.sorted_fields:
        if field.name in given or field.default is None:
            continue
        value = field.default() if callable(field.default) else field.default
        conv = _converter(field)
        defaults[field.column_name] = conv(value) if conv else value
    return meta.table_name, names, converters, defaults


def bulk_insert(
    model_or_table: type[Model] | str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    raw: bool = False,
) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) into a model's table; returns the count.

    ``columns`` are field names (``customer``) or column names (``customer_id``). With a
    table name instead of a model, or with ``raw=True``, values go in as given (no
    conversion, no defaults).
    Runs in one transaction: nothing is written when a row fails.
    """
    table, names, converters, defaults = _resolve(model_or_table, columns)
    if not raw and (any(converters) or defaults):
        pairs = [(i, c) for i, c in enumerate(converters) if c is not None]
        tail = list(defaults.values())
        names = names + list(defaults)

        def convert(row: Sequence[Any]) -> list[Any]:
            out = list(row)
            for i, conv in pairs:
                out[i] = conv(out[i])
            return out + tail

        rows = map(convert, rows)
    with db.atomic():
        if sqlfn.is_postgres():
            rows = import_sql.postgres_rows(table, names, rows)
        count = sqlfn.insert_many(table, names, rows)
        import_sql.ids_given(table, names)
    return count


def next_id(model_or_table: type[Model] | str) -> int:
    """The id the next inserted row of this table would get (for explicit-id bulk inserts)."""
    table = model_or_table if isinstance(model_or_table, str) else model_or_table._meta.table_name
    row = db.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()
    return int(row[0]) + 1


@contextmanager
def fast_load():
    """Relax durability while a *new* database is being filled (benchmarks, demo files).

    ``synchronous = OFF`` for the duration; restored to the configured value afterwards.
    Never use it on a database holding real data.
    """
    if sqlfn.is_postgres():  # nothing to relax per connection there
        yield
        return
    previous = db.execute_sql("PRAGMA synchronous").fetchone()[0]
    db.execute_sql("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA synchronous = {int(previous)}")
