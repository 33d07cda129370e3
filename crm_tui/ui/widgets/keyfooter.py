"""The footer of every screen: the keys that work here, drawn as one line by one widget.

It looks like Textual's ``Footer`` (with its ``compact`` style), but keeps the keys as
data and repaints one line. Textual's ``Footer`` mounts one widget per key and recomposes
them all on every bindings update (each cursor move, focus change, refresh); each restyled
itself on mount, which cost ~200 ms of the start-up and ~250 ms of the 590 it took to open
a card. Here a change of keys is a repaint of a few microseconds.

What it shows (``shown_bindings``), each for a reason a user notices:

- Help (``?``) comes first: at 80 columns the screen's own keys fill the line and the
  global keys at the end were cut off, so nobody could see how to get help. Search and
  quit come last, after the screen's own keys.
- On a main section the section bar already shows F2-F6, so the footer leaves them out
  and keeps its room for the keys of the screen.
- A key is shown whole or not at all: when the line is full the last keys give way (keys
  that do nothing here first), never cut to ``R Ye``; ``?`` lists every key.
- The command palette key is at the right.
- Descriptions and tooltips go through ``_()`` when drawn, so they follow the language
  switch (``app.language_changed_signal``).
- A click on a key runs it (a key that does nothing here rings the bell); the key under
  the mouse is highlighted and shows its tooltip.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget

from ...i18n import _

HELP_ACTION = "help"
LAST_IDS = ("app.search", "app.quit")


def shown_bindings(screen) -> tuple[list, tuple | None]:
    """What the footer shows for ``screen``, in order: ([(binding, enabled, tooltip)], the
    palette's (binding, enabled, tooltip) or None). Help first, search and quit last, F2-F6
    left out where the section bar shows them; the palette is found by its action (its key
    can be remapped)."""
    app = screen.app
    has_section_bar = bool(screen.query("SectionBar"))
    seen: set[str] = set()
    first: list = []
    rest: list = []
    last: list = []
    palette = None
    for _node, binding, enabled, tooltip in screen.active_bindings.values():
        if binding.action in ("command_palette", "app.command_palette"):
            if app.ENABLE_COMMAND_PALETTE and palette is None:
                palette = (binding, enabled, tooltip)
            continue
        if not binding.show or binding.action in seen:
            continue
        binding_id = binding.id or ""
        if has_section_bar and binding_id.startswith("nav."):
            continue
        seen.add(binding.action)
        if binding.action == HELP_ACTION:
            first.append((binding, enabled, tooltip))
        elif binding_id in LAST_IDS:
            last.append((binding, enabled, tooltip))
        else:
            rest.append((binding, enabled, tooltip))
    # The global keys after the screen's own ones (a priority binding such as "/" would
    # otherwise come first and push the screen's keys off a narrow footer).
    last.sort(key=lambda item: LAST_IDS.index(item[0].id))
    return first + rest + last, palette


class Key(NamedTuple):
    key: str  # what simulate_key presses
    display: str  # as shown ("^p", "⏎")
    description: str  # the message id: translated when drawn
    enabled: bool
    tooltip: str  # the message id


class KeyFooter(Widget, can_focus=False):
    """The active bindings of the screen (``show=True``), the command palette key on the right.

    ``compact``: Textual's compact footer (no padding around a key, one cell between keys),
    for screens whose keys fit 80 columns only so."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "keyfooter--key",
        "keyfooter--description",
        "keyfooter--palette",
        "keyfooter--hover",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        pointer: pointer;
        & > .keyfooter--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keyfooter--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keyfooter--palette {
            color: $foreground 20%;
        }
        & > .keyfooter--hover {
            background: $block-hover-background;
        }
    }
    """

    compact = reactive(False)  # a change repaints
    show_command_palette = reactive(True)

    def __init__(
        self,
        *,
        compact: bool = False,
        show_command_palette: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(KeyFooter.compact, compact)
        self.set_reactive(KeyFooter.show_command_palette, show_command_palette)
        self._keys: list[Key] = []  # in order
        self._palette: Key | None = None
        self._pending = False
        self._hover: str | None = None  # the key under the mouse
        self._tooltip_key: str | None = None

    # -- reading the bindings ----------------------------------------------------------------
    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        signal = getattr(self.app, "language_changed_signal", None)
        if signal is not None:
            signal.subscribe(self, lambda _language: self.refresh_labels(), immediate=True)
        self._collect()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        signal = getattr(self.app, "language_changed_signal", None)
        if signal is not None:
            signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        # While the terminal has lost the focus the screen's focus is away: keep the keys.
        if not screen.app.app_focus:
            return
        # After the refresh, like Textual's Footer: a screen may be in the middle of
        # recomposing (its check_action could not find its widgets yet); several changes
        # in a row are read once.
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._collect)

    def _collect(self) -> None:
        """Read the active bindings; repaint only when what is shown changed."""
        self._pending = False
        if not self.is_attached:
            return
        app = self.app

        def key(binding, enabled: bool, tooltip: str) -> Key:
            return Key(
                binding.key,
                app.get_key_display(binding),
                binding.description or "",
                enabled,
                tooltip or binding.tooltip or binding.description or "",
            )

        shown, palette_binding = shown_bindings(self.screen)
        keys = [key(*item) for item in shown]
        palette = key(*palette_binding) if palette_binding is not None else None
        if (keys, palette) != (self._keys, self._palette):
            self._keys, self._palette = keys, palette
            self.refresh()

    # -- layout ------------------------------------------------------------------------------
    def _width(self, key: Key) -> int:
        """Cells a key takes, with the blank after it."""
        display, text = (
            cell_len(key.display),
            cell_len(_(key.description) if key.description else ""),
        )
        if self.compact:  # "key", " description", one blank
            return display + (text + 1 if text else 0) + 1
        return display + 2 + (text + 1 if text else 0)  # " key ", "description "

    def _palette_width(self, key: Key) -> int:
        """Cells of the palette key: the separator, "key description", one blank. It is
        drawn so in both styles (as on Textual's compact footer): two cells more for the
        screen's keys than its padded look."""
        text = _(key.description) if key.description else ""
        return 1 + cell_len(key.display) + (cell_len(text) + 1 if text else 0) + 1

    def _layout(self) -> tuple[list[tuple[int, int, Key]], tuple[int, int, Key] | None]:
        """([(x from, x to, key)] of the keys shown, the palette's or None): the keys
        that fit whole left of the palette, in order. When not all fit, the keys that do
        nothing here give way first, then the last ones."""
        width = self.size.width
        palette = self._palette if self.show_command_palette else None
        room = max(0, width - self._palette_width(palette)) if palette else width

        def fitting(keys: list[Key]) -> list[tuple[int, int, Key]]:
            x, spans = 0, []
            for key in keys:
                end = x + self._width(key)
                if width and end - 1 > room:  # its trailing blank may go under the palette
                    break
                spans.append((x, end, key))
                x = end
            return spans

        spans = fitting(self._keys)
        if len(spans) < len(self._keys):
            spans = fitting([key for key in self._keys if key.enabled])
        return spans, ((room, width, palette) if palette is not None else None)

    def shown_keys(self) -> list[tuple[str, str]]:
        """(key as shown, description in the current language) of each key the footer
        draws at its width, in order, the palette's last."""
        spans, palette = self._layout()
        keys = [key for _x, _end, key in spans] + ([palette[2]] if palette else [])
        return [(key.display, _(key.description) if key.description else "") for key in keys]

    # -- drawing -----------------------------------------------------------------------------
    def _draw(self, line: Text, key: Key, compact: bool, palette: bool = False) -> None:
        key_style = self.get_component_rich_style("keyfooter--key", partial=True)
        desc_style = self.get_component_rich_style("keyfooter--description", partial=True)
        extra = Style() if key.enabled else Style(dim=True)
        if key.key == self._hover:
            hover = self.get_component_styles("keyfooter--hover").background
            extra += Style(bgcolor=(self.background_colors[1] + hover).rich_color)
        text = _(key.description) if key.description else ""
        if compact:
            line.append(key.display, key_style + extra)
            if text:
                line.append(f" {text}", desc_style + extra)
            line.append(" ", extra if palette else Style())  # the palette's end, or a blank
        else:
            line.append(f" {key.display} ", key_style + extra)
            if text:
                line.append(f"{text} ", desc_style + extra)

    def render(self) -> Text:
        spans, palette = self._layout()
        line = Text(no_wrap=True, overflow="crop", end="")
        for _x, _end, key in spans:
            self._draw(line, key, self.compact)
        if palette is not None:
            room, _width, key = palette
            line.truncate(room, overflow="crop", pad=True)
            # Docked at the right over the keys, as Textual's Footer draws it. The
            # separator is "$foreground 20%": blended over the footer's background.
            sep = self.get_component_styles("keyfooter--palette").color
            line.append("▏", Style(color=(self.background_colors[1] + sep).rich_color))
            self._draw(line, key, compact=True, palette=True)
        return line

    # -- the mouse ---------------------------------------------------------------------------
    def _key_at(self, x: int) -> Key | None:
        spans, palette = self._layout()
        for start, end, key in spans + ([palette] if palette else []):
            if start <= x < end:
                return key
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is not None:
            event.stop()
            if key.enabled:
                self.app.simulate_key(key.key)
            else:
                self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        hover = key.key if key is not None else None
        if hover != self._hover:
            self._hover = hover
            self.refresh()
        if hover != self._tooltip_key:
            self._tooltip_key = hover
            self.tooltip = _(key.tooltip) if key is not None and key.tooltip else None

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_resize(self) -> None:
        self.refresh()

    def refresh_labels(self) -> None:
        """Repaint in the current language (descriptions are translated when drawn)."""
        self._tooltip_key = None
        self.refresh()
