"""Stored text inside Textual content markup (``Static``, ``Label``, option prompts).

``rich.markup.escape`` (and Textual's own ``escape``) only escapes bracket pairs that look
like a tag. Textual's parser reads further than Rich's: an unclosed ``[b`` in a name runs
on into the template's next tag, so a customer called ``Ali [b`` or a company ``[/]Firma[``
ended the app when the card or a complaint was shown (MarkupError). Here every ``[`` is
escaped. Only for Textual markup: a DataTable's string cells are Rich markup, where an
escaped ``\\[`` that is no tag shows its backslash (``SafeTable`` takes care of those).
"""

from __future__ import annotations


def escape(text: str) -> str:
    """``text`` shown as it is inside Textual markup."""
    text = text.replace("[", "\\[")
    if text.endswith("\\"):
        # a backslash right before the template's next tag would escape that tag
        text += "\u200b"
    return text
