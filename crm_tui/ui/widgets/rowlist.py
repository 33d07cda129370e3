"""A fast list of rows with fixed columns: the lookup results and the card's sections.

Textual's ``DataTable`` measures every cell of every new row and renders each visible line
cell by cell through Rich (on this machine ~2 ms a line, ~50 ms for a screenful). Here a row
is a tuple of plain strings, cut to the column widths when drawn, and only the visible
lines are drawn (Textual's line API), so replacing the rows on each keystroke and painting
them costs well under a millisecond per line.

Keys: up/down, page up/down, home/end, Enter (``Selected``). The mouse wheel scrolls and a
click moves the cursor (a click on the highlighted row selects it). The cursor posts
``Highlighted`` when it moves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from ...safe_text import printable


@dataclass
class Column:
    label: str
    width: int = 0  # 0: share of what the fixed columns leave
    minimum: int = 6
    right: bool = False  # right-aligned (amounts, numbers)
    weight: int = 1  # share of the rest among the columns without a width
    hide_empty: bool = False  # left out while no row has anything in it
    give_way: int = 0  # when the columns do not fit, the highest gives way first (0: never)


class RowList(Widget, can_focus=True):
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(-1)", show=False),
        Binding("end", "edge(1)", show=False),
        Binding("enter", "select", show=False),
    ]
    COMPONENT_CLASSES = {
        "rowlist--header",
        "rowlist--cursor",
        "rowlist--even-row",
        "rowlist--empty",
        "rowlist--dim",
    }
    DEFAULT_CSS = """
    RowList {
        height: 1fr;
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .rowlist--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .rowlist--header { text-style: bold; background: $panel; color: $foreground; }
        & > .rowlist--even-row { background: $surface-lighten-1 50%; }
        &:dark > .rowlist--even-row { background: $surface-darken-1 40%; }
        & > .rowlist--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .rowlist--empty { color: $text-muted; }
        & > .rowlist--dim { color: $text-muted; }
    }
    """

    cursor_row: reactive[int] = reactive(0, repaint=False, init=False)

    class Highlighted(Message):
        def __init__(self, rowlist: RowList, row: int, key: str | None) -> None:
            super().__init__()
            self.rowlist = rowlist
            self.cursor_row = row
            self.key = key

        @property
        def control(self) -> RowList:
            return self.rowlist

    class Selected(Highlighted):
        pass

    def __init__(
        self,
        columns: Sequence[Column] = (),
        *,
        empty: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns: list[Column] = list(columns)
        self.empty_text = empty
        self._rows: list[tuple[str, ...]] = []
        self._keys: list[str | None] = []
        self._dim: set[int] = set()
        self._top = 0
        # styles and column widths for drawing, computed once per style change / width
        self._look: dict[str, Style] | None = None
        self._widths_for: tuple[int, list[int]] = (-1, [])

    # -- data ------------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, index: int) -> tuple[str, ...]:
        return self._rows[index]

    def key_at(self, index: int) -> str | None:
        return self._keys[index] if 0 <= index < len(self._keys) else None

    @property
    def cursor_key(self) -> str | None:
        return self.key_at(self.cursor_row)

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.columns = list(columns)
        self._widths_for = (-1, [])
        self.refresh()

    def set_rows(
        self,
        rows: Sequence[tuple[str, ...]],
        keys: Sequence[str | None] | None = None,
        cursor: int = 0,
        dim: Sequence[int] = (),
    ) -> None:
        """Replace every row; the cursor goes to ``cursor`` (kept inside the rows)."""
        self._rows = [tuple(r) for r in rows]
        self._keys = list(keys) if keys is not None else [None] * len(self._rows)
        self._dim = set(dim)
        self._widths_for = (-1, [])  # an empty column may have filled, or the reverse
        self._top = 0
        self._set_cursor(min(max(cursor, 0), max(len(self._rows) - 1, 0)), announce=True)
        self.refresh()

    def append_rows(
        self,
        rows: Sequence[tuple[str, ...]],
        keys: Sequence[str | None] | None = None,
        dim: Sequence[int] = (),
    ) -> None:
        """Add rows at the end (the next page); the cursor stays where it is."""
        start = len(self._rows)
        self._rows.extend(tuple(r) for r in rows)
        self._keys.extend(list(keys) if keys is not None else [None] * len(rows))
        self._dim.update(start + i for i in dim)
        self._widths_for = (-1, [])
        self.refresh()

    def clear(self) -> None:
        self.set_rows([])

    # -- geometry --------------------------------------------------------------------------
    @property
    def visible_rows(self) -> int:
        return max(1, self.size.height - 1)  # the first line is the column header

    def _widths(self, total: int) -> list[int]:
        """Each column's width; 0 for a column left out: one empty in every row
        (``hide_empty``), or one that gives way because the others would not fit. A fixed
        width (a date, a phone, an amount) is shown whole or not at all."""
        shown = [
            not (c.hide_empty and not any(i < len(r) and r[i] for r in self._rows))
            for i, c in enumerate(self.columns)
        ]

        def need() -> int:
            cols = [c for c, on in zip(self.columns, shown, strict=True) if on]
            return 2 + max(0, len(cols) - 1) + sum(c.width or c.minimum for c in cols)

        for c in sorted((c for c in self.columns if c.give_way), key=lambda c: -c.give_way):
            if need() <= total:
                break
            shown[self.columns.index(c)] = False
        columns = [c for c, on in zip(self.columns, shown, strict=True) if on]
        gaps = max(0, len(columns) - 1)
        fixed = sum(c.width for c in columns if c.width)
        flex = [c for c in columns if not c.width]
        rest = max(0, total - 2 - gaps - fixed)  # one cell of padding at each side
        weights = sum(c.weight for c in flex) or 1
        shares = [rest * c.weight // weights for c in flex]
        extra = rest - sum(shares)
        widths = []
        for c, on in zip(self.columns, shown, strict=True):
            if not on:
                widths.append(0)
            elif c.width:
                widths.append(c.width)
            else:
                w = shares.pop(0) + (1 if extra > 0 else 0)
                extra -= 1
                widths.append(max(c.minimum, w))
        return widths

    def _scroll_to_cursor(self) -> None:
        height = self.visible_rows
        if self.cursor_row < self._top:
            self._top = self.cursor_row
        elif self.cursor_row >= self._top + height:
            self._top = self.cursor_row - height + 1
        self._top = max(0, min(self._top, max(0, len(self._rows) - height)))

    # -- drawing ---------------------------------------------------------------------------
    def _line(self, cells: Sequence[str], widths: list[int], style: Style, width: int) -> Strip:
        parts = [" "]
        for i, (column, w) in enumerate(zip(self.columns, widths, strict=False)):
            if not w:
                continue  # left out (empty, or gave way)
            text = printable(cells[i]) if i < len(cells) else ""  # stored text never acts
            text = " ".join(text.split()) if "\n" in text or "\t" in text else text
            if cell_len(text) > w:
                text = set_cell_size(text, max(0, w - 1)) + "…" if w > 1 else text[:w]
            elif column.right:
                text = " " * (w - cell_len(text)) + text
            parts.append(set_cell_size(text, w))
            parts.append(" ")
        line = "".join(parts)
        line = set_cell_size(line, width)
        return Strip([Segment(line, style)], width)

    def notify_style_update(self) -> None:
        self._look = None  # focus, theme or CSS changed
        super().notify_style_update()

    def _styles_for_drawing(self) -> dict[str, Style]:
        # Reading a widget's Rich style costs ~50 µs: once per style change, not per line.
        if self._look is None:
            self._look = {"base": self.rich_style} | {
                name: self.get_component_rich_style(f"rowlist--{name}", partial=True)
                for name in ("header", "cursor", "even-row", "empty", "dim")
            }
        return self._look

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        look = self._styles_for_drawing()
        base = look["base"]
        if self._widths_for[0] != width:
            self._widths_for = (width, self._widths(width))
        widths = self._widths_for[1]
        if y == 0:
            return self._line([c.label for c in self.columns], widths, base + look["header"], width)
        index = self._top + y - 1
        if not self._rows:
            if y == 1 and self.empty_text:
                style = base + look["empty"]
                return Strip([Segment(set_cell_size(" " + self.empty_text, width), style)], width)
            return Strip([Segment(" " * width, base)], width)
        if index >= len(self._rows):
            return Strip([Segment(" " * width, base)], width)
        style = base
        if index % 2:
            style += look["even-row"]
        if index in self._dim:
            style += look["dim"]
        if index == self.cursor_row:
            style += look["cursor"]
        return self._line(self._rows[index], widths, style, width)

    def on_resize(self) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    # -- cursor ----------------------------------------------------------------------------
    def _set_cursor(self, row: int, announce: bool = True) -> None:
        row = min(max(row, 0), max(len(self._rows) - 1, 0))
        self.set_reactive(RowList.cursor_row, row)
        self._scroll_to_cursor()
        self.refresh()
        if announce and self._rows:
            self.post_message(self.Highlighted(self, row, self.key_at(row)))

    def move_cursor(self, row: int) -> None:
        self._set_cursor(row)

    def action_move(self, delta: int) -> None:
        if self._rows:
            self._set_cursor(self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        if self._rows:
            self._set_cursor(self.cursor_row + direction * self.visible_rows)

    def action_edge(self, direction: int) -> None:
        if self._rows:
            self._set_cursor(0 if direction < 0 else len(self._rows) - 1)

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.Selected(self, self.cursor_row, self.cursor_key))

    # -- mouse -----------------------------------------------------------------------------
    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll_by(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll_by(-3)

    def _scroll_by(self, lines: int) -> None:
        top = max(0, min(self._top + lines, max(0, len(self._rows) - self.visible_rows)))
        if top != self._top:
            self._top = top
            if not self._top <= self.cursor_row < self._top + self.visible_rows:
                self._set_cursor(min(max(self.cursor_row, top), top + self.visible_rows - 1))
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return
        index = self._top + event.y - 1
        if 0 <= index < len(self._rows):
            event.stop()
            if index == self.cursor_row:
                self.action_select()
            else:
                self._set_cursor(index)
