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

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from ...clock import today as clock_today
from ...domain.card import CardData, load_header, load_loyalty, load_section
from ...domain.customers import (
    archive_customer,
    merge_customers,
    restore_customer,
    search_customers,
)
from ...domain.errors import NotFound
from ...domain.labels import label
from ...domain.parsing import format_phone
from ...domain.purchases import tier_label
from ...i18n import N_, _, format_date, format_datetime, format_money, format_number
from ...safe_text import printable
from .. import registry
from ..dbrunner import Superseded
from ..faults import attempt
from ..markup import escape  # every "[" (Textual markup reads further than Rich)
from ..widgets.form import ConfirmScreen
from ..widgets.keyfooter import KeyFooter
from ..widgets.rowlist import Column, RowList
from ..widgets.safetable import SafeTable

TABS: list[tuple[str, str]] = [
    ("timeline", N_("Timeline")),
    ("policies", N_("Policies")),
    ("reminders", N_("Reminders")),
    ("complaints", N_("Complaints")),
    ("purchases", N_("Purchases & points")),
    ("surveys", N_("Surveys")),
    ("notes", N_("Notes")),
]
TAB_KEYS = [key for key, _t in TABS]
# shorter titles for narrow terminals (80 columns)
SHORT_TITLES = {
    "timeline": N_("Timeline"),
    "policies": N_("Policy"),
    "reminders": N_("Reminder"),
    "complaints": N_("Complaint"),
    "purchases": N_("Purchase"),
    "surveys": N_("Survey"),
    "notes": N_("Note"),
}


def _flow(items: list[str], width: int, sep: str = " · ") -> list[str]:
    """Join header items (markup) into lines of at most ``width`` cells, breaking only
    between items ("Open complaints: 1" never splits); a too long item gets a line."""
    lines: list[str] = []
    line, used = "", 0
    for item in items:
        size = Text.from_markup(item).cell_len
        if line and used + len(sep) + size > width:
            lines.append(line)
            line, used = "", 0
        line, used = (line + sep + item, used + len(sep) + size) if line else (item, size)
    if line:
        lines.append(line)
    return lines


# (msgid, width or 0 to share the rest, right-aligned)
COLUMNS: dict[str, list[tuple[str, int, bool]]] = {
    "timeline": [(N_("Date"), 10, False), (N_("What"), 24, False), (N_("Details"), 0, False)],
    "policies": [
        (N_("Line"), 0, False),
        (N_("Number"), 14, False),
        (N_("Provider"), 0, False),
        (N_("Ends"), 10, False),
        (N_("Premium"), 12, True),
        (N_("Status"), 10, False),
    ],
    "reminders": [
        (N_("Due"), 16, False),
        (N_("Reminder"), 0, False),
        (N_("Kind"), 14, False),
        (N_("Status"), 10, False),
    ],
    "complaints": [
        (N_("Opened"), 10, False),
        (N_("Subject"), 0, False),
        (N_("Priority"), 8, False),
        (N_("Status"), 16, False),
    ],
    "purchases": [
        (N_("Date"), 10, False),
        (N_("What"), 12, False),
        (N_("Amount"), 13, True),
        (N_("Description"), 0, False),
        (N_("Points"), 7, True),
    ],
    "surveys": [
        (N_("Date"), 10, False),
        (N_("Kind"), 5, False),
        (N_("Score"), 5, True),
        (N_("Comment"), 0, False),
    ],
}

EMPTY = {
    "timeline": N_("Nothing yet: press i to log a call or visit."),
    "policies": N_("No policies or contracts: press p to add one."),
    "reminders": N_("No reminders: press r to add one."),
    "complaints": N_("No complaints."),
    "purchases": N_("No purchases yet: press b to record one."),
    "surveys": N_("No satisfaction answers: press s to record one."),
}

# Other areas' forms opened from the card: key -> (registry path attribute, unavailable msgid)
FORMS = {  # the card's one-key forms: the registry's name of each
    "reminder": "REMINDER_FORM",
    "complaint": "COMPLAINT_FORM",
    "purchase": "PURCHASE_FORM",
    "survey": "SURVEY_FORM",
    "ladder": "LADDER_FORM",
    "points": "POINTS_FORM",
}

DONE_COMPLAINT = ("resolved", "closed")


def _mark(granted: bool | None) -> str:
    if granted is None:
        return "[dim]–[/]"
    return "[green]✓[/]" if granted else "[red]✗[/]"


def _one_line(text: str | None, limit: int = 200) -> str:
    return " ".join((text or "").split())[:limit]


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
            yield SafeTable(id="merge-results", cursor_type="row")
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
                Text(f"{hit.name} (#{hit.id})"),
                hit.phone or "",
                Text(hit.city or ""),
                key=str(hit.id),
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


