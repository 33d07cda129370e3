"""Command palette (ctrl+p): the app's own actions and customer lookup."""

from __future__ import annotations

from functools import partial

from rich.markup import escape
from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..i18n import _
from .keys import SECTIONS


def _app_commands(app) -> list[tuple[str, object, str]]:
    cmds: list[tuple[str, object, str]] = []
    for mode, _key, title in SECTIONS:
        cmds.append((_("Go to {section}", section=_(title)), partial(app.action_go, mode), ""))
    cmds += [
        (_("Search customers"), app.action_search, _("Focus the customer search")),
        (_("New customer"), app.action_new_customer, _("Open an empty customer form")),
        (_("Switch language (Türkçe/English)"), app.action_toggle_language, ""),
        (_("Switch light/dark theme"), app.action_toggle_theme, ""),
        (_("Show keys"), app.action_help, ""),
        (_("Quit"), app.action_quit, ""),
    ]
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
            hits = await self.app.db_runner.run(_search, query, tag="palette")
        except Superseded:
            return
        for rank, hit in enumerate(hits):
            detail = " · ".join(x for x in (hit.phone, hit.company, hit.city) if x)
            name = escape(hit.name)
            yield Hit(
                1.0 - rank / 100,
                name + (f"  [dim]{escape(detail)}[/]" if detail else ""),
                partial(self.app.open_customer, hit.id),
                text=hit.name,
                help=_("Open customer card"),
            )


def _search(query: str):
    from ..domain.customers import search_customers

    return search_customers(query, limit=15)
