"""A footer of key bindings drawn as one widget (same look as Textual's ``Footer``).

Textual's ``Footer`` mounts one ``FooterKey`` widget per binding and recomposes all of them
whenever the screen's bindings change (every focus move). Each ``FooterKey`` has its styles
computed three times while mounting, so a footer of 15 keys costs ~60 ms per recompose on
this machine, and opening the customer card recomposed it four times (~250 ms of 590).
This widget keeps the bindings as data and repaints one line instead: a few microseconds.
Descriptions go through ``_()``, so they follow the language switch. Why there are two
footers: see footer.py.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

from ...i18n import _, get_language


class KeyFooter(Widget, can_focus=False):
    """The active bindings of the screen (``show=True``), the command palette key on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keyfooter--key", "keyfooter--description", "keyfooter--palette"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
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
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        # (key, key shown, description msgid, enabled) of each key, in order
        self._keys: list[tuple[str, str, str, bool]] = []
        self._palette: tuple[str, str, str, bool] | None = None
        self._language = ""
        self._pending = False
        self._spans: list[tuple[int, int, str, bool]] = []  # x from, x to, key, enabled

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
        from .footer import shown_bindings  # the same keys, in the same order, as I18nFooter

        app = self.app
        shown, palette_binding = shown_bindings(self.screen)
        keys: list[tuple[str, str, str, bool]] = [
            (binding.key, app.get_key_display(binding), binding.description, enabled)
            for binding, enabled, _tooltip in shown
        ]
        palette = None
        if palette_binding is not None:
            binding, enabled, _tooltip = palette_binding
            palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
        language = get_language()
        if (keys, palette, language) != (self._keys, self._palette, self._language):
            self._keys, self._palette, self._language = keys, palette, language
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keyfooter--key", partial=True)
        desc_style = self.get_component_rich_style("keyfooter--description", partial=True)
        dim = Style(dim=True)
        width = self.size.width
        tail = None
        if self._palette is not None:
            # Docked at the right over the keys, as Textual's Footer draws it (compact key).
            key, shown, description, enabled = self._palette
            text = _(description) if description else ""
            tail = Text(no_wrap=True, end="")
            # the separator is "$foreground 20%": blend it over the footer's background
            sep = self.get_component_styles("keyfooter--palette").color
            sep_style = Style(color=(self.background_colors[1] + sep).rich_color)
            tail.append("▏", sep_style)
            tail.append(shown, key_style)
            if text:
                tail.append(f" {text}", desc_style)
            tail.append(" ")
        room = max(0, width - tail.cell_len) if tail is not None else width
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, str, bool]] = []
        x = 0
        for key, shown, description, enabled in self._keys:
            extra = Style() if enabled else dim
            text = _(description) if description else ""
            end = x + cell_len(shown) + 2 + (cell_len(text) + 1 if text else 0)
            if width and end - 1 > room:  # its trailing space may go
                break  # a key is shown whole or not at all; the last ones give way
            line.append(f" {shown} ", key_style + extra)
            if text:
                line.append(f"{text} ", desc_style + extra)
            spans.append((x, end, key, enabled))
            x = end
        if tail is not None and self._palette is not None:
            line.truncate(room, overflow="crop", pad=True)
            line.append_text(tail)
            spans.append((room, width, self._palette[0], self._palette[3]))
        self._spans = spans
        return line

    def on_mouse_down(self, event: events.MouseDown) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                event.stop()
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return

    def on_resize(self) -> None:
        self.refresh()

    def refresh_labels(self) -> None:
        """Repaint in the current language (descriptions are translated when drawn)."""
        self.refresh()
