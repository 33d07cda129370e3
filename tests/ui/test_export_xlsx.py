"""The export form offers XLSX: chosen, the suggested name follows and the workbook holds
date cells and numbers (Pilot at 80×24)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
from textual.widgets import Input, Select

from crm_tui.db.models import Customer, Policy
from tests.ui.helpers import new_app, settle


async def test_export_form_writes_xlsx(db_path, tmp_path, monkeypatch):
    from crm_tui.ui import dataio

    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    monkeypatch.setenv("HOME", str(tmp_path))
    ayse = Customer.create(name="Ayşe Yılmaz")
    Policy.create(
        customer=ayse.id,
        kind="policy",
        line="kasko",
        status="active",
        start_date=date(2026, 1, 1),
        end_date=date(2027, 1, 1),
        premium=Decimal("12450.50"),
    )
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dataio.open_export(app)
        await settle(pilot)
        form = app.screen
        form.query_one("#f-fmt", Select).value = "xlsx"
        form.query_one("#f-what", Select).value = "policies"
        await pilot.pause()
        path = form.query_one("#f-path", Input).value
        assert path == str(tmp_path / "crm-policies-2026-11-22.xlsx")
        await pilot.press("ctrl+s")
        await settle(pilot)
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[1]]
    premium = ws.cell(2, header.index("Premium") + 1)
    assert premium.value == 12450.5 and "₺" in premium.number_format
    assert ws.cell(2, header.index("End date") + 1).is_date
