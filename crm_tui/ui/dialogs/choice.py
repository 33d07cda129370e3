"""Pick one of a few options by its key (snooze until, status to move to, conflict)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...i18n import N_


class ChoiceScreen(ModalScreen[Any]):
    """Pick one of a few options by its key (1-9 or the given letter); Escape cancels."""

    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen > Vertical { width: auto; min-width: 40; max-width: 76; height: auto;
        border: round $accent; background: $surface; padding: 0 1; }
    ChoiceScreen .title { text-style: bold; margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", N_("Cancel"), id="choice.cancel")]

    def __init__(self, title: str, options: list[tuple[str, str, Any]]) -> None:
        """``options``: (key, shown label, value)."""
        super().__init__()
        self.title_text = title
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical():
            # plain text: titles and options carry names ("Open {name}"), which may hold "["
            yield Static(self.title_text, classes="title", markup=False)
            for key, label, _value in self.options:
                yield Static(Content.assemble((key, "bold"), "  ", label))

    def on_key(self, event) -> None:
        for key, _label, value in self.options:
            if event.key == key or event.character == key:
                event.stop()
                self.dismiss(value)
                return
