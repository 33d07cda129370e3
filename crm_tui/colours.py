"""Colours both faces of the app give the same things: Today's groups, on the Today screen
and in ``crm-tui today``'s print (Rich style names; neither Textual nor Rich imported)."""

from __future__ import annotations

GROUP_STYLE = {
    "overdue": "bold red",
    "today": "bold yellow",
    "renewals": "bold cyan",
    "birthdays": "bold magenta",
    "stay_in_touch": "bold green",
    "complaints": "bold red",
    "claims": "bold blue",
    "instalments": "bold yellow",
}
