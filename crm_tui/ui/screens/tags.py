"""Tags in one place (palette: "Tags"): every tag with how many customers carry it;
``r`` renames the highlighted one, ``m`` merges it into another (typed by name), Enter
lists its customers. Rename and merge are all-or-nothing and audit-logged (domain)."""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...domain.customers import tags as tag_domain
from ...domain.customers.views import CustomerFilter, filter_ids
from ...i18n import N_, _, format_number
from ..dialogs.prompt import PromptScreen
from ..markup import escape
from ..widgets.keyfooter import KeyFooter
from ..widgets.safetable import SafeTable


def _merge_by_name(source_id: int, target_name: str) -> int:
    """Merge into the tag named so (folded); off the UI thread."""
    from ...domain.errors import ValidationError

    target = tag_domain.find_tag(target_name)
    if target is None:
        raise ValidationError(_("There is no tag named {name}.", name=target_name))
    return tag_domain.merge_tags(source_id, target.id)


class TagsScreen(Screen):
    TITLE = N_("Tags")
    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), id="tags.back"),
        Binding("r", "rename", N_("Rename"), id="tags.rename"),
        Binding("m", "merge", N_("Merge into…"), id="tags.merge"),
        Binding("enter", "customers", N_("Customers"), id="tags.customers", show=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tag_domain.TagCount] = []

    def compose(self) -> ComposeResult:
        yield Static(_("Tags"), id="list-title")
        yield Static("", id="list-status")
        yield SafeTable(id="tags-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Tag"), key="name", width=40)
        table.add_column(_("Customers"), key="count")
        self.reload()

    @work(exclusive=True, group="tags")
    async def reload(self) -> None:
        app: Any = self.app  # CrmApp: db() runs the call off the UI thread
        self.tags = await app.db(tag_domain.tag_counts)
        table = self.query_one(DataTable)
        line = table.cursor_row
        table.clear()
        for t in self.tags:
            table.add_row(
                escape(t.name), Text(format_number(t.customers), justify="right"), key=str(t.id)
            )
        self.query_one("#list-status", Static).update(
            _("{n} tags", n=format_number(len(self.tags)))
            + " · "
            + _("r rename · m merge into another · Enter lists its customers")
        )
        if table.row_count:
            table.move_cursor(row=min(line, table.row_count - 1))
        table.focus()

    def _current(self) -> tag_domain.TagCount | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return self.tags[table.cursor_row]

    def _done(self, result) -> None:
        if result is not None:
            self.reload()

    def action_rename(self) -> None:
        tag = self._current()
        if tag is None:
            return
        prompt = PromptScreen(
            _("Rename the tag {name}", name=tag.name),
            lambda text: tag_domain.rename_tag(tag.id, text).id,
            value=tag.name,
        )
        self.app.push_screen(prompt, self._done)

    def action_merge(self) -> None:
        tag = self._current()
        if tag is None:
            return
        others = ", ".join(t.name for t in self.tags if t.id != tag.id)[:200]
        prompt = PromptScreen(
            _("Merge {name} into the tag:", name=tag.name),
            partial(_merge_by_name, tag.id),
            hint=escape(others),
        )
        self.app.push_screen(prompt, self._done)

    def action_customers(self) -> None:
        tag = self._current()
        if tag is None:
            return
        from .customer_list import CustomerListScreen

        title = _("Tag: {name}", name=tag.name)
        self.app.push_screen(
            CustomerListScreen(title, loader=partial(filter_ids, CustomerFilter(tag=tag.name)))
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_customers()


__all__ = ["TagsScreen"]
