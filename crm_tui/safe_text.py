"""Text from customers and files is hostile until shown safely.

A name imported from a CSV can carry terminal control sequences: ``ESC [2J`` wipes the
screen, ``ESC ]0;…BEL`` sets the window title, ``ESC ]52;…`` writes the clipboard, a C1
``0x9b`` is a one-byte CSI. Two rules, used by every layer (this module imports nothing):

- **Stored text never holds control characters.** ``clean`` removes them on every write
  through the models (imports, forms, JSON loads): one-line fields get a space for a line
  break or tab, notes keep their line breaks and tabs. Bidirectional overrides (which make
  a name read backwards) go too.
- **Shown text is made harmless** by ``printable`` wherever stored or imported text meets a
  terminal (the CLI, the TUI's lists, messages), for files made before this rule: each
  control character shows as a visible symbol (``␛``) instead of acting. Behind that, the
  TUI passes every line it draws through ``drop_controls`` (``crm_tui.ui.safe_lines``), so
  a label that forgot ``printable`` still sends nothing but text.
"""

from __future__ import annotations

import re

# C0 (but tab, line feed, carriage return handled apart), DEL, C1; bidi embeddings,
# overrides and isolates: the class of what never stays in stored text (also used as a
# GLOB class by db/text_cleanup.py)
CONTROL_CLASS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_CONTROLS = re.compile(f"[{CONTROL_CLASS}]")
_BREAKS = re.compile("[\t\r\n]+")
_CR = re.compile("\r\n?")


def has_controls(text: str) -> bool:
    return bool(_CONTROLS.search(text))


def clean(text: str, multiline: bool = False) -> str:
    """``text`` without control characters; line breaks and tabs kept only where the
    field is ``multiline`` (elsewhere they become one space)."""
    text = _CONTROLS.sub("", text)
    if multiline:
        return _CR.sub("\n", text)
    return _BREAKS.sub(" ", text) if ("\t" in text or "\n" in text or "\r" in text) else text


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 and bidi controls: the replacement character


_SHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to write to a terminal: control characters (but tab and line feed)
    shown as visible symbols."""
    if not _SHOWN.search(text):
        return text
    return _SHOWN.sub(_picture, text)


_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def drop_controls(text: str) -> str:
    """``text`` without any control character (tab and line feed included). Each of them
    takes no cell on a terminal, so a line already laid out keeps its width."""
    if not _ANY_CONTROL.search(text):
        return text
    return _ANY_CONTROL.sub("", text)
