"""Move a claim along the insurer's workflow: pick the next status (only the allowed ones),
then a note, the next follow-up day and, when paid, the amount paid."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from ...domain import claims as cl
from ...domain.errors import NotFound
from ...domain.labels import label
from ...i18n import N_, _
from .choice import ChoiceScreen
from .form import Field, FormScreen
from .prompt import PromptScreen


class ClaimStatusForm(FormScreen):
    """``claim_id`` from ``current`` to ``target``; dismisses with the event id."""

    TITLE = N_("Claim status")

    def __init__(self, claim_id: int, current: str, target: str, version: int) -> None:
        self.claim_id = claim_id
        self.current = current
        self.target = target
        self.record_version = version
        super().__init__()

    def title_text(self) -> str:
        return _(
            "Claim #{id}: {current} → {target}",
            id=self.claim_id,
            current=label("claim_status", self.current),
            target=label("claim_status", self.target),
        )

    def fields(self) -> list[Field]:
        fields = [Field("note", N_("Note"), placeholder=N_("optional: what happened, who said it"))]
        if self.target == "paid":
            fields.append(Field("paid_amount", N_("Paid amount"), placeholder=N_("e.g. 12.500,00")))
        if self.target != "closed":
            fields.append(
                Field(
                    "follow_up_on",
                    N_("Follow up on"),
                    placeholder=N_("empty: the usual time for this step"),
                    hint=N_("The claim comes back on Today that day"),
                )
            )
        return fields

    def save(self, values: dict[str, Any]) -> Any:
        return cl.change_status(
            self.claim_id,
            self.target,
            note=values.get("note"),
            follow_up_on=values.get("follow_up_on") or None,
            paid_amount=values.get("paid_amount") or None,
            expected_version=self.record_version,
        ).id


class ClaimNoteForm(PromptScreen):
    FIELD = "note"
    LABEL = N_("Note")
    PLACEHOLDER = N_("what happened, what was said")

    def __init__(self, claim_id: int) -> None:
        self.claim_id = claim_id
        super().__init__(_("Note on claim #{id}", id=claim_id), self.add)

    def add(self, note: str) -> Any:
        return cl.add_note(self.claim_id, note).id


def ask_claim_status(screen: Screen, claim_id: int, done: Callable[[Any], None]) -> None:
    """Pick the next status of the claim, then the form; ``done`` gets the event id."""
    app = screen.app
    try:
        claim = cl.get_claim(claim_id)
    except NotFound as exc:
        app.notify(str(exc), severity="error")
        return
    allowed = cl.allowed_transitions(claim.status)
    if not allowed:
        app.notify(_("A closed claim does not move on."))
        return

    def picked(target: str | None) -> None:
        if target is not None:
            app.push_screen(ClaimStatusForm(claim_id, claim.status, target, claim.version), done)

    options = [(str(i), label("claim_status", s), s) for i, s in enumerate(allowed, 1)]
    title = _("Claim #{id} is “{status}”. Move it to:", id=claim_id, status=claim.status_label)
    app.push_screen(ChoiceScreen(title, options), picked)
