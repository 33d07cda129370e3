"""Global key bindings. Every binding has an id so it can be remapped in settings.toml:

[keys]
"nav.today" = "f2"
"""

from __future__ import annotations

from textual.binding import Binding

from ..i18n import N_

SECTIONS: list[tuple[str, str, str]] = [
    # (mode name, key, title msgid)
    ("today", "f2", N_("Today")),
    ("customers", "f3", N_("Customers")),
    ("reminders", "f4", N_("Reminders")),
    ("complaints", "f5", N_("Complaints")),
    ("loyalty", "f6", N_("Loyalty")),
]

GLOBAL_BINDINGS: list[Binding] = [
    *[
        Binding(key, f"go('{mode}')", title, id=f"nav.{mode}", priority=True)
        for mode, key, title in SECTIONS
    ],
    Binding("slash", "search", N_("Search"), id="app.search"),
    Binding("question_mark,f1", "help", N_("Help"), id="app.help", key_display="?"),
    Binding("f7", "toggle_language", N_("Türkçe/English"), id="app.language", show=False),
    Binding("f8", "toggle_theme", N_("Light/dark theme"), id="app.theme", show=False),
    Binding("ctrl+q", "quit", N_("Quit"), id="app.quit", priority=True),
]
