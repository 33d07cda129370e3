"""The renewal workbench with real keys: filter, mark three, assign them; the win/loss
screen from the workbench and the palette's action."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from crm_tui.db.models import AuditLog, Customer, Policy
from crm_tui.domain import renewals as ren
from crm_tui.ui.screens.renewals import RenewalsScreen
from crm_tui.ui.screens.winloss import WinLossScreen
from tests.ui.helpers import new_app, settle

TODAY = date(2026, 11, 22)


@pytest.fixture
def book(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", TODAY.isoformat())
    ids = []
    for i, line in enumerate(["kasko", "kasko", "kasko", "trafik", "kasko"]):
        c = Customer.create(name=f"Müşteri {i}")
        ids.append(
            Policy.create(
                customer=c,
                line=line,
                provider="Axa",
                number=f"P-{i}",
                start_date=TODAY - timedelta(days=300),
                end_date=TODAY + timedelta(days=10 + i),
                premium=Decimal("1000.00"),
            ).id
        )
    lost = Policy.create(
        customer=Customer.create(name="Gone"),
        line="kasko",
        provider="Axa",
        start_date=date(2025, 6, 1),
        end_date=date(2026, 6, 1),
        premium=Decimal("2500.00"),
    )
    ren.mark_lost(lost.id, "price")
    return ids


async def test_filter_mark_three_and_assign(book):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_renewals()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RenewalsScreen)
        table = screen.query_one("#ren-table")
        assert table.row_count == 5
        await pilot.press("f")
        await pilot.pause()
        app.screen.set_value("line", "kasko")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert table.row_count == 4
        assert "Motor own damage" in str(screen.query_one("#ren-title").render())
        await pilot.press("space", "down", "space", "down", "space")
        await pilot.pause()
        assert len(screen.selected) == 3
        assert "3 marked" in str(screen.query_one("#ren-pager").render())
        await pilot.press("u")
        await pilot.pause()
        app.screen.set_value("assigned_to", "ayse")
        await pilot.press("ctrl+s")
        await settle(pilot)
        for _ in range(150):  # the save runs off the UI thread; a loaded machine is slower
            assigned = [p.id for p in Policy.select().where(Policy.renewal_assigned_to == "ayse")]
            if assigned:
                break
            await pilot.pause(0.1)
        assert sorted(assigned) == sorted([book[0], book[1], book[2]])
        assert AuditLog.select().where(AuditLog.action == "renewal_assigned").count() == 3
        assert not screen.selected
        await pilot.press("a", "v")  # every row shown: offered
        await settle(pilot)
        offered = Policy.select().where(Policy.renewal_offered_at.is_null(False)).count()
        assert offered == 4
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, WinLossScreen)


async def test_winloss_screen_views(book):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_winloss()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WinLossScreen)
        assert "lost 1" in str(screen.query_one("#wl-total").render())
        table = screen.query_one("#wl-table")
        assert table.row_count == 1
        await pilot.press("2")
        await pilot.pause()
        assert str(table.get_row_at(0)[0]) == "Price"
        await pilot.press("5")
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press("escape")
        await pilot.pause()
