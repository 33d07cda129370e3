"""Today's keys on a complaint line (or a reminder linked to a complaint): change its
status, add a note, open it. The forms are the complaints area's, opened over Today.
And on an instalment line: ``d`` records the payment (day, amount, method)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

from ...i18n import _
from .. import registry


class TodayComplaintActions:
    """Mixed into ``TodayScreen``, which provides ``_need``, ``current`` and ``reload``."""

    if TYPE_CHECKING:
        app: Any

        def _need(self) -> Any: ...
        def current(self) -> Any: ...
        def reload(self) -> Any: ...

    def _complaint_id(self) -> int | None:
        item = self._need()
        if item is None:
            return None
        if item.kind == "complaint":
            return item.ref_id
        if item.kind == "reminder":
            return item.data.complaint_id
        return None

    def _complaint_saved(self, result) -> None:
        if result is not None:
            self.reload()

    def action_complaint_status(self) -> None:
        if (cid := self._complaint_id()) is None:
            return
        from .complaint_detail import ask_status_change

        ask_status_change(cast(Screen, self), cid, self._complaint_saved)

    def action_note(self) -> None:
        if (cid := self._complaint_id()) is None:
            return
        from .complaint_detail import NoteForm

        def saved(result) -> None:
            if result is not None:
                self.app.notify(_("Note added."))
                self.reload()

        self.app.push_screen(NoteForm(cid), saved)

    def action_open_complaint(self) -> None:
        item = self.current()
        cid = self._complaint_id()
        if cid is None or item is None:
            return
        screen = registry.load(registry.COMPLAINT_DETAIL)
        self.app.push_screen(screen(cid))


class TodayInstalmentActions:
    """Mixed into ``TodayScreen``: ``d`` on an instalment line opens the payment form."""

    if TYPE_CHECKING:
        app: Any

        def _need(self) -> Any: ...
        def reload(self) -> Any: ...

    def action_instalment_paid(self) -> None:
        item = self._need()
        if item is None or item.kind != "instalment":
            return
        from ..dialogs.instalment import PaidForm

        def saved(result: Any) -> None:
            if result is not None:
                self.app.notify(_("Payment recorded for {name}.", name=item.customer_name))
                self.reload()

        self.app.push_screen(PaidForm(item.data), saved)
