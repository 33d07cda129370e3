"""y on the card: purchases or premiums by year as a chart (g switches) with the same
figures in a table, the table alone when the terminal is too small (Pilot, 80×24)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from textual.widgets import DataTable
from textual_plotext import PlotextPlot

from crm_tui.db.models import Customer, Policy, Purchase
from crm_tui.ui.screens.card_years import CustomerYearsScreen
from tests.ui.helpers import new_app, open_card, settle


def customer() -> int:
    c = Customer.create(name="Yıllık Müşteri")
    Purchase.create(customer=c, date=date(2024, 3, 1), amount=Decimal("100"))
    Purchase.create(customer=c, date=date(2024, 9, 1), amount=Decimal("50.50"))
    Purchase.create(customer=c, date=date(2026, 1, 1), amount=Decimal("200"))
    Policy.create(
        customer=c,
        line="kasko",
        start_date=date(2025, 5, 1),
        end_date=date(2026, 5, 1),
        premium=Decimal("4500"),
    )
    return c.id


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#years-table", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


@pytest.mark.parametrize("size,chart", [((80, 24), True), ((70, 20), False)])
async def test_years_chart_and_table(db_path, monkeypatch, size, chart):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    cid = customer()
    app = new_app()
    async with app.run_test(size=size) as pilot:
        await open_card(pilot, cid)
        await pilot.press("y")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CustomerYearsScreen)
        assert screen.query_one("#years-chart", PlotextPlot).display is chart
        assert rows(app) == [
            ["2026", "₺200.00", "₺0.00"],
            ["2025", "₺0.00", "₺4,500.00"],
            ["2024", "₺150.50", "₺0.00"],
        ]
        assert screen.series_key == "purchases"
        await pilot.press("g")
        assert screen.series_key == "premiums"
        if chart:
            await pilot.press("t")
            await settle(pilot)
            assert not screen.query_one("#years-chart", PlotextPlot).display
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CustomerYearsScreen)
