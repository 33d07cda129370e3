"""Reminders: every reminder with filters (overdue, today, this week, later, done), search and
paging; and the one-key reminder actions shared with the Today screen."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from ...domain import reminders as rem
from ...i18n import N_, _, format_date, format_datetime
from ..faults import act
from ..widgets.safetable import SafeTable
from .base import SectionScreen
from .reminder_actions import ReminderActions


def due_text(row: rem.ReminderRow) -> str:
    return format_datetime(row.due_at) if row.has_time else format_date(row.due_at)


class RemindersScreen(ReminderActions, SectionScreen):
    AUTO_FOCUS = "#rem-table"
    SECTION = "reminders"
    COMPACT_FOOTER = True  # the line's keys and the palette fit 80 columns only so
    PAGE = 50
    BINDINGS = [
        *[
            Binding(key, f"filter('{code}')", label, id=f"reminders.filter_{code}", show=False)
            for key, code, label in rem.FILTERS
        ],
        Binding("d", "done", N_("Done"), id="reminders.done"),
        Binding("s", "snooze", N_("Snooze"), id="reminders.snooze"),
        Binding("e", "edit", N_("Edit"), id="reminders.edit"),
        Binding("x", "cancel", N_("Cancel it"), id="reminders.cancel"),
        Binding("n", "new", N_("New"), id="reminders.new"),
        Binding("o", "open", N_("Card"), id="reminders.open"),
        Binding("u", "reopen", N_("Reopen"), id="reminders.reopen"),
        Binding("f", "find", N_("Find"), id="reminders.find"),
        Binding("R", "renewals", N_("Renewals"), id="reminders.renewals"),
        Binding("E", "export_calendar", N_("Calendar file"), id="reminders.export"),
        Binding(
            "pagedown",
            "page(1)",
            N_("Next page"),
            id="reminders.next_page",
            show=False,
            priority=True,
        ),
        Binding(
            "pageup",
            "page(-1)",
            N_("Previous page"),
            id="reminders.prev_page",
            show=False,
            priority=True,
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = "open"
        self.text = ""
        self.page_offset = 0
        self.more = False
        self.rows: dict[str, rem.ReminderRow] = {}
        self.counts: dict[str, int] = {}
        self._search_timer = None
        self._width: int | None = None  # the terminal width the columns were laid out for
        self._page_step = 0  # a page key's direction, for the cursor once the page is shown

    def compose_body(self) -> ComposeResult:
        yield Static("", id="rem-filters")
        yield Input(placeholder=_("f find: title, note, customer"), id="rem-search")
        table = SafeTable(id="rem-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="rem-empty", classes="empty-state")
        yield Static("", id="rem-pager")

    def on_mount(self) -> None:
        self._setup()

    def _columns(self) -> None:
        """Widths from the terminal width, so the table never scrolls sideways."""
        table = self.query_one("#rem-table", DataTable)
        self._width = width = self.app.size.width
        customer, repeat = (22, 16) if width >= 100 else (18, 12)
        table.clear(columns=True)
        table.add_column(_("Due"), key="due", width=16)
        table.add_column(_("Customer"), key="customer", width=customer)
        # 4 columns x 2 cells of padding, and room for the scrollbar
        title = max(16, width - 16 - customer - repeat - 8 - 3)
        table.add_column(_("Reminder"), key="title", width=title)
        table.add_column(_("Repeats"), key="repeat", width=repeat)

    def on_resize(self, event) -> None:
        if self._width not in (None, self.app.size.width):
            self._columns()
            self.reload()

    def _setup(self) -> None:
        table = self.query_one("#rem-table", DataTable)
        self._columns()
        self.query_one("#rem-empty").display = False
        table.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.reload()

    # -- loading ---------------------------------------------------------------------------
    def after_change(self) -> None:
        self.reload()

    def _fetch(
        self, filter_: str, text: str, offset: int
    ) -> tuple[list[rem.ReminderRow], bool, dict[str, int]]:
        rows, more = rem.list_reminders(filter_, text, offset=offset, limit=self.PAGE)
        return rows, more, rem.count_filters()

    @work(exclusive=True, group="reminders")
    async def reload(self) -> None:
        rows, more, counts = await self.app.db(
            self._fetch, self.filter, self.text, self.page_offset
        )
        self._show(rows, more, counts)

    def _show(self, rows: list[rem.ReminderRow], more: bool, counts: dict[str, int]) -> None:
        table = self.query_one("#rem-table", DataTable)
        keep = table.cursor_row
        step, self._page_step = self._page_step, 0
        if step:
            keep = 0 if step > 0 else len(rows) - 1
        table.clear()
        self.rows = {}
        self.more = more
        self.counts = counts
        for row in rows:
            key = str(row.id)
            self.rows[key] = row
            due = Text(due_text(row))
            if row.status == "open" and row.due_at.date() < self._today():
                due.stylize("bold red")
            title = row.title if row.status != "cancelled" else f"{row.title} ✕"
            table.add_row(
                due,
                Text(row.customer_name or "–", no_wrap=True, overflow="ellipsis"),
                Text(title, no_wrap=True, overflow="ellipsis"),
                Text(rem.describe_rule(row.rrule), no_wrap=True, overflow="ellipsis"),
                key=key,
            )
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        empty = self.query_one("#rem-empty", Static)
        empty.display = not rows
        empty.update(
            _("No reminders match.") if self.text else _("Nothing here: no reminders in this list.")
        )
        self._show_filters()
        page = self.page_offset // self.PAGE + 1
        pager = _("Page {page}", page=page)
        if more:
            pager += " · " + _("PgDn next page")
        if self.page_offset:
            pager += " · " + _("PgUp previous page")
        self.query_one("#rem-pager", Static).update(pager)

    def _today(self):
        from ...clock import today

        return today()

    def _show_filters(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        width, used = max(self.app.size.width - 1, 20), 0
        for key, code, label in rem.FILTERS:
            count = self.counts.get(code)
            shown = f" {key} {_(label)}"
            if count is not None and code in ("overdue", "today", "week"):
                shown += f" {count if count < 999 else '999+'}"
            shown += " "
            if used and used + len(shown) > width:  # a narrow terminal: go on below
                text.append("\n")
                used = 0
            text.append(shown, style="bold reverse" if code == self.filter else "")
            used += len(shown)
        self.query_one("#rem-filters", Static).update(text)
        bar = self.query_one("#section-bar")
        bar.set_info(_("{n} overdue", n=self.counts.get("overdue", 0)))

    # -- selection ---------------------------------------------------------------------------
    def current(self) -> rem.ReminderRow | None:
        table = self.query_one("#rem-table", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.rows.get(key)

    def _need(self) -> rem.ReminderRow | None:
        row = self.current()
        if row is None:
            self.app.notify(_("No reminder selected."))
        return row

    # -- actions ------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Reopen is for finished reminders: in the footer (and active) in the Done filter
        if action == "reopen":
            return self.filter == "done"
        # and a finished reminder is not done, snoozed or cancelled again: their keys leave
        # the footer there, so that "u Reopen" fits at 80 and 60 columns (issue 20, item 9)
        if action in ("done", "snooze", "cancel"):
            return self.filter != "done"
        return True

    def action_filter(self, code: str) -> None:
        self.filter = code
        self.page_offset = 0
        self.refresh_bindings()
        self.reload()

    def action_page(self, step: int) -> None:
        """PgDn/PgUp scroll the table; at its last (first) row they load the next (previous)
        page from the database."""
        table = self.query_one("#rem-table", DataTable)
        last = table.row_count - 1
        if step > 0 and (table.cursor_row < last or not self.more):
            table.action_page_down()
            return
        if step < 0 and (table.cursor_row > 0 or self.page_offset == 0):
            table.action_page_up()
            return
        self.page_offset = max(0, self.page_offset + step * self.PAGE)
        self._page_step = step
        self.reload()

    def action_find(self) -> None:
        self.query_one("#rem-search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        # wait for a pause in typing: a search over many reminders takes ~0.1 s
        self.text = event.value
        self.page_offset = 0
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(0.2, self.reload)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#rem-table", DataTable).focus()

    def on_key(self, event) -> None:
        search = self.query_one("#rem-search", Input)
        if search.has_focus and event.key in ("escape", "down"):
            event.stop()
            self.query_one("#rem-table", DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_done(self) -> None:
        if row := self._need():
            self.reminder_done(row.id)

    def action_snooze(self) -> None:
        if row := self._need():
            self.reminder_snooze(row.id)

    def action_edit(self) -> None:
        if row := self._need():
            self.reminder_edit(row.id)

    def action_cancel(self) -> None:
        if row := self._need():
            self.reminder_cancel(row.id, row.title, row.customer_name or "")

    def action_reopen(self) -> None:
        row = self._need()
        if row is None:
            return
        if row.status == "open":
            self.app.notify(_("This reminder is open."))
            return

        def reopened(_result) -> None:
            self.app.notify(_("Reminder reopened."))
            self.reload()

        act(self, rem.reopen, row.id, then=reopened)

    def action_new(self) -> None:
        self.reminder_new()

    def action_open(self) -> None:
        if row := self._need():
            self.open_card(row.customer_id)

    def action_renewals(self) -> None:
        self.open_renewals()

    def action_export_calendar(self) -> None:
        self.export_calendar()

    def on_language_changed(self) -> None:
        self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        await self.recompose()
        self._setup()
