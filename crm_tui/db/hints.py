"""Query-planner hints. They are SQLite functions, so they live in the db layer; on
PostgreSQL they are the plain conditions (``sqlfn.likely``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from peewee import SQL, Node

from .sqlfn import likely as _likely

_CODE = re.compile(r"[a-z_]+")


def likely_in(column: Node, codes: Iterable[str]) -> Node:
    """``column IN (codes)`` that the planner treats as true for most rows.

    SQLite then prefers a partial index whose WHERE clause is this same ``IN`` list (read in
    the order an ORDER BY wants, ended by a LIMIT) over an equality lookup on a plain index
    of ``column`` followed by a sort. The codes are written into the SQL text: a partial
    index is matched against literal values only when the term sits inside a function.
    They are constants of the code (status names), never user input."""
    literals = []
    for code in codes:
        if not _CODE.fullmatch(code):
            raise ValueError(f"not a plain code: {code!r}")
        literals.append(SQL(f"'{code}'"))
    return _likely(column.in_(literals))


def likely(expr: Node) -> Node:
    """``expr``, which the planner treats as true for most rows (so it does not pick an
    index for it)."""
    return _likely(expr)
