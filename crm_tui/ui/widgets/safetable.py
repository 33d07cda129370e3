"""The app's DataTable: cells holding stored text never send control characters to the
terminal (a name imported with ``ESC [2J`` once wiped the screen; see crm_tui.safe_text)."""

from __future__ import annotations

from typing import Any

from rich.errors import MarkupError
from rich.text import Text

from ...safe_text import printable
from ..textual_compat import FixedRowsTable


def _safe(cell: Any) -> Any:
    if isinstance(cell, str):
        return _markup_or_text(printable(cell))
    if isinstance(cell, Text):
        shown = printable(cell.plain)
        if shown != cell.plain:
            cell = cell.copy()
            cell.plain = shown  # one symbol per character: the styles keep their place
    return cell


def _markup_or_text(cell: str) -> Any:
    """A string cell is Rich markup to DataTable. Stored text put in unescaped (a
    subject ``Kırık [/]``) made the parser raise while the table was drawn, which ended
    the app: such a cell is shown as the plain text it is."""
    if "[" not in cell:
        return cell
    try:
        Text.from_markup(cell)
    except MarkupError:
        return Text(cell, end="")
    return cell


class SafeTable(FixedRowsTable):
    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        return super().add_row(*(_safe(cell) for cell in cells), **kwargs)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell(row_key, column_key, _safe(value), **kwargs)

    def update_cell_at(self, coordinate: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell_at(coordinate, _safe(value), **kwargs)
