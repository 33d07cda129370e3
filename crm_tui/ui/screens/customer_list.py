"""A list of given customers (every drill-down of the Loyalty screen): name, phone, city.

``CustomerListScreen(title, ids=None, loader=None)``: either the ids, or a function that
returns them (run off the UI thread); best customers first, with their last purchase and
revenue. Rows are loaded page by page as the cursor moves
down, so a list of 20,000 customers opens as fast as one of 20. Enter opens the card.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...domain.loyalty import customer_rows
from ...i18n import N_, _, format_date, format_money, format_number
from ..markup import escape  # every "[" (Textual markup reads further than Rich)
from ..widgets.keyfooter import KeyFooter
from ..widgets.safetable import SafeTable


def whole_money(amount) -> str:
    """Whole currency units: 1.234.567 ₺ / ₺1,234,567 (the decimals would not fit)."""
    import re
    from decimal import Decimal

    return re.sub(r"[.,]00(?!\d)", "", format_money(Decimal(round(amount))))


# the tables whose changes the rows show (name, phone, city, last purchase, revenue)
LIST_SHOWS = frozenset({"*", "customer", "phone", "purchase"})


class CustomerListScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), id="customer_list.back"),
        Binding("enter", "open", N_("Open card"), id="customer_list.open", show=True),
    ]

    def __init__(
        self,
        title: str,
        ids: list[int] | None = None,
        loader: Callable[[], list[int]] | None = None,
    ) -> None:
        super().__init__()
        self.list_title = title
        self.ids: list[int] | None = list(ids) if ids is not None else None
        self.loader = loader
        self.loaded = 0
        self._paging = False
        self._ready = False  # the first page is shown (live changes wait for it)

    def compose(self) -> ComposeResult:
        yield Static(self.list_title, id="list-title")
        yield Static("", id="list-status")
        yield SafeTable(id="list-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = self.list_title
        table = self.query_one(DataTable)
        table.add_column(_("Name"), key="name")
        table.add_column(_("Phone"), key="phone")
        table.add_column(_("City"), key="city")
        table.add_column(_("Last purchase"), key="last")
        table.add_column(_("Revenue"), key="revenue")
        table.loading = True
        self.load()

    @work(exclusive=True, group="customer-list")
    async def load(self) -> None:
        if self.ids is None and self.loader is not None:
            self.ids = await self.app.db(self.loader)
        self.ids = self.ids or []
        table = self.query_one(DataTable)
        table.loading = False
        self._update_status()
        if not self.ids:
            self._show_empty(True)
            self._ready = True
            return
        await self._next_page()
        table.focus()
        self._ready = True

    def _show_empty(self, empty: bool) -> None:
        table = self.query_one(DataTable)
        table.display = not empty
        notes = self.query(".empty-state")
        if empty and not notes:
            self.mount(Static(_("No customers in this list."), classes="empty-state"))
        elif not empty:
            notes.remove()

    def live_changed(self, change) -> None:
        """Another desk or window changed customers (ui/live.py): the list is read again
        (the loader picks the customers anew), as many rows as were shown, the cursor kept
        on its customer (else on its line)."""
        if change.tables & LIST_SHOWS and self._ready and not self._paging:
            self.refresh_rows()

    @work(exclusive=True, group="customer-list")
    async def refresh_rows(self) -> None:
        ids = await self.app.db(self.loader) if self.loader is not None else list(self.ids or [])
        count = min(len(ids), max(self.loaded, self.page_size()))
        rows = await self.app.db(customer_rows, ids[:count])
        if not self.is_mounted:
            return
        table = self.query_one(DataTable)
        line = table.cursor_row
        key = None
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        had_focus = table.has_focus
        table.clear()
        self.ids, self.loaded = ids, 0
        self._add_rows(rows)
        self.loaded = count
        self._update_status()
        self._show_empty(not ids)
        if table.row_count:
            keys = [str(row.id) for row in rows]
            target = keys.index(key) if key in keys else min(line, table.row_count - 1)
            table.move_cursor(row=target, animate=False, scroll=True)
            if had_focus or self.focused is None:
                table.focus()

    def _update_status(self) -> None:
        total = len(self.ids or [])
        text = _("{n} customers", n=format_number(total))
        if self.loaded < total:
            text += " · " + _(
                "showing {shown}; move down for more", shown=format_number(self.loaded)
            )
        text += " · " + _("Enter opens the card")
        self.query_one("#list-status", Static).update(text)

    async def _next_page(self) -> None:
        if self._paging or self.ids is None or self.loaded >= len(self.ids):
            return
        self._paging = True
        try:
            chunk = self.ids[self.loaded : self.loaded + self.page_size()]
            rows = await self.app.db(customer_rows, chunk)
            self._add_rows(rows)
            self.loaded += len(chunk)
            self._update_status()
        finally:
            self._paging = False

    def _add_rows(self, rows: list) -> None:
        table = self.query_one(DataTable)
        for row in rows:
            table.add_row(
                # a name is data, never markup ("Ali [Usta]")
                escape(row.name if len(row.name) <= 36 else row.name[:35] + "…"),
                row.phone,
                escape(row.city),
                format_date(row.last_purchase) if row.last_purchase else "–",
                Text(whole_money(row.revenue), justify="right"),
                key=str(row.id),
            )

    def page_size(self) -> int:
        """Rows that fit the table plus one page."""
        height = self.query_one(DataTable).size.height or self.app.size.height
        return 2 * max(10, height - 1)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if self.ids and event.cursor_row >= table.row_count - 5 and self.loaded < len(self.ids):
            self.run_worker(self._next_page(), group="customer-list-page")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key is not None and event.row_key.value:
            self.app.open_customer(int(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        if key is not None and key.value:
            self.app.open_customer(int(key.value))
