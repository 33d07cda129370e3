"""The Complaints section: figures, a filtered and searchable list by deadline, one key
per action (open, status, note, customer), figures by category, service levels.

The list and the figures load in separate workers: the list is a page query (a few ms
at 20,000 complaints), the figures aggregate 90 days and may take longer."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from ...clock import now as clock_now
from ...domain import complaints as cp
from ...i18n import N_, _
from ..dialogs.choice import ChoiceScreen
from ..markup import escape  # every "[" (Textual markup reads further than Rich)
from ..widgets.safetable import SafeTable
from .base import SectionScreen
from .complaint_detail import ComplaintDetailScreen, NoteForm, ask_status_change
from .complaint_rows import ID_W, STATUS_W, category_cells, column_widths, figures_text, row_cells

FILTER_TITLES = {
    "open": N_("Open"),
    "new": N_("New"),
    "in_progress": N_("In progress"),
    "waiting": N_("Waiting on customer"),
    "resolved": N_("Resolved"),
    "closed": N_("Closed"),
    "overdue": N_("Overdue"),
    "all": N_("All"),
}
PAGE = 50
REFRESH_SECONDS = 60  # time left moves on while the screen is open


@dataclass
class Loaded:
    page: cp.ComplaintPage
    counts: dict[str, int]


class ComplaintTable(SafeTable):
    """The list; Enter opens the highlighted complaint (shown in the footer). A SafeTable:
    subjects and names are stored text."""

    BINDINGS = [Binding("enter", "select_cursor", N_("Details"), id="complaints.open")]


class ComplaintsScreen(SectionScreen):
    SECTION = "complaints"
    BINDINGS = [
        Binding("n", "new", N_("New"), id="complaints.new"),
        Binding("s", "status", N_("Status"), id="complaints.status"),
        Binding("a", "note", N_("Note"), id="complaints.note"),
        Binding("c", "customer", N_("Customer"), id="complaints.customer"),
        Binding("f", "filter", N_("Filter"), id="complaints.filter"),
        Binding("g", "figures", N_("Figures"), id="complaints.figures"),
        Binding("o", "sort", N_("Sort"), id="complaints.sort", show=False),
        Binding("ctrl+f", "find", N_("Find"), id="complaints.find", show=False),
        Binding("l", "levels", N_("Service levels"), id="complaints.levels", show=False),
        Binding(
            "right_square_bracket",
            "page(1)",
            N_("Next page"),
            id="complaints.next_page",
            key_display="]",
            show=False,
        ),
        Binding(
            "left_square_bracket",
            "page(-1)",
            N_("Previous page"),
            id="complaints.prev_page",
            key_display="[",
            show=False,
        ),
        Binding("escape", "leave_search", N_("Back to the list"), id="complaints.list", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status_filter = "open"
        self.sort_order = "deadline"
        self.search_text = ""
        self.page_offset = 0
        self.loaded: Loaded | None = None
        self.figures: cp.ComplaintFigures | None = None
        self.row_ids: list[int] = []
        self._search_timer = None
        self._widths_shown: tuple[int, int, int, int] | None = None
        self._refresh_timer = None
        self._generation = 0
        self._suspended = True

    # -- layout ------------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        yield Static(_("Loading…"), id="cx-figures")
        with Horizontal(id="cx-bar"):
            yield Input(
                self.search_text,
                placeholder=_("ctrl+f: customer, subject, #no."),
                id="cx-search",
            )
            yield Static("", id="cx-info")
        yield ComplaintTable(id="cx-table", cursor_type="row", zebra_stripes=True)
        yield SafeTable(id="cx-categories", cursor_type="row", zebra_stripes=True)
        yield Static("", id="cx-empty")

    def on_mount(self) -> None:
        self._widths_shown = None
        cats = self.query_one("#cx-categories", DataTable)
        cats.add_column(_("Category"))
        cats.add_column(_("Count"))
        cats.add_column(_("Open"))
        cats.add_column(_("Breached"))
        cats.add_column(_("On time"))
        cats.add_column(_("First contact"))
        cats.add_column(_("Satisfaction"))
        self.query_one("#cx-table", DataTable).focus()
        if self._refresh_timer is None:
            self._refresh_timer = self.set_interval(REFRESH_SECONDS, self.refresh_list)

    async def on_screen_resume(self) -> None:
        # Textual sends a second resume when a mode's screen is first shown: without a
        # suspend in between nothing can have changed, so one load is enough.
        if self._suspended or self.loaded is None:
            self._suspended = False
            self.reload()

    def on_screen_suspend(self) -> None:
        self._suspended = True

    def on_language_changed(self) -> None:
        self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        await self.recompose()
        self.on_mount()
        self.reload()

    # -- data --------------------------------------------------------------------------------
    def reload(self) -> None:
        """Load the page, then the figures (in a worker, started once the list is on
        screen so they do not slow it down)."""
        self.refresh_list(then_figures=True)

    def refresh_list(self, then_figures: bool = False) -> None:
        """A page without search text is read right here: it is bounded by the covering
        index (~5-25 ms at 20,000 complaints) and so is painted with the screen instead of
        after a worker's round trip. A text search scans the table: it goes to a worker."""
        self._generation += 1  # a search still running in a worker is now stale
        if self.search_text.strip():
            self.load_list(self._generation, then_figures)
            return
        self._loaded(self._fetch(), then_figures)

    def _fetch(self) -> Loaded:
        status, text, sort, offset = (
            self.status_filter,
            self.search_text,
            self.sort_order,
            self.page_offset,
        )
        now = clock_now()
        page = cp.list_complaints(status, text, sort, offset, PAGE, now=now)
        if offset and offset >= page.total:
            page = cp.list_complaints(status, text, sort, 0, PAGE, now=now)
        return Loaded(page, cp.status_counts(now=now))

    @work(exclusive=True, group="complaints-load")
    async def load_list(self, generation: int, then_figures: bool = False) -> None:
        loaded = await self.app.db(self._fetch)
        if generation == self._generation:
            self._loaded(loaded, then_figures)

    def _loaded(self, loaded: Loaded, then_figures: bool) -> None:
        self.loaded = loaded
        self.page_offset = loaded.page.offset
        self._show(loaded)
        self._show_figures()
        if then_figures or self.figures is None:
            # After the paint: the figures' thread would compete with it for the GIL.
            self.set_timer(0.1, self.load_figures)

    @work(exclusive=True, group="complaints-figures")
    async def load_figures(self) -> None:
        self.figures = await self.app.db(cp.complaint_figures)
        self._show_figures()
        self._show_categories(self.figures)

    def _show(self, loaded: Loaded) -> None:
        page = loaded.page
        table = self.query_one("#cx-table", DataTable)
        keep = table.cursor_row
        widths = column_widths(self.size.width or 80)
        if widths != self._widths_shown:
            self._set_columns(table, widths)
        else:
            table.clear()
        self.row_ids = []
        for row in page.rows:
            self.row_ids.append(row.id)
            table.add_row(*row_cells(row, widths), key=str(row.id))
        if self.row_ids:
            table.move_cursor(row=min(keep, len(self.row_ids) - 1))
        shown = (
            _(
                "{first}–{last} of {total}",
                first=page.offset + 1,
                last=page.offset + len(page.rows),
                total=page.total,
            )
            if page.rows
            else _("0 of 0")
        )
        counts = loaded.counts
        title = _(FILTER_TITLES[self.status_filter])
        sort = _("by deadline") if self.sort_order == "deadline" else _("newest first")
        info = _(
            "{filter} ({count}) · {sort} · {shown}",
            filter=title,
            count=counts.get(self.status_filter, 0),
            sort=sort,
            shown=shown,
        )
        if self.search_text.strip():
            info = _("“{text}”: ", text=self.search_text.strip()) + info
        self.query_one("#cx-info", Static).update(escape(info))
        empty = self.query_one("#cx-empty", Static)
        if not page.rows:
            if counts.get("all"):
                empty.update(_("No complaints match. f changes the filter, ctrl+f searches."))
            else:
                empty.update(_("No complaints. Every customer is happy. n opens one."))
            empty.display = True
        else:
            empty.display = False

    def _set_columns(self, table: DataTable, widths: tuple[int, int, int, int]) -> None:
        # Fixed widths: auto-sized DataTable columns only ever grow, so after a resize
        # to 80 columns the list would run off the screen.
        table.clear(columns=True)
        table.add_column("#", key="id", width=ID_W)
        table.add_column(_("Customer"), key="customer", width=widths[0])
        table.add_column(_("Subject"), key="subject", width=widths[1])
        table.add_column(_("Status"), key="status", width=STATUS_W)
        table.add_column(_("Deadline"), key="deadline", width=widths[2])
        if widths[3]:
            table.add_column(_("Assigned to"), key="assignee", width=widths[3])
        self._widths_shown = widths

    def on_resize(self) -> None:
        if self.loaded is not None:
            self._show(self.loaded)

    def _show_figures(self) -> None:
        counts = self.loaded.counts if self.loaded else {}
        self.query_one("#cx-figures", Static).update(figures_text(self.figures, counts))

    def _show_categories(self, f: cp.ComplaintFigures) -> None:
        cats = self.query_one("#cx-categories", DataTable)
        cats.clear()
        for cf in [*f.by_category, f.total] if f.by_category else []:
            cats.add_row(*category_cells(cf))

    # -- helpers -----------------------------------------------------------------------------
    def current_id(self) -> int | None:
        table = self.query_one("#cx-table", DataTable)
        if not self.row_ids or table.cursor_row is None:
            self.notify(_("No complaint selected."))
            return None
        return self.row_ids[min(table.cursor_row, len(self.row_ids) - 1)]

    def _changed(self, result) -> None:
        if result is not None:
            self.reload()

    # -- actions -----------------------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "cx-table":
            event.stop()
            self.action_open()

    def action_open(self) -> None:
        if self.has_class("-categories"):
            return
        complaint_id = self.current_id()
        if complaint_id is not None:
            self.app.push_screen(ComplaintDetailScreen(complaint_id))

    def action_new(self) -> None:
        from ..dialogs.customer_picker import CustomerPickScreen
        from .complaint_form import ComplaintFormScreen

        def picked(customer_id: int | None) -> None:
            if customer_id is not None:
                self.app.push_screen(ComplaintFormScreen(customer_id), self._changed)

        self.app.push_screen(CustomerPickScreen(), picked)

    def action_status(self) -> None:
        complaint_id = self.current_id()
        if complaint_id is not None:
            ask_status_change(self, complaint_id, self._changed)

    def action_note(self) -> None:
        complaint_id = self.current_id()
        if complaint_id is not None:
            self.app.push_screen(NoteForm(complaint_id), self._changed)

    def action_customer(self) -> None:
        complaint_id = self.current_id()
        rows = self.loaded.page.rows if self.loaded else []
        for row in rows:
            if row.id == complaint_id:
                self.app.open_customer(row.customer_id)
                return

    def action_filter(self) -> None:
        counts = self.loaded.counts if self.loaded else {}
        options = [
            (
                str(i),
                f"{_(FILTER_TITLES[key])} ({counts.get(key, 0)})"
                + ("  ◂" if key == self.status_filter else ""),
                key,
            )
            for i, key in enumerate(FILTER_TITLES, 1)
        ]

        def picked(key: str | None) -> None:
            if key is not None and key != self.status_filter:
                self.status_filter = key
                self.page_offset = 0
                self.refresh_list()

        self.app.push_screen(ChoiceScreen(_("Show which complaints?"), options), picked)

    def action_sort(self) -> None:
        self.sort_order = "newest" if self.sort_order == "deadline" else "deadline"
        self.page_offset = 0
        self.refresh_list()

    def action_page(self, step: int) -> None:
        page = self.loaded.page if self.loaded else None
        if page is None:
            return
        new_offset = page.offset + step * PAGE
        if new_offset < 0 or new_offset >= page.total:
            return
        self.page_offset = new_offset
        self.refresh_list()

    def action_find(self) -> None:
        self.query_one("#cx-search", Input).focus()

    def action_leave_search(self) -> None:
        self.query_one("#cx-table", DataTable).focus()

    def action_figures(self) -> None:
        self.toggle_class("-categories")
        self.refresh_bindings()
        target = "#cx-categories" if self.has_class("-categories") else "#cx-table"
        self.query_one(target, DataTable).focus()

    def action_levels(self) -> None:
        from .complaint_form import ServiceLevelsForm

        def saved(result) -> None:
            if result is not None:
                self.notify(
                    _(
                        "Service levels saved. They apply to complaints opened from now on;"
                        " open complaints keep their deadline."
                    )
                )
                self.reload()

        self.app.push_screen(ServiceLevelsForm(), saved)

    @on(Input.Changed, "#cx-search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(0.25, lambda: self._apply_search(event.value))

    def _apply_search(self, text: str) -> None:
        if text != self.search_text:
            self.search_text = text
            self.page_offset = 0
            self.refresh_list()

    @on(Input.Submitted, "#cx-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._apply_search(event.value)
        self.query_one("#cx-table", DataTable).focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # While typing in the search box, letters belong to the box.
        if action in {
            "new",
            "status",
            "note",
            "customer",
            "filter",
            "sort",
            "figures",
            "open",
            "levels",
            "page",
        }:
            focused = self.focused
            if isinstance(focused, Input):
                return False
        # The figures by category hide the list: keys about a complaint wait for it.
        if self.has_class("-categories") and action in {
            "status",
            "note",
            "customer",
            "open",
            "sort",
            "page",
            "find",
        }:
            return False
        return True


__all__ = ["ComplaintsScreen"]
