"""The app's actions that open a screen by name (the command palette's entries and the
global keys): one line each, through the registry, so the app module stays about the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import registry

if TYPE_CHECKING:
    from textual.app import App as _AppBase
else:
    _AppBase = object


class ScreenActions(_AppBase):
    """Mixed into ``CrmApp``, which provides ``open_screen``."""

    if TYPE_CHECKING:

        def open_screen(self, target: str, *args: Any, **kwargs: Any) -> Any: ...

    def action_new_reminder(self) -> None:
        self.open_screen(registry.REMINDER_FORM)

    def action_import(self) -> None:
        self.open_screen(registry.IMPORT_SCREEN)

    def action_backups(self) -> None:
        self.open_screen(registry.BACKUPS_SCREEN)

    def action_renewals(self) -> None:
        self.open_screen(registry.RENEWALS_SCREEN)

    def action_winloss(self) -> None:
        self.open_screen(registry.WINLOSS_SCREEN)

    def action_campaigns(self) -> None:
        self.open_screen(registry.CAMPAIGN_SCREEN)

    def action_message_templates(self) -> None:
        self.open_screen(registry.TEMPLATES_SCREEN)

    def action_audit(self) -> None:
        self.open_screen(registry.AUDIT_SCREEN)

    def action_claims(self) -> None:
        self.open_screen(registry.CLAIMS_SCREEN)

    def action_info_texts(self) -> None:
        """KVKK information texts: the versions and a form for the next one."""
        from ..domain.info_text import versions
        from .faults import act

        form = registry.load(registry.INFO_TEXTS)
        act(self.screen, versions, then=lambda rows: self.push_screen(form(rows)))

    def action_tags(self) -> None:
        self.open_screen(registry.TAGS_SCREEN)

    def action_saved_views(self) -> None:
        self.open_screen(registry.SAVED_VIEWS_SCREEN)

    def action_duplicates(self) -> None:
        self.open_screen(registry.DUPLICATES_SCREEN)

    def action_commission_rates(self) -> None:
        """The owner's rates screen; staff get the refusal as one line."""
        from ..domain.commission import list_rates
        from .faults import act

        form = registry.load(registry.COMMISSION_RATES)
        act(self.screen, list_rates, then=lambda rates: self.push_screen(form(rates)))
