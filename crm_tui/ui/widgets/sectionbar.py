"""The line at the top of each main screen: the sections with their keys."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Static

from ...i18n import _
from ..keys import SECTIONS


def titles_give_way(
    parts: list[tuple[str, str, str]], here: int, fits: Callable[[list], bool]
) -> list[tuple[str, str, str]]:
    """(key, key shown, title) parts with titles blanked, the farthest from ``here`` first,
    until ``fits``; the title at ``here`` always stays (the section bar, the card's tabs)."""
    parts = list(parts)
    for i in sorted(range(len(parts)), key=lambda i: -abs(i - here)):
        if fits(parts) or i == here:
            break
        parts[i] = (parts[i][0], parts[i][1], "")
    return parts


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

        labels = titles_give_way(labels, here, lambda items: size(items) <= width)
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
