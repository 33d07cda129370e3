"""What an import works with: the file read as a ``Table``, the dry-run ``ImportPlan``
and its records, the ``ImportResult``; ``ImportFileError`` for a file that cannot be
imported at all."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar, cast

from ...safe_text import clean, has_controls

Progress = Callable[[int, int], None]

_F = TypeVar("_F", bound=Callable[..., Any])


def without_cycle_gc(fn: _F) -> _F:
    """Run ``fn`` with Python's cyclic garbage collector paused (then as it was).

    An import makes a few objects per row and keeps them all (100,000 rows: millions), so
    the collector ran again and again over a growing heap that holds no cycles to free:
    a third of the planning time. Reference counting still frees everything as usual."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not gc.isenabled():  # nested, or paused by the caller
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return cast(_F, wrapper)


class ImportFileError(Exception):
    """The file cannot be imported at all; the message is one line for the user."""


@dataclass
class Table:
    path: Path
    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]  # as the user sees them: spreadsheet row (header = 1), contact no.
    format: str = "csv"  # csv | vcard | xlsx
    encoding: str | None = None
    delimiter: str | None = None
    flavour: str = "csv"  # csv | google | outlook | vcard
    # vCard lines nobody could read: (line number in the file, its text)
    skipped_lines: list[tuple[int, str]] = field(default_factory=list)
    # rows (numbered as the user sees them) and column names that had control characters
    # removed: the report says so (cleaned_notice)
    cleaned_rows: list[int] = field(default_factory=list)
    cleaned_header: bool = False
    sheet: str | None = None  # XLSX: the sheet read

    def __post_init__(self) -> None:
        # Control characters never come in (a name with ESC [2J wiped the screen where
        # it was shown): removed from every cell and header as the file is read; a line
        # break inside a cell is kept for the notes, and becomes a space in one-line fields
        # when stored (crm_tui.safe_text).
        headers = [clean(h) for h in self.headers]
        self.cleaned_header = headers != self.headers
        self.headers = headers
        # one search over the whole table first: a file almost never has any (100,000 rows
        # checked cell by cell took a third of the read)
        self.rows = list(self.rows)
        if not has_controls("".join(chain.from_iterable(self.rows))):
            return
        rows = []
        for i, row in enumerate(self.rows):
            if any(has_controls(cell) for cell in row):
                row = [clean(cell, multiline=True) if has_controls(cell) else cell for cell in row]
                self.cleaned_rows.append(self.row_numbers[i] if i < len(self.row_numbers) else i)
            rows.append(row)
        self.rows = rows

    def sample(self, column: int, limit: int = 3) -> list[str]:
        out = []
        for row in self.rows:
            if column < len(row) and row[column].strip():
                out.append(row[column].strip())
                if len(out) >= limit:
                    break
        return out


@dataclass
class RowIssue:
    row: int
    message: str


@dataclass
class CustomerRecord:
    row: int
    values: dict
    phones: list[tuple[str, str]] = field(default_factory=list)  # (label, e164)
    tags: list[str] = field(default_factory=list)
    target_id: int | None = None  # merge into this existing customer


@dataclass
class PolicyRecord:
    row: int
    values: dict
    target_id: int | None = None  # existing policy to update (merge)
    renews_id: int | None = None  # stored policy this one renews (renewal lists)


@dataclass
class ImportPlan:
    kind: str  # customers | policies
    path: Path
    total: int
    create: list = field(default_factory=list)
    update: list = field(default_factory=list)
    duplicates: list[RowIssue] = field(default_factory=list)
    refused: list[RowIssue] = field(default_factory=list)
    # policies: rows that renew a stored policy (with the premium change), for the report
    renewals: list[RowIssue] = field(default_factory=list)
    on_duplicate: str = "skip"
    row_word: str = "row"
    # what the plan was made from, to re-check it at write time
    snapshot: tuple = ()
    source: tuple = ()  # (table, mapping, today)

    @property
    def ok(self) -> bool:
        return not self.refused

    def counts(self) -> tuple[int, int, int, int]:
        return (len(self.create), len(self.update), len(self.duplicates), len(self.refused))


@dataclass
class ImportResult:
    created: int
    updated: int
    skipped: int
    refused: int
