"""The base of the models: the database proxy, ``now``, the text and money fields.

Text fields clean what they store (``safe_text.clean``: no terminal escapes); money is
stored as integer minor units (kuruş/cents) so SQL sums are exact, and read as ``Decimal``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from peewee import AutoField, DatabaseProxy, IntegerField, Model
from peewee import CharField as _CharField
from peewee import TextField as _TextField

from ..safe_text import clean

db = DatabaseProxy()


def now() -> datetime:
    """Local wall-clock time without microseconds; honours the frozen test clock."""
    from ..clock import now as _now

    return _now()


class CharField(_CharField):
    """A one-line text: control characters never stored (see crm_tui.safe_text); a line
    break or tab becomes a space."""

    def db_value(self, value):
        if isinstance(value, str):
            value = clean(value)
        return super().db_value(value)


class TextField(_TextField):
    """A text that may have several lines: control characters never stored, line breaks
    and tabs kept."""

    def db_value(self, value):
        if isinstance(value, str):
            value = clean(value, multiline=True)
        return super().db_value(value)


class MoneyField(IntegerField):
    """Decimal in Python, integer minor units (1/100) in SQLite."""

    field_type = "INTEGER"

    def db_value(self, value):
        if value is None:
            return None
        if not isinstance(value, Decimal):
            value = Decimal(str(value))
        return int((value * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))

    def python_value(self, value):
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(Decimal("0.01"))


class BaseModel(Model):
    # For the type checker only: peewee adds this primary key at runtime to every model that
    # declares none (Setting's primary key is ``key``).
    id: AutoField[int]

    class Meta:
        database = db
        legacy_table_names = False
