"""Find and pick a customer: type a name or phone, the list follows; ↑↓ choose, Enter
takes, Escape cancels. Used to open a complaint (the recent customers before anything is
typed) and to merge a duplicate card (the current customer left out)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.customers import recent_customers, search_customers
from ...i18n import N_, _
from ..markup import escape  # every "[" (Textual markup reads further than Rich)


class CustomerPickScreen(ModalScreen[int | None]):
    """Type a name or phone, pick the customer with the arrows and Enter; dismissed with
    the customer's id (None on Escape)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", N_("Cancel"), id="pick.cancel"),
        Binding("down", "down", N_("Next"), id="pick.down", show=False),
        Binding("up", "up", N_("Previous"), id="pick.up", show=False),
    ]
    DEFAULT_CSS = """
    CustomerPickScreen { align: center middle; }
    CustomerPickScreen > Vertical { width: 90%; max-width: 80; height: 80%; max-height: 20;
        border: round $accent; background: $surface; padding: 0 1; }
    CustomerPickScreen #pick-title { text-style: bold; }
    CustomerPickScreen OptionList { height: 1fr; }
    CustomerPickScreen #pick-keys { color: $text-muted; height: 1; }
    """

    def __init__(
        self,
        title: str | None = None,
        *,
        placeholder: str | None = None,
        exclude: int | None = None,
        include_archived: bool = False,
        recent: bool = True,
        show_ids: bool = False,
    ) -> None:
        """``exclude``: a customer never listed (the card a duplicate merges into);
        ``recent``: list the recent customers before anything is typed; ``show_ids``: the
        number after each name (duplicates often share the name)."""
        super().__init__()
        self.title_text = title or _("Which customer complains?")
        self.placeholder = placeholder or _("name, phone or policy number")
        self.exclude = exclude
        self.include_archived = include_archived
        self.recent = recent
        self.show_ids = show_ids
        self.ids: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            # plain text: the title may quote a name, which may hold "["
            yield Static(self.title_text, id="pick-title", markup=False)
            yield Input(placeholder=self.placeholder, id="pick-input")
            yield OptionList(id="pick-list")
            yield Static(_("↑↓ choose · Enter take · Escape cancel"), id="pick-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.lookup("")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.lookup(event.value)

    @work(exclusive=True, group="pick-customer")
    async def lookup(self, text: str) -> None:
        hits = []
        if text.strip():
            hits = await self.app.db(
                search_customers, text, 20, include_archived=self.include_archived
            )
        elif self.recent:
            hits = await self.app.db(recent_customers, 20)
        hits = [h for h in hits if h.id != self.exclude]
        options = self.query_one(OptionList)
        options.clear_options()
        self.ids = [h.id for h in hits]
        for h in hits:
            name = f"{h.name} (#{h.id})" if self.show_ids else h.name
            extra = " · ".join(x for x in (h.phone, h.city, h.company) if x)
            options.add_option(
                Option(escape(name) + (f"  [dim]{escape(extra)}[/]" if extra else ""))
            )
        if hits:
            options.highlighted = 0

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self.ids):
            self.notify(_("No customer matches: type a name or a phone number."))
            return
        self.dismiss(self.ids[index])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.ids):
            self.dismiss(self.ids[event.option_index])
