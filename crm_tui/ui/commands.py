"""Command palette (ctrl+p): the app's own actions and customer lookup."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..i18n import N_, _
from .keys import SECTIONS

# (title msgid, app action, help msgid, binding id whose key is shown, or "").
# Import, export and backups come from ui/dataio.py (``CrmApp.extra_commands``).
APP_COMMANDS: list[tuple[str, str, str, str]] = [
    (
        N_("Search customers"),
        "search",
        N_("Find a customer by name, phone, e-mail..."),
        "app.search",
    ),
    (N_("New customer"), "new_customer", N_("Open an empty customer form"), ""),
    (
        N_("New reminder"),
        "new_reminder",
        N_("A follow-up for a date, with or without a customer"),
        "",
    ),
    (N_("Renewals"), "renewals", N_("Policies and contracts ending soon"), ""),
    (
        N_("Win/loss analysis"),
        "winloss",
        N_("Renewed versus lost: retention per line, premium lost by reason"),
        "",
    ),
    (N_("Claims"), "claims", N_("Open claims (hasar dosyaları) by status and insurer"), ""),
    (
        N_("Commission rates"),
        "commission_rates",
        N_("The rate per insurer and line (owner only)"),
        "",
    ),
    (
        N_("Who did what"),
        "audit",
        N_("The record of changes: by user, customer and date"),
        "today.audit",
    ),
    (
        N_("Information texts (KVKK)"),
        "info_texts",
        N_("Versions of the aydınlatma metni; add the next one"),
        "",
    ),
    (
        N_("Message templates"),
        "message_templates",
        N_("WhatsApp, SMS and e-mail texts with placeholders"),
        "",
    ),
    (
        N_("Campaign lists"),
        "campaigns",
        N_("Customers of a segment who consented to a channel"),
        "",
    ),
    (N_("Tags"), "tags", N_("Every tag with its customers: rename, merge"), ""),
    (
        N_("Saved views"),
        "saved_views",
        N_("Customer lists filtered by city, tag, stage, segment, line..."),
        "",
    ),
    (N_("Duplicates"), "duplicates", N_("Likely duplicate customers: merge or dismiss"), ""),
    (N_("Switch language (Türkçe/English)"), "toggle_language", "", "app.language"),
    (N_("Switch light/dark theme"), "toggle_theme", "", "app.theme"),
    (N_("Choose a theme"), "change_theme", N_("Every colour theme, with a preview"), ""),
    (N_("Show keys"), "help", N_("Every key of this screen and the global ones"), "app.help"),
    (N_("Quit"), "quit", "", "app.quit"),
]


def _app_commands(app) -> list[tuple[str, Callable[[], Any], str]]:
    def key_of(binding_id: str) -> str:
        getter = getattr(app, "get_key_display_for", None)
        key = getter(binding_id) if getter and binding_id else ""
        return f" ({key})" if key else ""

    cmds: list[tuple[str, Callable[[], Any], str]] = []
    for mode, _key, title in SECTIONS:
        cmds.append(
            (
                _("Go to {section}", section=_(title)) + key_of(f"nav.{mode}"),
                partial(app.action_go, mode),
                "",
            )
        )
    for title, action, help_text, binding_id in APP_COMMANDS:
        callback = getattr(app, f"action_{action}", None)
        if callback is None:
            continue
        cmds.append((_(title) + key_of(binding_id), callback, _(help_text) if help_text else ""))
    cmds += getattr(app, "extra_commands", lambda: [])()
    return cmds


class AppCommands(Provider):
    async def discover(self) -> Hits:
        for name, callback, help_text in _app_commands(self.app):
            yield DiscoveryHit(name, callback, help=help_text or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in _app_commands(self.app):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text or None)


class CustomerCommands(Provider):
    """Jump to a customer by name, phone, e-mail or policy number."""

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        from .dbrunner import Superseded

        try:  # the warm lookup thread; a newer keystroke in the palette supersedes this one
            hits = await self.app.db_latest("palette", _search, query)
        except Superseded:
            return
        for rank, hit in enumerate(hits):
            detail = " · ".join(x for x in (hit.phone, hit.company, hit.city) if x)
            shown = Text(hit.name)  # names are data, never markup
            if detail:
                shown.append("  " + detail, style="dim")
            yield Hit(
                1.0 - rank / 100,
                shown,
                partial(self.app.open_customer, hit.id),
                text=hit.name,
                help=_("Open customer card"),
            )


def _search(query: str):
    from ..domain.customers import search_customers

    return search_customers(query, limit=15)
