"""SQL expressions the complaints list needs that depend on the engine (date arithmetic,
matching text with Turkish letters folded), kept here so the domain stays portable: SQLite
uses ``julianday`` and GLOB, PostgreSQL a day number from the epoch and a regular
expression (``~``) with the same character classes."""

from __future__ import annotations

from datetime import datetime

from peewee import Case, Expression, Field

from . import sqlfn
from .models import Complaint
from .search import fold


def effective_deadline(now: datetime) -> Case:
    """The deadline as it stands ``now`` (Julian day): a complaint waiting on the customer
    has its clock paused, so its deadline moves forward with the wait still running."""
    day = sqlfn.day_number_of
    deadline = day(Complaint.deadline_at)
    paused = deadline - day(Complaint.waiting_since) + day(now)
    return Case(None, [(Complaint.waiting_since.is_null(False), paused)], deadline)


# Every character a folded letter stands for (fold: lower case, Turkish dotless/dotted
# i to i, accents off), so a GLOB character class can match them all in C.
_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZçÇğĞıİöÖşŞüÜâÂîÎûÛêÊéÉèÈáÁàÀäÄëËïÏôÔ"
)
_VARIANTS: dict[str, str] = {}
for _ch in _ALPHABET:
    _key = fold(_ch)
    if len(_key) == 1:
        _VARIANTS[_key] = _VARIANTS.get(_key, "") + _ch
_GLOB_SPECIAL = {"*": "[*]", "?": "[?]", "[": "[[]"}


def folded_glob(text: str) -> str:
    """A GLOB pattern for "contains ``text``, ignoring case and Turkish letters"."""
    parts = []
    for ch in fold(" ".join(text.split())):
        variants = _VARIANTS.get(ch)
        if variants and len(variants) > 1:
            parts.append(f"[{variants}]")
        else:
            parts.append(_GLOB_SPECIAL.get(ch, ch))
    return "*" + "".join(parts) + "*"


def folded_regex(text: str) -> str:
    """The same as ``folded_glob`` as a PostgreSQL regular expression (unanchored)."""
    parts = []
    for ch in fold(" ".join(text.split())):
        variants = _VARIANTS.get(ch)
        if variants and len(variants) > 1:
            parts.append(f"[{variants}]")
        elif ch.isalnum():
            parts.append(ch)
        else:  # a backslash before anything but a letter or digit makes it literal
            parts.append("\\" + ch)
    return "".join(parts)


def folded_contains(column: Field, text: str) -> Expression:
    """``column`` contains ``text`` ignoring case and Turkish letters (``cizgi`` finds
    *Çizgi*, ``isik`` finds *IŞIK*). A GLOB with a character class per letter runs in
    SQLite's C code: calling the Python ``fold`` for every row is ~50x slower."""
    if sqlfn.is_postgres():
        return Expression(column, "~", folded_regex(text))
    return Expression(column, "GLOB", folded_glob(text))
