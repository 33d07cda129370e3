"""Recording a satisfaction answer from the card: NPS (0-10) or CSAT (1-5) with a comment."""

from __future__ import annotations

from typing import Any

from ...domain.surveys import record_survey
from ...i18n import N_, _
from ..dialogs.form import Field, FormScreen


class SurveyFormScreen(FormScreen):
    TITLE = N_("Satisfaction answer")

    def __init__(self, customer_id: int) -> None:
        self.customer_id = customer_id
        super().__init__()

    def fields(self) -> list[Field]:
        return [
            Field(
                "kind",
                N_("Question"),
                kind="select",
                value="nps",
                options=[
                    (_("NPS: how likely to recommend us (0-10)"), "nps"),
                    (_("CSAT: how satisfied (1-5)"), "csat"),
                ],
                allow_blank=False,
            ),
            Field(
                "score",
                N_("Score"),
                placeholder=N_("0-10 for NPS, 1-5 for CSAT"),
            ),
            Field("comment", N_("Comment"), kind="textarea"),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        survey = record_survey(self.customer_id, values["kind"], values["score"], values["comment"])
        self.app.notify(_("Answer saved."))
        return survey
