"""Customers section: one search box, results narrowing on every keystroke."""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import Checkbox, Input, Static

from ...domain.customers import (
    CustomerHit,
    looks_like_phone_number,
    recent_customers,
    search_customers,
)
from ...i18n import N_, _, format_date, ngettext
from ..dbrunner import Superseded
from ..widgets.rowlist import Column, RowList
from .base import SectionScreen


class SearchInput(Input):
    """The search box: Down moves into the results; ``/`` selects the text for a new search."""

    BINDINGS = [
        Binding("down", "to_results", show=False, id="customers.search_down"),
        Binding("slash", "select_all", show=False, priority=True, id="customers.search_again"),
    ]

    async def on_key(self, event: events.Key) -> None:
        """Enter opens the selected card here, in typing order. Keys typed after it in the
        same burst reached this box before the card was up: they are handed on to the
        card, where they would have landed at human speed (``kenan⏎i`` logs a call)."""
        if self.screen is not self.app.screen:
            event.prevent_default()
            event.stop()
            self.app.post_message(events.Key(event.key, event.character))
            return
        if event.key == "enter":
            event.prevent_default()
            event.stop()
            screen = self.screen
            if isinstance(screen, CustomersScreen):
                await screen.open_from_search()

    def action_to_results(self) -> None:
        screen = self.screen
        if hasattr(screen, "focus_results"):
            screen.focus_results()


# the tables whose changes the result list shows (name, company, phone, city, last contact)
SEARCH_SHOWS = frozenset({"*", "customer", "phone", "interaction"})


