"""Column mappings saved under a name (an insurer's: "Anadolu üretim") and offered again
for the next file with the same column names.

Kept in the shared settings (key ``import_mappings``: every desk of the office sees
them), as ``{name: {"kind", "headers", "mapping"}}``; headers are compared folded
(``Poliçe No`` = ``POLICE NO``), so a re-typed header row still matches.
"""

from __future__ import annotations

from ...i18n import _
from ..errors import ValidationError
from ..import_mapping import check_mapping, fields_for, norm
from ..settings import get_setting, set_setting

KEY = "import_mappings"


def _all() -> dict[str, dict]:
    value = get_setting(KEY)
    return value if isinstance(value, dict) else {}


def save_mapping(name: str, kind: str, headers: list[str], mapping: list[str]) -> None:
    """Save (or replace) the mapping ``name`` for files with these ``headers``."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Give the mapping a name (e.g. the insurer's)."))
    if len(mapping) != len(headers):
        raise ValidationError(_("The mapping does not fit the file's columns."))
    check_mapping(mapping, kind)
    saved = _all()
    saved[name] = {"kind": kind, "headers": [norm(h) for h in headers], "mapping": list(mapping)}
    set_setting(KEY, saved)


def delete_mapping(name: str) -> bool:
    saved = _all()
    if saved.pop(name, None) is None:
        return False
    set_setting(KEY, saved)
    return True


def saved_names(kind: str | None = None) -> list[str]:
    return sorted(n for n, m in _all().items() if kind is None or m.get("kind") == kind)


def mapping_named(name: str, headers: list[str], kind: str) -> list[str]:
    """The saved mapping ``name`` applied to a file with ``headers``: by column name, so a
    list whose columns moved still maps; a column it does not know is ignored."""
    entry = _all().get(name)
    if entry is None or entry.get("kind") != kind:
        raise ValidationError(
            _(
                "No saved mapping '{name}'. Saved: {names}.",
                name=name,
                names=", ".join(saved_names(kind)) or "-",
            )
        )
    by_header = dict(zip(entry["headers"], entry["mapping"], strict=False))
    valid = set(fields_for(kind))
    return [
        by_header.get(norm(h), "ignore") if by_header.get(norm(h)) in valid else "ignore"
        for h in headers
    ]


def offered_mapping(headers: list[str], kind: str) -> tuple[str, list[str]] | None:
    """(name, mapping) of a saved mapping made for the same columns, or None."""
    key = [norm(h) for h in headers]
    saved = _all()
    for name in sorted(saved):
        entry = saved[name]
        if entry.get("kind") == kind and entry.get("headers") == key:
            return name, mapping_named(name, headers, kind)
    return None
