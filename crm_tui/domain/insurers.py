"""Insurers as the book spells them: "AXA SİGORTA", "Axa Sigorta" and "axa  sigorta" are
one insurer. Names are matched in Python on the few distinct names the policies use (not
with SQL LOWER, which folds ASCII only and differs between engines), then the query asks
for those spellings exactly."""

from __future__ import annotations

from typing import Any

from ..db.models import Policy
from ..db.search import fold


def insurer_key(insurer: str | None) -> str:
    """An insurer's name as it is matched: spaces squeezed, Turkish İ/ı and accents folded
    ("AXA SİGORTA" is "axa sigorta"), the same on both engines."""
    return fold(" ".join((insurer or "").split()))


def providers() -> list[str]:
    """Every insurer as the policies spell it (a few dozen names)."""
    query = Policy.select(Policy.provider).where(Policy.provider.is_null(False)).distinct()
    rows: Any = query.tuples()
    return [row[0] for row in rows]


def spellings(insurer: str, names: list[str] | None = None) -> list[str]:
    """The spellings of ``insurer`` the policies use: "axa sigorta" finds "AXA SİGORTA"."""
    key = insurer_key(insurer)
    return [p for p in (names if names is not None else providers()) if insurer_key(p) == key]
