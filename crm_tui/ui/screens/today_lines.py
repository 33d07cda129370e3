"""What the Today screen draws: the heading (date, view, every group with its key and
count) and the cells of a table row. Rich text only: the screen puts them in its widgets."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from ...colours import GROUP_STYLE
from ...domain import today as td
from ...i18n import _, format_date


def heading(agenda: td.Agenda, width: int, mine_only: bool) -> Text:
    """Date, then every group with its number key and count (zero ones dimmed); a group
    that does not fit on the line starts the next one whole."""
    style = "full" if width >= 78 else "short"  # all six fit in 40x12
    text = Text(format_date(agenda.today, style), style="bold")
    if style == "full" or mine_only:
        # which view (m): on a narrow terminal only "Mine", the one that hides lines
        text.append(" · ")
        text.append(_("Mine") if mine_only else _("Everyone's"), style="bold")
    text.append(" —")
    used = len(text.plain)
    for i, group in enumerate(agenda.groups, 1):
        title = _(group.title)
        size = 1 + len(str(i)) + 1 + len(title) + 1 + len(group.count_text) + 2
        if used + size > width:
            text.append("\n")
            used = 0
        else:
            text.append(" ")
            used += 1
        style_count = GROUP_STYLE[group.code] if group.items else "dim"
        text.append(str(i), style="bold reverse" if group.items else "dim")
        text.append(f" {title} ", style="" if group.items else "dim")
        text.append(group.count_text, style=style_count)
        if i < len(agenda.groups):
            text.append(" ·")
        used += size - 1
    return text


def group_cells(group: td.AgendaGroup) -> tuple[Text, Text, Text]:
    """A group's heading row: its title and count in the group's colour."""
    style = GROUP_STYLE[group.code]
    head = Text(_(group.title), style=style, overflow="ellipsis", no_wrap=True)
    count = Text(f"({group.count_text})", style=style)
    # the empty cell as the Text DataTable makes of "" (a str is parsed as markup, which
    # loads rich's emoji table: ~10 ms of the start-up)
    return head, count, Text("", end="", no_wrap=True)


def item_cells(item: td.AgendaItem, today: date) -> tuple[Text, Text, Text]:
    """A line's when (red when late), customer and detail."""
    when = Text(td.when_text(item, today), no_wrap=True)
    if item.late:
        when.stylize("red")
    return (
        when,
        Text(item.customer_name or "–", no_wrap=True, overflow="ellipsis"),
        Text(td.detail_text(item), no_wrap=True, overflow="ellipsis"),
    )
