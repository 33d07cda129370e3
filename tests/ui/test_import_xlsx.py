"""Import screen with an insurer's XLSX list: the path typed, the kind switched to
policies, the saved columns offered, renewals shown, the import written."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Select, Static

from crm_tui.db.models import Policy
from crm_tui.domain import importers
from crm_tui.ui.screens.import_screen import ImportScreen
from tests.ui.helpers import new_app, settle

DATA = Path(__file__).resolve().parents[2] / "data" / "samples"


def cells(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_import_screen_xlsx_renewals(db_path, monkeypatch, today):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    for name, kind in (
        ("musteriler_excel_utf8_bom_virgul.csv", "customers"),
        ("policeler_sigorta_sirketi.csv", "policies"),
    ):
        table = importers.read_file(DATA / name)
        importers.run_import(importers.plan_import(table, kind=kind, today=today), True)
    xlsx = DATA / "uretim_yenileme_listesi.xlsx"
    table = importers.read_file(xlsx)
    mapping = importers.default_mapping(table, "policies")
    importers.save_mapping("Karma liste", "policies", table.headers, mapping)
    app = new_app()
    async with app.run_test(size=(110, 34)) as pilot:
        await app.push_screen(ImportScreen())
        await pilot.pause()
        await pilot.press(*str(xlsx), "enter")
        await settle(pilot)
        screen = app.screen
        info = str(screen.query_one("#import-info", Static).render())
        assert "sheet 'Üretim'" in info
        screen.query_one("#import-kind", Select).value = "policies"
        await settle(pilot)
        grid = cells(screen.query_one("#import-mapping", DataTable))
        assert grid[12][1:3] == ["Yenilenen Poliçe No", "Previous policy number"]
        summary = str(screen.query_one("#import-summary", Static).render())
        assert "4 rows: 3 to create" in summary
        issues = cells(screen.query_one("#import-issues", DataTable))
        assert any(r[0] == "Row 4" and "renews KSK-2026-000101" in r[1] for r in issues)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        new = Policy.get(Policy.number == "KSK-2027-000101")
        assert new.renewed_from.status == "renewed"
