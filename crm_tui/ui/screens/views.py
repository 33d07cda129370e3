"""Saved views (palette: "Saved views"): the saved customer-list filters, Enter opens one,
``n`` builds a new one (city, tag, ladder stage, RFM segment, an active policy of a line,
no contact since, birthday month; a name saves it), ``d`` deletes one."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...domain.customers import views as view_domain
from ...domain.errors import ValidationError
from ...domain.labels import choices
from ...domain.loyalty import SEGMENTS, segment_label
from ...domain.loyalty.campaigns import stage_choices
from ...domain.parsing import parse_date
from ...i18n import N_, _, format_number
from ..dialogs.form import Field, FormScreen
from ..faults import act
from ..markup import escape
from ..widgets.keyfooter import KeyFooter
from ..widgets.safetable import SafeTable


def _build(values: dict[str, Any]) -> tuple[str, view_domain.CustomerFilter]:
    """The filter of the form's values (off the UI thread); saved when it has a name."""
    errors: dict[str, str] = {}
    since = None
    if (values.get("no_contact_since") or "").strip():
        try:
            since = parse_date(values["no_contact_since"])
        except ValidationError:
            errors["no_contact_since"] = _("A date such as 22.11.2026.")
    month = None
    if (values.get("birthday_month") or "").strip():
        raw = values["birthday_month"].strip()
        if not raw.isdigit() or not 1 <= int(raw) <= 12:
            errors["birthday_month"] = _("The birthday month is 1 to 12.")
        else:
            month = int(raw)
    if errors:
        raise ValidationError(errors)
    f = view_domain.CustomerFilter(
        city=(values.get("city") or "").strip() or None,
        tag=(values.get("tag") or "").strip() or None,
        stage=values.get("stage") or None,
        segment=values.get("segment") or None,
        line=values.get("line") or None,
        no_contact_since=since,
        birthday_month=month,
    )
    name = (values.get("name") or "").strip()
    if name:
        try:
            view_domain.save_view(name, f)
        except ValidationError as exc:
            raise ValidationError({"name": "; ".join(exc.errors.values())}) from exc
    return name or f.describe(), f


class ViewFormScreen(FormScreen):
    """Build a filter; with a name it is saved. Dismissed with (title, filter)."""

    TITLE = N_("Customer view")

    def title_text(self) -> str:
        return _("Filter the customers (a name saves the view)")

    def fields(self) -> list[Field]:
        segments = [(segment_label(s), s) for s in SEGMENTS]
        return [
            Field("city", N_("City")),
            Field("tag", N_("Tag")),
            Field("stage", N_("Ladder stage"), kind="select", options=stage_choices()),
            Field("segment", N_("RFM segment"), kind="select", options=segments),
            Field("line", N_("Active policy of"), kind="select", options=choices("line")),
            Field("no_contact_since", N_("No contact since"), placeholder=N_("e.g. 01.06.2026")),
            Field("birthday_month", N_("Birthday month"), placeholder=N_("1-12")),
            Field("name", N_("Save as"), placeholder=N_("empty: do not save")),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        return _build(values)


def open_view(app, title: str, f: view_domain.CustomerFilter) -> None:
    """The customer list of a filter (read off the UI thread, again on live changes)."""
    from .customer_list import CustomerListScreen

    app.push_screen(CustomerListScreen(title, loader=partial(view_domain.filter_ids, f)))


def open_saved(app, name: str) -> None:
    act(app.screen, view_domain.get_view, name, then=lambda f: open_view(app, name, f))


class SavedViewsScreen(Screen):
    TITLE = N_("Saved views")
    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), id="views.back"),
        Binding("enter", "open", N_("Open"), id="views.open", show=True),
        Binding("n", "new", N_("New view"), id="views.new"),
        Binding("d", "delete", N_("Delete"), id="views.delete"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.views: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Static(_("Saved views"), id="list-title")
        yield Static("", id="list-status")
        yield SafeTable(id="views-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Name"), key="name", width=24)
        table.add_column(_("Filter"), key="filter")
        self.reload()

    @work(exclusive=True, group="views")
    async def reload(self) -> None:
        app: Any = self.app  # CrmApp: db() runs the call off the UI thread
        self.views = await app.db(_described_views)
        table = self.query_one(DataTable)
        table.clear()
        for name, text in self.views:
            table.add_row(escape(name), escape(text[:50]), key=name)
        self.query_one("#list-status", Static).update(
            _("{n} saved views", n=format_number(len(self.views)))
            + " · "
            + _("Enter opens · n new · d delete")
        )
        table.focus()

    def _current(self) -> str | None:
        table = self.query_one(DataTable)
        return self.views[table.cursor_row][0] if table.row_count else None

    def action_open(self) -> None:
        name = self._current()
        if name is not None:
            open_saved(self.app, name)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_new(self) -> None:
        def built(result) -> None:
            if result:
                self.reload()
                open_view(self.app, *result)

        self.app.push_screen(ViewFormScreen(), built)

    def action_delete(self) -> None:
        name = self._current()
        if name is not None:
            act(self, view_domain.delete_view, name, then=lambda _r: self.reload())


def _described_views() -> list[tuple[str, str]]:
    return [(n, view_domain.get_view(n).describe()) for n in view_domain.view_names()]


__all__ = ["SavedViewsScreen", "ViewFormScreen", "open_saved", "open_view"]
