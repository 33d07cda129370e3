"""Files written before control characters were kept out of stored text (see
crm_tui.safe_text) are cleaned once, when this version first opens them: every text
column of every table, in one transaction, then the search index of the customers whose
text changed. A setting marks the file as done, so later opens cost one lookup."""

from __future__ import annotations

from ..safe_text import CONTROL_CLASS, clean
from . import models, search, sqlfn
from .model_base import CharField, TextField
from .models import Customer, Setting, db

MARKER = "stored_text_clean"
# GLOB classes of what clean() removes (one-line fields also lose tab and line breaks);
# NUL cannot stand in an SQL string, so the class starts at \x01
_CONTROLS = CONTROL_CLASS.replace("\x00", "\x01", 1)
_MULTI_LINE = f"*[{_CONTROLS}]*"
_ONE_LINE = f"*[\t\n\r{_CONTROLS}]*"
# the same classes as PostgreSQL regular expressions (its text holds no NUL either)
_MULTI_LINE_RE = f"[{_CONTROLS}]"
_ONE_LINE_RE = f"[\t\n\r{_CONTROLS}]"


def _text_columns():
    for model in vars(models).values():
        if not (isinstance(model, type) and issubclass(model, models.BaseModel)):
            continue
        if model in (models.BaseModel, Setting):
            continue
        pk = model._meta.primary_key
        if pk is None or isinstance(pk, (CharField, TextField)):
            continue
        for field in model._meta.sorted_fields:
            if isinstance(field, (CharField, TextField)):
                yield model, pk.column_name, field


def clean_stored_text() -> int:
    """Clean what an earlier version stored; returns how many values changed."""
    if Setting.get_or_none(Setting.key == MARKER) is not None:
        return 0
    changed = 0
    customers: set[int] = set()
    with db.atomic():
        for model, pk, field in _text_columns():
            table, column = model._meta.table_name, field.column_name
            multiline = isinstance(field, TextField)
            if sqlfn.is_postgres():
                op, pattern = "~", _MULTI_LINE_RE if multiline else _ONE_LINE_RE
            else:
                op, pattern = "GLOB", _MULTI_LINE if multiline else _ONE_LINE
            rows = sqlfn.execute(
                f'SELECT "{pk}", "{column}" FROM "{table}" WHERE "{column}" {op} ?', (pattern,)
            ).fetchall()
            for key, value in rows:
                if not isinstance(value, str):
                    continue
                new = clean(value, multiline=multiline)
                if new != value:
                    sqlfn.execute(
                        f'UPDATE "{table}" SET "{column}" = ? WHERE "{pk}" = ?', (new, key)
                    )
                    changed += 1
                    if model is Customer:
                        customers.add(key)
        if customers:
            search.index_customers(customers)
        Setting.insert(key=MARKER, value="true").on_conflict_ignore().execute()
    return changed
