"""Help: every key of the app and of the screen underneath."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ...i18n import N_, _


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", N_("Close"), id="help.close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help-box { width: 90%; max-width: 100; height: 90%; border: round $accent; background: $surface; }
    #help-title { padding: 0 1; text-style: bold; }
    #help-table { height: 1fr; }
    """

    def __init__(self, underlying) -> None:
        super().__init__()
        self.underlying = underlying

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(_("Keys — Escape closes this help"), id="help-title")
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Key"), _("Action"), _("Where"))
        seen: set[tuple[str, str]] = set()
        for where, bindings in self._collect():
            for binding in bindings:
                if not binding.description:
                    continue
                key = ", ".join(
                    self.app.get_key_display(Binding(k.strip(), binding.action))
                    for k in binding.key.split(",")
                )
                row = (key, binding.description)
                if row in seen:
                    continue
                seen.add(row)
                table.add_row(key, _(binding.description), where)
        table.focus()

    def _collect(self):
        screen = self.underlying
        groups = []
        if screen is not None:
            screen_bindings = [b for _k, b in screen._bindings]
            for widget in screen.query("*"):
                for _k, b in getattr(widget, "_bindings", []):
                    if b.show and getattr(widget, "can_focus", False):
                        screen_bindings.append(b)
            groups.append((_("This screen"), screen_bindings))
        groups.append((_("Everywhere"), [b for _k, b in self.app._bindings]))
        return groups
