"""A long queue: every line of every group in the table, each group's heading above its
lines, and the jump keys landing on a group's first line."""

from __future__ import annotations

from datetime import datetime

import pytest

from crm_tui.db.models import Customer, Reminder
from crm_tui.ui.screens.today import TodayScreen
from tests.ui.helpers import new_app, settle


@pytest.fixture
def long_day(db_path, monkeypatch):
    """40 overdue reminders and 40 due today: 82 rows with the two headings."""
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    customer = Customer.create(name="Ayşe Yılmaz", created_at=datetime(2025, 1, 1))
    for i in range(40):
        Reminder.create(customer=customer, title=f"Eski {i}", due_at=datetime(2026, 11, 20, 9))
        Reminder.create(customer=customer, title=f"Bugün {i}", due_at=datetime(2026, 11, 22, 9))


def _keys(table) -> list[str]:
    return [row.key.value for row in table.ordered_rows]


async def test_every_line_of_a_long_queue_is_listed(long_day):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        table = screen.query_one("#today-table")
        assert table.row_count == 82
        keys = _keys(table)
        assert keys[0] == "g:overdue" and keys[41] == "g:today"
        assert set(keys) - {"g:overdue", "g:today"} == set(screen.items)
        await pilot.press("2")
        assert table.cursor_row == 42  # the first line under "Due today"
        assert screen.current().title == "Bugün 0"
