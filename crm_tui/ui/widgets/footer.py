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
