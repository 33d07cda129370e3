"""The Complaints section: figures, a filtered and searchable list by deadline, one key
per action (open, status, note, customer), figures by category, service levels.

The list and the figures load in separate workers: the list is a page query (a few ms
at 20,000 complaints), the figures aggregate 90 days and may take longer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from ...clock import now as clock_now
from ...domain import complaints as cp
from ...domain.labels import label
from ...i18n import N_, _, format_date, format_datetime, format_number, format_percent, ngettext
from ..markup import escape  # every "[" (Textual markup reads further than Rich)
from ..widgets.form import ChoiceScreen
from ..widgets.safetable import SafeTable
from .base import SectionScreen
from .complaint_detail import ComplaintDetailScreen, NoteForm, ask_status_change

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
# The list's short status names (the detail shows the full ones).
SHORT_STATUS = {
    "new": N_("New"),
    "in_progress": N_("In progress"),
    "waiting": N_("Waiting"),
    "resolved": N_("Resolved"),
    "closed": N_("Closed"),
}
PAGE = 50
PRIORITY_MARKS = {"urgent": "‼ ", "high": "! "}  # shown before the subject
REFRESH_SECONDS = 60  # time left moves on while the screen is open
ID_W, STATUS_W, DEADLINE_W, DEADLINE_WIDE = 5, 12, 22, 30


@dataclass
class Loaded:
    page: cp.ComplaintPage
    counts: dict[str, int]


def short_datetime(value) -> str:
    """``21.11 08:00``: day, month and time (the year is clear from context)."""
    if value is None:
        return ""
    return f"{format_date(value)[:5]} {format_datetime(value, with_date=False)}"


def _short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


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
    DEFAULT_CSS = """
    ComplaintsScreen #cx-figures { height: auto; padding: 0 1; background: $boost; }
    ComplaintsScreen #cx-bar { height: 1; }
    ComplaintsScreen #cx-search { width: 1fr; max-width: 34; height: 1; border: none; padding: 0 1; }
    ComplaintsScreen #cx-info { width: 1fr; height: 1; padding: 0 1; margin-left: 1; color: $text-muted; }
    ComplaintsScreen #cx-table { height: 1fr; }
    ComplaintsScreen #cx-categories { height: 1fr; display: none; }
    ComplaintsScreen.-categories #cx-categories { display: block; }
    ComplaintsScreen.-categories #cx-table { display: none; }
    ComplaintsScreen #cx-empty { height: auto; padding: 1 2; color: $text-muted; display: none; }
    """

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
        self._widths_shown: tuple[int, int, int] | None = None
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
        loaded = await self.app.run_in_db_thread(self._fetch)
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
        self.figures = await self.app.run_in_db_thread(cp.complaint_figures)
        self._show_figures()
        self._show_categories(self.figures)

    def _show(self, loaded: Loaded) -> None:
        page = loaded.page
        table = self.query_one("#cx-table", DataTable)
        keep = table.cursor_row
        widths = self._widths()
        if widths != self._widths_shown:
            self._set_columns(table, widths)
        else:
            table.clear()
        self.row_ids = []
        for row in page.rows:
            self.row_ids.append(row.id)
            table.add_row(*self._cells(row, widths), key=str(row.id))
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

    def _widths(self) -> tuple[int, int, int]:
        """Widths of the customer, subject and deadline columns at the current width: the
        fixed columns, a cell padding of 2 per column and the scroll bar take the rest. On a
        wide screen the deadline gets room for "paused, 14 h 29 min overdue" in full."""
        width = self.size.width or 80
        deadline = DEADLINE_WIDE if width >= 100 else DEADLINE_W
        avail = max(16, width - (ID_W + STATUS_W + deadline) - 5 * 2 - 2)
        name = max(8, avail * 2 // 5)
        return name, avail - name, deadline

    def _set_columns(self, table: DataTable, widths: tuple[int, int, int]) -> None:
        # Fixed widths: auto-sized DataTable columns only ever grow, so after a resize
        # to 80 columns the list would run off the screen.
        table.clear(columns=True)
        table.add_column("#", key="id", width=ID_W)
        table.add_column(_("Customer"), key="customer", width=widths[0])
        table.add_column(_("Subject"), key="subject", width=widths[1])
        table.add_column(_("Status"), key="status", width=STATUS_W)
        table.add_column(_("Deadline"), key="deadline", width=widths[2])
        self._widths_shown = widths

    def _cells(self, row: cp.ComplaintRow, widths: tuple[int, int, int]) -> list:
        name_w, subject_w, deadline_w = widths
        if row.status in cp.OPEN_STATUSES:
            deadline = cp.deadline_text(row.status, row.time_left)
        elif row.resolved_at:
            deadline = _("resolved {when}", when=short_datetime(row.resolved_at))
        else:
            deadline = ""
        style = "bold red" if row.overdue else ""
        if (
            not row.overdue
            and row.time_left is not None
            and row.status != "waiting"
            and row.time_left < timedelta(hours=4)
        ):
            style = "bold yellow"
        status = _(SHORT_STATUS.get(row.status, row.status))
        if row.breached and row.status in cp.DONE_STATUSES:
            status = _short(status, STATUS_W - 2) + " ⚑"  # resolved, but after the deadline
        else:
            status = _short(status, STATUS_W)
        mark = PRIORITY_MARKS.get(row.priority, "")
        # names and subjects are stored text: Text, never markup ("[@click=…]" would act)
        subject = Text(_short(row.subject, subject_w - len(mark)), no_wrap=True, end="")
        if mark:
            subject = Text.assemble((mark, "bold red"), subject, no_wrap=True, end="")
        return [
            str(row.id).rjust(ID_W),
            Text(_short(row.customer_name, name_w), no_wrap=True, end=""),
            subject,
            status,
            Text(_short(deadline, deadline_w), style=style)
            if style
            else _short(deadline, deadline_w),
        ]

    def on_resize(self) -> None:
        if self.loaded is not None:
            self._show(self.loaded)

    def _show_figures(self) -> None:
        counts = self.loaded.counts if self.loaded else {}
        self.query_one("#cx-figures", Static).update(self._figures_text(self.figures, counts))

    def _figures_text(self, f: cp.ComplaintFigures | None, counts: dict[str, int]) -> str:
        by_status = " · ".join(
            f"{_(SHORT_STATUS[status])} {counts.get(status, 0)}" for status in cp.OPEN_STATUSES
        )
        open_text = _("[b]Open {open}[/b]", open=counts.get("open", 0))
        overdue_text = _("[b red]overdue {overdue}[/]", overdue=counts.get("overdue", 0))
        first = f"{open_text} ({escape(by_status)}) · {overdue_text}"
        if f is None:
            return first + "\n" + escape(_("Figures of the last 90 days are being counted…"))
        t = f.total
        median = cp.duration_text(f.median_resolution) if f.median_resolution is not None else "–"
        csat = (
            ngettext(
                "{avg}/5 ({n} answer)",
                "{avg}/5 ({n} answers)",
                t.satisfaction_count,
                avg=format_number(t.satisfaction_avg, 1),
            )
            if t.satisfaction_avg is not None
            else "–"
        )
        second = _(
            "Last {days} days: {count} complaints · breached {breached} · median resolution"
            " {median} · on time {on_time} · first contact {fcr} · satisfaction {csat}",
            days=f.days,
            count=t.count,
            breached=f.breached_count,
            median=median,
            on_time=format_percent(t.within_deadline_share),
            fcr=format_percent(t.first_contact_rate),
            csat=csat,
        )
        return f"{first}\n{escape(second)}"

    def _show_categories(self, f: cp.ComplaintFigures) -> None:
        cats = self.query_one("#cx-categories", DataTable)
        cats.clear()
        for cf in [*f.by_category, f.total] if f.by_category else []:
            name = (
                _("All categories")
                if cf.category == "*"
                else label("complaint_category", cf.category)
            )
            cats.add_row(
                name,
                Text(str(cf.count), justify="right"),
                Text(str(cf.open), justify="right"),
                Text(str(cf.breached), justify="right"),
                Text(format_percent(cf.within_deadline_share), justify="right"),
                Text(format_percent(cf.first_contact_rate), justify="right"),
                Text(
                    format_number(cf.satisfaction_avg, 1) if cf.satisfaction_avg else "–",
                    justify="right",
                ),
            )

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
        from .complaint_form import ComplaintFormScreen, CustomerPickScreen

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
