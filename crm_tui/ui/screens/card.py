"""The customer card: header with the figures that matter on the phone, tabs for history."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Static, TabbedContent, TabPane

from ...domain.card import CardData, load_card
from ...domain.customers import (
    archive_customer,
    merge_customers,
    restore_customer,
    search_customers,
)
from ...domain.errors import NotFound, ValidationError
from ...domain.labels import label
from ...domain.parsing import format_phone
from ...domain.purchases import tier_label
from ...i18n import N_, _, format_date, format_datetime, format_money, format_number
from .. import registry
from ..widgets.footer import I18nFooter
from ..widgets.form import ConfirmScreen

TABS: list[tuple[str, str]] = [
    ("timeline", N_("Timeline")),
    ("policies", N_("Policies")),
    ("reminders", N_("Reminders")),
    ("complaints", N_("Complaints")),
    ("purchases", N_("Purchases")),
    ("surveys", N_("Surveys")),
    ("notes", N_("Notes")),
]

# Other areas' forms opened from the card: key -> (registry path attribute, unavailable msgid)
FORMS = {
    "reminder": ("REMINDER_FORM", N_("Reminders are not available in this version.")),
    "complaint": ("COMPLAINT_FORM", N_("Complaints are not available in this version.")),
    "purchase": ("PURCHASE_FORM", N_("Purchases are not available in this version.")),
    "survey": ("SURVEY_FORM", N_("Surveys are not available in this version.")),
    "ladder": ("LADDER_FORM", N_("The loyalty ladder is not available in this version.")),
    "points": ("POINTS_FORM", N_("Points are not available in this version.")),
}


def _mark(granted: bool | None) -> str:
    if granted is None:
        return "[dim]–[/]"
    return "[green]✓[/]" if granted else "[red]✗[/]"


class CardConfirm(ConfirmScreen):
    """ConfirmScreen with a fixed width (its auto width collapses around wrapped text)."""

    DEFAULT_CSS = """
    CardConfirm > Vertical { width: 72; max-width: 95%; }
    """


class MergePickScreen(ModalScreen[int | None]):
    """Find the duplicate card whose records should move onto the current one."""

    BINDINGS = [Binding("escape", "dismiss(None)", N_("Cancel"), id="merge.cancel")]
    DEFAULT_CSS = """
    MergePickScreen { align: center middle; }
    MergePickScreen > Vertical { width: 90%; max-width: 80; height: 80%; border: round $accent;
        background: $surface; padding: 0 1; }
    MergePickScreen #merge-title { text-style: bold; height: auto; }
    MergePickScreen #merge-results { height: 1fr; }
    """

    def __init__(self, customer_id: int, name: str) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.name_text = name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                _("Which customer should be merged into {name}?", name=escape(self.name_text)),
                id="merge-title",
            )
            yield Input(placeholder=_("Search by name, phone, e-mail…"), id="merge-search")
            yield DataTable(id="merge-results", cursor_type="row")
            yield Static(_("Enter choose · Escape cancel"), classes="keys")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Name"), _("Phone"), _("City"))
        self.query_one(Input).focus()

    @on(Input.Changed, "#merge-search")
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @work(exclusive=True, group="merge-search")
    async def _search(self, text: str) -> None:
        hits = []
        if text.strip():
            hits = await self.app.run_in_db_thread(
                search_customers, text, 20, include_archived=True
            )
        table = self.query_one(DataTable)
        table.clear()
        for hit in hits:
            if hit.id == self.customer_id:
                continue
            table.add_row(
                f"{hit.name} (#{hit.id})", hit.phone or "", hit.city or "", key=str(hit.id)
            )

    @on(Input.Submitted, "#merge-search")
    def _submitted(self, event: Input.Submitted) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            row_key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key
            self.dismiss(int(row_key.value))

    def on_key(self, event) -> None:
        if event.key == "down" and self.query_one(Input).has_focus:
            table = self.query_one(DataTable)
            if table.row_count:
                event.stop()
                table.focus()

    @on(DataTable.RowSelected, "#merge-results")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        self.dismiss(int(event.row_key.value))


class CustomerCardScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="card.back"),
        Binding("slash", "search", N_("Search"), id="card.search", show=False),
        Binding("e", "edit", N_("Edit"), id="card.edit"),
        Binding("i", "interaction", N_("Log contact"), id="card.interaction"),
        Binding("r", "form('reminder')", N_("Reminder"), id="card.reminder"),
        Binding("p", "policy", N_("Policy"), id="card.policy"),
        Binding("c", "form('complaint')", N_("Complaint"), id="card.complaint"),
        Binding("b", "form('purchase')", N_("Purchase"), id="card.purchase"),
        Binding("s", "form('survey')", N_("Survey"), id="card.survey", show=False),
        Binding("l", "form('ladder')", N_("Loyalty"), id="card.ladder", show=False),
        Binding("o", "form('points')", N_("Redeem points"), id="card.points", show=False),
        Binding("a", "archive", N_("Archive/restore"), id="card.archive", show=False),
        Binding("m", "merge", N_("Merge"), id="card.merge", show=False),
        *[
            Binding(str(n), f"tab('{key}')", N_("Show tab"), id=f"card.tab{n}", show=False)
            for n, (key, _t) in enumerate(TABS, start=1)
        ],
    ]
    DEFAULT_CSS = """
    CustomerCardScreen #card-header { height: auto; max-height: 8; padding: 0 1;
        background: $boost; }
    CustomerCardScreen #card-tabs { height: 1fr; }
    CustomerCardScreen TabPane { padding: 0; }
    CustomerCardScreen DataTable { height: 1fr; }
    CustomerCardScreen #notes-box { height: 1fr; padding: 0 1; }
    CustomerCardScreen .archived-banner { color: $error; text-style: bold; }
    """

    def __init__(self, customer_id: int) -> None:
        super().__init__()
        self.customer_id = int(customer_id)
        self.data: CardData | None = None
        self._row_refs: dict[str, list[tuple[str, int]]] = {}

    # -- layout ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(_("Loading…"), id="card-header")
        with TabbedContent(id="card-tabs"):
            for key, title in TABS:
                with TabPane(_(title), id=f"tab-{key}"):
                    if key == "notes":
                        with VerticalScroll(id="notes-box"):
                            yield Static("", id="notes")
                    else:
                        yield DataTable(id=f"t-{key}", cursor_type="row", zebra_stripes=True)
        yield I18nFooter()

    def on_mount(self) -> None:
        self._setup_columns()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_language_changed(self) -> None:
        self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        await self.recompose()
        self._setup_columns()
        self.reload()

    def _setup_columns(self) -> None:
        cols = {
            "timeline": [N_("Date"), N_("What"), N_("Details")],
            "policies": [
                N_("Line"),
                N_("Number"),
                N_("Provider"),
                N_("Ends"),
                N_("Premium"),
                N_("Status"),
            ],
            "reminders": [N_("Due"), N_("Reminder"), N_("Kind"), N_("Status")],
            "complaints": [N_("Opened"), N_("Subject"), N_("Priority"), N_("Status")],
            "purchases": [N_("Date"), N_("Amount"), N_("Description"), N_("Points")],
            "surveys": [N_("Date"), N_("Kind"), N_("Score"), N_("Comment")],
        }
        for key, names in cols.items():
            table = self.query_one(f"#t-{key}", DataTable)
            table.clear(columns=True)
            table.add_columns(*[_(n) for n in names])

    # -- loading ----------------------------------------------------------------------
    def reload(self) -> None:
        self._load()

    @work(exclusive=True, group="card-load")
    async def _load(self) -> None:
        try:
            data = await self.app.run_in_db_thread(load_card, self.customer_id)
        except NotFound as exc:
            self.app.notify_error(str(exc))
            self.dismiss_card()
            return
        self.data = data
        self._show_card(data)

    def dismiss_card(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()

    # -- rendering ---------------------------------------------------------------------
    def _header_text(self, d: CardData) -> str:
        c = d.customer
        first = f"[b]{escape(c.name)}[/b]"
        if c.company:
            first += f" · {escape(c.company)}"
        first += f"  [dim]#{c.id}[/]"
        if d.archived:
            first += "  [reverse red] " + _("ARCHIVED") + " [/]"
        contact = [format_phone(p.e164) for p in d.phones]
        if c.email:
            contact.append(escape(c.email))
        if c.city:
            contact.append(escape(c.city + (f" / {c.district}" if c.district else "")))
        about = []
        if d.age is not None:
            about.append(_("Age {age} (birthday {date})", age=d.age, date=format_date(c.birthday)))
        if d.tags:
            about.append(_("Tags: {tags}", tags=escape(", ".join(d.tags))))
        about.append(_("Customer since {date}", date=format_date(c.created_at)))
        if d.referred_by_name:
            about.append(_("Referred by {name}", name=escape(d.referred_by_name)))
        lo = d.loyalty
        stage = label("ladder", lo.stage) if lo.stage else "–"
        if lo.stage_is_manual:
            stage = _("{stage} (set by hand)", stage=stage)
        figures = [
            _("Stage: {stage}", stage=stage),
            _("Points: {points}", points=format_number(lo.points)),
        ]
        if lo.tier:
            figures.append(_("Tier: {tier}", tier=tier_label(lo.tier)))
        if lo.ltv is not None:
            figures.append(_("Lifetime value: {amount}", amount=format_money(lo.ltv)))
        open_c = _("Open complaints: {n}", n=d.open_complaints)
        figures.append(f"[b red]{open_c}[/]" if d.open_complaints else open_c)
        if d.next_reminder is not None:
            figures.append(
                _(
                    "Next: {date} {title}",
                    date=format_date(d.next_reminder.due_at),
                    title=escape(d.next_reminder.title),
                )
            )
        consent = (
            _("Consent:")
            + " "
            + "  ".join(
                f"{label('consent_channel', s.channel)} {_mark(s.granted)}" for s in d.consents
            )
        )
        if c.contact_every_days:
            consent += "  · " + _("keep in touch every {n} days", n=c.contact_every_days)
        lines = [first]
        if contact:
            lines.append(" · ".join(contact))
        lines.append(" · ".join(about))
        lines.append(" · ".join(figures))
        lines.append(consent)
        return "\n".join(lines)

    def _show_card(self, d: CardData) -> None:
        self.query_one("#card-header", Static).update(self._header_text(d))
        self.sub_title = d.customer.name
        refs: dict[str, list[tuple[str, int]]] = {}

        def fill(key: str, rows: list[tuple[tuple, tuple[str, int] | None]]) -> None:
            table = self.query_one(f"#t-{key}", DataTable)
            row = table.cursor_row
            table.clear()
            refs[key] = []
            for cells, ref in rows:
                table.add_row(*cells)
                refs[key].append(ref or ("", 0))
            if rows:
                table.move_cursor(row=min(max(row, 0), len(rows) - 1))

        timeline = []
        for t in d.timeline:
            if t.kind == "interaction":
                what = label("channel", t.title)
                ref = ("interaction", t.ref_id)
            elif t.kind == "purchase":
                what = _("Purchase")
                ref = ("purchase", t.ref_id)
            elif t.kind == "complaint":
                what = _("Complaint ({status})", status=label("complaint_status", t.title))
                ref = ("complaint", t.ref_id)
            else:
                what = (
                    _("Policy started")
                    if t.title == "start"
                    else _("Policy ended ({status})", status=label("policy_status", t.title))
                )
                ref = ("policy", t.ref_id)
            detail = t.detail
            if t.kind == "policy":
                detail = label("line", t.detail)
            elif t.kind == "purchase":
                p = next((p for p in d.purchases if p.id == t.ref_id), None)
                if p is not None:
                    detail = f"{format_money(p.amount)} {p.description or ''}".strip()
            timeline.append(((format_date(t.at), what, detail.replace("\n", " ")[:120]), ref))
        fill("timeline", timeline)
        fill(
            "policies",
            [
                (
                    (
                        label("line", p.line),
                        p.number or "",
                        p.provider or "",
                        format_date(p.end_date),
                        format_money(p.premium),
                        label("policy_status", p.status),
                    ),
                    ("policy", p.id),
                )
                for p in d.policies
            ],
        )
        fill(
            "reminders",
            [
                (
                    (
                        format_datetime(r.due_at) if r.has_time else format_date(r.due_at),
                        r.title,
                        label("reminder_kind", r.kind),
                        label("reminder_status", r.status),
                    ),
                    ("reminder", r.id),
                )
                for r in d.reminders
            ],
        )
        fill(
            "complaints",
            [
                (
                    (
                        format_date(c.opened_at),
                        c.subject,
                        label("priority", c.priority),
                        label("complaint_status", c.status),
                    ),
                    ("complaint", c.id),
                )
                for c in d.complaints
            ],
        )
        points_by_purchase: dict[int, int] = {}
        for e in d.points:
            if e.purchase_id:
                points_by_purchase[e.purchase_id] = (
                    points_by_purchase.get(e.purchase_id, 0) + e.points
                )
        fill(
            "purchases",
            [
                (
                    (
                        format_date(p.date),
                        format_money(p.amount),
                        p.description or "",
                        format_number(points_by_purchase[p.id])
                        if p.id in points_by_purchase
                        else "",
                    ),
                    ("purchase", p.id),
                )
                for p in d.purchases
            ],
        )
        fill(
            "surveys",
            [
                (
                    (
                        format_date(s.at),
                        label("survey_kind", s.kind),
                        str(s.score),
                        (s.comment or "").replace("\n", " ")[:120],
                    ),
                    ("survey", s.id),
                )
                for s in d.surveys
            ],
        )
        self._row_refs = refs
        notes = d.customer.notes or _("No notes.")
        extra = []
        if d.referrals:
            extra.append(
                _("Referred: {names}", names=", ".join(f"{n} (#{i})" for i, n in d.referrals))
            )
        if d.customer.address:
            extra.append(_("Address: {address}", address=d.customer.address))
        self.query_one("#notes", Static).update(escape("\n\n".join([notes, *extra])))

    # -- actions ---------------------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss_card()

    def action_search(self) -> None:
        """``/`` on a card opened from the search: back to the search box."""
        app = self.app
        if app.current_mode != "customers":
            app.action_search()
            return
        while len(app.screen_stack) > 1 and not hasattr(app.screen, "focus_search"):
            app.pop_screen()
        focus = getattr(app.screen, "focus_search", None)
        if focus:
            app.call_after_refresh(focus)

    def action_tab(self, key: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{key}"
        table = self.query(f"#t-{key}")
        if table:
            table.first().focus()

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

    def action_form(self, kind: str) -> None:
        attr, missing = FORMS[kind]
        try:
            form = registry.load(getattr(registry, attr))
        except (ImportError, AttributeError):
            self.app.notify(_(missing), severity="warning")
            return
        self._push(form(customer_id=self.customer_id))

    def action_archive(self) -> None:
        if self.data is None:
            return
        name = self.data.customer.name
        if self.data.archived:
            restore_customer(self.customer_id)
            self.app.notify(_("{name} restored.", name=name))
            self.reload()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                archive_customer(self.customer_id)
                self.app.notify(
                    _("{name} archived: hidden from lookup, nothing deleted.", name=name)
                )
                self.reload()

        self.app.push_screen(
            CardConfirm(
                _("Archive {name}? The card is hidden from lookup and can be restored.", name=name)
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
                try:
                    merge_customers(source_id, self.customer_id)
                except (ValidationError, NotFound) as exc:
                    self.app.notify_error(str(exc))
                    return
                self.app.notify(_("Merged into {name}.", name=target_name))
                self.reload()

            from ...db.models import Customer

            source = Customer.get_or_none(Customer.id == source_id)
            if source is None:
                return
            self.app.push_screen(
                CardConfirm(
                    _(
                        "Move everything of {source} (#{sid}) to {target} (#{tid}) and archive "
                        "{source}?",
                        source=source.name,
                        sid=source_id,
                        target=target_name,
                        tid=self.customer_id,
                    )
                ),
                confirmed,
            )

        self.app.push_screen(MergePickScreen(self.customer_id, target_name), picked)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        key = (event.data_table.id or "").removeprefix("t-")
        refs = self._row_refs.get(key, [])
        if not 0 <= event.cursor_row < len(refs):
            return
        kind, ref = refs[event.cursor_row]
        if kind == "policy":
            self.action_policy(ref)
        elif kind == "complaint":
            try:
                detail = registry.load(registry.COMPLAINT_DETAIL)
            except (ImportError, AttributeError):
                self.app.notify(
                    _("Complaints are not available in this version."), severity="warning"
                )
                return
            self._push(detail(ref))
        elif kind == "reminder":
            try:
                form = registry.load(registry.REMINDER_FORM)
            except (ImportError, AttributeError):
                self.app.notify(
                    _("Reminders are not available in this version."), severity="warning"
                )
                return
            self._push(form(customer_id=self.customer_id, reminder_id=ref))
