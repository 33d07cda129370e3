"""Add or edit a policy / contract of a customer."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.binding import Binding
from textual.widgets import Select

from ...domain.labels import choices
from ...domain.policies import (
    PolicyInput,
    create_policy,
    get_policy,
    policy_input,
    update_policy,
)
from ...domain.roles import can
from ...domain.vehicles import customer_vehicles, vehicle_title
from ...i18n import N_, _, format_date, format_number
from ..dialogs.form import Field, FormScreen

# The fields that belong to some lines only: shown when the chosen line is one of them.
LINE_FIELDS = {
    "vehicle": ("trafik", "kasko"),
    "uavt_code": ("dask", "konut"),
    "address": ("dask", "konut"),
}


def _money_text(value: str | None) -> str:
    if value in (None, ""):
        return ""
    from decimal import Decimal

    return format_number(Decimal(value), digits=2)


class PolicyFormScreen(FormScreen):
    TITLE = N_("New policy or contract")
    BINDINGS = [Binding("ctrl+o", "insured", N_("Insured persons"), id="policy.insured")]

    def __init__(self, customer_id: int, policy_id: int | None = None) -> None:
        self.customer_id = customer_id
        self.policy_id = policy_id
        self._data = None
        # staff neither see nor write commissions (the server refuses them on PostgreSQL)
        self.with_commission = can("see_commission")
        self.vehicles = [(vehicle_title(v), v.id) for v in customer_vehicles(customer_id)]
        if policy_id is not None:
            self.reload_record()
        super().__init__()

    def reload_record(self) -> None:
        self._data = policy_input(self.policy_id)
        self.record_version = get_policy(self.policy_id).version

    def title_text(self) -> str:
        return _("Edit policy") if self.policy_id else _("New policy or contract")

    def fields(self) -> list[Field]:
        d = self._data or PolicyInput()
        commission = (
            [Field("commission", N_("Commission"), value=_money_text(d.commission))]
            if self.with_commission
            else []
        )
        return [
            Field(
                "line",
                N_("Product line"),
                kind="select",
                options=choices("line"),
                value=d.line or None,
            ),
            Field(
                "kind",
                N_("Kind"),
                kind="select",
                options=choices("policy_kind"),
                value=d.kind,
                allow_blank=False,
            ),
            Field("provider", N_("Provider"), value=d.provider or ""),
            Field("number", N_("Number"), value=d.number or ""),
            Field(
                "vehicle",
                N_("Vehicle"),
                kind="select",
                options=self.vehicles,
                value=d.vehicle_id,
                hint=N_(
                    "Traffic and kasko: one of the customer's vehicles (v on the card adds one)."
                ),
            ),
            Field(
                "start_date",
                N_("Start"),
                value=format_date(d.start_date) if d.start_date else "",
                placeholder=format_date(date(2026, 11, 22)),  # as the language writes dates
            ),
            Field(
                "end_date",
                N_("End"),
                value=format_date(d.end_date) if d.end_date else "",
                hint=N_("Empty: one year after the start for insurance policies."),
            ),
            Field("premium", N_("Premium"), value=_money_text(d.premium)),
            *commission,
            Field(
                "status",
                N_("Status"),
                kind="select",
                options=choices("policy_status"),
                value=d.status,
                allow_blank=False,
            ),
            Field(
                "uavt_code",
                N_("UAVT code"),
                value=d.uavt_code or "",
                hint=N_("DASK and home: the building's 10-digit address code."),
            ),
            Field("address", N_("Insured address"), value=d.address or ""),
            Field("notes", N_("Notes"), value=d.notes or ""),
        ]

    def on_mount(self) -> None:
        super().on_mount()
        self._show_line_fields()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "f-line":
            self._show_line_fields()

    def _chosen_line(self) -> str:
        value = self.query_one("#f-line", Select).value
        return "" if value is Select.NULL else str(value)

    def _show_line_fields(self) -> None:
        """Vehicle for trafik and kasko, UAVT code and address for DASK and home: the
        other lines do not see them (the row, its hint and its error line)."""
        line = self._chosen_line()
        for name, lines in LINE_FIELDS.items():
            row = self.query_one(f"#f-{name}").parent
            if row is None or row.parent is None:
                continue
            siblings = list(row.parent.children)
            at = siblings.index(row)
            shown = line in lines
            row.display = shown
            for after in siblings[at + 1 : at + 3]:
                if after.has_class("field-hint") or after.has_class("field-error"):
                    after.display = shown

    def save(self, values: dict[str, Any]) -> Any:
        # a field the line does not show is not the policy's (a vehicle chosen for a kasko
        # before the line became DASK)
        line = values.get("line") or ""
        values = {
            k: (None if k in LINE_FIELDS and line not in LINE_FIELDS[k] else v)
            for k, v in values.items()
        }
        data = PolicyInput(
            line=values.get("line") or "",
            kind=values.get("kind") or "policy",
            provider=values.get("provider"),
            number=values.get("number"),
            # a vehicle gives its plate; none keeps the plate the policy had (what it insured)
            plate=None if values.get("vehicle") else (self._data.plate if self._data else None),
            vehicle_id=values.get("vehicle") or None,
            uavt_code=values.get("uavt_code"),
            address=values.get("address"),
            start_date=values.get("start_date") or "",
            end_date=values.get("end_date") or "",
            premium=values.get("premium"),
            commission=values.get("commission"),
            status=values.get("status") or "active",
            notes=values.get("notes"),
        )
        if self.policy_id is None:
            return create_policy(self.customer_id, data).id
        return update_policy(self.policy_id, data, expected_version=self.record_version).id

    def action_insured(self) -> None:
        """The policy's insured persons (TSS, health, life): a list of their own."""
        if self.policy_id is None:
            self.app.notify(_("Save the policy first, then add its insured persons."))
            return
        from .insured import InsuredScreen

        self.app.push_screen(InsuredScreen(self.policy_id))
