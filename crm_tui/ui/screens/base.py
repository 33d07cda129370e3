"""Base class of the main section screens."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from ...i18n import _
from ..widgets.keyfooter import KeyFooter
from ..widgets.sectionbar import SectionBar


class FollowsLanguage(Screen):
    """A screen that shows translated text: ``on_language_changed`` runs when the
    language switches (it subscribes to ``app.language_changed_signal`` when mounted)."""

    def on_mount(self) -> None:
        # Textual calls every class's on_mount, so subclasses keep theirs as they are.
        signal = getattr(self.app, "language_changed_signal", None)
        if signal is not None:
            signal.unsubscribe(self)  # once, even if mounted again
            signal.subscribe(self, self._language_changed, immediate=True)

    def on_unmount(self) -> None:
        # the app's signal would hold a closed screen until the next switch
        signal = getattr(self.app, "language_changed_signal", None)
        if signal is not None:
            signal.unsubscribe(self)

    def _language_changed(self, _language: str) -> None:
        self.on_language_changed()

    def on_language_changed(self) -> None:
        """Called after the language switched."""


class SectionScreen(FollowsLanguage):
    """A main area: section bar on top, body from ``compose_body``, footer below."""

    SECTION = ""
    # Textual's compact footer style: for screens whose keys fit 80 columns only so
    COMPACT_FOOTER = False

    def compose(self) -> ComposeResult:
        yield SectionBar(self.SECTION, id="section-bar")
        yield from self.compose_body()
        yield KeyFooter(compact=self.COMPACT_FOOTER)

    def compose_body(self) -> ComposeResult:
        yield Static(_("Nothing here yet."), classes="empty-state")

    def on_language_changed(self) -> None:
        """Called after the language switched; default rebuilds the screen."""
        self.call_later(self.recompose)