class CardSections(Widget):
    """``1 Timeline (161) │ 2 Policies (20) │ …``: the number key or a click opens a section."""

    DEFAULT_CSS = """
    CardSections { height: 1; background: $panel; color: $text-muted; }
    CardSections > .card-sections--active { color: $foreground; text-style: bold reverse; }
    CardSections > .card-sections--key { color: $accent; text-style: bold; }
    """
    COMPONENT_CLASSES = {"card-sections--active", "card-sections--key"}

    class Chosen(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.active = TAB_KEYS[0]
        self.counts: dict[str, int] = {}
        self._spans: list[tuple[int, int, str]] = []

    def show(self, active: str, counts: dict[str, int] | None = None) -> None:
        self.active = active
        if counts is not None:
            self.counts = counts
        self.refresh()

    def _parts(self, with_counts: bool, titles: str) -> list[tuple[str, str, str]]:
        """``titles``: full, short, or only the active section's."""
        parts = []
        for n, (key, title) in enumerate(TABS, start=1):
            name = _(SHORT_TITLES[key] if titles == "short" else title)
            if titles == "active" and key != self.active:
                name = ""
            elif with_counts and self.counts.get(key):
                name += f" ({format_number(self.counts[key])})"
            parts.append((key, str(n), name))
        return parts

    def render(self) -> Text:
        width = self.size.width or 80
        for with_counts, titles in (
            (True, "full"),
            (False, "full"),
            (True, "short"),
            (False, "short"),
            (True, "active"),
            (False, "active"),
        ):
            parts = self._parts(with_counts, titles)
            if sum(len(k) + len(n) + 3 for _key, k, n in parts) <= width:
                break
        active_style = self.get_component_rich_style("card-sections--active", partial=True)
        key_style = self.get_component_rich_style("card-sections--key", partial=True)
        text = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        x = 0
        for key, number, name in parts:
            start = x
            piece = Text(end="")
            piece.append(f" {number}", key_style)
            piece.append(f" {name} " if name else " ")
            if key == self.active:
                piece.stylize(active_style)
            text.append_text(piece)
            x += piece.cell_len
            self._spans.append((start, x, key))
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.post_message(self.Chosen(key))
                return


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
        Binding("k", "privacy", N_("Privacy (KVKK)"), id="card.privacy", show=False),
        Binding("right,tab", "next_tab(1)", N_("Next section"), id="card.next", show=False),
        Binding(
            "left,shift+tab", "next_tab(-1)", N_("Previous section"), id="card.prev", show=False
        ),
        *[
            Binding(str(n), f"tab('{key}')", title, id=f"card.tab{n}", show=False)
            for n, (key, title) in enumerate(TABS, start=1)
        ],
    ]
    DEFAULT_CSS = """
    CustomerCardScreen #card-header { height: auto; max-height: 8; padding: 0 1;
        background: $boost; }
    CustomerCardScreen #card-rows { height: 1fr; }
    CustomerCardScreen #notes-box { height: 1fr; padding: 0 1; display: none; }
    CustomerCardScreen.-notes #notes-box { display: block; }
    CustomerCardScreen.-notes #card-rows { display: none; }
    """

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
        self.query_one(KeyFooter).refresh_labels()
        if self.data is not None:
            self._show_header(self.data)
        self._show_section(keep_cursor=True)

    def _columns(self, section: str) -> list[Column]:
        return [Column(_(m), w, right=r) for m, w, r in COLUMNS.get(section, [])]

    def page_size(self) -> int:
        """Rows that fit the list plus one page."""
        visible = self.query_one(RowList).size.height - 1
        if visible <= 0:  # not laid out yet: the header, bar and footer take about 8 lines
            visible = max(10, self.app.size.height - 8)
        return 2 * visible

    # -- loading ----------------------------------------------------------------------
    def reload(self) -> None:
        self._load(keep=True)

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
            header, rows = await self.app.db_runner.run(self._fetch, section, limit)
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
            loyalty = await self.app.run_in_db_thread(load_loyalty, self.customer_id)
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
            rows = await self.app.db_runner.run(
                load_section, self.customer_id, section, offset, limit
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
        stacks = getattr(self.app, "_screen_stacks", {})
        return self.is_attached and any(self in stack for stack in stacks.values())

    def dismiss_card(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()

    # -- header -------------------------------------------------------------------------
    def _header_text(self, d: CardData) -> str:
        c = d.customer
        first = f"[b]{escape(c.name)}[/b]"
        if c.company:
            first += f" · {escape(c.company)}"
        first += f"  [dim]#{c.id}[/]"
        if d.archived:
            first += "  [reverse red] " + _("ARCHIVED") + " [/]"
        contact = []
        for p in d.phones:
            shown = format_phone(p.e164)
            if len(d.phones) > 1:
                shown += f" [dim]({escape(label('phone_label', p.label))})[/]"
            contact.append(shown)
        if c.email:
            contact.append(escape(c.email))
        if c.city:
            contact.append(escape(c.city + (f" / {c.district}" if c.district else "")))
        about = []
        if d.age is not None:
            about.append(_("Age {age} (birthday {date})", age=d.age, date=format_date(c.birthday)))
            if d.next_birthday is not None:
                days = (d.next_birthday - clock_today()).days
                if days == 0:
                    about.append("[b]" + _("Birthday today!") + "[/]")
                elif 0 < days <= 7:
                    about.append("[b]" + _("Birthday in {n} days", n=days) + "[/]")
        if d.tags:
            about.append(_("Tags: {tags}", tags=escape(", ".join(d.tags))))
        about.append(_("Customer since {date}", date=format_date(c.created_at)))
        if d.referred_by_name:
            about.append(_("Referred by {name}", name=escape(d.referred_by_name)))
        lo = d.loyalty
        waiting = "…"
        if lo is None:
            stage = waiting
        else:
            stage = label("ladder", lo.stage) if lo.stage else "–"
            if lo.stage_is_manual:
                stage = _("{stage} (set by hand)", stage=stage)
        figures = [
            _("Stage: {stage}", stage=stage),
            _("Points: {points}", points=format_number(d.points)),
        ]
        if lo is None:
            figures.append(_("Lifetime value: {amount}", amount=waiting))
        else:
            if lo.tier:
                figures.append(_("Tier: {tier}", tier=tier_label(lo.tier)))
            if lo.ltv is not None:
                figures.append(_("Lifetime value: {amount}", amount=format_money(lo.ltv)))
        open_c = _("Open complaints: {n}", n=d.open_complaints)
        figures.append(f"[b red]{open_c}[/]" if d.open_complaints else open_c)
        if d.next_reminder is not None:
            r = d.next_reminder
            when = format_datetime(r.due_at) if r.has_time else format_date(r.due_at)
            text = _("Next: {date} {title}", date=when, title=escape(r.title))
            overdue = r.due_at.date() < clock_today()
            figures.append(f"[b red]{text}[/]" if overdue else text)
        consent = []
        for s in d.consents:
            item = f"{label('consent_channel', s.channel)} {_mark(s.granted)}"
            if s.at is not None:
                item += f" [dim]{format_date(s.at)}[/]"
            consent.append(item)
        consent[0] = _("Consent:") + " " + consent[0]
        if c.contact_every_days:
            consent.append(_("keep in touch every {n} days", n=c.contact_every_days))
        width = self.query_one("#card-header").size.width or self.app.size.width - 2
        width = max(20, width)
        lines = [first]
        for items in (contact, about, figures):
            lines.extend(_flow(items, width))
        lines.extend(_flow(consent, width, sep=" · "))
        return "\n".join(lines)

    def _show_header(self, d: CardData) -> None:
        # stored text is shown, never sent: an old file's name may hold control sequences
        self.query_one("#card-header", Static).update(printable(self._header_text(d)))
        self.sub_title = printable(d.customer.name)

    # -- sections ---------------------------------------------------------------------
    def _row(self, section: str, item: Any) -> tuple[tuple[str, ...], str, bool]:
        """(cells, "kind:id" of the row, dimmed) of one item of ``section``."""
        if section == "timeline":
            detail = item.detail
            if item.kind == "interaction":
                what = label("channel", item.title)
            elif item.kind == "purchase":
                what = _("Purchase")
                detail = f"{format_money(item.amount)} {item.detail}".strip()
            elif item.kind == "complaint":
                what = _("Complaint ({status})", status=label("complaint_status", item.title))
            elif item.title == "start":
                what = _("Policy started")
                detail = label("line", item.detail)
            else:
                what = _("Policy ended ({status})", status=label("policy_status", item.title))
                detail = label("line", item.detail)
            cells = (format_date(item.at), what, _one_line(detail))
            return cells, f"{item.kind}:{item.ref_id}", False
        if section == "policies":
            cells = (
                label("line", item.line),
                item.number or "",
                item.provider or "",
                format_date(item.end_date),
                format_money(item.premium),
                label("policy_status", item.status),
            )
            return cells, f"policy:{item.id}", item.status != "active"
        if section == "reminders":
            when = format_datetime(item.due_at) if item.has_time else format_date(item.due_at)
            cells = (
                when,
                _one_line(item.title),
                label("reminder_kind", item.kind),
                label("reminder_status", item.status),
            )
            return cells, f"reminder:{item.id}", item.status != "open"
        if section == "complaints":
            cells = (
                format_date(item.opened_at),
                _one_line(item.subject),
                label("priority", item.priority),
                label("complaint_status", item.status),
            )
            return cells, f"complaint:{item.id}", item.status in DONE_COMPLAINT
        if section == "purchases":
            what = _("Purchase") if item.kind == "purchase" else label("points_kind", item.kind)
            points = ""
            if item.points:
                points = ("+" if item.points > 0 else "") + format_number(item.points)
            cells = (
                format_date(item.at),
                what,
                format_money(item.amount),
                _one_line(item.description),
                points,
            )
            kind = "purchase" if item.kind == "purchase" else "points"
            return cells, f"{kind}:{item.ref_id}", False
        if section == "surveys":
            cells = (
                format_date(item.at),
                label("survey_kind", item.kind),
                str(item.score),
                _one_line(item.comment),
            )
            return cells, f"survey:{item.id}", False
        return (), "", False

    def _rows(self, section: str, items: list) -> tuple[list, list, list]:
        cells, keys, dim = [], [], []
        for i, item in enumerate(items):
            c, k, d = self._row(section, item)
            cells.append(c)
            keys.append(k)
            if d:
                dim.append(i)
        return cells, keys, dim

    def _show_section(self, keep_cursor: bool = False) -> None:
        section = self.section
        if section == "notes":
            self._show_notes()
            return
        rows = self.query_one(RowList)
        items = self._items.get(section)
        rows.set_columns(self._columns(section))
        rows.empty_text = _("Loading…") if items is None else _(EMPTY[section])
        cells, keys, dim = self._rows(section, items or [])
        cursor = self._cursor.get(section, 0) if keep_cursor or section in self._cursor else 0
        rows.set_rows(cells, keys, cursor=cursor, dim=dim)

    def _append_rows(self, section: str, items: list) -> None:
        cells, keys, dim = self._rows(section, items)
        self.query_one(RowList).append_rows(cells, keys, dim=dim)

    def _show_notes(self) -> None:
        d = self.data
        if d is None:
            return
        c = d.customer
        parts = [c.notes or _("No notes.")]
        if c.address:
            parts.append(_("Address: {address}", address=c.address))
        if d.phones:
            phones = ", ".join(
                f"{format_phone(p.e164)} ({label('phone_label', p.label)})" for p in d.phones
            )
            parts.append(_("Phones: {phones}", phones=phones))
        if c.source:
            parts.append(_("Source: {source}", source=label("source", c.source)))
        if d.referrals:
            parts.append(
                _("Referred: {names}", names=", ".join(f"{n} (#{i})" for i, n in d.referrals))
            )
        consent_lines = []
        for s in d.consents:
            if s.granted is None:
                continue
            state = _("given") if s.granted else _("refused")
            how = f", {label('consent_method', s.method)}" if s.method else ""
            consent_lines.append(
                f"{label('consent_channel', s.channel)}: {state} {format_date(s.at)}{how}"
            )
        if consent_lines:
            parts.append(_("Consent: {list}", list="; ".join(consent_lines)))
        self.query_one("#notes", Static).update(escape("\n\n".join(parts)))

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

    def action_form(self, kind: str) -> None:
        form = registry.load(getattr(registry, FORMS[kind]))
        self._push(form(customer_id=self.customer_id))

    def action_privacy(self) -> None:
        self._push(registry.load(registry.PRIVACY_SCREEN)(self.customer_id))

    def action_archive(self) -> None:
        if self.data is None:
            return
        name = self.data.customer.name
        if self.data.archived:
            if not attempt(self.app, restore_customer, self.customer_id)[0]:
                return
            self.app.notify(_("{name} restored.", name=name))
            self.reload()
            return

        def answered(yes: bool | None) -> None:
            if yes and attempt(self.app, archive_customer, self.customer_id)[0]:
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
                if not attempt(self.app, merge_customers, source_id, self.customer_id)[0]:
                    return
                self.app.notify(_("Merged into {name}.", name=target_name))
                self.reload()

            from ...domain.customers import get_customer

            try:
                source = get_customer(source_id)
            except NotFound as exc:
                self.app.notify_error(str(exc))
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
        elif kind == "reminder":
            form = registry.load(registry.REMINDER_FORM)
            self._push(form(customer_id=self.customer_id, reminder_id=ref_id))
        elif kind == "interaction":
            item = next(
                (
                    t
                    for t in self._items.get(self.section, [])
                    if getattr(t, "kind", "") == "interaction" and t.ref_id == ref_id
                ),
                None,
            )
            if item is not None and item.detail:
                self.app.notify(item.detail, title=format_date(item.at), timeout=10)
