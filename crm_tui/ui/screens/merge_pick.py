"""Merge: pick the duplicate card whose records move onto the current one."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from ...domain.customers import search_customers
from ...i18n import N_, _
from ..markup import escape  # every "[" (Textual markup reads further than Rich)
from ..widgets.safetable import SafeTable


class MergePickScreen(ModalScreen[int | None]):
    """Find the duplicate card whose records should move onto the current one."""

    BINDINGS = [Binding("escape", "dismiss(None)", N_("Cancel"), id="merge.cancel")]

    def __init__(self, customer_id: int, name: str) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.name_text = name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                _("Which customer should be merged into {name}?", name=escape(self.name_text)),
                id="merge-title",
            )
            yield Input(placeholder=_("Search by name, phone, e-mail…"), id="merge-search")
            yield SafeTable(id="merge-results", cursor_type="row")
            yield Static(_("Enter choose · Escape cancel"), classes="keys")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Name"), _("Phone"), _("City"))
        self.query_one(Input).focus()

    @on(Input.Changed, "#merge-search")
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @work(exclusive=True, group="merge-search")
    async def _search(self, text: str) -> None:
        hits = []
        if text.strip():
            hits = await self.app.run_in_db_thread(
                search_customers, text, 20, include_archived=True
            )
        table = self.query_one(DataTable)
        table.clear()
        for hit in hits:
            if hit.id == self.customer_id:
                continue
            table.add_row(
                Text(f"{hit.name} (#{hit.id})"),
                hit.phone or "",
                Text(hit.city or ""),
                key=str(hit.id),
            )

    @on(Input.Submitted, "#merge-search")
    def _submitted(self, event: Input.Submitted) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            row_key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key
            self.dismiss(int(row_key.value))

    def on_key(self, event) -> None:
        if event.key == "down" and self.query_one(Input).has_focus:
            table = self.query_one(DataTable)
            if table.row_count:
                event.stop()
                table.focus()

    @on(DataTable.RowSelected, "#merge-results")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        self.dismiss(int(event.row_key.value))
