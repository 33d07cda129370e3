"""The card's keys on a row of the agency's book (issue 16): a policy's or purchase's
instalment plan (``t``), a policy's commission (``K``), the claims list (``H``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from ...i18n import _
from .. import registry
from ..faults import act
from ..widgets.rowlist import RowList


class CardBookActions:
    """Mixed into ``CustomerCardScreen`` (``_push``, ``customer_id``, ``section``)."""

    if TYPE_CHECKING:
        app: Any
        section: str

        def _push(self, screen: Any, refresh: bool = True) -> None: ...
        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...

    @work(group="card-instalments")
    async def action_instalments(self) -> None:
        """``t`` on a policy or purchase row: its payment plan, or a new one."""
        kind, _sep, ref = (self.query_one(RowList).cursor_key or "").partition(":")
        if kind not in ("policy", "purchase") or not ref or self.section == "notes":
            self.app.notify(_("Instalments: choose a policy or a purchase first."))
            return
        from ...domain.instalments import plan_start
        from ..dialogs.instalment import PlanForm
        from .instalment_plan import InstalmentPlanScreen

        policy_id = int(ref) if kind == "policy" else None
        purchase_id = int(ref) if kind == "purchase" else None
        has_plan, total = await self.app.db(plan_start, policy_id, purchase_id)
        if has_plan:
            self._push(InstalmentPlanScreen(policy_id, purchase_id))
        else:
            self._push(PlanForm(policy_id, purchase_id, total=total))

    def action_claims(self) -> None:
        self._push(registry.load(registry.CLAIMS_SCREEN)(), refresh=False)

    def action_commission(self) -> None:
        """The commission of the policy on the row (owner only: staff get the refusal)."""
        from ...domain.commission import policy_view

        kind, _sep, ref = (self.query_one(RowList).cursor_key or "").partition(":")
        if kind != "policy" or not ref:
            self.app.notify(_("Choose a policy row first (2: Policies)."))
            return
        form = registry.load(registry.COMMISSION_FORM)
        act(self, policy_view, int(ref), then=lambda view: self._push(form(view)))
