"""The renewal workbench (the renewals of a period with days left, filtered; several acted
on at once: ``renewal_bulk.py``) and the renewal actions (renewed, lost, postponed, seen)
shared with the Today screen."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ...clock import today as clock_today
from ...domain import renewal_workbench as wb
from ...domain import renewals as ren
from ...domain.errors import ValidationError
from ...domain.labels import LABELS, label
from ...i18n import N_, _, format_date, format_money, format_number, format_percent, ngettext
from ..dialogs.form import Field, FormScreen
from ..widgets.keyfooter import KeyFooter
from ..widgets.safetable import SafeTable
from .base import FollowsLanguage
from .renewal_actions import RenewalActions
from .renewal_bulk import WorkbenchActions


class RenewForm(FormScreen):
    """Renewed: the new policy's dates (moved by the term) and premium, editable."""

    def __init__(self, policy_id: int) -> None:
        self.policy_id = policy_id
        self.proposal = ren.propose(policy_id)
        super().__init__()

    def title_text(self) -> str:
        return _("Renewed: the new policy")

    def fields(self) -> list[Field]:
        p = self.proposal
        return [
            Field("start_date", N_("Starts"), value=format_date(p.start_date)),
            Field("end_date", N_("Ends"), value=format_date(p.end_date)),
            Field("premium", N_("Premium"), value=format_number(p.premium, digits=2)),
            Field("number", N_("Policy number"), value=p.number or ""),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        new = ren.renew(
            self.policy_id,
            premium=values.get("premium") or "",
            start=values.get("start_date") or "",
            end=values.get("end_date") or "",
            number=values.get("number") or "",
        )
        return new.id


LINES = list(LABELS["line"])  # product lines, in the order the policy form offers them


class LeadTimesForm(FormScreen):
    """When renewals show up: days before the end date, for all lines and per product line."""

    def __init__(self) -> None:
        self.table = ren.lead_table()
        super().__init__()

    def title_text(self) -> str:
        return _("Renewal lead times (days before the end date)")

    def fields(self) -> list[Field]:
        out = [
            Field(
                "default",
                N_("Every line"),
                value=ren.format_leads(self.table["*"]),
                hint=N_("e.g. 90, 60, 30, 15, 7, 1: each shows once, until handled"),
            )
        ]
        for code in LINES:
            leads = self.table.get(code)
            out.append(
                Field(
                    f"line_{code}",
                    label("line", code),
                    value=ren.format_leads(leads) if leads else "",
                    placeholder=N_("as every line"),
                )
            )
        return out

    def save(self, values: dict[str, Any]) -> Any:
        texts = {"*": values.get("default") or ""}
        texts.update({code: values.get(f"line_{code}") or "" for code in LINES})
        try:
            return ren.save_lead_table(texts)
        except ValidationError as exc:
            raise ValidationError(
                {("default" if k == "*" else f"line_{k}"): v for k, v in exc.errors.items()}
            ) from exc


def days_left_text(days: int) -> Text:
    if days < 0:
        return Text(ngettext("ended {n} day ago", "ended {n} days ago", -days), style="bold red")
    if days == 0:
        return Text(_("ends today"), style="bold red")
    style = "bold yellow" if days <= 15 else ""
    return Text(ngettext("{n} day left", "{n} days left", days), style=style)


class RenewalsScreen(WorkbenchActions, RenewalActions, FollowsLanguage):
    """The renewals of a period, soonest first: by default those still to do (open, offered,
    postponed) from a month ago to three months ahead; ``f`` filters (period, line, insurer,
    state, premium change, user), ``w`` opens the win/loss analysis."""

    AUTO_FOCUS = "#ren-table"

    DAYS = 90
    PAGE = 100
    BINDINGS = [
        Binding("r", "renewed", N_("Renewed"), id="renewals.renewed"),
        Binding("k", "lost", N_("Lost"), id="renewals.lost"),
        Binding("p", "postpone", N_("Postpone"), id="renewals.postpone"),
        Binding("d", "seen", N_("Seen"), id="renewals.seen"),
        Binding("o", "open", N_("Card"), id="renewals.open"),
        Binding("t", "lead_times", N_("Lead times"), id="renewals.lead_times"),
        Binding("f", "filter", N_("Filter"), id="renewals.filter"),
        Binding("space", "toggle_mark", N_("Mark"), id="renewals.mark"),
        Binding("a", "mark_all", N_("Mark all"), id="renewals.mark_all"),
        Binding("u", "assign", N_("Assign"), id="renewals.assign"),
        Binding("m", "remind", N_("Remind"), id="renewals.remind"),
        Binding("v", "offered", N_("Offered"), id="renewals.offered"),
        Binding("w", "winloss", N_("Win/loss"), id="renewals.winloss"),
        Binding("escape", "app.pop_screen", N_("Back"), id="renewals.back"),
        Binding(
            "pagedown",
            "page(1)",
            N_("Next page"),
            id="renewals.next_page",
            show=False,
            priority=True,
        ),
        Binding(
            "pageup",
            "page(-1)",
            N_("Previous page"),
            id="renewals.prev_page",
            show=False,
            priority=True,
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page_offset = 0
        self.more = False
        self.rows: dict[str, wb.WorkbenchRow] = {}
        self.filter = wb.WorkbenchFilter(state="todo")
        self.selected: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="ren-title")
        yield SafeTable(id="ren-table", cursor_type="row", zebra_stripes=True)
        yield Static(_("No renewal matches."), id="ren-empty", classes="empty-state")
        yield Static("", id="ren-pager")
        # the line's keys and the palette fit in 80 columns only compact
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self._setup()

    def _title(self) -> str:
        f = self.filter
        first, last = f.period()
        parts = [_("Renewals {first} – {last}", first=format_date(first), last=format_date(last))]
        if f.state:
            parts.append(wb.state_text(f.state) if f.state != "todo" else _("to do"))
        if f.line:
            parts.append(label("line", f.line))
        if f.insurer:
            parts.append(f.insurer)
        if f.band:
            parts.append(wb.band_label(f.band))
        if f.user:
            parts.append(_("nobody's") if f.user == "-" else f.user)
        return " · ".join(parts)

    def show_filter(self) -> None:
        self.query_one("#ren-title", Static).update(self._title())

    def _columns(self) -> None:
        """Widths from the terminal width, so the table never scrolls sideways. The end
        date has a column of its own at every width (inside the product text it was cut to
        ``14.11.2…``); below 80 columns the premium and the product give way whole."""
        table = self.query_one("#ren-table", DataTable)
        self._width = width = self.app.size.width
        self._wide = width >= 100
        self._narrow = width < 80
        table.clear(columns=True)
        table.add_column(_("Days left"), key="days", width=17)
        table.add_column(_("Ends"), key="end", width=10)
        if self._narrow:  # 3 columns x 2 cells of padding, and the scrollbar
            table.add_column(_("Customer"), key="customer", width=max(10, width - 27 - 6 - 3))
            return
        used = 17 + 10 + 16 + 12
        table.add_column(_("Customer"), key="customer", width=16)
        table.add_column(_("Premium"), key="premium", width=12)
        table.add_column(_("Product"), key="product", width=max(8, width - used - 2 * 5 - 3))

    def on_resize(self, event) -> None:
        if getattr(self, "_width", None) not in (None, self.app.size.width):
            self._columns()
            self.reload()

    def _setup(self) -> None:
        table = self.query_one("#ren-table", DataTable)
        self._columns()
        self.query_one("#ren-empty").display = False
        table.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.reload()

    def after_change(self) -> None:
        self.reload()

    @work(exclusive=True, group="renewals")
    async def reload(self) -> None:
        rows, more = await self.app.db(
            wb.workbench, self.filter, offset=self.page_offset, limit=self.PAGE
        )
        self._show(rows, more)

    def _customer_cell(self, row: wb.WorkbenchRow) -> Text:
        mark = "✓ " if row.policy_id in self.selected else ""
        return Text(mark + row.customer_name, no_wrap=True, overflow="ellipsis")

    def show_marks(self) -> None:
        """The ✓ before the customer of each marked row, and how many are marked."""
        table = self.query_one("#ren-table", DataTable)
        for key, row in self.rows.items():
            table.update_cell(key, "customer", self._customer_cell(row))
        self._pager()

    def _show(self, rows: list[wb.WorkbenchRow], more: bool) -> None:
        table = self.query_one("#ren-table", DataTable)
        keep = table.cursor_row
        step, self._page_step = getattr(self, "_page_step", 0), 0
        if step:
            keep = 0 if step > 0 else len(rows) - 1
        table.clear()
        self.rows = {}
        self.more = more
        today = clock_today()
        for row in rows:
            key = str(row.policy_id)
            self.rows[key] = row
            product = " ".join(
                x for x in (row.line_label, row.provider or "", row.number or "") if x
            )
            extra = [row.state_label] if row.state != "open" else []
            if row.change is not None:
                extra.append(("+" if row.change > 0 else "") + format_percent(row.change / 100, 1))
            if row.assigned_to:
                extra.append("→ " + row.assigned_to)
            if extra:
                product += " · " + " · ".join(extra)
            cells = [
                days_left_text((row.end_date - today).days),
                format_date(row.end_date),
                self._customer_cell(row),
            ]
            if not self._narrow:
                cells += [
                    format_money(row.premium, row.currency) if row.premium is not None else "",
                    Text(product, no_wrap=True, overflow="ellipsis"),
                ]
            table.add_row(*cells, key=key)
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        self.query_one("#ren-empty").display = not rows
        self._pager()

    def _pager(self) -> None:
        more = self.more
        page = self.page_offset // self.PAGE + 1
        pager = _("Page {page}", page=page)
        if more:
            pager += " · " + _("PgDn next page")
        if self.page_offset:
            pager += " · " + _("PgUp previous page")
        if self.selected:
            pager += " · " + ngettext("{n} marked", "{n} marked", len(self.selected))
        self.query_one("#ren-pager", Static).update(pager)

    def current(self) -> wb.WorkbenchRow | None:
        table = self.query_one("#ren-table", DataTable)
        if not self.rows or table.row_count == 0:
            self.app.notify(_("No policy selected."))
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.rows.get(key)

    def action_page(self, step: int) -> None:
        """PgDn/PgUp scroll the table; at its last (first) row they load the next (previous)
        page from the database."""
        table = self.query_one("#ren-table", DataTable)
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

    def action_renewed(self) -> None:
        if row := self.current():
            self.renewal_renewed(row.policy_id)

    def action_lost(self) -> None:
        if row := self.current():
            self.renewal_lost(row.policy_id)

    def action_postpone(self) -> None:
        if row := self.current():
            self.renewal_postpone(row.policy_id)

    def action_seen(self) -> None:
        if row := self.current():
            self.renewal_seen(row.policy_id)

    def action_open(self) -> None:
        if row := self.current():
            self.app.open_customer(row.customer_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_lead_times(self) -> None:
        def saved(table) -> None:
            if table:
                self.app.notify(_("Lead times saved."))
                self.reload()

        self.app.push_screen(LeadTimesForm(), saved)

    def on_language_changed(self) -> None:
        self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        await self.recompose()
        self._setup()
