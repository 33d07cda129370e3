"""Add or edit one of a customer's vehicles (plate, brand, model, year, usage, serials).
Ctrl+D deletes an existing vehicle; its policies keep the plate they insured."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from ...domain import vehicles as vh
from ...domain.labels import choices
from ...i18n import N_, _
from ..dialogs.confirm import ConfirmScreen
from ..dialogs.form import Field, FormScreen


class VehicleFormScreen(FormScreen):
    """Dismisses with the vehicle id (0 after a delete)."""

    TITLE = N_("New vehicle")
    BINDINGS = [Binding("ctrl+d", "delete", N_("Delete"), id="vehicle.delete")]

    def __init__(self, customer_id: int, vehicle_id: int | None = None) -> None:
        self.customer_id = customer_id
        self.vehicle_id = vehicle_id
        self._data: vh.VehicleInput | None = None
        if vehicle_id is not None:
            self.reload_record()
        super().__init__()

    def reload_record(self) -> None:
        assert self.vehicle_id is not None
        self._data = vh.vehicle_input(self.vehicle_id)
        self.record_version = vh.get_vehicle(self.vehicle_id).version

    def title_text(self) -> str:
        return _("Edit vehicle") if self.vehicle_id else _("New vehicle")

    def fields(self) -> list[Field]:
        d = self._data or vh.VehicleInput()
        return [
            Field("plate", N_("Plate"), value=d.plate or "", placeholder="34 ABC 123"),
            Field("brand", N_("Brand"), value=d.brand or ""),
            Field("model", N_("Model"), value=d.model or ""),
            Field("year", N_("Model year"), value=str(d.year or "")),
            Field(
                "usage",
                N_("Usage"),
                kind="select",
                options=choices("vehicle_usage"),
                value=d.usage,
                allow_blank=False,
            ),
            Field(
                "chassis_no",
                N_("Chassis no"),
                value=d.chassis_no or "",
                hint=N_("17 characters (VIN), on the registration (ruhsat)."),
            ),
            Field("ruhsat_serial", N_("Registration serial"), value=d.ruhsat_serial or ""),
            Field("engine_no", N_("Engine no"), value=d.engine_no or ""),
            Field("notes", N_("Notes"), value=d.notes or ""),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        data = vh.VehicleInput(
            plate=values.get("plate"),
            ruhsat_serial=values.get("ruhsat_serial"),
            chassis_no=values.get("chassis_no"),
            engine_no=values.get("engine_no"),
            brand=values.get("brand"),
            model=values.get("model"),
            year=values.get("year"),
            usage=values.get("usage") or "hususi",
            notes=values.get("notes"),
        )
        if self.vehicle_id is None:
            return vh.create_vehicle(self.customer_id, data).id
        return vh.update_vehicle(self.vehicle_id, data, expected_version=self.record_version).id

    def action_delete(self) -> None:
        if self.vehicle_id is None:
            return
        vehicle_id = self.vehicle_id

        async def delete() -> None:
            app: Any = self.app  # CrmApp: reaches the database through its runner
            await app.db(vh.delete_vehicle, vehicle_id)
            self.dismiss(0)

        def answered(yes: bool | None) -> None:
            if yes:
                self.start_saving(delete())

        self.app.push_screen(
            ConfirmScreen(_("Delete this vehicle? Its policies keep their plate."), width=60),
            answered,
        )
