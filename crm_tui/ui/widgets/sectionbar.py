"""The line at the top of each main screen: the sections with their keys."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...i18n import _
from ..keys import SECTIONS


class SectionBar(Static):
    DEFAULT_CSS = """
    SectionBar { height: 1; background: $panel; color: $text-muted; }
    """

    def __init__(self, current: str, info: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.current = current
        self.info = info

    def on_mount(self) -> None:
        self.update(self.build())
        signal = getattr(self.app, "language_changed_signal", None)
        if signal is not None:
            signal.subscribe(self, lambda _language: self.refresh_labels(), immediate=True)

    def on_unmount(self) -> None:
        signal = getattr(self.app, "language_changed_signal", None)
        if signal is not None:
            signal.unsubscribe(self)

    def build(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for mode, _key, title in SECTIONS:
            key = (
                self.app.get_key_display_for(f"nav.{mode}")
                if hasattr(self.app, "get_key_display_for")
                else _key
            )
            label = f" {key.upper()} {_(title)} "
            if mode == self.current:
                text.append(label, style="bold reverse")
            else:
                text.append(label)
        if self.info:
            text.append("  " + self.info, style="italic")
        return text

    def refresh_labels(self) -> None:
        self.update(self.build())

    def set_info(self, info: str) -> None:
        self.info = info
        self.update(self.build())
