"""The Complaints section: figures, a filtered and searchable list by deadline, one key
per action (open, status, note, customer), figures by category."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from rich.markup import escape
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
from .base import SectionScreen
from .complaint_detail import ComplaintDetailScreen, NoteForm, ask_status_change, duration_text
from .complaint_detail import time_left_text as left_text

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
PRIORITY_MARKS = {"urgent": "‼ ", "high": "! "}  # shown before the subject


@dataclass
class Loaded:
    page: cp.ComplaintPage
    counts: dict[str, int]
    figures: cp.ComplaintFigures


def short_datetime(value) -> str:
    """``21.11 08:00``: day, month and time (the year is clear from context)."""
    if value is None:
        return ""
    return f"{format_date(value)[:5]} {format_datetime(value, with_date=False)}"


def _short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


class ComplaintTable(DataTable):
    """The list; Enter opens the highlighted complaint (shown in the footer)."""

    BINDINGS = [Binding("enter", "select_cursor", N_("Open"), id="complaints.open")]


class ComplaintsScreen(SectionScreen):
    SECTION = "complaints"
    BINDINGS = [
        Binding("n", "new", N_("New"), id="complaints.new"),
        Binding("s", "status", N_("Status"), id="complaints.status"),
        Binding("a", "note", N_("Note"), id="complaints.note"),
        Binding("c", "customer", N_("Customer"), id="complaints.customer"),
        Binding("f", "filter", N_("Filter"), id="complaints.filter"),
        Binding("o", "sort", N_("Sort"), id="complaints.sort", show=False),
        Binding("ctrl+f", "find", N_("Find"), id="complaints.find", show=False),
        Binding("g", "figures", N_("By category"), id="complaints.figures"),
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
    ComplaintsScreen #cx-info { width: 1fr; height: 1; padding: 0 1; color: $text-muted; }
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
        self.row_ids: list[int] = []
        self._search_timer = None

    # -- layout ------------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        yield Static(_("Loading…"), id="cx-figures")
        with Horizontal(id="cx-bar"):
            yield Input(
                self.search_text,
                placeholder=_("ctrl+f find: customer, subject, #no."),
                id="cx-search",
            )
            yield Static("", id="cx-info")
        yield ComplaintTable(id="cx-table", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="cx-categories", cursor_type="row", zebra_stripes=True)
        yield Static("", id="cx-empty")

    def on_mount(self) -> None:
        table = self.query_one("#cx-table", DataTable)
        table.add_column("#", key="id")
        table.add_column(_("Customer"), key="customer")
        table.add_column(_("Subject"), key="subject")
        table.add_column(_("Status"), key="status")
        table.add_column(_("Deadline"), key="deadline")
        cats = self.query_one("#cx-categories", DataTable)
        cats.add_column(_("Category"))
        cats.add_column(_("Count"))
        cats.add_column(_("Open"))
        cats.add_column(_("Breached"))
        cats.add_column(_("On time"))
        cats.add_column(_("First contact"))
        cats.add_column(_("Satisfaction"))
        table.focus()

    async def on_screen_resume(self) -> None:
        self.reload()

    def on_language_changed(self) -> None:
        self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        await self.recompose()
        self.on_mount()
        self.reload()

    # -- data --------------------------------------------------------------------------------
    @work(exclusive=True, group="complaints-load")
    async def reload(self) -> None:
        status, text, sort, offset = (
            self.status_filter,
            self.search_text,
            self.sort_order,
            self.page_offset,
        )

        def fetch() -> Loaded:
            now = clock_now()
            page = cp.list_complaints(status, text, sort, offset, PAGE, now=now)
            if offset and offset >= page.total:
                page = cp.list_complaints(status, text, sort, 0, PAGE, now=now)
            return Loaded(page, cp.status_counts(now=now), cp.complaint_figures(now=now))

        loaded = await self.app.run_in_db_thread(fetch)
        self.loaded = loaded
        self.page_offset = loaded.page.offset
        self._show(loaded)

    def _show(self, loaded: Loaded) -> None:
        self.query_one("#cx-figures", Static).update(
            self._figures_text(loaded.figures, loaded.counts)
        )
        page = loaded.page
        table = self.query_one("#cx-table", DataTable)
        keep = table.cursor_row
        table.clear()
        self.row_ids = []
        widths = self._widths()
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
        self.query_one("#cx-info", Static).update(escape(info))
        empty = self.query_one("#cx-empty", Static)
        if not page.rows:
            if counts.get("all"):
                empty.update(_("No complaints match. f changes the filter, ctrl+f searches."))
            else:
                empty.update(_("No complaints. Every customer is happy."))
            empty.display = True
        else:
            empty.display = False
        self._show_categories(loaded.figures)

    def _widths(self) -> tuple[int, int]:
        """Room for the customer and subject columns at the current width."""
        avail = max(16, (self.size.width or 80) - 53)
        name = max(8, avail * 2 // 5)
        return name, avail - name

    def _cells(self, row: cp.ComplaintRow, widths: tuple[int, int]) -> list:
        name_w, subject_w = widths
        if row.status in cp.OPEN_STATUSES:
            deadline = left_text(row.status, row.time_left)
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
        status = label("complaint_status", row.status)
        if row.breached and row.status in cp.DONE_STATUSES:
            status += " ⚑"
        mark = PRIORITY_MARKS.get(row.priority, "")
        subject = Text(mark, style="bold red") + Text(_short(row.subject, subject_w - len(mark)))
        return [
            Text(str(row.id), justify="right"),
            _short(row.customer_name, name_w),
            subject,
            status,
            Text(deadline, style=style),
        ]

    def on_resize(self) -> None:
        if self.loaded is not None:
            self._show(self.loaded)

    def _figures_text(self, f: cp.ComplaintFigures, counts: dict[str, int]) -> str:
        t = f.total
        median = duration_text(f.median_resolution) if f.median_resolution is not None else "–"
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
        open_text = _("[b]Open {open}[/b]", open=f.open_count)
        overdue_text = _("[b red]overdue {overdue}[/]", overdue=f.overdue_count)
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
        by_status = " · ".join(
            f"{label('complaint_status', status)} {counts.get(status, 0)}"
            for status in cp.OPEN_STATUSES
        )
        return f"{open_text} ({escape(by_status)}) · {overdue_text} · {escape(second)}"

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
                self.app.push_screen(ComplaintFormScreen(customer_id), self._opened)

        self.app.push_screen(CustomerPickScreen(), picked)

    def _opened(self, complaint_id: int | None) -> None:
        if complaint_id is None:
            return
        c = cp.get_complaint(complaint_id)
        self.notify(
            _(
                "Complaint #{id} opened; deadline {deadline}.",
                id=complaint_id,
                deadline=format_datetime(c.deadline_at),
            )
        )
        self.reload()

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
        keys = list(FILTER_TITLES)
        self.status_filter = keys[(keys.index(self.status_filter) + 1) % len(keys)]
        self.page_offset = 0
        self.reload()

    def action_sort(self) -> None:
        self.sort_order = "newest" if self.sort_order == "deadline" else "deadline"
        self.page_offset = 0
        self.reload()

    def action_page(self, step: int) -> None:
        page = self.loaded.page if self.loaded else None
        if page is None:
            return
        new_offset = page.offset + step * PAGE
        if new_offset < 0 or new_offset >= page.total:
            return
        self.page_offset = new_offset
        self.reload()

    def action_find(self) -> None:
        self.query_one("#cx-search", Input).focus()

    def action_leave_search(self) -> None:
        self.query_one("#cx-table", DataTable).focus()

    def action_figures(self) -> None:
        self.toggle_class("-categories")
        target = "#cx-categories" if self.has_class("-categories") else "#cx-table"
        self.query_one(target, DataTable).focus()

    @on(Input.Changed, "#cx-search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(0.25, lambda: self._apply_search(event.value))

    def _apply_search(self, text: str) -> None:
        if text != self.search_text:
            self.search_text = text
            self.page_offset = 0
            self.reload()

    @on(Input.Submitted, "#cx-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._apply_search(event.value)
        self.query_one("#cx-table", DataTable).focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # While typing in the search box, letters belong to the box.
        if action in {"new", "status", "note", "customer", "filter", "sort", "figures", "open"}:
            focused = self.focused
            if isinstance(focused, Input):
                return False
        return True


__all__ = ["ComplaintsScreen"]
