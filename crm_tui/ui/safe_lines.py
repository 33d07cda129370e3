"""The net under every line the app draws: no control character reaches the terminal.

Stored text is clean (crm_tui.safe_text) and the lists, tables and card header show what an
older file still holds as symbols (``printable``). Any other widget showing stored text
(a notification, a label, an input's value, the palette) is covered here: ``CrmApp``
adds ``ControlFilter`` to Textual's line filters, which every widget's lines pass
through after they are laid out and before they are written to the terminal. Control
characters take no cell, so dropping them keeps every line's width.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from ..safe_text import drop_controls


class ControlFilter(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out: list[Segment] = []
        changed = False
        for segment in segments:
            text = segment.text
            shown = text if segment.control else drop_controls(text)
            if shown is text:  # drop_controls returns clean text itself
                out.append(segment)
                continue
            changed = True
            if shown:  # an emptied segment is left out (Textual wants none empty)
                out.append(Segment(shown, segment.style))
        return out if changed else segments


CONTROL_FILTER = ControlFilter()
