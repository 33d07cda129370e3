"""Message templates (issue 17): the list (built-in and own, both languages) and a form
whose preview is filled from a sample customer as the text is typed; an unknown
placeholder is named at once. Opened from the command palette."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static, TextArea

from ...domain.errors import ValidationError
from ...domain.labels import label
from ...domain.messaging import templates as tp
from ...i18n import N_, _
from ..dialogs.form import Field, FormScreen
from ..faults import act
from ..widgets.keyfooter import KeyFooter


class TemplateForm(FormScreen):
    TITLE = N_("Message template")

    def __init__(self, template: tp.Template | None = None) -> None:
        self.template = template
        super().__init__()

    def fields(self) -> list[Field]:
        t = self.template
        return [
            Field("name", N_("Name"), value=t.name if t else ""),
            Field(
                "language",
                N_("Language"),
                kind="select",
                value=t.language if t else "tr",
                options=[("Türkçe", "tr"), ("English", "en")],
                allow_blank=False,
            ),
            Field(
                "channel",
                N_("Channel"),
                kind="select",
                value=t.channel if t else "any",
                options=[(_("any"), "any")]
                + [(label("channel", c), c) for c in ("email", "sms", "whatsapp")],
                allow_blank=False,
            ),
            Field("subject", N_("Subject (e-mail)"), value=t.subject if t else ""),
            Field(
                "body",
                N_("Text"),
                kind="textarea",
                value=t.body if t else "",
                hint=" ".join("{" + p + "}" for p in tp.PLACEHOLDERS),
            ),
        ]

    def compose_extra(self) -> ComposeResult:
        yield Static("", id="template-preview", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.update_preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.update_preview()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.update_preview()

    @work(exclusive=True, group="template-preview")
    async def update_preview(self) -> None:
        v = self.values()
        try:
            app: Any = self.app
            subject, body = await app.db(tp.preview, v["subject"], v["body"], v["language"])
            text = _("Preview:") + "\n" + (f"{subject}\n\n" if subject else "") + body
        except ValidationError as exc:
            text = str(exc)
        self.query_one("#template-preview", Static).update(text)

    def save(self, values: dict[str, Any]) -> Any:
        t = self.template
        row = tp.save_template(
            values["name"],
            values["language"],
            values["channel"],
            values["subject"],
            values["body"],
            t.id if t else None,
        )
        return row.id


class TemplatesScreen(Screen):
    @property
    def crm(self) -> Any:
        """The app with its ``db`` (CrmApp; not imported here: the app imports the screens)."""
        return self.app

    TITLE = N_("Message templates")
    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), id="templates.back"),
        Binding("enter,e", "edit", N_("Edit"), id="templates.edit"),
        Binding("n", "new", N_("New"), id="templates.new"),
        Binding("x", "delete", N_("Delete"), id="templates.delete"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tp.Template] = []

    def compose(self) -> ComposeResult:
        yield Static(_("Message templates"), classes="title")
        yield DataTable(cursor_type="row", id="templates")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Name"), _("Language"), _("Channel"), _("Text"))
        self.reload()

    @work(exclusive=True, group="templates")
    async def reload(self) -> None:
        self.rows = await self.crm.db(tp.list_templates)
        table = self.query_one(DataTable)
        table.clear()
        for t in self.rows:
            channel = _("any") if t.channel == "any" else label("channel", t.channel)
            name = t.name + (" *" if t.builtin else "")
            table.add_row(name, t.language, channel, t.body.replace("\n", " ")[:50])

    def _current(self) -> tp.Template | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _form(self, template: tp.Template | None) -> None:
        def saved(template_id: Any) -> None:
            if template_id is not None:
                self.reload()

        self.app.push_screen(TemplateForm(template), saved)

    def action_edit(self) -> None:
        t = self._current()
        if t is not None:
            self._form(t)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_new(self) -> None:
        self._form(None)

    def action_delete(self) -> None:
        t = self._current()
        if t is None:
            return
        if t.builtin:
            self.crm.notify_error(_("A built-in template can be edited, not deleted."))
            return
        act(self, tp.delete_template, t.id, then=lambda _r: self.reload())


__all__ = ["TemplatesScreen", "TemplateForm"]
