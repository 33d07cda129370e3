"""The claims list: open claims (or all), the one to follow up first on top; filter by
status (f) and insurer (i); Enter opens a claim, s moves it along, o opens the card."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from ...clock import today as clock_today
from ...domain import claims as cl
from ...domain.labels import label
from ...i18n import N_, _, format_date, format_money
from .. import registry
from ..dialogs.choice import ChoiceScreen
from ..dialogs.claim_status import ask_claim_status
from ..widgets.keyfooter import KeyFooter
from ..widgets.safetable import SafeTable
from .base import FollowsLanguage


def follow_text(day: date | None, today: date) -> Text:
    if day is None:
        return Text("")
    if day < today:
        return Text(format_date(day), style="bold red")
    if day == today:
        return Text(format_date(day), style="bold yellow")
    return Text(format_date(day))


class ClaimsScreen(FollowsLanguage):
    AUTO_FOCUS = "#claims-table"
    BINDINGS = [
        Binding("f", "status_filter", N_("Status"), id="claims.status_filter"),
        Binding("i", "insurer_filter", N_("Insurer"), id="claims.insurer_filter"),
        Binding("a", "all", N_("Open/all"), id="claims.all"),
        Binding("s", "status", N_("Move"), id="claims.status"),
        Binding("o", "open", N_("Card"), id="claims.open"),
        Binding("escape", "app.pop_screen", N_("Back"), id="claims.back"),
    ]

    def __init__(self, status: str | None = None, insurer: str | None = None) -> None:
        super().__init__()
        self.status = status
        self.insurer = insurer
        self.open_only = True
        self.rows: dict[str, cl.ClaimRow] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="claims-title")
        yield SafeTable(id="claims-table", cursor_type="row", zebra_stripes=True)
        yield Static(_("No claims here."), id="claims-empty")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self._columns()
        self.reload()

    def on_language_changed(self) -> None:
        self._columns()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.reload()

    def _columns(self) -> None:
        table = self.query_one("#claims-table", DataTable)
        width = self.app.size.width
        table.clear(columns=True)
        fixed = [(_("Follow up"), "follow", 10), (_("Status"), "status", 17)]
        for title, key, w in fixed:
            table.add_column(title, key=key, width=w)
        rest = max(20, width - 27 - 2 * 5 - 3 - 12)
        table.add_column(_("Customer"), key="customer", width=rest // 2)
        table.add_column(_("Claim"), key="claim", width=rest - rest // 2)
        table.add_column(_("Expected"), key="expected", width=12)

    def _title(self) -> str:
        parts = [_("Open claims") if self.open_only and not self.status else _("Claims")]
        if self.status:
            parts.append(label("claim_status", self.status))
        if self.insurer:
            parts.append(self.insurer)
        return " · ".join(parts)

    @work(exclusive=True, group="claims")
    async def reload(self) -> None:
        app: Any = self.app  # CrmApp: db() runs the call off the UI thread
        rows = await app.db(cl.list_claims, self.status, self.insurer, self.open_only)
        self._show(rows)

    def _show(self, rows: list[cl.ClaimRow]) -> None:
        table = self.query_one("#claims-table", DataTable)
        keep = table.cursor_row
        table.clear()
        self.rows = {}
        today = clock_today()
        for r in rows:
            self.rows[str(r.id)] = r
            what = " · ".join(
                x
                for x in (f"#{r.id}", r.kind_label, r.provider or "", r.insurer_file_no or "")
                if x
            )
            table.add_row(
                follow_text(r.follow_up_on, today),
                r.status_label,
                Text(r.customer_name, no_wrap=True, overflow="ellipsis"),
                Text(what, no_wrap=True, overflow="ellipsis"),
                Text(format_money(r.expected_amount), justify="right"),
                key=str(r.id),
            )
        self.query_one("#claims-title", Static).update(
            Text(f"{self._title()} ({len(rows)})", style="bold")
        )
        self.query_one("#claims-empty").display = not rows
        if rows:
            table.move_cursor(row=min(max(keep, 0), len(rows) - 1))

    def current(self) -> cl.ClaimRow | None:
        table = self.query_one("#claims-table", DataTable)
        if not self.rows or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return self.rows.get(key or "")

    @on(DataTable.RowSelected, "#claims-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        row = self.rows.get(event.row_key.value or "")
        if row is not None:
            from .claim_detail import ClaimDetailScreen

            self.app.push_screen(ClaimDetailScreen(row.id))

    def action_status(self) -> None:
        row = self.current()
        if row is not None:
            ask_claim_status(self, row.id, self._saved)

    def _saved(self, result: Any) -> None:
        if result is not None:
            self.reload()

    def action_open(self) -> None:
        row = self.current()
        if row is not None:
            self.app.push_screen(registry.load(registry.CUSTOMER_CARD)(row.customer_id))

    def action_all(self) -> None:
        self.open_only = not self.open_only
        self.reload()

    def action_status_filter(self) -> None:
        options: list[tuple[str, str, str | None]] = [("0", _("Every status"), "")]
        options += [(str(i), label("claim_status", s), s) for i, s in enumerate(cl.STATUSES, 1)]

        def chosen(value: str | None) -> None:
            if value is not None:
                self.status = value or None
                self.reload()

        self.app.push_screen(ChoiceScreen(_("Show claims that are:"), options), chosen)

    @work(exclusive=True, group="claims-insurers")
    async def action_insurer_filter(self) -> None:
        app: Any = self.app
        names = await app.db(cl.insurers)
        keys = "123456789abcdeghjklmnpqrtuvwxyz"
        options: list[tuple[str, str, str | None]] = [("0", _("Every insurer"), "")]
        options += [(keys[i], name, name) for i, name in enumerate(names[: len(keys)])]

        def chosen(value: str | None) -> None:
            if value is not None:
                self.insurer = value or None
                self.reload()

        self.app.push_screen(ChoiceScreen(_("Show claims of insurer:"), options), chosen)


__all__ = ["ClaimsScreen"]
