"""Footer whose key descriptions follow the current language."""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from ...i18n import _


class I18nFooter(Footer):
    def compose(self):
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description) if widget.description else ""
            yield widget

    def bindings_changed(self, screen) -> None:
        # Textual's footer remounts a widget per key (~60 ms for 15 keys) on every bindings
        # change, also when its screen just lost focus because a card or form was pushed on
        # top. A hidden screen's keys are read again when it is back on top (resuming
        # restores its focus, which changes the bindings once more).
        if screen is self.screen and self.app.screen is not screen:
            return
        super().bindings_changed(screen)
