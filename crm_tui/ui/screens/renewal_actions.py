"""Renewed / lost / postponed / seen: the one-key renewal actions shared by the Renewals
and Today screens. Their forms and domain calls are imported when a key asks for them:
Today's first paint needs none of them (docs/PERFORMANCE.md, start-up)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...domain.labels import label
from ...i18n import N_, _, format_date
from .. import registry
from ..faults import act


class RenewalActions:
    """Renewed / lost / postponed / seen for a policy; the host implements ``after_change()``."""

    if TYPE_CHECKING:
        app: Any  # the host screen's CrmApp

    def after_change(self) -> None:  # pragma: no cover - overridden
        pass

    def renewal_renewed(self, policy_id: int) -> None:
        from ...domain.errors import NotFound

        renew_form = registry.load(registry.RENEW_FORM)

        def saved(new_id) -> None:
            if new_id:
                self.app.notify(_("Renewed: the new policy is saved."))
                self.after_change()

        try:
            form = renew_form(policy_id)
        except NotFound as exc:
            self.app.notify_error(str(exc))
            return
        self.app.push_screen(form, saved)

    def renewal_lost(self, policy_id: int) -> None:
        from ...domain import renewals as ren
        from ..dialogs.choice import ChoiceScreen

        options = [
            (str(i), label("lost_reason", code), code) for i, code in enumerate(ren.LOST_REASONS, 1)
        ]

        def chosen(reason) -> None:
            if reason is None:
                return

            def lost(_result) -> None:
                self.app.notify(
                    _("Marked as lost ({reason}).", reason=label("lost_reason", reason))
                )
                self.after_change()

            act(self, ren.mark_lost, policy_id, reason, then=lost)

        self.app.push_screen(ChoiceScreen(_("Not renewed: why?"), options), chosen)

    def renewal_postpone(self, policy_id: int) -> None:
        from ...domain import renewals as ren
        from .reminder_form import DateQuestion

        def done(reminder) -> None:
            if reminder is not None:
                self.app.notify(
                    _("Postponed to {date}: a reminder is set.", date=format_date(reminder.due_at))
                )
                self.after_change()

        self.app.push_screen(
            DateQuestion(
                _("Decide about the renewal on which day?"),
                lambda text: ren.postpone(policy_id, text),
                hint=N_("1 tomorrow, 2 in a week, 3 in a month, or a date: 22/11/2026, +10d"),
            ),
            done,
        )

    def renewal_seen(self, policy_id: int) -> None:
        from ...domain import renewals as ren

        def seen(lead) -> None:
            if lead is not None:
                self.app.notify(_("Seen: it comes back at the next lead time."))
            self.after_change()

        act(self, ren.dismiss, policy_id, then=seen)