class CustomersScreen(SectionScreen):
    SECTION = "customers"
    BINDINGS = [
        Binding("ctrl+n", "new_customer", N_("New customer"), id="customers.new"),
        Binding("ctrl+t", "toggle_archived", N_("Archived too"), id="customers.archived"),
        Binding("escape", "clear", N_("Clear search"), id="customers.clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._hits: list[CustomerHit] = []
        self._limit = 0
        self._query = ""
        self._serial = 0
        self._pending_search: str | None = None

    # -- layout -----------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        with Horizontal(id="search-row"):
            yield SearchInput(
                placeholder=_("Name, phone, e-mail, ID number, policy number or plate"),
                id="search",
                # focus_search selects on purpose; letters sent here from the list extend
                select_on_focus=False,
            )
            yield Checkbox(_("Archived too"), False, id="archived")
        yield Static("", id="search-status", markup=False)  # quotes what was typed
        yield RowList(self._columns(), id="results")

    def on_mount(self) -> None:
        box = self.query_one("#search", Input)
        if self._pending_search is not None:
            box.value, self._pending_search = self._pending_search, None
        box.focus()
        self.run_search()

    def _columns(self) -> list[Column]:
        """Name and company share what the fixed columns leave."""
        return [
            Column(_("Name"), 0, minimum=12, weight=3),
            # people's rows have no company: no column while none of the shown rows has one
            Column(_("Company"), 0, minimum=8, weight=2, hide_empty=True, give_way=4),
            Column(_("Phone"), 16, give_way=2),
            Column(_("City"), 10, give_way=3),
            Column(_("Last contact"), 12, give_way=1),  # a date: whole or not at all
        ]

    def on_language_changed(self) -> None:
        self.call_later(self._relocalize)

    async def _relocalize(self) -> None:
        """Rebuild in the new language, keeping what was typed."""
        text = self.query_one("#search", Input).value
        archived = self.query_one("#archived", Checkbox).value
        await self.recompose()
        self.query_one("#archived", Checkbox).value = archived
        box = self.query_one("#search", Input)
        box.value = text
        box.focus()
        self.run_search()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.run_search(keep_cursor=True)

    def live_changed(self, change) -> None:
        """Another desk changed a customer (ui/live.py): the same search again, the cursor
        kept; the search box is only read."""
        if change.tables & SEARCH_SHOWS:
            self.run_search(keep_cursor=True)

    # -- public API used by the app -----------------------------------------------
    def focus_search(self) -> None:
        """The search box focused with its text selected (typing starts a new search). Also
        called while a card still covers this screen, so keys typed right after ``/`` land
        here and replace the old text."""
        box = self.query_one("#search", Input)
        self.set_focus(box)
        box.select_all()

    def set_search(self, text: str) -> None:
        try:
            box = self.query_one("#search", Input)
        except NoMatches:  # called right after the mode switch, before mounting
            self._pending_search = text
            return
        box.value = text
        box.focus()
        self.run_search()

    def on_key(self, event: events.Key) -> None:
        """Letters typed on the results list refine the search: they go to the search box,
        never to a one-letter action (``n`` once opened a form pre-filled with the search,
        and one Enter saved a junk customer). ``?`` and ``/`` keep their global meaning."""
        results = self.query_one("#results", RowList)
        if self.focused is not results or not event.is_printable or not event.character:
            return
        if event.character in "?/":
            return
        event.stop()
        event.prevent_default()
        box = self.query_one("#search", Input)
        box.focus()
        box.value += event.character
        box.cursor_position = len(box.value)

    def focus_results(self) -> None:
        table = self.query_one("#results", RowList)
        if table.row_count:
            table.focus()

    # -- searching --------------------------------------------------------------------
    def page_size(self) -> int:
        """Rows that fit the result list (at least a few)."""
        table = self.query_one("#results", RowList)
        height = table.size.height or self.size.height or 24
        return max(10, height - 1)

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.run_search()

    @on(Checkbox.Changed, "#archived")
    def _archived_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.run_search()

    def run_search(self, keep_cursor: bool = False, more: bool = False) -> None:
        text = self.query_one("#search", Input).value.strip()
        archived = self.query_one("#archived", Checkbox).value
        page = self.page_size()
        if more:
            self._limit += page
        elif not keep_cursor or not self._limit:
            self._limit = 2 * page  # what fits plus one page
        self._serial += 1
        self._search_worker(self._serial, text, archived, self._limit, keep_cursor or more)

    async def _find(
        self, text: str, limit: int, archived: bool, tag: str | None = None
    ) -> list[CustomerHit]:
        """Customers matching ``text`` (the recently contacted ones for no text), on the
        app's database thread; with a ``tag`` a newer call supersedes this one."""
        if text:
            return await self.app.db_latest(tag, search_customers, text, limit, archived)
        return await self.app.db_latest(tag, recent_customers, limit, archived)

    @work(exclusive=True, group="customer-search")
    async def _search_worker(
        self, serial: int, text: str, archived: bool, limit: int, keep_cursor: bool
    ) -> None:
        # On the app's warm database thread; a newer keystroke interrupts this search.
        try:
            hits = await self._find(text, limit, archived, tag="search")
        except Superseded:
            return
        if self.is_attached and self.is_mounted:
            self._show(serial, text, hits, keep_cursor)

    def _show(
        self, serial: int, text: str, hits: list[CustomerHit], keep_cursor: bool = False
    ) -> None:
        if serial != self._serial:
            return  # a newer keystroke is on its way
        table = self.query_one("#results", RowList)
        old_row = table.cursor_row if keep_cursor else 0
        self._query = text
        self._hits = hits
        archived = _("(archived)")
        rows = [
            (
                f"{hit.name} {archived}" if hit.archived else hit.name,
                hit.company or "",
                hit.phone or "",
                hit.city or "",
                format_date(hit.last_contact_at),
            )
            for hit in hits
        ]
        dim = [i for i, hit in enumerate(hits) if hit.archived]
        table.set_rows(rows, [str(hit.id) for hit in hits], cursor=old_row, dim=dim)
        status = self.query_one("#search-status", Static)
        if not text:
            status.update(
                _("Recently contacted customers. Type to search.")
                if hits
                else _("No customers yet. Press ctrl+n to add the first one.")
            )
        elif not hits:
            status.update(
                _("No customer matches “{text}”. Press ctrl+n to add a new one.", text=text)
            )
        elif len(hits) >= self._limit:
            status.update(_("First {n} matches; scroll down for more.", n=len(hits)))
        else:
            status.update(ngettext("{n} match", "{n} matches", len(hits)))

    @on(RowList.Highlighted, "#results")
    def _highlighted(self, event: RowList.Highlighted) -> None:
        table = event.rowlist
        if (
            table.has_focus
            and event.cursor_row >= table.row_count - 1
            and len(self._hits) >= self._limit
        ):
            self.run_search(more=True)

    # -- opening ------------------------------------------------------------------------
    def _selected_id(self) -> int | None:
        table = self.query_one("#results", RowList)
        if not table.row_count or not self._hits:
            return None
        row = min(max(table.cursor_row, 0), len(self._hits) - 1)
        return self._hits[row].id

    async def open_from_search(self) -> None:
        """Enter in the search box: the selected result's card. Typed faster than the
        results came (``bulent ozturk⏎``), the search for what is typed is run first, so
        Enter opens what the user would have seen at human speed."""
        text = self.query_one("#search", Input).value.strip()
        if text != self._query:
            archived = self.query_one("#archived", Checkbox).value
            try:
                hits = await self._find(text, 1, archived)
            except Superseded:
                return
            cid = hits[0].id if hits else None
        else:
            cid = self._selected_id()
        if cid is not None:
            self.app.open_customer(cid)

    @on(RowList.Selected, "#results")
    def _selected(self, event: RowList.Selected) -> None:
        event.stop()
        if event.key:
            self.app.open_customer(int(event.key))

    def action_new_customer(self) -> None:
        """New customer, pre-filled with what was typed (a phone number or a name)."""
        from .customer_form import CustomerFormScreen

        text = self.query_one("#search", Input).value.strip()
        if looks_like_phone_number(text):
            self.app.push_screen(CustomerFormScreen(phone=text))
        elif any(ch.isalpha() for ch in text) and "@" not in text:
            self.app.push_screen(CustomerFormScreen(name=text))
        else:
            self.app.push_screen(CustomerFormScreen())

    def action_toggle_archived(self) -> None:
        box = self.query_one("#archived", Checkbox)
        box.value = not box.value

    def action_clear(self) -> None:
        box = self.query_one("#search", Input)
        if box.value:
            box.value = ""
        box.focus()
