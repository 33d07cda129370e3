"""The one-key reminder actions shared by the Reminders and Today screens. Their forms,
questions and domain calls are imported when a key asks for them: Today's first paint
needs none of them (docs/PERFORMANCE.md, start-up)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from ...i18n import N_, _, format_date, format_datetime
from .. import registry
from ..faults import act


class ReminderActions:
    """One-key actions on a reminder; the host screen implements ``after_change()``."""

    if TYPE_CHECKING:
        app: Any  # the host screen's CrmApp

    def after_change(self) -> None:  # pragma: no cover - overridden
        pass

    def _fail(self, exc: Exception) -> None:
        self.app.notify_error(str(exc))

    def reminder_done(self, reminder_id: int) -> None:
        from ...domain import reminders as rem

        def done(nxt) -> None:
            if nxt is None:
                self.app.notify(_("Done."))
            else:
                self.app.notify(_("Done. Next time: {date}.", date=format_date(nxt.due_at)))
            self.after_change()

        act(self, rem.complete, reminder_id, then=done)

    def reminder_snooze(self, reminder_id: int) -> None:
        from ...domain import reminders as rem
        from ..dialogs.choice import ChoiceScreen

        options = [(key, _(label), code) for key, code, label in rem.SNOOZE_CHOICES]

        def snoozed(reminder) -> None:
            if reminder is None:
                return
            when = (
                format_datetime(reminder.due_at)
                if reminder.has_time
                else format_date(reminder.due_at)
            )
            self.app.notify(_("Snoozed until {when}.", when=when))
            self.after_change()

        def chosen(code) -> None:
            if code is None:
                return
            if code == "date":
                from .reminder_form import DateQuestion

                self.app.push_screen(
                    DateQuestion(
                        _("Snooze until which day?"),
                        lambda text: rem.snooze(reminder_id, "date", text),
                        hint=N_("25/12/2026, +3d, tomorrow 14:30"),
                    ),
                    snoozed,
                )
                return
            act(self, rem.snooze, reminder_id, code, then=snoozed)

        self.app.push_screen(ChoiceScreen(_("Snooze until…"), options), chosen)

    def reminder_edit(self, reminder_id: int) -> None:
        from ...domain.errors import NotFound
        from .reminder_form import ReminderFormScreen

        try:
            form = ReminderFormScreen(reminder_id=reminder_id)
        except NotFound as exc:
            self._fail(exc)
            return
        self.app.push_screen(form, lambda saved: self.after_change() if saved else None)

    def reminder_new(self, customer_id: int | None = None) -> None:
        from .reminder_form import ReminderFormScreen

        def saved(result) -> None:
            if result:
                self.app.notify(_("Reminder saved."))
                self.after_change()

        self.app.push_screen(ReminderFormScreen(customer_id=customer_id), saved)

    def reminder_cancel(self, reminder_id: int, title: str, customer: str = "") -> None:
        from ...domain import reminders as rem
        from ..dialogs.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def cancelled(_result) -> None:
                self.app.notify(_("Reminder cancelled."))
                self.after_change()

            act(self, rem.cancel, reminder_id, then=cancelled)

        question = (
            _("Cancel the reminder '{title}' for {name}?", title=title, name=customer)
            if customer  # two customers may have the same "Call back" reminder
            else _("Cancel the reminder '{title}'?", title=title)
        )
        self.app.push_screen(ConfirmScreen(question), answered)

    def log_call(self, customer_id: int | None) -> None:
        """Open the interaction form for the customer; without it, record the call directly."""
        if not customer_id:
            self.app.notify(_("This line has no customer."))
            return
        form = registry.load(registry.INTERACTION_FORM)
        # from a follow-up line the user is the one calling: outgoing (the card's "i" is
        # for the phone that rang)
        self.app.push_screen(
            form(customer_id, direction="out"), lambda saved: self.after_change() if saved else None
        )

    def open_card(self, customer_id: int | None) -> None:
        if not customer_id:
            self.app.notify(_("This line has no customer."))
            return
        self.app.open_customer(customer_id)

    def open_renewals(self) -> None:
        from .renewals import RenewalsScreen

        self.app.push_screen(RenewalsScreen())

    def export_calendar(self) -> None:
        """Ask for the .ics file, then write it in a worker (about 1 ms an event)."""
        from ...domain import ical
        from .reminder_form import PathQuestion

        def chosen(path) -> None:
            if path is not None:
                self.app.notify(_("Writing the calendar file {path}…", path=path))
                self._write_calendar(path)

        self.app.push_screen(
            PathQuestion(_("Calendar file (.ics) for the phone"), str(ical.default_path())),
            chosen,
        )

    @work(group="ics")
    async def _write_calendar(self, path) -> None:
        from ...domain import ical

        try:
            n_rem, n_ren = await self.app.db(ical.export_ics, path)
        except OSError as exc:
            self.app.notify_error(
                _("Cannot write {path}: {reason}", path=path, reason=exc.strerror or exc),
            )
            return
        self.app.notify(
            _(
                "Wrote {reminders} reminders and {renewals} renewal dates to {path}.",
                reminders=n_rem,
                renewals=n_ren,
                path=path,
            ),
        )
