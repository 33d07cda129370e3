"""Open a claim on one of the customer's policies, or edit a claim's details."""

from __future__ import annotations

from typing import Any

from ...domain import claims as cl
from ...domain.customers import get_customer
from ...domain.labels import choices, label
from ...domain.policies import list_policies
from ...i18n import N_, _, format_date
from ..dialogs.form import Field, FormScreen


def _money(value) -> str:
    # 12500.00: read back by parse_money in either language
    return str(value) if value is not None else ""


class ClaimFormScreen(FormScreen):
    """New claim for ``customer_id`` (on a policy chosen in the form), or claim
    ``claim_id``'s details. Dismisses with the claim id."""

    TITLE = N_("New claim")

    def __init__(
        self, customer_id: int, claim_id: int | None = None, policy_id: int | None = None
    ) -> None:
        self.customer_id = customer_id
        self.claim_id = claim_id
        self.policy_id = policy_id
        self.customer_name = get_customer(customer_id).name
        self.claim = cl.get_claim(claim_id) if claim_id else None
        self.notes = cl.claim_notes(claim_id) if claim_id else None
        self.record_version = self.claim.version if self.claim else None
        self.policies = [] if self.claim else list_policies(customer_id)
        super().__init__()

    def reload_record(self) -> None:
        if self.claim_id:
            self.claim = cl.get_claim(self.claim_id)
            self.record_version = self.claim.version

    def title_text(self) -> str:
        if self.claim is not None:
            return _("Claim #{id} — {customer}", id=self.claim.id, customer=self.customer_name)
        return _("New claim — {customer}", customer=self.customer_name)

    def fields(self) -> list[Field]:
        c = self.claim
        fields: list[Field] = []
        if c is None:
            options = [
                (
                    " ".join(
                        x
                        for x in (
                            label("line", p.line),
                            p.number or p.plate or "",
                            p.provider or "",
                        )
                        if x
                    ),
                    p.id,
                )
                for p in self.policies
            ]
            first = self.policy_id or (options[0][1] if options else None)
            fields.append(
                Field(
                    "policy",
                    N_("Policy"),
                    kind="select",
                    value=first,
                    options=options,
                    allow_blank=False,
                )
            )
        fields += [
            Field(
                "loss_date",
                N_("Date of loss"),
                value=format_date(c.loss_date) if c else "",
                placeholder=N_("e.g. 03.11.2026, yesterday"),
            ),
            Field(
                "kind",
                N_("Type"),
                kind="select",
                value=c.kind if c else "collision",
                options=choices("claim_kind"),
                allow_blank=False,
            ),
            Field("place", N_("Place"), value=(c.place or "") if c else ""),
            Field(
                "insurer_file_no",
                N_("Insurer file no"),
                value=(c.insurer_file_no or "") if c else "",
                placeholder=N_("the insurer's claim file number"),
            ),
            Field(
                "expected_amount",
                N_("Expected amount"),
                value=_money(c.expected_amount) if c else "",
                placeholder=N_("e.g. 12.500,00"),
            ),
        ]
        if c is not None:
            fields.append(Field("paid_amount", N_("Paid amount"), value=_money(c.paid_amount)))
        fields += [
            Field(
                "follow_up_on",
                N_("Follow up on"),
                value=format_date(c.follow_up_on) if c and c.follow_up_on else "",
                placeholder=N_("empty: the usual time for this step"),
            ),
            Field("notes", N_("Notes"), kind="textarea", value=(self.notes or "") if c else ""),
        ]
        return fields

    def _input(self, values: dict[str, Any]) -> cl.ClaimInput:
        return cl.ClaimInput(
            loss_date=values["loss_date"],
            kind=values["kind"],
            place=values["place"],
            insurer_file_no=values["insurer_file_no"],
            expected_amount=values["expected_amount"],
            paid_amount=values.get("paid_amount"),
            follow_up_on=values["follow_up_on"],
            notes=values["notes"],
        )

    def save(self, values: dict[str, Any]) -> Any:
        from ...domain.errors import ValidationError

        if self.claim is not None:
            data = self._input(values)
            if not (values["follow_up_on"] or "").strip():
                data.follow_up_on = None
            return cl.update_claim(self.claim.id, data, expected_version=self.record_version).id
        if values.get("policy") is None:
            raise ValidationError({"policy": _("Choose the policy the claim is on.")})
        claim = cl.open_claim(values["policy"], self._input(values))
        self.app.notify(_("Claim #{id} opened.", id=claim.id))
        return claim.id


__all__ = ["ClaimFormScreen"]
