"""``f`` on the card: the customer's attachments. ``a`` adds a file by path (to the
policy, claim or complaint under the card's cursor when there is one, else to the
customer), Enter opens the one under the cursor with the system viewer, ``x`` removes it
(asked first)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ...domain import attachments as att
from ...i18n import N_, _, format_date, format_number
from ..dialogs.confirm import ConfirmScreen
from ..dialogs.prompt import PromptScreen
from ..faults import attempt

ON_LABELS = {"policy": N_("policy"), "claim": N_("claim"), "complaint": N_("complaint")}


class AddAttachmentScreen(PromptScreen):
    FIELD = "path"
    LABEL = N_("File")
    HINT = N_("The path of the file to attach (a PDF, a photo, a scanned form).")

    def __init__(self, customer_id: int, on: str | None = None, on_id: int | None = None) -> None:
        self.customer_id = customer_id
        self.on, self.on_id = on, on_id
        title = (
            _("Add an attachment to the {record} #{id}", record=_(ON_LABELS[on]), id=on_id)
            if on
            else _("Add an attachment")
        )
        super().__init__(title, self.add)

    def add(self, text: str) -> Any:
        return att.add_attachment(self.customer_id, text, self.on, self.on_id)


class AttachmentsScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", N_("Back"), id="files.back"),
        Binding("a", "add", N_("Add"), id="files.add"),
        Binding("enter,o", "open", N_("Open"), id="files.open"),
        Binding("x,delete", "remove", N_("Remove"), id="files.remove"),
    ]

    def __init__(self, customer_id: int) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.rows: list[att.AttachmentRow] = []
        self.on: str | None = None  # the card's record under the cursor (on_mount)
        self.on_id: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Attachments"), classes="title")
            yield DataTable(id="files-table", cursor_type="row")
            yield Static(_("a add · Enter open · x remove · Esc back"), classes="note")

    async def on_mount(self) -> None:
        self.on, self.on_id = self._card_record()
        table = self.query_one("#files-table", DataTable)
        table.add_columns(_("File"), _("Size"), _("On"), _("Added"), _("By"))
        await self.reload()

    async def reload(self) -> None:
        app: Any = self.app  # CrmApp: the query runs off the UI thread
        self.rows = await app.db(att.list_attachments, self.customer_id)
        table = self.query_one("#files-table", DataTable)
        table.clear()
        for r in self.rows:
            on = f"{_(ON_LABELS[r.on])} #{r.on_id}" if r.on else ""
            table.add_row(
                Text(r.name),
                Text(
                    _("{size} KB", size=format_number(max(1, round(r.size / 1024)))),
                    justify="right",
                ),
                on,
                format_date(r.created_at.date()),
                Text(r.added_by or ""),
                key=str(r.id),
            )
        table.focus()

    def _card_record(self) -> tuple[str | None, int | None]:
        """The policy, claim or complaint under the cursor of the card below, if any."""
        from ..widgets.rowlist import RowList

        stack = self.app.screen_stack
        below = stack[-2] if len(stack) > 1 else None
        try:
            key = below.query_one(RowList).cursor_key if below is not None else None
        except Exception:  # noqa: BLE001 - no card below: the customer's own file
            return None, None
        kind, _sep, ref = (key or "").partition(":")
        if kind in ON_LABELS and ref.isdigit():
            return kind, int(ref)
        return None, None

    def _current(self) -> att.AttachmentRow | None:
        table = self.query_one("#files-table", DataTable)
        if not self.rows or table.cursor_row is None:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def action_add(self) -> None:
        async def added(result: Any) -> None:
            if result is not None:
                self.notify(_("Attached: {name}", name=result.name))
                await self.reload()

        self.app.push_screen(AddAttachmentScreen(self.customer_id, self.on, self.on_id), added)

    async def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # Enter on the table: the table takes the key, so open from here
        await self.action_open()

    async def action_open(self) -> None:
        row = self._current()
        if row is None:
            return
        ok, found = await attempt(self.app, att.attachment_content, row.id)
        if not ok or found is None:
            return
        name, data = found
        # a private folder of its own (0700): the viewer gets a real file with its name
        folder = Path(tempfile.mkdtemp(prefix="crm-tui-"))
        path = folder / Path(name).name
        path.write_bytes(data)
        path.chmod(0o600)
        self.app.open_url(path.as_uri())
        self.notify(_("Opened {name}.", name=name))

    def action_remove(self) -> None:
        row = self._current()
        if row is None:
            return

        async def answered(yes: bool | None) -> None:
            if not yes:
                return
            ok, _result = await attempt(self.app, att.remove_attachment, row.id)
            if ok:
                self.notify(_("Removed: {name}", name=row.name))
                await self.reload()

        self.app.push_screen(
            ConfirmScreen(_("Remove the attachment “{name}”?", name=row.name)), answered
        )
