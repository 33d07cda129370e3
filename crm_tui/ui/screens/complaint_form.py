"""Open a complaint (or edit its details), and pick the customer when there is none yet."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...domain import complaints as cp
from ...domain.customers import recent_customers, search_customers
from ...domain.labels import choices, label
from ...i18n import N_, _, format_number, ngettext
from ..widgets.form import Field, FormScreen


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else format_number(value, 1)


def service_level_hint() -> str:
    """``Deadline: Urgent 4 hours · High 1 working day · ...`` from the settings."""
    parts = []
    for priority, level in reversed(list(cp.service_levels().items())):
        hours = level.amount.total_seconds() / 3600
        if level.working and hours % 24 == 0:
            n = int(hours // 24)
            amount = ngettext("{n} working day", "{n} working days", n)
        elif level.working:
            amount = _("{n} working hours", n=_n(hours))
        elif hours % 24 == 0:
            n = int(hours // 24)
            amount = ngettext("{n} day", "{n} days", n)
        else:
            amount = _("{n} hours", n=_n(hours))
        parts.append(f"{label('priority', priority)} {amount}")
    return _("Deadline: {levels}", levels=" · ".join(parts))


class ComplaintFormScreen(FormScreen):
    """New complaint for ``customer_id`` (optionally about a policy or purchase), or the
    details of complaint ``complaint_id``. Dismisses with the complaint id."""

    TITLE = N_("New complaint")

    def __init__(
        self,
        customer_id: int,
        policy_id: int | None = None,
        purchase_id: int | None = None,
        complaint_id: int | None = None,
    ) -> None:
        self.customer_id = customer_id
        self.policy_id = policy_id
        self.purchase_id = purchase_id
        self.complaint_id = complaint_id
        self.links = cp.link_choices(customer_id)
        self.complaint = cp.get_complaint(complaint_id) if complaint_id else None
        self.record_version = self.complaint.version if self.complaint else None
        super().__init__()

    def reload_record(self) -> None:
        self.complaint = cp.get_complaint(self.complaint_id)
        self.record_version = self.complaint.version

    def title_text(self) -> str:
        if self.complaint is not None:
            return _(
                "Complaint #{id} — {customer}",
                id=self.complaint.id,
                customer=self.links.customer_name,
            )
        return _("New complaint — {customer}", customer=self.links.customer_name)

    def fields(self) -> list[Field]:
        c = self.complaint
        fields = [
            Field(
                "subject",
                N_("Subject"),
                value=c.subject if c else "",
                placeholder=N_("in a few words: what went wrong"),
            ),
            Field(
                "channel",
                N_("Channel"),
                kind="select",
                value=c.channel if c else "phone",
                options=[(t, code) for t, code in choices("channel") if code in cp.CHANNELS],
                allow_blank=False,
            ),
            Field(
                "category",
                N_("Category"),
                kind="select",
                value=c.category if c else "other",
                options=choices("complaint_category"),
                allow_blank=False,
            ),
            Field(
                "priority",
                N_("Priority"),
                kind="select",
                value=c.priority if c else "normal",
                options=choices("priority"),
                allow_blank=False,
                hint=service_level_hint(),
            ),
            Field(
                "owner",
                N_("Owner"),
                value=(c.owner or "") if c else "",
                placeholder=N_("who handles it"),
            ),
            Field(
                "description",
                N_("Description"),
                kind="textarea",
                value=(c.description or "") if c else "",
            ),
        ]
        if c is None and self.links.policies:
            fields.append(
                Field(
                    "policy",
                    N_("Policy"),
                    kind="select",
                    value=self.policy_id,
                    options=[(text, pid) for pid, text in self.links.policies],
                )
            )
        if c is None and self.links.purchases:
            fields.append(
                Field(
                    "purchase",
                    N_("Purchase"),
                    kind="select",
                    value=self.purchase_id,
                    options=[(text, pid) for pid, text in self.links.purchases],
                )
            )
        return fields

    def save(self, values: dict[str, Any]) -> Any:
        if self.complaint is not None:
            return cp.update_complaint(
                self.complaint.id,
                values["subject"],
                values["description"],
                values["channel"],
                values["category"],
                values["priority"],
                values["owner"],
                expected_version=self.record_version,
            ).id
        complaint = cp.open_complaint(
            self.customer_id,
            values["subject"],
            description=values["description"],
            channel=values["channel"],
            category=values["category"],
            priority=values["priority"],
            owner=values["owner"],
            policy_id=values.get("policy", self.policy_id),
            purchase_id=values.get("purchase", self.purchase_id),
        )
        return complaint.id


class CustomerPickScreen(ModalScreen[int | None]):
    """Type a name or phone, pick the customer with the arrows and Enter."""

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

    def __init__(self, title: str | None = None) -> None:
        super().__init__()
        self.title_text = title or _("Which customer complains?")
        self.ids: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="pick-title")
            yield Input(placeholder=_("name, phone or policy number"), id="pick-input")
            yield OptionList(id="pick-list")
            yield Static(_("↑↓ choose · Enter take · Escape cancel"), id="pick-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.lookup("")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.lookup(event.value)

    @work(exclusive=True, group="pick-customer")
    async def lookup(self, text: str) -> None:
        if text.strip():
            hits = await self.app.run_in_db_thread(search_customers, text, 20)
        else:
            hits = await self.app.run_in_db_thread(recent_customers, 20)
        options = self.query_one(OptionList)
        options.clear_options()
        self.ids = [h.id for h in hits]
        for h in hits:
            extra = " · ".join(x for x in (h.phone, h.city, h.company) if x)
            options.add_option(
                Option(escape(h.name) + (f"  [dim]{escape(extra)}[/]" if extra else ""))
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


__all__ = ["ComplaintFormScreen", "CustomerPickScreen"]
