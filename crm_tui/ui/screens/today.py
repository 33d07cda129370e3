"""Today: the morning queue. One list grouped by urgency (overdue, due today, renewals,
birthdays, stay in touch, complaints); every line handled with one key without leaving it.

The heading counts every group and gives its number key (1-8 jumps to the group). The
footer shows only the keys that apply to the highlighted line: ``d`` always does the main
thing for that kind of line (done, seen, greeted, contacted, complaint status), and its
label says which."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.widgets import DataTable, Static

from ...colours import GROUP_STYLE
from ...domain import reminders as rem
from ...domain import today as td
from ...i18n import N_, _
from .. import registry
from ..faults import act
from ..widgets.safetable import SafeTable
from .base import SectionScreen
from .reminder_actions import ReminderActions
from .renewal_actions import RenewalActions
from .today_complaints import TodayComplaintActions, TodayInstalmentActions
from .today_lines import group_cells, heading, item_cells

# Which line kinds each action applies to; the footer hides the others. "policy": a
# reminder linked to a policy (a postponed renewal) takes the renewal keys too, and
# "complaint_link" a reminder linked to a complaint opens it.
LINE_ACTIONS = {
    "done": {"reminder"},
    "seen": {"renewal"},
    "greeted": {"birthday"},
    "contacted": {"stay_in_touch"},
    "complaint_status": {"complaint"},
    "claim_status": {"claim"},
    "instalment_paid": {"instalment"},
    "snooze": {"reminder"},
    "edit": {"reminder"},
    "cancel": {"reminder"},
    "renewed": {"renewal", "policy"},
    "lost": {"renewal", "policy"},
    "postpone": {"renewal", "policy"},
    "note": {"complaint"},
    "open_complaint": {"complaint", "complaint_link"},
    "call": {"customer"},
    "open": {"customer"},
}


WHEN_W = 21
# The renewals group shows "50+" this long after the first paint, then its exact count.
COUNT_DELAY = 0.5


class TodayScreen(
    TodayInstalmentActions, TodayComplaintActions, ReminderActions, RenewalActions, SectionScreen
):
    AUTO_FOCUS = "#today-table"
    SECTION = "today"
    COMPACT_FOOTER = True  # a line's keys, the group keys and the palette fit 80 columns so
    BINDINGS = [
        # d: the main action of the line, one binding per kind so the footer names it
        Binding("d", "done", N_("Done"), id="today.done"),
        Binding("d", "seen", N_("Seen"), id="today.seen"),
        Binding("d", "greeted", N_("Greeted"), id="today.greeted"),
        Binding("d", "contacted", N_("Contacted"), id="today.contacted"),
        Binding("d", "complaint_status", N_("Status"), id="today.complaint_status"),
        Binding("d", "claim_status", N_("Status"), id="today.claim_status"),
        Binding("d", "instalment_paid", N_("Paid"), id="today.instalment_paid"),
        Binding("s", "snooze", N_("Snooze"), id="today.snooze"),
        Binding("e", "edit", N_("Edit"), id="today.edit"),
        Binding("x", "cancel", N_("Cancel it"), id="today.cancel"),
        Binding("r", "renewed", N_("Renewed"), id="today.renewed"),
        Binding("k", "lost", N_("Lost"), id="today.lost"),
        Binding("p", "postpone", N_("Postpone"), id="today.postpone"),
        Binding("a", "note", N_("Note"), id="today.note"),
        Binding("c", "open_complaint", N_("Complaint"), id="today.complaint"),
        Binding("l", "call", N_("Call"), id="today.call"),
        Binding("o", "open", N_("Card"), id="today.open"),
        Binding("w", "message", N_("Message"), id="today.message", show=False),
        Binding("g", "greeted", N_("Greeted"), id="today.greeted_g", show=False),
        Binding("n", "new", N_("New"), id="today.new"),
        Binding("1", "jump(1)", N_("Group"), id="today.group_1", key_display="1-8"),
        *[
            Binding(str(i), f"jump({i})", N_("Group"), id=f"today.group_{i}", show=False)
            for i in range(2, 9)
        ],
        Binding("R", "renewals", N_("Renewals"), id="today.renewals"),
        Binding("m", "toggle_mine", N_("Mine/Everyone's"), id="today.mine"),
        Binding("A", "app.audit", N_("Who did what"), id="today.audit", show=False),
        Binding("E", "export_calendar", N_("Calendar file"), id="today.export", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.agenda: td.Agenda | None = None
        self.items: dict[str, td.AgendaItem] = {}
        self._first_rows: dict[str, int] = {}  # group code -> row of its first line
        self._width: int | None = None  # the terminal width the columns were laid out for
        self._rebuilding = False
        self._last_row = 0
        self._fresh = True  # the first resume follows the first load

    def compose_body(self) -> ComposeResult:
        yield Static("", id="today-head")
        yield SafeTable(id="today-table", cursor_type="row", show_header=False)
        yield Static(
            _("Nothing is due today. The day is clear."), id="today-empty", classes="empty-state"
        )

    def on_mount(self) -> None:
        self._setup()

    def _columns(self) -> None:
        """Fixed widths from the terminal width (auto widths jump while rows arrive)."""
        table = self.query_one("#today-table", DataTable)
        self._width = self.app.size.width
        customer = 22 if self._width >= 100 else 18
        table.clear(columns=True)
        # "contact 12 days late", "temas 120 gün gecikti": the when is never cut
        when = WHEN_W
        # labels as Text: a str is parsed as markup, which loads rich's emoji table (~10 ms
        # of the start-up) for headers this table never shows
        table.add_column(Text("when"), key="when", width=when)
        table.add_column(Text("customer"), key="customer", width=customer)
        # 3 columns x 2 cells of padding, and room for the scrollbar
        table.add_column(
            Text("what"), key="what", width=max(20, self._width - when - customer - 6 - 3)
        )

    def on_resize(self, event) -> None:
        if self._width not in (None, self.app.size.width):
            self._columns()
            if self.agenda is not None:
                self._show(self.agenda)

    def _setup(self) -> None:
        table = self.query_one("#today-table", DataTable)
        self._columns()
        self.query_one("#today-empty").display = False
        table.focus()
        if self.agenda is None:
            # The first paint shows the queue: the agenda is a few bounded queries (~5 ms at
            # 100,000 customers, docs/PERFORMANCE.md), cheaper than an empty frame + a worker.
            agenda = td.agenda_of(self.mine_only)
            self._show(agenda)
            if agenda.group("renewals").total is None:
                # a moment after the first paint, not during it: a thread of its own that
                # competed with painting the queue and with the first keys on a 2-core PC
                # (it read ~30,000 rows at 100,000 customers before the count was capped at
                # td.SCREEN_COUNT_CAP; docs/PERFORMANCE.md)
                self.set_timer(COUNT_DELAY, lambda: self._count_more(agenda))
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

    def live_changed(self, _change) -> None:
        """Another desk changed something (ui/live.py): every table can touch the queue."""
        if self.agenda is not None and not self._rebuilding:
            self.reload()

    @work(exclusive=True, group="today")
    async def reload(self) -> None:
        # exact counts: off the UI thread anyway
        agenda = await self.app.db(td.agenda_counted, self.mine_only)
        self._show(agenda)

    @property
    def mine_only(self) -> bool:
        """ "Mine" (this desk's user's and nobody's), a setting of the desk (``today_view``)."""
        return self.app.settings.today_view == "mine"

    def action_toggle_mine(self) -> None:
        self.app.settings.today_view = "everyone" if self.mine_only else "mine"
        self.app.remember_settings()
        self.app.notify(_("Today: mine and nobody's") if self.mine_only else _("Today: everyone's"))
        self.reload()

    @work(group="today-count")
    async def _count_more(self, agenda: td.Agenda) -> None:
        """The first paint shows "50+"; the exact count follows a moment later."""
        await self.app.db(td.count_more, agenda, td.SCREEN_COUNT_CAP)
        self._counted(agenda)

    def _counted(self, agenda: td.Agenda) -> None:
        if agenda is not self.agenda or self._rebuilding or not self.is_mounted:
            return  # a newer agenda (with its own count) is shown already
        group = agenda.group("renewals")
        table = self.query_one("#today-table", DataTable)
        if f"g:{group.code}" in table.rows:
            count = Text(f"({group.count_text})", style=GROUP_STYLE[group.code])
            table.update_cell(f"g:{group.code}", "customer", count)
        self._show_head(agenda)

    def _show(self, agenda: td.Agenda) -> None:
        if self._rebuilding:
            # a reload that ends while the language switch rebuilds the screen: its widgets
            # are half gone (NoMatches ended the app); _setup shows the queue afterwards
            return
        self.agenda = agenda
        table = self.query_one("#today-table", DataTable)
        keep = table.cursor_row
        table.clear()
        self.items = {}
        self._first_rows = {}
        for group in agenda.groups:
            if not group.items:
                continue
            table.add_row(*group_cells(group), key=f"g:{group.code}")
            for item in group.items:
                if item.key in self.items:  # the same line in two groups: keep the first
                    continue
                self.items[item.key] = item
                self._first_rows.setdefault(group.code, table.row_count)
                table.add_row(*item_cells(item, agenda.today), key=item.key)
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
        width = max(self.app.size.width - 2, 20)  # the heading's padding
        self.query_one("#today-head", Static).update(heading(agenda, width, self.mine_only))
        self.query_one("#section-bar").set_info(
            _("{n} to handle", n=agenda.total_text) if agenda.total else _("All clear")
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
        if row != event.data_table.cursor_row:
            # a stale event: a reload's clear() announced row 0 and the cursor has been put
            # back on its line since; acting on it would jump to the top of the queue
            return
        self._skip_header(row)
        self._last_row = row
        self.refresh_bindings()

    def current(self) -> td.AgendaItem | None:
        table = self.query_one("#today-table", DataTable)
        if not table.row_count or not table.display:
            return None
        key = self._row_key(table.cursor_row)
        return self.items.get(key) if key else None

    @staticmethod
    def _kinds(item: td.AgendaItem) -> set[str]:
        kinds = {item.kind}
        if item.customer_id:
            kinds.add("customer")
        if item.kind == "reminder":
            if item.policy_id is not None:
                kinds.add("policy")
            if item.data.complaint_id is not None:
                kinds.add("complaint_link")
        return kinds

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        kinds = LINE_ACTIONS.get(action)
        if kinds is None:
            return True
        item = self.current()
        return item is not None and bool(kinds & self._kinds(item))

    def _need(self) -> td.AgendaItem | None:
        item = self.current()
        if item is None:
            self.app.notify(_("Nothing to handle here."))
        return item

    # -- actions ------------------------------------------------------------------------------
    def action_jump(self, number: int) -> None:
        """Move to the first line of group ``number`` (1 = overdue ... 8 = instalments)."""
        if self.agenda is None or not 1 <= number <= len(self.agenda.groups):
            return
        group = self.agenda.groups[number - 1]
        row = self._first_rows.get(group.code)
        if row is None:
            self.app.notify(_("Nothing in “{group}” today.", group=_(group.title)))
            return
        table = self.query_one("#today-table", DataTable)
        self._last_row = row
        table.move_cursor(row=row)
        # show the group's heading above its first line
        heading = row - 1
        if table.is_valid_row_index(heading):
            y = sum(r.height for r in table.ordered_rows[:heading])
            y += table.header_height if table.show_header else 0
            height = table.ordered_rows[heading].height
            region = Region(0, y, table.size.width, height)
            table.scroll_to_region(region, animate=False, top=True)

    def action_done(self) -> None:
        item = self._need()
        if item and item.kind == "reminder":
            self.reminder_done(item.ref_id)

    def action_seen(self) -> None:
        item = self._need()
        if item and item.kind == "renewal":
            self.renewal_seen(item.ref_id)

    def action_contacted(self) -> None:
        item = self._need()
        if item is None or item.kind != "stay_in_touch":
            return

        def recorded(_result) -> None:
            self.app.notify(_("Contact recorded for {name}.", name=item.customer_name))
            self.reload()

        act(self, rem.log_contact, item.customer_id, _("Contacted (stay in touch)"), then=recorded)

    def action_greeted(self) -> None:
        item = self._need()
        if item is None or item.kind != "birthday":
            return

        def greeted(_result) -> None:
            self.app.notify(_("Greeting recorded for {name}.", name=item.customer_name))
            self.reload()

        act(self, td.mark_greeted, item.customer_id, then=greeted)

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
            self.reminder_cancel(item.ref_id, item.title, item.customer_name)

    def action_call(self) -> None:
        item = self._need()
        if item:
            self.log_call(item.customer_id)

    def action_message(self) -> None:
        item = self._need()
        if item and item.customer_id:
            from .message_flow import start_message

            start_message(self, item.customer_id)

    def action_open(self) -> None:
        item = self._need()
        if item:
            self.open_card(item.customer_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        item = self.current()
        if item is None:
            return
        if item.kind == "claim":
            self.app.push_screen(registry.load(registry.CLAIM_DETAIL)(item.ref_id))
        elif item.kind == "complaint" or not item.customer_id:
            self.action_open_complaint()
        else:
            self.open_card(item.customer_id)

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

    def action_claim_status(self) -> None:
        item = self._need()
        if item is not None and item.kind == "claim":
            from ..dialogs.claim_status import ask_claim_status

            ask_claim_status(self, item.ref_id, self._complaint_saved)

    def action_new(self) -> None:
        self.reminder_new()

    def action_renewals(self) -> None:
        self.open_renewals()

    def action_export_calendar(self) -> None:
        self.export_calendar()
