"""The customer card: header with the figures that matter on the phone, sections for history.

Opening a card must feel instant (target: under 100 ms with a long history), so the screen
is a handful of widgets: the header, a one-line section bar, one row list and the footer.
Only the visible section is read, one page at a time (what fits plus a page; the next page
is read when the cursor nears the end), on the app's warm database thread. The loyalty
figures (stage, lifetime value) need population-wide scores, so they are filled in a moment
after the card is shown.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...domain.card import CardData, load_header, load_loyalty, load_section
from ...domain.customers import archive_customer, merge_customers, restore_customer
from ...domain.errors import NotFound
from ...i18n import N_, _, format_date
from ...safe_text import printable
from .. import registry
from ..dbrunner import Superseded
from ..dialogs.confirm import ConfirmScreen
from ..dialogs.customer_picker import CustomerPickScreen
from ..faults import act
from ..markup import escape  # every "[" (Textual markup reads further than Rich)
from ..widgets.keyfooter import KeyFooter
from ..widgets.rowlist import Column, RowList
from .base import FollowsLanguage
from .card_book import CardBookActions
from .card_rows import (
    COLUMNS,
    EMPTY,
    GIVE_WAY,
    TAB_KEYS,
    TABS,
    header_text,
    notes_text,
    section_rows,
)
from .card_sections import CardSections
from .message_flow import MessageActions

FORMS = {  # the card's one-key forms: the registry's name of each
    "reminder": "REMINDER_FORM",
    "complaint": "COMPLAINT_FORM",
    "claim": "CLAIM_FORM",
    "purchase": "PURCHASE_FORM",
    "survey": "SURVEY_FORM",
    "ladder": "LADDER_FORM",
    "points": "POINTS_FORM",
    "attachments": "ATTACHMENTS_SCREEN",
}


def _stack(app, mode: str) -> list:
    """The screens of a section ([] before the section was first opened)."""
    try:
        return app.get_screen_stack(mode)
    except KeyError:
        return []


class CustomerCardScreen(CardBookActions, MessageActions, FollowsLanguage):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="card.back"),
        Binding("slash", "search", N_("Search"), id="card.search", show=False),
        Binding("e", "edit", N_("Edit"), id="card.edit"),
        Binding("i", "interaction", N_("Log contact"), id="card.interaction"),
        Binding("r", "form('reminder')", N_("Reminder"), id="card.reminder"),
        Binding("p", "policy", N_("Policy"), id="card.policy"),
        Binding("c", "form('complaint')", N_("Complaint"), id="card.complaint"),
        Binding("h", "form('claim')", N_("Claim"), id="card.claim"),
        Binding("H", "claims", N_("Claims list"), id="card.claims", show=False),
        Binding("v", "vehicle", N_("Vehicle"), id="card.vehicle", show=False),
        Binding("K", "commission", N_("Commission"), id="card.commission", show=False),
        Binding("b", "form('purchase')", N_("Purchase"), id="card.purchase"),
        Binding("w", "message", N_("Message"), id="card.message"),
        Binding("O", "optout", N_("Opt-out"), id="card.optout", show=False),
        Binding("t", "instalments", N_("Instalments"), id="card.instalments"),
        Binding("s", "form('survey')", N_("Survey"), id="card.survey", show=False),
        Binding("l", "form('ladder')", N_("Loyalty"), id="card.ladder", show=False),
        Binding("o", "form('points')", N_("Redeem points"), id="card.points", show=False),
        Binding("y", "years", N_("By year (chart)"), id="card.years", show=False),
        Binding("f", "form('attachments')", N_("Attachments"), id="card.files", show=False),
        Binding("a", "archive", N_("Archive/restore"), id="card.archive", show=False),
        Binding("m", "merge", N_("Merge"), id="card.merge", show=False),
        Binding("k", "privacy", N_("Privacy (KVKK)"), id="card.privacy", show=False),
        Binding("I", "info_shown", N_("Information text shown"), id="card.info_shown", show=False),
        Binding("right,tab", "next_tab(1)", N_("Next section"), id="card.next", show=False),
        Binding(
            "left,shift+tab", "next_tab(-1)", N_("Previous section"), id="card.prev", show=False
        ),
        *[
            Binding(str(n), f"tab('{key}')", title, id=f"card.tab{n}", show=False)
            for n, (key, title) in enumerate(TABS, start=1)
        ],
    ]

    def __init__(self, customer_id: int, section: str = "timeline") -> None:
        super().__init__()
        self.customer_id = int(customer_id)
        self.section = section if section in TAB_KEYS else "timeline"
        self.data: CardData | None = None
        self._items: dict[str, list] = {}  # rows read so far, per section
        self._cursor: dict[str, int] = {}
        self._paging = False
        self._shown = False

    # -- layout ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(_("Loading…"), id="card-header")
        yield CardSections(id="card-tabs")
        yield RowList(self._columns(self.section), empty=_("Loading…"), id="card-rows")
        with VerticalScroll(id="notes-box"):
            yield Static("", id="notes")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(CardSections).show(self.section)
        self.set_class(self.section == "notes", "-notes")
        self.query_one(RowList).focus()
        self._load()

    def on_screen_resume(self) -> None:
        if self._shown:  # back from a form or another screen: show what changed
            self.reload()
        self._shown = True

    def on_resize(self) -> None:
        if self.data is not None:
            self._show_header(self.data)

    def on_language_changed(self) -> None:
        self.query_one(CardSections).refresh()
        if self.data is not None:
            self._show_header(self.data)
        self._show_section(keep_cursor=True)

    def _columns(self, section: str) -> list[Column]:
        give_way = GIVE_WAY.get(section, {})
        return [
            Column(_(m), w, right=r, give_way=give_way.get(m, 0))
            for m, w, r in COLUMNS.get(section, [])
        ]

    def page_size(self) -> int:
        """Rows that fit the list plus one page."""
        visible = self.query_one(RowList).size.height - 1
        if visible <= 0:  # not laid out yet: the header, bar and footer take about 8 lines
            visible = max(10, self.app.size.height - 8)
        return 2 * visible

    # -- loading ----------------------------------------------------------------------
    def reload(self) -> None:
        self._load(keep=True)

    def live_changed(self, change) -> None:
        """Another desk changed this customer (ui/live.py): read the card again, the tab
        and cursor kept. A form open over the card keeps what is typed; its save meets the
        version check (domain/concurrency.py)."""
        if change.concerns(self.customer_id) and self._alive():
            self.reload()

    def _fetch(self, section: str, limit: int) -> tuple[CardData, list]:
        header = load_header(self.customer_id)
        rows = load_section(self.customer_id, section, 0, limit) if section != "notes" else []
        return header, rows

    @work(exclusive=True, group="card-load")
    async def _load(self, keep: bool = False) -> None:
        section = self.section
        limit = self.page_size()
        if keep:
            limit = max(limit, len(self._items.get(section, [])))
        try:
            header, rows = await self.app.db_latest(None, self._fetch, section, limit)
        except NotFound as exc:
            self.app.notify_error(str(exc))
            self.dismiss_card()
            return
        except Superseded:
            return
        if not self._alive():  # the card was closed while this was read
            return
        self._items = {section: rows}
        self.data = header
        self._show_header(header)
        self.query_one(CardSections).show(self.section, header.counts)
        if section == self.section:
            self._show_section(keep_cursor=keep)
        else:  # the user moved on while this was read
            self._open_section(self.section)
        self._load_loyalty()

    @work(exclusive=True, group="card-loyalty")
    async def _load_loyalty(self) -> None:
        try:
            loyalty = await self.app.db(load_loyalty, self.customer_id)
        except NotFound:
            return
        if self.data is not None and self._alive():
            self.data.loyalty = loyalty
            self._show_header(self.data)

    @work(group="card-section")
    async def _read_section(self, section: str, offset: int) -> None:
        limit = self.page_size()
        self._paging = True
        try:
            rows = await self.app.db_latest(
                None, load_section, self.customer_id, section, offset, limit
            )
        except Superseded:
            return
        finally:
            self._paging = False
        if not self._alive():
            return
        have = self._items.setdefault(section, [])
        if len(have) != offset:
            return  # a reload replaced the rows meanwhile
        have.extend(rows)
        if section == self.section:
            if offset == 0:
                self._show_section()
            else:
                self._append_rows(section, rows)

    def _alive(self) -> bool:
        """Still on a screen stack: a popped card keeps its widgets only until the app
        prunes it a moment later, and a worker may finish in between."""
        app = self.app
        modes = dict.fromkeys([app.current_mode, *app.MODES])
        return self.is_attached and any(self in _stack(app, mode) for mode in modes)

    def dismiss_card(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()

    # -- header -------------------------------------------------------------------------
    def _show_header(self, d: CardData) -> None:
        # stored text is shown, never sent: an old file's name may hold control sequences
        width = self.query_one("#card-header").size.width or self.app.size.width - 2
        text = header_text(d, max(20, width))
        self.query_one("#card-header", Static).update(printable(text))
        self.sub_title = printable(d.customer.name)

    # -- sections ---------------------------------------------------------------------
    def _show_section(self, keep_cursor: bool = False) -> None:
        section = self.section
        if section == "notes":
            self._show_notes()
            return
        rows = self.query_one(RowList)
        items = self._items.get(section)
        rows.set_columns(self._columns(section))
        rows.empty_text = _("Loading…") if items is None else _(EMPTY[section])
        cells, keys, dim = section_rows(section, items or [])
        cursor = self._cursor.get(section, 0) if keep_cursor or section in self._cursor else 0
        rows.set_rows(cells, keys, cursor=cursor, dim=dim)

    def _append_rows(self, section: str, items: list) -> None:
        cells, keys, dim = section_rows(section, items)
        self.query_one(RowList).append_rows(cells, keys, dim=dim)

    def _show_notes(self) -> None:
        if self.data is not None:
            self.query_one("#notes", Static).update(escape(notes_text(self.data)))

    def _open_section(self, section: str) -> None:
        old = self.section
        if old != "notes":
            self._cursor[old] = self.query_one(RowList).cursor_row
        self.section = section
        self.set_class(section == "notes", "-notes")
        self.query_one(CardSections).show(section)
        self._show_section()
        if section != "notes":
            self.query_one(RowList).focus()
            if section not in self._items and self.data is not None:
                self._read_section(section, 0)
        else:
            self.query_one("#notes-box").focus()

    @on(RowList.Highlighted, "#card-rows")
    def _highlighted(self, event: RowList.Highlighted) -> None:
        section = self.section
        items = self._items.get(section)
        if items is None or self._paging or self.data is None:
            return
        total = self.data.counts.get(section, 0)
        if len(items) < total and event.cursor_row >= len(items) - 5:
            self._read_section(section, len(items))

    # -- actions ---------------------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss_card()

    def action_search(self) -> None:
        """``/`` on a card: back to the search box, the old text selected."""
        self.app.action_search()

    def action_tab(self, key: str) -> None:
        if key in TAB_KEYS:
            self._open_section(key)

    def action_next_tab(self, step: int) -> None:
        index = (TAB_KEYS.index(self.section) + step) % len(TAB_KEYS)
        self._open_section(TAB_KEYS[index])

    @on(CardSections.Chosen)
    def _tab_clicked(self, event: CardSections.Chosen) -> None:
        self._open_section(event.key)

    def _push(self, screen, refresh: bool = True) -> None:
        def done(result: Any) -> None:
            if result is not None and refresh:
                self.reload()

        self.app.push_screen(screen, done)

    def action_edit(self) -> None:
        from .customer_form import CustomerFormScreen

        try:
            self._push(CustomerFormScreen(customer_id=self.customer_id, open_card=False))
        except NotFound as exc:
            self.app.notify_error(str(exc))

    def action_interaction(self) -> None:
        from .interaction_form import InteractionFormScreen

        self._push(InteractionFormScreen(self.customer_id))

    def action_policy(self, policy_id: int | None = None) -> None:
        from .policy_form import PolicyFormScreen

        self._push(PolicyFormScreen(self.customer_id, policy_id=policy_id))

    def action_vehicle(self, vehicle_id: int | None = None) -> None:
        from .vehicle_form import VehicleFormScreen

        self._push(VehicleFormScreen(self.customer_id, vehicle_id=vehicle_id))

    def action_form(self, kind: str) -> None:
        form = registry.load(getattr(registry, FORMS[kind]))
        self._push(form(customer_id=self.customer_id))

    def action_years(self) -> None:
        from .card_years import CustomerYearsScreen

        name = self.data.customer.name if self.data is not None else ""
        self.app.push_screen(CustomerYearsScreen(self.customer_id, name))

    def action_info_shown(self) -> None:
        """The person was shown the current information text (aydınlatma metni): recorded
        now, by the current user, apart from consent (açık rıza)."""
        from ...domain import info_text
        from ..faults import act

        def done(row) -> None:
            self.app.notify(info_text.describe_shown(row))
            self.reload()

        act(self, info_text.record_shown, self.customer_id, then=done)

    def action_privacy(self) -> None:
        self._push(registry.load(registry.PRIVACY_SCREEN)(self.customer_id))

    def action_archive(self) -> None:
        if self.data is None:
            return
        name = self.data.customer.name
        if self.data.archived:

            def restored(_result) -> None:
                self.app.notify(_("{name} restored.", name=name))
                self.reload()

            act(self, restore_customer, self.customer_id, then=restored)
            return

        def archived(_result) -> None:
            self.app.notify(_("{name} archived: hidden from lookup, nothing deleted.", name=name))
            self.reload()

        def answered(yes: bool | None) -> None:
            if yes:
                act(self, archive_customer, self.customer_id, then=archived)

        self.app.push_screen(
            ConfirmScreen(
                _("Archive {name}? The card is hidden from lookup and can be restored.", name=name),
                width=72,
            ),
            answered,
        )

    def action_merge(self) -> None:
        if self.data is None:
            return
        target_name = self.data.customer.name

        def picked(source_id: int | None) -> None:
            if not source_id:
                return

            def confirmed(yes: bool | None) -> None:
                if not yes:
                    return

                def merged(_result) -> None:
                    self.app.notify(_("Merged into {name}.", name=target_name))
                    self.reload()

                act(self, merge_customers, source_id, self.customer_id, then=merged)

            from ...domain.customers import get_customer

            try:
                source = get_customer(source_id)
            except NotFound as exc:
                self.app.notify_error(str(exc))
                return
            self.app.push_screen(
                ConfirmScreen(
                    _(
                        "Move everything of {source} (#{sid}) to {target} (#{tid}) and archive "
                        "{source}?",
                        source=source.name,
                        sid=source_id,
                        target=target_name,
                        tid=self.customer_id,
                    ),
                    width=72,
                ),
                confirmed,
            )

        picker = CustomerPickScreen(
            _("Which customer should be merged into {name}?", name=target_name),
            placeholder=_("Search by name, phone, e-mail…"),
            exclude=self.customer_id,
            include_archived=True,
            recent=False,
            show_ids=True,
        )
        self.app.push_screen(picker, picked)

    @on(RowList.Selected, "#card-rows")
    def _row_selected(self, event: RowList.Selected) -> None:
        kind, _sep, ref = (event.key or "").partition(":")
        if not ref:
            return
        ref_id = int(ref)
        if kind == "policy":
            self.action_policy(ref_id)
        elif kind == "complaint":
            detail = registry.load(registry.COMPLAINT_DETAIL)
            self._push(detail(ref_id))
        elif kind == "claim":
            self._push(registry.load(registry.CLAIM_DETAIL)(ref_id))
        elif kind == "vehicle":
            self.action_vehicle(ref_id)
        elif kind == "reminder":
            form = registry.load(registry.REMINDER_FORM)
            self._push(form(customer_id=self.customer_id, reminder_id=ref_id))
        elif kind == "interaction":
            item = next(
                (
                    t
                    for t in self._items.get(self.section, [])
                    if t.kind == "interaction" and t.ref_id == ref_id
                ),
                None,
            )
            if item is not None and item.detail:
                self.app.notify(item.detail, title=format_date(item.at), timeout=10)
