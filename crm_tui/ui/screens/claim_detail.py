"""One claim (hasar dosyası): its details, its history (who moved it, when, with what note)
and keys to move it along the workflow, add a note or edit it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from ...domain import claims as cl
from ...domain.errors import NotFound
from ...domain.labels import label
from ...i18n import N_, _, format_date, format_datetime, format_money
from .. import registry
from ..dialogs.claim_status import ClaimNoteForm, ask_claim_status
from ..markup import escape  # every "[" (Textual markup reads further than Rich)
from ..widgets.keyfooter import KeyFooter
from ..widgets.safetable import SafeTable
from ..widgets.sectionbar import SectionBar
from .base import FollowsLanguage


def event_texts(ev) -> tuple[str, str]:
    """(what happened, note) for one history event."""
    if ev.kind == "note":
        return _("Note"), ev.note or ""
    if ev.from_status is None:
        return _("Opened: {status}", status=label("claim_status", ev.to_status)), ev.note or ""
    what = f"{label('claim_status', ev.from_status)} → {label('claim_status', ev.to_status)}"
    return what, ev.note or ""


class ClaimDetailScreen(FollowsLanguage):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="claim.back", show=False),
        Binding("s", "status", N_("Status"), id="claim.status"),
        Binding("a", "note", N_("Note"), id="claim.note"),
        Binding("e", "edit", N_("Edit"), id="claim.edit"),
        Binding("c", "customer", N_("Customer"), id="claim.customer"),
    ]

    def __init__(self, claim_id: int) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.claim: cl.ClaimRow | None = None

    def compose(self) -> ComposeResult:
        mode = getattr(self.app, "current_mode", "") or "today"
        yield SectionBar(mode, id="section-bar")
        with VerticalScroll(id="cl-body"):
            yield Static("", id="cl-head")
            yield Static("", id="cl-info")
            yield Static(_("History"), id="cl-history-title")
            yield SafeTable(id="cl-history", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#cl-history", DataTable).focus()

    def on_language_changed(self) -> None:
        self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        await self.recompose()
        self.on_mount()
        self.reload()

    async def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the claim and its history here, on the UI thread: a handful of indexed rows,
        so the screen is painted with its content (as the complaint detail does)."""
        try:
            c = cl.get_claim(self.claim_id)
            notes = cl.claim_notes(self.claim_id)
            history = cl.events(self.claim_id)
        except NotFound as exc:
            self.app.notify(str(exc), severity="error")
            self.app.pop_screen()
            return
        self.claim = c
        self._show(c, notes, history)

    def _show(self, c: cl.ClaimRow, notes: str | None, history: list) -> None:
        policy = " ".join(
            x for x in (label("line", c.line) if c.line else "", c.policy_number or "") if x
        )
        lines = [
            (_("Customer"), c.customer_name),
            (_("Policy"), f"{policy} · {c.provider}" if c.provider else policy or "–"),
            (_("Status"), c.status_label),
            (_("Date of loss"), f"{format_date(c.loss_date)} · {c.kind_label}"),
            (_("Place"), c.place or "–"),
            (_("Insurer file no"), c.insurer_file_no or "–"),
            (_("Expected amount"), format_money(c.expected_amount) or "–"),
            (_("Paid amount"), format_money(c.paid_amount) or "–"),
            (_("Follow up on"), format_date(c.follow_up_on) if c.follow_up_on else "–"),
        ]
        if notes:
            lines.append((_("Notes"), notes))
        width = max(len(k) for k, _v in lines) + 1
        indent = "\n" + " " * (width + 1)
        head = _("Claim #{id}: {kind}", id=c.id, kind=c.kind_label)
        self.query_one("#cl-head", Static).update(escape(head))
        self.query_one("#cl-info", Static).update(
            "\n".join(
                f"[dim]{escape(k.ljust(width))}[/] {escape(v).replace(chr(10), indent)}"
                for k, v in lines
            )
        )
        rows = [
            (format_datetime(ev.at), ev.author or "", *event_texts(ev)) for ev in reversed(history)
        ]
        table = self.query_one("#cl-history", DataTable)
        table.clear(columns=True)
        when_w = max([len(_("When"))] + [len(r[0]) for r in rows])
        who_w = min(12, max([len(_("Who"))] + [len(r[1]) for r in rows]))
        what_w = min(34, max([len(_("What"))] + [len(r[2]) for r in rows]))
        note_w = max(12, (self.size.width or 80) - when_w - who_w - what_w - 4 * 2 - 4)
        table.add_column(_("When"), key="when", width=when_w)
        table.add_column(_("Who"), key="who", width=who_w)
        table.add_column(_("What"), key="what", width=what_w)
        table.add_column(_("Note"), key="note", width=note_w)
        for when, who, what, note in rows:
            table.add_row(when, Text(who), Text(what), Text(note.replace("\n", " · ")), height=None)

    # -- actions ----------------------------------------------------------------------------
    def _saved(self, result: Any) -> None:
        if result is not None:
            self.reload()

    def action_back(self) -> None:
        self.dismiss()

    def action_status(self) -> None:
        ask_claim_status(self, self.claim_id, self._saved)

    def action_note(self) -> None:
        self.app.push_screen(ClaimNoteForm(self.claim_id), self._saved)

    def action_edit(self) -> None:
        if self.claim is None:
            return
        from .claim_form import ClaimFormScreen

        self.app.push_screen(ClaimFormScreen(self.claim.customer_id, self.claim_id), self._saved)

    def action_customer(self) -> None:
        if self.claim is None:
            return
        self.app.push_screen(registry.load(registry.CUSTOMER_CARD)(self.claim.customer_id))


__all__ = ["ClaimDetailScreen", "event_texts"]
