"""Help: every key of the screen underneath and every key that works everywhere, with
the binding id to remap it in settings.toml ``[keys]``."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from ...i18n import N_, _
from ..keys import GLOBAL_BINDINGS
from ..textual_compat import node_bindings
from ..widgets.safetable import SafeTable

# Textual's own bindings, inherited by every screen: they work everywhere.
_SCREEN_BASE_ACTIONS = {b.action for b in Screen.BINDINGS if isinstance(b, Binding)}


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", N_("Close"), id="help.close")]

    def __init__(self, underlying) -> None:
        super().__init__()
        self.underlying = underlying

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(_("Keys — Escape closes this help"), id="help-title")
            yield SafeTable(id="help-table", cursor_type="row", show_header=True)
            yield Static(
                _('Change a key in settings.toml, [keys] section: "id" = "key".'),
                id="help-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Key"), key="key")
        table.add_column(_("Action"), key="action")
        table.add_column(_("Id"), key="id")
        for title, rows in self.groups():
            if not rows:
                continue
            table.add_row(Text(title, style="bold"), "", "", key=f"group:{title}")
            for keys, description, binding_id in rows:
                table.add_row(keys, description, Text(binding_id, style="dim"))
        table.focus()

    def groups(self) -> list[tuple[str, list[tuple[str, str, str]]]]:
        """[(group title, [(keys, action, binding id)])] for the screen underneath."""
        here: dict[tuple, list[str]] = {}
        everywhere: dict[tuple, list[str]] = {}
        screen = self.underlying
        for node, bindings_map in self._chain():
            for key, bindings in bindings_map.key_to_bindings.items():
                for binding in bindings:
                    if binding.system or not binding.description:
                        continue
                    is_widget = node is not screen and node is not self.app
                    if is_widget and not (binding.show or binding.id):
                        continue  # a widget's own cursor keys: not what a user looks up
                    global_ = node is self.app or binding.action in _SCREEN_BASE_ACTIONS
                    target = everywhere if global_ else here
                    row = (binding.action, _(binding.description), binding.id or "")
                    shown = self.app.get_key_display(binding.with_key(key))
                    if shown not in target.setdefault(row, []):
                        target[row].append(shown)
        # a key that both the screen and the app bind is listed once, where it acts
        for row in list(everywhere):
            if row in here:
                del everywhere[row]

        order = {b.id: i for i, b in enumerate(GLOBAL_BINDINGS)}

        def rows(found: dict[tuple, list[str]]) -> list[tuple[str, str, str]]:
            # the app's own keys in their usual order, Textual's (tab, copy) last
            items = sorted(found.items(), key=lambda item: order.get(item[0][2], len(order)))
            return [(", ".join(keys), text, bid) for (_a, text, bid), keys in items]

        return [(_("This screen"), rows(here)), (_("Everywhere"), rows(everywhere))]

    def _chain(self):
        """(node, bindings with the keymap applied) from the focused widget up to the app.
        Unlike Textual's binding chain, keys that a focused text field would take are kept:
        they work as soon as the focus leaves the field."""
        screen = self.underlying
        if screen is None:
            nodes = [self.app]
        elif screen.focused is not None:
            nodes = list(screen.focused.ancestors_with_self)
        else:
            nodes = [screen, self.app]
        chain = []
        for node in nodes:
            bindings_map = node_bindings(node)
            remaps = getattr(self.app, "key_remaps", None)
            if remaps:
                bindings_map.apply_keymap(remaps)
            chain.append((node, bindings_map))
            if node.is_modal:
                break
        return chain

    def listed(self) -> list[tuple[str, str, str, str]]:
        """(group, keys, action, id) of every row, for tests."""
        return [
            (title, keys, text, bid) for title, found in self.groups() for keys, text, bid in found
        ]
