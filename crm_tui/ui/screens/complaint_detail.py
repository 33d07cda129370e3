"""One complaint: its details, the whole history, and keys to move it along.

Also holds the small forms the complaints list shares (status change with a note,
resolution, a plain note) and ``ask_status_change``, the flow both screens use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...clock import now as clock_now
from ...domain import complaints as cp
from ...domain.errors import NotFound
from ...domain.labels import label
from ...i18n import N_, _, format_date, format_datetime
from ..dialogs.choice import ChoiceScreen
from ..dialogs.form import Field, FormScreen
from ..dialogs.prompt import PromptScreen
from ..markup import escape  # every "[" (Textual markup reads further than Rich)
from ..widgets.keyfooter import KeyFooter
from ..widgets.safetable import SafeTable
from ..widgets.sectionbar import SectionBar
from .base import FollowsLanguage

# -- text helpers (shared with the list) ----------------------------------------------------


# The human-terms texts live in the domain so Today and the CLI say the same thing.
duration_text = cp.duration_text
time_left_text = cp.deadline_text


def status_options(status: str) -> list[tuple[str, str, str]]:
    options = []
    for i, target in enumerate(cp.allowed_transitions(status), 1):
        if status in cp.DONE_STATUSES and target == "in_progress":
            text = _("Reopen (back to in progress)")
        else:
            text = label("complaint_status", target)
        options.append((str(i), text, target))
    return options


# -- small forms ----------------------------------------------------------------------------


class StatusNoteForm(PromptScreen):
    """Move a complaint to another status, with an optional note."""

    FIELD = "note"
    LABEL = N_("Note")
    PLACEHOLDER = N_("optional: why, what was agreed")

    def __init__(self, complaint_id: int, current: str, target: str) -> None:
        self.complaint_id = complaint_id
        self.current = current
        self.target = target
        title = _(
            "Complaint #{id}: {current} → {target}",
            id=complaint_id,
            current=label("complaint_status", current),
            target=label("complaint_status", target),
        )
        super().__init__(title, self.change)

    def change(self, note: str) -> Any:
        return cp.change_status(
            self.complaint_id, self.target, note, expected_status=self.current
        ).id


class ResolveForm(FormScreen):
    TITLE = N_("Resolve complaint")

    def __init__(self, complaint_id: int, current: str) -> None:
        self.complaint_id = complaint_id
        self.current = current
        super().__init__()

    def title_text(self) -> str:
        return _("Resolve complaint #{id}", id=self.complaint_id)

    def fields(self) -> list[Field]:
        return [
            Field("resolution", N_("Resolution"), placeholder=N_("how it was solved")),
            Field(
                "first_contact",
                N_("First contact"),
                kind="checkbox",
                value=False,
                hint=N_("Solved at the first contact, without calling back"),
            ),
            Field(
                "satisfaction",
                N_("Satisfaction"),
                placeholder=N_("1–5, empty if not asked"),
                hint=N_("1 very unhappy … 5 very happy"),
            ),
            Field("note", N_("Note"), placeholder=N_("optional")),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        return cp.resolve(
            self.complaint_id,
            values["resolution"],
            first_contact=values["first_contact"],
            satisfaction=values["satisfaction"],
            note=values["note"],
            expected_status=self.current,
        ).id


class NoteForm(PromptScreen):
    FIELD = "note"
    LABEL = N_("Note")
    PLACEHOLDER = N_("what happened, what was said")

    def __init__(self, complaint_id: int) -> None:
        self.complaint_id = complaint_id
        super().__init__(_("Note on complaint #{id}", id=complaint_id), self.add)

    def add(self, note: str) -> Any:
        return cp.add_note(self.complaint_id, note).id


def ask_status_change(
    screen: Screen, complaint_id: int, done: Callable[[Any], None], target: str | None = None
) -> None:
    """Pick the next status (or go straight to ``target``), then ask for the note or the
    resolution; ``done`` gets the complaint id when something was saved."""
    app = screen.app
    try:
        complaint = cp.get_complaint(complaint_id)
    except NotFound as exc:
        app.notify_error(str(exc))
        return
    current = complaint.status

    def picked(to: str | None) -> None:
        if to is None:
            return
        if to not in cp.allowed_transitions(current):
            app.notify_error(cp.refuse_message(current, to))
            return
        if to == "resolved":
            app.push_screen(ResolveForm(complaint_id, current), done)
        else:
            app.push_screen(StatusNoteForm(complaint_id, current, to), done)

    if target is not None:
        picked(target)
        return
    options = status_options(current)
    title = _(
        "Complaint #{id} is “{status}”. Move it to:",
        id=complaint_id,
        status=label("complaint_status", current),
    )
    app.push_screen(ChoiceScreen(title, options), picked)


# -- the detail screen -------------------------------------------------------------------------


class ComplaintDetailScreen(FollowsLanguage):
    BINDINGS = [
        # Escape is in the help; the footer keeps its room for the complaint's own keys.
        Binding("escape", "back", N_("Back"), id="complaint.back", show=False),
        Binding("s", "status", N_("Status"), id="complaint.status"),
        Binding("a", "note", N_("Note"), id="complaint.note"),
        Binding("r", "resolve", N_("Resolve"), id="complaint.resolve"),
        Binding("o", "reopen", N_("Reopen"), id="complaint.reopen"),
        Binding("x", "close_complaint", N_("Close"), id="complaint.close"),
        Binding("e", "edit", N_("Edit"), id="complaint.edit"),
        Binding("c", "customer", N_("Customer"), id="complaint.customer"),
    ]

    def __init__(self, complaint_id: int) -> None:
        super().__init__()
        self.complaint_id = complaint_id
        self.complaint = None
        self._shown: tuple | None = None

    def compose(self) -> ComposeResult:
        mode = getattr(self.app, "current_mode", "") or "complaints"
        yield SectionBar(mode, id="section-bar")
        with VerticalScroll(id="cd-body"):
            yield Static("", id="cd-head")
            yield Static("", id="cd-info")
            yield Static(_("History"), id="cd-history-title")
            yield SafeTable(id="cd-history", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#cd-history", DataTable).focus()

    def on_language_changed(self) -> None:
        self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        await self.recompose()
        self.on_mount()
        self.reload()

    async def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the complaint and its history here, on the UI thread: a handful of indexed
        rows (a few ms), so the screen is painted with its content, not empty first."""

        def fetch():
            c = cp.get_complaint(self.complaint_id)
            customer_name = c.customer.name
            policy = (c.policy.number or label("line", c.policy.line)) if c.policy_id else None
            purchase = (
                f"{format_date(c.purchase.date)} {c.purchase.description or ''}".strip()
                if c.purchase_id
                else None
            )
            return c, customer_name, policy, purchase, cp.events(self.complaint_id)

        try:
            c, customer_name, policy, purchase, history = fetch()
        except NotFound as exc:
            self.app.notify_error(str(exc))
            self.app.pop_screen()
            return
        self.complaint = c
        self._shown = (c, customer_name, policy, purchase, history)
        self._show(*self._shown)

    def on_resize(self) -> None:
        if self._shown is not None:
            self._show(*self._shown)

    def _show(self, c, customer_name, policy, purchase, history) -> None:
        now = clock_now()
        head = _("Complaint #{id}: {subject}", id=c.id, subject=c.subject)
        status = label("complaint_status", c.status)
        if c.breached or cp.is_overdue(c, now):
            status += "  [b red]" + escape(_("deadline missed")) + "[/]"
        lines = [
            (_("Customer"), escape(customer_name)),
            (_("Status"), status if c.breached or cp.is_overdue(c, now) else escape(status)),
            (
                _("Priority"),
                escape(
                    f"{label('priority', c.priority)} · {label('complaint_category', c.category)}"
                    f" · {label('channel', c.channel)}"
                ),
            ),
            (_("Assigned to"), escape(c.owner or "–")),  # the owner is the assignee
            (_("Opened"), format_datetime(c.opened_at)),
        ]
        if c.status == "waiting" and c.deadline_at and c.waiting_since:
            # The stored deadline moves on when the customer answers: show the time left.
            left = time_left_text(c.status, cp.time_left(c, now))
            since = _("waiting on the customer since {when}", when=format_datetime(c.waiting_since))
            lines.append((_("Deadline"), f"{escape(left)} ({escape(since)})"))
        elif c.status in cp.OPEN_STATUSES and c.deadline_at:
            left = time_left_text(c.status, cp.time_left(c, now))
            lines.append((_("Deadline"), f"{format_datetime(c.deadline_at)} ({escape(left)})"))
        elif c.deadline_at:
            lines.append((_("Deadline"), format_datetime(c.deadline_at)))
        if policy:
            lines.append((_("Policy"), escape(policy)))
        if purchase:
            lines.append((_("Purchase"), escape(purchase)))
        if c.description:
            lines.append((_("Description"), escape(c.description)))
        if c.resolved_at:
            lines.append((_("Resolved"), format_datetime(c.resolved_at)))
            lines.append((_("Resolution"), escape(c.resolution or "")))
            lines.append((_("First contact"), _("yes") if c.first_contact_resolution else _("no")))
            sat = str(c.satisfaction) + "/5" if c.satisfaction else _("not asked")
            lines.append((_("Satisfaction"), sat))
        if c.closed_at:
            lines.append((_("Closed"), format_datetime(c.closed_at)))
        width = max(len(k) for k, _v in lines) + 1
        self.query_one("#cd-head", Static).update(escape(head))
        # a value of several lines (a description) keeps to its column
        indent = "\n" + " " * (width + 1)
        self.query_one("#cd-info", Static).update(
            "\n".join(
                f"[dim]{escape(k.ljust(width))}[/] {v.replace(chr(10), indent)}" for k, v in lines
            )
        )
        rows = [(format_datetime(ev.at), *self.event_row(ev)) for ev in reversed(history)]
        when_w = max([len(_("When"))] + [len(r[0]) for r in rows])
        what_w = min(30, max([len(_("What"))] + [len(r[1]) for r in rows]))
        # Fixed widths and wrapped notes: a long note stays readable at 80 columns
        # instead of running off the right edge.
        note_w = max(12, (self.size.width or 80) - when_w - what_w - 3 * 2 - 4)
        table = self.query_one("#cd-history", DataTable)
        table.clear(columns=True)
        table.add_column(_("When"), key="when", width=when_w)
        table.add_column(_("What"), key="what", width=what_w)
        table.add_column(_("Note"), key="note", width=note_w)
        for when, what, note in rows:
            table.add_row(when, Text(what), Text(note.replace("\n", " · ")), height=None)

    @staticmethod
    def event_row(ev) -> tuple[str, str]:
        """(what happened, note) for one history event."""
        note = ev.note or ""
        if ev.kind == "note":
            return _("Note"), note
        if ev.kind == "deadline":
            try:
                note = format_datetime(datetime.fromisoformat(note))
            except ValueError:
                pass
            return _("New deadline"), note
        if ev.from_status is None:
            return _("Opened"), note
        if ev.from_status in cp.DONE_STATUSES and ev.to_status == "in_progress":
            return _("Reopened"), note
        what = f"{label('complaint_status', ev.from_status)} → {label('complaint_status', ev.to_status)}"
        return what, note

    # -- actions ----------------------------------------------------------------------------
    def _saved(self, result: Any) -> None:
        if result is not None:
            self.reload()

    def action_back(self) -> None:
        self.dismiss()

    def action_status(self) -> None:
        ask_status_change(self, self.complaint_id, self._saved)

    def action_note(self) -> None:
        self.app.push_screen(NoteForm(self.complaint_id), self._saved)

    def _direct(self, target: str, refused: str | None = None) -> None:
        c = self.complaint
        if c is None:
            return
        if target not in cp.allowed_transitions(c.status):
            self.app.notify_error(refused or cp.refuse_message(c.status, target))
            return
        ask_status_change(self, self.complaint_id, self._saved, target=target)

    def action_resolve(self) -> None:
        self._direct("resolved")

    def action_reopen(self) -> None:
        c = self.complaint
        if c is not None and c.status not in cp.DONE_STATUSES:
            self.app.notify_error(
                _(
                    "Only a resolved or closed complaint can be reopened; this one is “{status}”.",
                    status=label("complaint_status", c.status),
                )
            )
            return
        self._direct("in_progress")

    def action_close_complaint(self) -> None:
        self._direct("closed")

    def action_edit(self) -> None:
        from .complaint_form import ComplaintFormScreen

        c = self.complaint
        if c is None:
            return
        self.app.push_screen(
            ComplaintFormScreen(c.customer_id, complaint_id=self.complaint_id), self._saved
        )

    def action_customer(self) -> None:
        if self.complaint is not None:
            self.app.open_customer(self.complaint.customer_id)


__all__ = [
    "ComplaintDetailScreen",
    "NoteForm",
    "ResolveForm",
    "StatusNoteForm",
    "ask_status_change",
    "duration_text",
    "time_left_text",
]
