"""Today: the morning queue. One list grouped by urgency (overdue, due today, renewals,
birthdays, stay in touch, complaints); every line handled with one key without leaving it.
The footer shows the keys that apply to the highlighted line."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ...db.models import db
from ...domain import reminders as rem
from ...domain import today as td
from ...domain.errors import NotFound, ValidationError
from ...i18n import N_, _, format_date
from .. import registry
from .base import SectionScreen
from .reminders import ReminderActions
from .renewals import RenewalActions

GROUP_STYLE = {
    "overdue": "bold red",
    "today": "bold yellow",
    "renewals": "bold cyan",
    "birthdays": "bold magenta",
    "stay_in_touch": "bold green",
    "complaints": "bold red",
}

# which actions apply to which kind of line (others are hidden from the footer)
LINE_ACTIONS = {
    "done": {"reminder", "renewal", "birthday", "stay_in_touch"},
    "snooze": {"reminder"},
    "edit": {"reminder"},
    "cancel": {"reminder"},
    "greeted": {"birthday"},
    "renewed": {"renewal", "policy"},
    "lost": {"renewal", "policy"},
    "postpone": {"renewal", "policy"},
    "open_complaint": {"complaint"},
}


class TodayScreen(ReminderActions, RenewalActions, SectionScreen):
    AUTO_FOCUS = "#today-table"
    SECTION = "today"
    DEFAULT_CSS = """
    TodayScreen #today-head { height: 1; padding: 0 1; color: $text-muted; }
    TodayScreen #today-table { height: 1fr; }
    TodayScreen #today-empty { height: 1fr; }
    """
    BINDINGS = [
        Binding("d", "done", N_("Done"), id="today.done"),
        Binding("s", "snooze", N_("Snooze"), id="today.snooze"),
        Binding("l", "call", N_("Call logged"), id="today.call"),
        Binding("o", "open", N_("Card"), id="today.open"),
        Binding("g", "greeted", N_("Greeted"), id="today.greeted"),
        Binding("r", "renewed", N_("Renewed"), id="today.renewed"),
        Binding("k", "lost", N_("Lost"), id="today.lost"),
        Binding("p", "postpone", N_("Postpone"), id="today.postpone"),
        Binding("c", "open_complaint", N_("Complaint"), id="today.complaint"),
        Binding("e", "edit", N_("Edit"), id="today.edit", show=False),
        Binding("x", "cancel", N_("Cancel reminder"), id="today.cancel", show=False),
        Binding("n", "new", N_("New reminder"), id="today.new"),
        Binding("R", "renewals", N_("Renewals"), id="today.renewals"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.agenda: td.Agenda | None = None
        self.items: dict[str, td.AgendaItem] = {}
        self._last_row = 0
        self._fresh = True  # the first resume follows the first load

    def compose_body(self) -> ComposeResult:
        yield Static("", id="today-head")
        yield DataTable(id="today-table", cursor_type="row", show_header=False)
        yield Static(
            _("Nothing is due today. The day is clear."), id="today-empty", classes="empty-state"
        )

    def on_mount(self) -> None:
        self._setup()

    def _columns(self) -> None:
        """Fixed widths from the terminal width (auto widths jump while rows arrive)."""
        table = self.query_one("#today-table", DataTable)
        self._width = self.app.size.width
        table.clear(columns=True)
        table.add_column("when", key="when", width=18)
        table.add_column("customer", key="customer", width=20)
        # 3 columns x 2 cells of padding, and room for the scrollbar
        table.add_column("what", key="what", width=max(20, self._width - 18 - 20 - 6 - 3))

    def on_resize(self, event) -> None:
        if getattr(self, "_width", None) not in (None, self.app.size.width):
            self._columns()
            if self.agenda is not None:
                self._show(self.agenda)

    def _setup(self) -> None:
        table = self.query_one("#today-table", DataTable)
        self._columns()
        self.query_one("#today-empty").display = False
        table.focus()
        if self.agenda is None:
            # The first paint shows the queue: one bounded query set (~8 ms at 300,000
            # reminders, docs in domain/today.py), cheaper than an empty frame and a worker.
            self._show(td.agenda())
        else:
            self.reload()

    def on_screen_resume(self) -> None:
        # back from a card, form or another section: the queue may have changed
        if self._fresh:
            self._fresh = False
        elif self.is_mounted and self.agenda is not None:
            self.reload()

    def on_language_changed(self) -> None:
        self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuilding = True
        try:
            await self.recompose()
        finally:
            self._rebuilding = False
        self._setup()

    # -- loading ---------------------------------------------------------------------------
    def after_change(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="today")
    def reload(self) -> None:
        with db.connection_context():
            agenda = td.agenda()
        self.app.call_from_thread(self._show, agenda)

    def _show(self, agenda: td.Agenda) -> None:
        if getattr(self, "_rebuilding", False):
            # a reload that ends while the language switch rebuilds the screen: its widgets
            # are half gone (NoMatches ended the app); _setup shows the queue afterwards
            return
        self.agenda = agenda
        table = self.query_one("#today-table", DataTable)
        keep = table.cursor_row
        table.clear()
        self.items = {}
        for group in agenda.groups:
            if not group.items:
                continue
            style = GROUP_STYLE[group.code]
            head = Text(_(group.title), style=style, overflow="ellipsis", no_wrap=True)
            count = Text(f"({group.count_text})", style=style)
            table.add_row(head, count, "", key=f"g:{group.code}")
            for item in group.items:
                key = item.key
                if key in self.items:  # a customer may be in two groups; keep the first
                    continue
                self.items[key] = item
                when = Text(td.when_text(item, agenda.today))
                if item.late:
                    when.stylize("red")
                table.add_row(
                    when,
                    item.customer_name or "–",
                    td.detail_text(item),
                    key=key,
                )
        clear = agenda.is_clear
        self.query_one("#today-empty").display = clear
        table.display = not clear
        self._show_head(agenda)
        if table.row_count:
            row = min(max(keep, 0), table.row_count - 1)
            self._last_row = row - 1
            table.move_cursor(row=row)
            self._skip_header(row)
        self.refresh_bindings()

    def _show_head(self, agenda: td.Agenda) -> None:
        parts = [format_date(agenda.today, "full")]
        counts = " · ".join(f"{_(g.title)} {g.count_text}" for g in agenda.groups if g.items)
        if counts:
            parts.append(counts)
        self.query_one("#today-head", Static).update(" — ".join(parts))
        self.query_one("#section-bar").set_info(
            _("{n} to handle", n=agenda.total) if agenda.total else _("All clear")
        )

    # -- cursor: group headings are skipped ---------------------------------------------------
    def _row_key(self, row: int) -> str | None:
        table = self.query_one("#today-table", DataTable)
        if not 0 <= row < table.row_count:
            return None
        return table.coordinate_to_cell_key((row, 0)).row_key.value

    def _skip_header(self, row: int) -> None:
        table = self.query_one("#today-table", DataTable)
        key = self._row_key(row)
        if key is None or not key.startswith("g:"):
            return
        step = 1 if row >= self._last_row else -1
        target = row + step
        if not 0 <= target < table.row_count:
            target = row - step
        if 0 <= target < table.row_count:
            table.move_cursor(row=target)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = event.cursor_row
        self._skip_header(row)
        self._last_row = row
        self.refresh_bindings()

    def current(self) -> td.AgendaItem | None:
        table = self.query_one("#today-table", DataTable)
        if not table.row_count or not table.display:
            return None
        key = self._row_key(table.cursor_row)
        return self.items.get(key) if key else None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        kinds = LINE_ACTIONS.get(action)
        if kinds is None:
            return True
        item = self.current()
        if item is None:
            return False
        if item.kind in kinds:
            return True
        return item.kind == "reminder" and item.policy_id is not None and "policy" in kinds

    def _need(self) -> td.AgendaItem | None:
        item = self.current()
        if item is None:
            self.app.notify(_("Nothing to handle here."))
        return item

    # -- actions ------------------------------------------------------------------------------
    def action_done(self) -> None:
        item = self._need()
        if item is None:
            return
        if item.kind == "reminder":
            self.reminder_done(item.ref_id)
        elif item.kind == "renewal":
            self.renewal_seen(item.ref_id)
        elif item.kind == "birthday":
            self.action_greeted()
        elif item.kind == "stay_in_touch":
            try:
                rem.log_contact(item.customer_id, _("Contacted (stay in touch)"))
            except (ValidationError, NotFound) as exc:
                self.app.notify_error(str(exc))
                return
            self.app.notify(_("Contact recorded for {name}.", name=item.customer_name))
            self.reload()
        else:
            self.action_open_complaint()

    def action_snooze(self) -> None:
        item = self._need()
        if item and item.kind == "reminder":
            self.reminder_snooze(item.ref_id)

    def action_edit(self) -> None:
        item = self._need()
        if item and item.kind == "reminder":
            self.reminder_edit(item.ref_id)

    def action_cancel(self) -> None:
        item = self._need()
        if item and item.kind == "reminder":
            self.reminder_cancel(item.ref_id, item.title)

    def action_call(self) -> None:
        item = self._need()
        if item:
            self.log_call(item.customer_id)

    def action_open(self) -> None:
        item = self._need()
        if item:
            self.open_card(item.customer_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        item = self.current()
        if item is None:
            return
        if item.kind == "complaint":
            self.action_open_complaint()
        else:
            self.open_card(item.customer_id)

    def action_greeted(self) -> None:
        item = self._need()
        if item is None or item.kind != "birthday":
            return
        try:
            td.mark_greeted(item.customer_id)
        except (ValidationError, NotFound) as exc:
            self.app.notify_error(str(exc))
            return
        self.app.notify(_("Greeting recorded for {name}.", name=item.customer_name))
        self.reload()

    def _policy_id(self) -> int | None:
        item = self._need()
        if item is None:
            return None
        return item.policy_id

    def action_renewed(self) -> None:
        if (pid := self._policy_id()) is not None:
            self.renewal_renewed(pid)

    def action_lost(self) -> None:
        if (pid := self._policy_id()) is not None:
            self.renewal_lost(pid)

    def action_postpone(self) -> None:
        if (pid := self._policy_id()) is not None:
            self.renewal_postpone(pid)

    def action_open_complaint(self) -> None:
        item = self._need()
        if item is None or item.kind != "complaint":
            return
        try:
            screen = registry.load(registry.COMPLAINT_DETAIL)
        except (ImportError, AttributeError):
            self.app.notify(_("Complaint {id}: {subject}", id=item.ref_id, subject=item.title))
            return
        self.app.push_screen(screen(item.ref_id))

    def action_new(self) -> None:
        self.reminder_new()

    def action_renewals(self) -> None:
        self.open_renewals()
