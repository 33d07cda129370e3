"""Who did what: the audit log, newest first (when, who, what, customer, detail), narrowed
by user (u), customer (c) and first day (d), all from the keyboard; Enter opens the card of
a line's customer. Shows the newest ``audit_view.LIMIT`` lines and says when there are more.

Every cell that holds stored text (a user's name, a customer's name, a detail) goes in as
``Text``, never markup, through ``SafeTable``."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ...domain import audit_view, who
from ...domain.parsing import date_hint, parse_date
from ...i18n import N_, _, format_date, format_datetime
from ..dialogs.customer_picker import CustomerPickScreen
from ..dialogs.form import Field
from ..dialogs.prompt import PromptScreen
from ..widgets.keyfooter import KeyFooter
from ..widgets.safetable import SafeTable
from .base import FollowsLanguage

WHEN_W, USER_W, ACTION_W, CUSTOMER_W = 16, 10, 24, 18


class UserQuestion(PromptScreen):
    """The user whose changes to show (→ completes a known one); blank: everyone."""

    FIELD = "user"
    LABEL = N_("User")
    HINT = N_("→ completes a known user; blank: everyone")

    def __init__(self, title: str, action, users: list[str], value: str = "") -> None:
        self.users = users
        super().__init__(title, action, value=value)

    def fields(self) -> list[Field]:
        (field,) = super().fields()
        field.suggestions = self.users
        return [field]


class SinceQuestion(PromptScreen):
    """The first day to show; blank: from the beginning."""

    FIELD = "date"
    LABEL = N_("From")
    HINT = N_("22/11/2026, today; blank: any day")

    def fallback_message(self) -> str:
        return date_hint()


def _since(text: str) -> tuple[date | None]:
    """The typed first day, in a 1-tuple (a blank gives (None,): no day, not a cancel)."""
    return (parse_date(text) if text.strip() else None,)


class AuditScreen(FollowsLanguage):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="audit.back"),
        Binding("u", "user", N_("User"), id="audit.user"),
        Binding("c", "customer", N_("Customer"), id="audit.customer"),
        Binding("d", "since", N_("From day"), id="audit.since"),
        Binding("x", "clear", N_("All"), id="audit.clear"),
        Binding("enter,o", "open", N_("Card"), id="audit.open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.user: str | None = None
        self.customer_id: int | None = None
        self.customer_name: str | None = None
        self.since: date | None = None
        self.page: audit_view.AuditPage | None = None

    @property
    def crm(self) -> Any:
        """The app with its ``db`` and ``open_customer`` (CrmApp; not imported here: the
        app imports the screens)."""
        return self.app

    def compose(self) -> ComposeResult:
        yield Static(_("Who did what"), id="audit-title")
        yield Static("", id="audit-filters")
        yield SafeTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="audit-info")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._columns()
        self.query_one(DataTable).focus()
        self.reload()

    def on_language_changed(self) -> None:
        self.query_one("#audit-title", Static).update(_("Who did what"))
        self._columns()
        self.reload()  # the actions' names are translated as the lines are read

    def on_resize(self) -> None:
        if self.page is not None:
            self._columns()
            self._show(self.page)

    def _columns(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        width = self.app.size.width
        # 5 columns x 2 cells of padding and the scroll bar; the detail takes the rest
        detail = max(8, width - WHEN_W - USER_W - ACTION_W - CUSTOMER_W - 10 - 2)
        table.add_column(_("When"), key="when", width=WHEN_W)
        table.add_column(_("User"), key="user", width=USER_W)
        table.add_column(_("Action"), key="action", width=ACTION_W)
        table.add_column(_("Customer"), key="customer", width=CUSTOMER_W)
        table.add_column(_("Detail"), key="detail", width=detail)

    # -- loading -------------------------------------------------------------------------
    @work(exclusive=True, group="audit")
    async def reload(self) -> None:
        page = await self.crm.db(audit_view.audit_page, self.user, self.customer_id, self.since)
        self._show(page)

    def _show(self, page: audit_view.AuditPage) -> None:
        self.page = page
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for i, line in enumerate(page.lines):
            if line.customer_id is None:
                customer = ""
            else:
                customer = line.customer_name or f"#{line.customer_id}"
            table.add_row(
                format_datetime(line.at),
                Text(line.user or "–", no_wrap=True, overflow="ellipsis"),
                Text(line.action_text, no_wrap=True, overflow="ellipsis"),
                Text(customer, no_wrap=True, overflow="ellipsis"),
                Text(line.detail, no_wrap=True, overflow="ellipsis"),
                key=str(i),
            )
        if page.lines:
            table.move_cursor(row=min(max(keep, 0), len(page.lines) - 1))
        self._show_filters()
        if not page.lines:
            info = _("No changes recorded.")
        elif page.more:
            info = _(
                "The newest {n} changes; narrow with u, c or d to see older ones.",
                n=len(page.lines),
            )
        else:
            info = _("{n} changes.", n=len(page.lines))
        self.query_one("#audit-info", Static).update(Text(info))
        self.refresh_bindings()

    def _show_filters(self) -> None:
        everyone = _("everyone")
        text = Text()
        text.append(_("User") + ": ", style="dim")
        text.append(self.user or everyone, style="bold" if self.user else "")
        text.append(" · " + _("Customer") + ": ", style="dim")
        text.append(self.customer_name or _("all"), style="bold" if self.customer_id else "")
        text.append(" · " + _("From") + ": ", style="dim")
        text.append(format_date(self.since) if self.since else _("any day"))
        self.query_one("#audit-filters", Static).update(text)

    # -- filters -------------------------------------------------------------------------
    def action_user(self) -> None:
        self._ask_user()

    @work(group="audit-ask")
    async def _ask_user(self) -> None:
        users = await self.crm.db(who.known_users)

        def chosen(result: Any) -> None:
            if result is None:
                return
            self.user = result or None
            self.reload()

        self.app.push_screen(
            UserQuestion(_("Whose changes?"), _typed_user, users, value=self.user or ""),
            chosen,
        )

    def action_customer(self) -> None:
        def picked(customer_id: int | None) -> None:
            if customer_id is None:
                return
            self._set_customer(customer_id)

        self.app.push_screen(
            CustomerPickScreen(_("Changes to which customer?"), recent=False), picked
        )

    @work(group="audit-ask")
    async def _set_customer(self, customer_id: int) -> None:
        self.customer_name = await self.crm.db(audit_view.customer_name, customer_id)
        self.customer_id = customer_id
        self.reload()

    def action_since(self) -> None:
        def chosen(result: tuple[date | None] | None) -> None:
            if result is None:
                return
            self.since = result[0]
            self.reload()

        value = format_date(self.since) if self.since else ""
        self.app.push_screen(
            SinceQuestion(_("Changes from which day?"), _since, value=value), chosen
        )

    def action_clear(self) -> None:
        self.user = self.customer_id = self.customer_name = self.since = None
        self.reload()

    # -- the line under the cursor -------------------------------------------------------
    def _current(self) -> audit_view.AuditLine | None:
        table = self.query_one(DataTable)
        if self.page is None or not self.page.lines or table.cursor_row is None:
            return None
        if not 0 <= table.cursor_row < len(self.page.lines):
            return None
        return self.page.lines[table.cursor_row]

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "open":
            line = self._current()
            return line is not None and line.customer_name is not None
        return True

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        line = self._current()
        if line is None or line.customer_id is None or line.customer_name is None:
            return  # no customer, or one erased since: nothing to open
        self.crm.open_customer(line.customer_id)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()


def _typed_user(text: str) -> str:
    """The user typed, spaces tidied ("" for everyone; matched without regard to case)."""
    return " ".join(text.split())
