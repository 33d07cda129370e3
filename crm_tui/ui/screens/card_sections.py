"""The card's section bar."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from ...i18n import _, format_number
from ..widgets.sectionbar import titles_give_way
from .card_rows import SHORT_TITLES, TAB_KEYS, TABS


class CardSections(Widget):
    """``1 Timeline (161) │ 2 Policies (20) │ …``: the number key or a click opens a section."""

    DEFAULT_CSS = """
    CardSections { height: 1; background: $panel; color: $text-muted; }
    CardSections > .card-sections--active { color: $foreground; text-style: bold reverse; }
    CardSections > .card-sections--key { color: $accent; text-style: bold; }
    """
    COMPONENT_CLASSES = {"card-sections--active", "card-sections--key"}

    class Chosen(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.active = TAB_KEYS[0]
        self.counts: dict[str, int] = {}
        self._spans: list[tuple[int, int, int, str]] = []

    def show(self, active: str, counts: dict[str, int] | None = None) -> None:
        self.active = active
        if counts is not None:
            self.counts = counts
        if self.is_mounted:
            self._fit_height()
        self.refresh()

    def _parts(self, with_counts: bool, titles: str) -> list[tuple[str, str, str]]:
        """``titles``: full, short, or only the active section's."""
        parts = []
        for n, (key, title) in enumerate(TABS, start=1):
            name = _(SHORT_TITLES[key] if titles == "short" else title)
            if titles == "active" and key != self.active:
                name = ""
            elif with_counts and self.counts.get(key):
                name += f" ({format_number(self.counts[key])})"
            parts.append((key, str(n), name))
        return parts

    @staticmethod
    def _parts_width(parts: list[tuple[str, str, str]]) -> int:
        return sum(len(k) + len(n) + 3 for _key, k, n in parts)

    def _rows(self, width: int) -> list[list[tuple[str, str, str]]]:
        """The sections in one row if their names fit, else in two rows (every section keeps
        its name: a bare ``5  6  7`` says nothing), else one row whose names give way."""
        for with_counts, titles in (
            (True, "full"),
            (False, "full"),
            (True, "short"),
            (False, "short"),
        ):
            parts = self._parts(with_counts, titles)
            if self._parts_width(parts) <= width:
                return [parts]
        for with_counts in (True, False):
            parts = self._parts(with_counts, "short")
            rows: list[list[tuple[str, str, str]]] = [[]]
            for part in parts:
                if rows[-1] and self._parts_width([*rows[-1], part]) > width:
                    rows.append([])
                rows[-1].append(part)
            if len(rows) <= 2 and all(self._parts_width(row) <= width for row in rows):
                return rows
        # Titles give way one by one, the farthest from the open section first: the
        # sections next to it keep their names.
        here = TAB_KEYS.index(self.active)
        best: list[tuple[str, str, str]] = []
        for with_counts in (True, False):  # counts go before names do
            trimmed = titles_give_way(
                self._parts(with_counts, "short"),
                here,
                lambda parts: self._parts_width(parts) <= width,
            )
            if sum(1 for p in trimmed if p[2]) > sum(1 for p in best if p[2]):
                best = trimmed
        return [best]

    def _fit_height(self) -> None:
        height = len(self._rows(self.size.width or 80))
        if self.styles.height is None or self.styles.height.value != height:
            self.styles.height = height

    def on_resize(self, event: events.Resize) -> None:
        self._fit_height()

    def render(self) -> Text:
        rows = self._rows(self.size.width or 80)
        active_style = self.get_component_rich_style("card-sections--active", partial=True)
        key_style = self.get_component_rich_style("card-sections--key", partial=True)
        text = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for y, parts in enumerate(rows):
            if y:
                text.append("\n")
            x = 0
            for key, number, name in parts:
                start = x
                piece = Text(end="")
                piece.append(f" {number}", key_style)
                piece.append(f" {name} " if name else " ")
                if key == self.active:
                    piece.stylize(active_style)
                text.append_text(piece)
                x += piece.cell_len
                self._spans.append((y, start, x, key))
        return text

    def on_click(self, event: events.Click) -> None:
        for y, start, end, key in self._spans:
            if y == event.y and start <= event.x < end:
                event.stop()
                self.post_message(self.Chosen(key))
                return
