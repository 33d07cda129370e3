"""Development helper: ``python -m crm_tui.db.freeze`` rewrites schema_v1.sql from the models.

Only allowed while schema 1 has never been released; afterwards every change is a new
migration step in ``migrations.py``.
"""

from __future__ import annotations

from pathlib import Path

import peewee

from .models import ALL_MODELS, db


def models_ddl() -> str:
    db.initialize(peewee.SqliteDatabase(":memory:"))
    out = []
    for model in ALL_MODELS:
        out.append(model._schema._create_table(safe=False).query()[0])
        for index in model._schema._create_indexes(safe=False):
            out.append(index.query()[0])
    return ";\n".join(out) + ";\n"


if __name__ == "__main__":
    target = Path(__file__).with_name("schema_v1.sql")
    target.write_text(models_ddl(), encoding="utf-8")
    print(f"wrote {target}")
