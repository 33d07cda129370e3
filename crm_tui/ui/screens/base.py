"""Base class of the main section screens."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from ...i18n import _
from ..widgets.footer import I18nFooter
from ..widgets.sectionbar import SectionBar


class SectionScreen(Screen):
    """A main area: section bar on top, body from ``compose_body``, footer below."""

    SECTION = ""

    def compose(self) -> ComposeResult:
        yield SectionBar(self.SECTION, id="section-bar")
        yield from self.compose_body()
        yield I18nFooter()

    def compose_body(self) -> ComposeResult:
        yield Static(_("Nothing here yet."), classes="empty-state")

    def on_language_changed(self) -> None:
        """Called after the language switched; default rebuilds the screen."""
        self.call_later(self.recompose)
