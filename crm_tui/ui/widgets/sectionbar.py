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

    def _labels(self) -> list[tuple[str, str, str]]:
        """(mode, key shown, title) of every section."""
        labels = []
        for mode, key, title in SECTIONS:
            if hasattr(self.app, "get_key_display_for"):
                key = self.app.get_key_display_for(f"nav.{mode}")
            labels.append((mode, key.upper(), _(title)))
        return labels

    def build(self) -> Text:
        """Every section's key is always shown; when the titles do not fit, those farthest
        from the open section give way first (at 60 columns ``F6 Sadakat`` was cut off)."""
        width = self.size.width or 80
        labels = self._labels()
        here = next((i for i, (mode, _k, _t) in enumerate(labels) if mode == self.current), 0)

        def size(items) -> int:
            return sum(len(k) + (len(t) + 1 if t else 0) + 2 for _m, k, t in items)

        for i in sorted(range(len(labels)), key=lambda i: -abs(i - here)):
            if size(labels) <= width or i == here:
                break
            labels[i] = (labels[i][0], labels[i][1], "")
        text = Text(no_wrap=True, overflow="ellipsis")
        for mode, key, title in labels:
            label = f" {key} {title} " if title else f" {key} "
            text.append(label, style="bold reverse" if mode == self.current else "")
        if self.info and size(labels) + 2 + len(self.info) <= width:
            text.append("  " + self.info, style="italic")
        return text

    def on_resize(self) -> None:
        self.update(self.build())

    def refresh_labels(self) -> None:
        self.update(self.build())

    def set_info(self, info: str) -> None:
        self.info = info
        self.update(self.build())
