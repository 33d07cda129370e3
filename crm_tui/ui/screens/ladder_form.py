"""Setting a customer's loyalty-ladder stage by hand, or going back to the stage the data
suggests. Opened from the customer card (``l``)."""

from __future__ import annotations

from typing import Any

from ...domain import loyalty
from ...domain.labels import label
from ...i18n import N_, _
from ..widgets.form import Field, FormScreen

SUGGESTED = "auto"  # the select's value for "no manual stage"


class LadderFormScreen(FormScreen):
    TITLE = N_("Loyalty ladder stage")

    def __init__(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.summary = loyalty.customer_summary(customer_id)
        super().__init__()

    def title_text(self) -> str:
        s = self.summary
        suggested = _(
            "The data suggests {stage}: {reason}.",
            stage=label("ladder", s.suggested_stage),
            reason=loyalty.stage_reason(s),
        )
        if s.stage_is_manual:
            now = _("Now set by hand: {stage}.", stage=label("ladder", s.stage))
        else:
            now = _("Now: {stage} (suggested).", stage=label("ladder", s.stage))
        return "\n".join([_("Loyalty ladder stage"), now, suggested])

    def fields(self) -> list[Field]:
        s = self.summary
        options: list[tuple[str, Any]] = [
            (
                _("As suggested ({stage})", stage=label("ladder", s.suggested_stage)),
                SUGGESTED,
            )
        ]
        options += [(label("ladder", code), code) for code in loyalty.STAGES]
        return [
            Field(
                "stage",
                N_("Stage"),
                kind="select",
                value=s.stage if s.stage_is_manual else SUGGESTED,
                options=options,
                allow_blank=False,
                hint=N_("A stage set by hand is kept until you choose “As suggested”."),
            )
        ]

    def save(self, values: dict[str, Any]) -> Any:
        stage = values["stage"]
        manual = None if stage in (None, SUGGESTED) else stage
        loyalty.set_ladder_override(self.customer_id, manual)
        if manual is None:
            self.app.notify(
                _(
                    "Manual stage removed: {stage}, as the data suggests.",
                    stage=label("ladder", self.summary.suggested_stage),
                )
            )
        else:
            self.app.notify(_("Stage set by hand: {stage}.", stage=label("ladder", manual)))
        return manual or SUGGESTED
