"""Loyalty screen: figures load off the UI thread, a segment drills down to its customers and
a customer to the card; purchase, points and survey forms; campaign export; snapshot."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from decimal import Decimal

from textual.widgets import DataTable

from crm_tui.config import Settings
from crm_tui.db.models import Consent, Customer, PointsEntry, Policy, Purchase, Survey
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.campaign import CampaignScreen
from crm_tui.ui.screens.customer_list import CustomerListScreen
from crm_tui.ui.screens.loyalty import LoyaltyScreen
from crm_tui.ui.screens.purchase_form import PointsFormScreen, PurchaseFormScreen
from crm_tui.ui.screens.survey_form import SurveyFormScreen
from tests.domain.test_loyalty import build_rfm_customers

NOW = datetime(2026, 11, 22, 10)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app) -> str:
    svg = app.export_screenshot()
    runs = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(runs)).replace("\xa0", " ")


def new_app() -> CrmApp:
    return CrmApp(settings=Settings(), save_prefs=False)


def data() -> dict:
    ids = build_rfm_customers()
    agent = Customer.get_by_id(ids[10])
    Policy.create(
        customer=agent,
        line="kasko",
        start_date=date(2026, 2, 1),
        end_date=date(2027, 2, 1),
        premium=Decimal("8000"),
        commission=Decimal("1200"),
    )
    Customer.update(referred_by=ids[10]).where(Customer.id.in_([ids[1], ids[3]])).execute()
    Survey.create(customer=ids[9], kind="nps", score=10, at=NOW)
    Survey.create(customer=ids[8], kind="csat", score=4, at=NOW)
    return ids


def record_open_customer(app) -> list[int]:
    calls: list[int] = []
    original = app.open_customer

    def spy(customer_id: int) -> None:
        calls.append(customer_id)
        original(customer_id)

    app.open_customer = spy
    return calls


async def test_segment_drills_down_to_list_and_card(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    ids = data()
    app = new_app()
    calls = record_open_customer(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LoyaltyScreen)
        text = screen_text(app)
        assert "Loyalty ladder" in text and "5 = best" in text
        assert screen.data is not None and screen.data.headline.active == 10
        figures = screen.query_one("#figures", DataTable)
        assert str(figures.get_row_at(0)[1]) == "10"
        # Tab to the segments table: figures → ladder → risks → segments
        assert app.focused is figures
        await pilot.press("tab", "tab", "tab")
        assert app.focused.id == "segments"
        for _ in range(7):  # champions … about to sleep → at risk
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerListScreen)
        assert "At risk" in app.screen.list_title
        table = app.screen.query_one(DataTable)
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == [
            "Müşteri 04",
            "Müşteri 03",
        ]
        assert "2 customers" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert calls == [ids[4]]
        try:
            from crm_tui.ui.screens.card import CustomerCardScreen
        except ImportError:
            CustomerCardScreen = None
        if CustomerCardScreen is not None:
            assert isinstance(app.screen, CustomerCardScreen)
            await pilot.press("escape")
            await settle(pilot)
        assert isinstance(app.screen, CustomerListScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LoyaltyScreen)


async def test_headline_count_and_top_customer_open(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    ids = data()
    app = new_app()
    calls = record_open_customer(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("enter")  # "Active customers" row
        await settle(pilot)
        assert isinstance(app.screen, CustomerListScreen)
        assert app.screen.query_one(DataTable).row_count == 10
        await pilot.press("escape")
        await settle(pilot)
        top = app.screen.query_one("#top", DataTable)
        top.focus()
        await pilot.pause()
        assert top.get_row_at(0)[0] == "Müşteri 10"  # policy commission and most purchases
        await pilot.press("enter")
        await settle(pilot)
        assert calls == [ids[10]]


async def test_empty_database_shows_dashes(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        figures = app.screen.query_one("#figures", DataTable)
        values = [str(figures.get_row_at(i)[1]) for i in range(figures.row_count)]
        assert values[0] == "0"
        assert values[2] == values[3] == "–"  # retention and renewal rate without a base
        assert values[4] == values[5] == "no answers"  # NPS and CSAT without answers
        assert "no answers" in screen_text(app)


async def test_purchase_form_earns_points_and_points_form_refuses_overdraw(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    c = Customer.create(name="Ayşe Yılmaz")
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(PurchaseFormScreen(c.id))
        await settle(pilot)
        await pilot.press("1", "2", "5", "0", "enter")
        await settle(pilot)
        p = Purchase.get(Purchase.customer == c.id)
        assert p.amount == Decimal("1250.00") and p.date == date(2026, 11, 22)
        assert sum(e.points for e in PointsEntry.select()) == 12
        app.push_screen(PointsFormScreen(c.id))
        await settle(pilot)
        assert "balance 12" in screen_text(app)
        app.screen.query_one("#f-points").focus()
        await pilot.press("5", "0", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PointsFormScreen)
        assert "Only 12 points available" in screen_text(app)
        assert PointsEntry.select().count() == 1
        await pilot.press("backspace", "backspace", "5", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, PointsFormScreen)
        assert sum(e.points for e in PointsEntry.select()) == 7


async def test_survey_form_validates_score(db_path):
    c = Customer.create(name="Mehmet Demir")
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(SurveyFormScreen(c.id))
        await settle(pilot)
        app.screen.query_one("#f-score").focus()
        await pilot.press("1", "1", "enter")
        await settle(pilot)
        assert "from 0 to 10" in screen_text(app)
        assert Survey.select().count() == 0
        await pilot.press("backspace", "enter")
        await settle(pilot)
        s = Survey.get()
        assert (s.kind, s.score) == ("nps", 1)


async def test_campaign_export_from_loyalty(db_path, monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    ids = data()
    for k in (2, 4, 6):
        Consent.create(customer=ids[k], channel="sms", granted=True, at=NOW)
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CampaignScreen)
        assert app.screen.query_one(DataTable).row_count == 10
        assert "10 customers" in screen_text(app)
        await pilot.press("ctrl+e")
        await settle(pilot)
        out = tmp_path / "liste.csv"
        app.screen.set_value("path", str(out))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert out.exists()
        lines = out.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 4  # header + the three who consented to SMS
        assert isinstance(app.screen, CampaignScreen)


def test_loyalty_snapshot(db_path, snap_compare, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    data()

    async def run_before(pilot):
        await pilot.press("f6")
        await settle(pilot)

    assert snap_compare(new_app(), terminal_size=(100, 30), run_before=run_before)


async def test_small_terminals_with_data(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    data()
    for size in ((80, 24), (40, 12)):
        app = new_app()
        async with app.run_test(size=size) as pilot:
            await pilot.press("f6")
            await settle(pilot)
            assert app.screen.data is not None
            await pilot.press("tab", "enter")
            await settle(pilot)
            assert isinstance(app.screen, CustomerListScreen)
            await pilot.press("escape", "c")
            await settle(pilot)
            assert isinstance(app.screen, CampaignScreen)
