"""Loyalty charts at 80×24: revenue and a second chart whose series g switches (new,
lost, renewal rate, NPS); the "Month by month" table holds the same figures, and is all
that shows when the terminal is too small or after t."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable
from textual_plotext import PlotextPlot

from tests.domain.test_loyalty_trends import book
from tests.ui.helpers import new_app, settle


def row_for(table: DataTable, month: str) -> list[str]:
    for i in range(table.row_count):
        row = [str(c) for c in table.get_row_at(i)]
        if row[0] == month:
            return row
    raise AssertionError(month)


async def test_charts_switch_and_the_table_holds_the_figures(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    book()
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        charts = screen.query_one("#loyalty-charts")
        assert charts.display
        for plot in screen.query(PlotextPlot):
            assert plot.size.width >= 38 and plot.size.height >= 12, plot.id
        shown = []
        for _ in range(5):
            shown.append(screen.chart_series.key)
            await pilot.press("g")
            await settle(pilot)
        assert shown == ["new", "lost", "renewal", "nps", "new"]
        months = screen.query_one("#months", DataTable)
        assert [str(c.label) for c in months.columns.values()][3:] == [
            "Lost",
            "Renewal rate",
            "NPS",
        ]
        october = row_for(months, "October 2026")
        assert october[3:] == ["1", "50%", "–"]
        assert row_for(months, "September 2026")[5] == "25"
        await pilot.press("t")  # the table alone
        await settle(pilot)
        assert not charts.display


@pytest.mark.parametrize("size", [(70, 20)])
async def test_too_small_shows_the_table_only(db_path, monkeypatch, size):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    book()
    app = new_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        assert not app.screen.query_one("#loyalty-charts").display
        assert row_for(app.screen.query_one("#months", DataTable), "06.2026")[3] == "1"
