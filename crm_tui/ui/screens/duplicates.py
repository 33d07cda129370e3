"""Duplicates across the whole book (palette: "Duplicates"): likely pairs best first,
with what they share. ``m`` merges the second into the first (every record of both stays),
``d`` dismisses the pair for good, Enter opens the first's card, ``o`` the second's."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...domain.customers import duplicates as dup
from ...i18n import N_, _, format_number
from ..faults import act
from ..markup import escape
from ..widgets.keyfooter import KeyFooter
from ..widgets.safetable import SafeTable


def _who(name: str, cid: int) -> str:
    short = name if len(name) <= 20 else name[:19] + "…"
    return f"{short} #{cid}"


class DuplicatesScreen(Screen):
    TITLE = N_("Duplicates")
    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), id="duplicates.back"),
        Binding("m", "merge", N_("Merge"), id="duplicates.merge"),
        Binding("d", "dismiss_pair", N_("Not a duplicate"), id="duplicates.dismiss"),
        Binding("enter", "open_first", N_("Open first"), id="duplicates.open", show=True),
        Binding("o", "open_second", N_("Open second"), id="duplicates.open_second"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[dup.DuplicatePair] = []

    def compose(self) -> ComposeResult:
        yield Static(_("Likely duplicates, best first"), id="list-title")
        yield Static("", id="list-status")
        yield SafeTable(id="duplicates-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Score"), key="score")
        table.add_column(_("Customer"), key="a", width=24)
        table.add_column(_("Same as"), key="b", width=24)
        table.add_column(_("Why"), key="why")
        table.loading = True
        self.reload()

    @work(exclusive=True, group="duplicates")
    async def reload(self) -> None:
        app: Any = self.app  # CrmApp: db() runs the call off the UI thread
        self.pairs = await app.db(dup.find_duplicate_pairs)
        table = self.query_one(DataTable)
        table.loading = False
        line = table.cursor_row
        table.clear()
        for p in self.pairs:
            table.add_row(
                Text(str(p.score), justify="right"),
                escape(_who(p.a_name, p.a)),
                escape(_who(p.b_name, p.b)),
                p.reason_text(),
                key=f"{p.a}-{p.b}",
            )
        status = _("{n} likely pairs", n=format_number(len(self.pairs)))
        status += " · " + _("m merge the second into the first · d not a duplicate")
        self.query_one("#list-status", Static).update(status)
        if table.row_count:
            table.move_cursor(row=min(line, table.row_count - 1))
        table.focus()

    def _current(self) -> dup.DuplicatePair | None:
        table = self.query_one(DataTable)
        return self.pairs[table.cursor_row] if table.row_count else None

    def action_merge(self) -> None:
        pair = self._current()
        if pair is None:
            return

        def merged(_customer) -> None:
            self.app.notify(_("Merged {b} into {a}.", a=pair.a_name, b=pair.b_name))
            self.reload()

        act(self, dup.merge_pair, pair.a, pair.b, then=merged)

    def action_dismiss_pair(self) -> None:
        pair = self._current()
        if pair is None:
            return
        act(self, dup.dismiss_pair, pair.a, pair.b, then=lambda _r: self.reload())

    def action_open_first(self) -> None:
        pair = self._current()
        if pair is not None:
            self.app.open_customer(pair.a)  # type: ignore[attr-defined]

    def action_open_second(self) -> None:
        pair = self._current()
        if pair is not None:
            self.app.open_customer(pair.b)  # type: ignore[attr-defined]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_first()


__all__ = ["DuplicatesScreen"]
