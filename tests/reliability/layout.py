"""Layout checks for the terminal-size tests: text of one widget drawn over another's."""

from __future__ import annotations

from textual.screen import Screen
from textual.widget import Widget

# Drawn on purpose above the rest (own layer), not part of the screen's layout.
FLOATING = ("Toast", "ToastRack", "Tooltip", "SelectOverlay", "ScrollBar", "ScrollBarCorner")


def _floating(widget: Widget) -> bool:
    return any(type(node).__name__ in FLOATING for node in (widget, *widget.ancestors))


def overlapping(screen: Screen) -> list[str]:
    """Pairs of visible widgets that draw into the same cells although neither contains
    the other: one widget's text written over another's. Empty when the layout is clean."""
    visible = screen._compositor.visible_widgets  # widget -> (region, clip), render order
    shown = {
        w: region.intersection(clip)
        for w, (region, clip) in visible.items()
        if w is not screen and not _floating(w) and region.intersection(clip).area
    }
    widgets = list(shown)
    problems = []
    for i, a in enumerate(widgets):
        for b in widgets[i + 1 :]:
            if a in b.ancestors or b in a.ancestors:
                continue
            common = shown[a].intersection(shown[b])
            if common.area:
                problems.append(f"{a!r} and {b!r} share {common}")
    return problems
