"""Loading a crm-tui JSON export (the whole database) into an empty database."""

from __future__ import annotations

import json
from pathlib import Path

from ...db import import_sql, search
from ...db.models import db
from ...i18n import _
from ...safe_text import clean
from .files import _read_text
from .model import ImportFileError

# -- JSON export (whole database) -----------------------------------------------------


def import_json(path: Path | str) -> dict[str, int]:
    """Load a crm-tui JSON export into an EMPTY database; returns rows per table."""
    from ...db.migrations import SCHEMA_VERSION

    path = Path(path).expanduser()
    text, _enc = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            _("{path} is not valid JSON: {reason}", path=path, reason=exc.msg)
        ) from exc
    if not isinstance(data, dict) or data.get("format") != "crm-tui" or "tables" not in data:
        raise ImportFileError(_("{path} is not a crm-tui JSON export.", path=path))
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ImportFileError(
            _(
                "{path} comes from database schema {found}; this version needs {known}.",
                path=path,
                found=data.get("schema_version"),
                known=SCHEMA_VERSION,
            )
        )
    tables = data["tables"]
    known = import_sql.table_names()
    counts: dict[str, int] = {}
    for name in known:
        if name != "setting" and import_sql.count_rows(name):
            raise ImportFileError(
                _(
                    "A JSON export is loaded into an empty database only; this one already has data ({table}).",
                    table=name,
                )
            )
    with db.atomic():
        import_sql.defer_foreign_keys()
        for name in known:
            block = tables.get(name)
            if not block:
                continue
            columns = block.get("columns", [])
            have = set(import_sql.table_columns(name))
            unknown = [c for c in columns if c not in have]
            if unknown:
                raise ImportFileError(
                    _(
                        "{path}: table {table} has unknown columns {columns}.",
                        path=path,
                        table=name,
                        columns=", ".join(unknown),
                    )
                )
            rows = block.get("rows", [])
            # no control characters come in this way either (line breaks kept)
            cleaned = [
                tuple(clean(v, multiline=True) if isinstance(v, str) else v for v in r)
                for r in rows
            ]
            import_sql.load_table(name, columns, cleaned)
            counts[name] = len(rows)
        files = data.get("files")
        if isinstance(files, dict):
            from ..attachments import load_contents

            counts["files"] = load_contents(files)
        search.rebuild_index()
    from ..privacy import reapply_erasures

    # an export made before a KVKK erasure must not bring the person back
    counts["erased_again"] = len(reapply_erasures())
    return counts


def is_json_file(path: Path | str) -> bool:
    path = Path(path)
    if path.suffix.lower() == ".json":
        return True
    return False
