"""Footer whose key descriptions follow the current language.

There are two footers, drawing the same keys (``shown_bindings``) in the same order:

- ``I18nFooter`` (here): Textual's ``Footer``, one ``FooterKey`` widget per key, so each
  key highlights under the mouse, has its tooltip, and the compact style that Today,
  Reminders and Renewals need to fit their keys in 80 columns. Used by every screen but
  the card.
- ``KeyFooter`` (keyfooter.py): the same look painted as one line by one widget. The
  card uses it because Textual's Footer recomposes on every focus change and opening a
  card spent ~250 ms of 590 there. It has no tooltips, no hover and no compact style.

Teaching KeyFooter the compact style and tooltips would leave one footer and retire the
private ``FooterKey`` (see ui/textual_compat.py).

Differences from Textual's Footer, each for a reason a user notices:

- Help (``?``) comes first: at 80 columns the screen's own keys fill the line and the
  global keys at the end were cut off, so nobody could see how to get help.
- On a main section the section bar already shows F2-F6, so the footer leaves them out
  and keeps its room for the keys of the screen.
- It is rebuilt only when what it shows changes. Textual's Footer recomposes on every
  bindings update (each cursor move, focus change, refresh) and each of its keys
  restyles itself twice on mount: ~200 ms of the start-up went there.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.reactive import reactive
from textual.widgets import Footer

from ...i18n import _
from ..textual_compat import FooterKey

HELP_ACTION = "help"


class _Key(FooterKey):
    # FooterKey starts compact and is data-bound to the footer's style: two style passes
    # per key per rebuild. Here the footer sets the key's -compact class when it makes it.
    compact = reactive(False, init=False)


LAST_IDS = ("app.search", "app.quit")


def shown_bindings(screen) -> tuple[list, tuple | None]:
    """What a footer shows for ``screen``, in order: ([(binding, enabled, tooltip)], the
    palette's (binding, enabled, tooltip) or None). Help first, search and quit last, F2-F6
    left out where the section bar shows them; the palette is found by its action (its key
    can be remapped). Any footer widget can draw these."""
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


class I18nFooter(Footer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None
        self._ready = False  # the screen's bindings have been read once (bindings_changed)

    def _entry(self, binding, enabled: bool, tooltip: str) -> tuple:
        return (
            binding.key,
            self.app.get_key_display(binding),
            _(binding.description) if binding.description else "",
            binding.action,
            enabled,
            _(tooltip or binding.tooltip or binding.description or ""),
        )

    def _entries(self) -> list[tuple[str, str, str, str, bool, str]]:
        """(key, key display, description, action, enabled, tooltip), in display order:
        those that fit whole in the footer's width (a key is never cut to ``R Ye``; the
        last ones give way first, ``?`` lists them all)."""
        entries = [self._entry(*item) for item in shown_bindings(self.screen)[0]]
        width = self.size.width
        if not width:
            return entries
        palette = self._palette_entry()
        room = width - (self._key_width(palette) + 2 if palette else 0)

        def fitting(candidates: list) -> list:
            left, shown = room, []
            for entry in candidates:
                left -= self._key_width(entry)
                if left < -1:  # the last key's trailing blank may go under the palette
                    break
                shown.append(entry)
            return shown

        shown = fitting(entries)
        if len(shown) < len(entries):  # keys that do nothing here give way first
            shown = fitting([e for e in entries if e[4]])
        return shown

    def _key_width(self, entry: tuple) -> int:
        """Cells a key takes as Textual's FooterKey draws it (with its margin)."""
        display, description = cell_len(entry[1]), cell_len(entry[2])
        if self.compact:  # key, " description", one cell of margin
            return display + (description + 1 if description else 0) + 1
        return display + 2 + (description + 1 if description else 0)  # " key " "description "

    def _palette_entry(self) -> tuple | None:
        if not self.show_command_palette:
            return None
        palette = shown_bindings(self.screen)[1]
        return self._entry(*palette) if palette else None

    def compose(self):
        if not self._ready:
            return
        entries = self._entries()
        palette = self._palette_entry()
        self._shown = (tuple(entries), palette)
        self.styles.grid_size_columns = len(entries)
        compact = " -compact" if self.compact else ""
        for key, display, description, action, enabled, tooltip in entries:
            yield _Key(
                key,
                display,
                description,
                action,
                disabled=not enabled,
                tooltip=tooltip,
                classes=compact.strip(),
            )
        if palette is not None:
            key, display, description, action, enabled, tooltip = palette
            yield _Key(
                key,
                display,
                description,
                action,
                classes="-command-palette" + compact,
                disabled=not enabled,
                tooltip=tooltip,
            )

    def on_resize(self) -> None:
        if self.is_attached and self._shown is not None:
            self.call_after_refresh(self._recompose_if_changed)

    def watch_compact(self, compact: bool) -> None:
        # the keys carry the style themselves (set when they are made): make them again
        if self.is_attached and self._shown is not None:
            self._shown = None
            self.call_after_refresh(self._recompose_if_changed)

    def bindings_changed(self, screen) -> None:
        self._ready = True
        if not screen.app.app_focus:
            return
        # A screen covered by a card or form is read again when it is back on top
        # (resuming restores its focus, which changes the bindings once more).
        if self.is_attached and screen is self.screen and self.app.screen is screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        if (tuple(self._entries()), self._palette_entry()) != self._shown:
            await self.recompose()

    @property
    def shown_keys(self) -> list[tuple[str, str]]:
        """(key display, description) of what the footer shows, for tests and help."""
        if not self._shown:
            return []
        entries, palette = self._shown
        shown = [(e[1], e[2]) for e in entries]
        if palette:
            shown.append((palette[1], palette[2]))
        return shown
