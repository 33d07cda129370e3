"""Loyalty screen: figures load off the UI thread, a segment drills down to its customers and
a customer to the card; purchase, points and survey forms; campaign export; snapshot."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import DataTable

from crm_tui.config import Settings
from crm_tui.db.models import (
    Consent,
    Customer,
    PointsEntry,
    Policy,
    PolicyCommission,
    Purchase,
    Survey,
)
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.campaign import CampaignScreen
from crm_tui.ui.screens.customer_list import CustomerListScreen
from crm_tui.ui.screens.loyalty import LoyaltyScreen
from crm_tui.ui.screens.purchase_form import PointsFormScreen, PurchaseFormScreen
from crm_tui.ui.screens.survey_form import SurveyFormScreen
from tests.domain.test_loyalty import build_rfm_customers
from tests.ui.helpers import new_app, open_card, screen_text, settle

NOW = datetime(2026, 11, 22, 10)


def data() -> dict:
    ids = build_rfm_customers()
    agent = Customer.get_by_id(ids[10])
    pol = Policy.create(
        customer=agent,
        line="kasko",
        start_date=date(2026, 2, 1),
        end_date=date(2027, 2, 1),
        premium=Decimal("8000"),
    )
    PolicyCommission.update(commission=Decimal("1200")).where(
        PolicyCommission.id == pol.id
    ).execute()
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

        def status() -> str:
            from textual.widgets import Static

            return str(app.screen.query_one("#campaign-status", Static).render())

        assert "10 customers" in status()
        assert "3 gave consent for SMS, 7 did not (left out of the export)" in status()
        # another channel: nobody consented to e-mail
        from textual.widgets import Select

        app.screen.query_one("#channel", Select).value = "email"
        await settle(pilot)
        assert "0 gave consent for E-mail, 10 did not" in status()
        # a segment and a city narrow the list: at risk are c3 (İzmir) and c4 (Ankara)
        app.screen.query_one("#segment", Select).value = "at_risk"
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 2
        app.screen.query_one("#city", Select).value = "Ankara"
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == ["Müşteri 04"]
        app.screen.query_one("#channel", Select).value = "sms"
        await settle(pilot)
        assert "1 gave consent for SMS, 0 did not" in status()
        app.screen.query_one("#segment", Select).clear()
        app.screen.query_one("#city", Select).clear()
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 10
        await pilot.press("ctrl+e")
        await settle(pilot)
        out = tmp_path / "liste.csv"
        app.screen.set_value("path", str(out))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert out.exists()
        lines = out.read_text(encoding="utf-8-sig").splitlines()
        assert len(lines) == 4  # header + the three who consented to SMS
        assert {line.split(",")[1] for line in lines[1:]} == {
            "Müşteri 02",
            "Müşteri 04",
            "Müşteri 06",
        }
        assert oct(out.stat().st_mode & 0o777) == "0o600"
        assert any("left out without consent" in n.message for n in app._notifications)
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


async def test_ladder_stage_set_by_hand_from_the_card_and_removed(db_path, monkeypatch):
    from crm_tui.ui.screens.ladder_form import LadderFormScreen

    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    ids = data()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        card = await open_card(pilot, ids[9])  # one purchase: a customer; NPS 10: supporter
        assert "Stage: Supporter ·" in screen_text(app)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LadderFormScreen)
        text = screen_text(app)
        assert "The data suggests Supporter: latest NPS answer 10." in text
        app.screen.set_value("stage", "advocate")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is card
        assert Customer.get_by_id(ids[9]).ladder_override == "advocate"
        assert "Stage: Advocate (set by hand)" in screen_text(app)
        await pilot.press("l")
        await settle(pilot)
        assert "Now set by hand: Advocate." in screen_text(app)
        app.screen.set_value("stage", "auto")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Customer.get_by_id(ids[9]).ladder_override is None
        assert "Stage: Supporter ·" in screen_text(app)
        assert any("Manual stage removed" in n.message for n in app._notifications)


async def test_survey_and_points_from_the_card(db_path, monkeypatch):
    from crm_tui.ui.screens.survey_form import SurveyFormScreen

    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    c = Customer.create(name="Ayşe Yılmaz")
    Purchase.create(customer=c, date=date(2026, 11, 1), amount=Decimal("500"))
    PointsEntry.create(customer=c, kind="earn", points=30, at=NOW)
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_card(pilot, c.id)
        assert "Stage: Customer ·" in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SurveyFormScreen)
        app.screen.query_one("#f-score").focus()
        await pilot.press("1", "0", "enter")
        await settle(pilot)
        assert (Survey.get().kind, Survey.get().score) == ("nps", 10)
        assert "Stage: Supporter ·" in screen_text(app)  # NPS 9-10: a supporter now
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, PointsFormScreen)
        assert "balance 30" in screen_text(app)
        app.screen.query_one("#f-points").focus()
        await pilot.press("4", "0", "enter")
        await settle(pilot)
        assert "Only 30 points available; cannot redeem 40." in screen_text(app)
        assert PointsEntry.select().count() == 1  # nothing written
        await pilot.press("backspace", "backspace", "2", "5", "enter")
        await settle(pilot)
        assert "Points: 5" in screen_text(app)


async def test_settings_form_checks_and_saves(db_path, monkeypatch):
    from crm_tui.domain.loyalty import loyalty_settings
    from crm_tui.ui.screens.loyalty_settings import LoyaltySettingsScreen

    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    data()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LoyaltySettingsScreen)
        assert form.values()["gold"] == "20,000" and form.values()["ltv_discount_rate"] == "10"
        form.set_value("points_per_100", "many")
        form.set_value("platinum", "15,000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        text = screen_text(app)
        assert "Expected points per 100 from 0 to 1000" in text
        assert "Platinum must start above Gold." in text
        assert loyalty_settings().points_per_100 == 1  # nothing saved
        form.set_value("points_per_100", "3")
        form.set_value("platinum", "80,000")
        form.set_value("ltv_expected_years", "5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LoyaltyScreen)
        saved = loyalty_settings()
        assert saved.points_per_100 == 3 and saved.tiers["platinum"] == 80000
        assert saved.ltv_expected_years == 5
        # the figures were computed again with five expected years
        assert app.screen.data is not None
        assert app.screen.data.top[0].ltv == loyalty_summary_ltv(app.screen.data.top[0].id)


def loyalty_summary_ltv(customer_id: int) -> Decimal:
    from crm_tui.domain.loyalty import customer_ltv

    return customer_ltv(customer_id, date(2026, 11, 22)).value


async def test_retention_opens_the_customers_who_did_not_come_back(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    back = Customer.create(name="Geri Gelen")
    gone = Customer.create(name="Gelmeyen")
    for c, dates in ((back, (date(2025, 6, 1), date(2026, 6, 1))), (gone, (date(2025, 7, 1),))):
        for d in dates:
            Purchase.create(customer=c, date=d, amount=Decimal("100"))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        figures = app.screen.query_one("#figures", DataTable)
        assert str(figures.get_row_at(2)[1]) == "50%"
        assert "1 of 2 back" in screen_text(app)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerListScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1 and table.get_row_at(0)[0] == "Gelmeyen"
        assert str(table.get_row_at(0)[3]) == "01/07/2025"  # last purchase


async def test_page_keys_scroll_the_whole_screen(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    data()
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        body = app.screen.query_one("#loyalty-body")
        assert body.scroll_y == 0
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert body.scroll_y > 20
        await pilot.press("pageup", "pageup")
        await pilot.pause()
        assert body.scroll_y == 0


@pytest.mark.parametrize("lang", ["tr", "en"])
@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_tables_fit_without_sideways_scrolling(db_path, monkeypatch, lang, size):
    """Long Turkish labels and big amounts: no table of the screen needs a horizontal
    scrollbar at 100x30 or 80x24, and the charts get a readable size."""
    from textual_plotext import PlotextPlot

    from crm_tui.i18n import set_language

    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    ids = data()
    big = Customer.create(name="Çok Uzun İsimli Gündoğdu Yapı Market San. ve Tic. Ltd. Şti.")
    Purchase.create(customer=big, date=date(2026, 11, 20), amount=Decimal("98765432.10"))
    Customer.update(referred_by=big).where(Customer.id == ids[5]).execute()
    set_language(lang)
    app = new_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        assert screen.data is not None
        for table in screen.query(DataTable):
            assert table.virtual_size.width <= table.size.width, (table.id, lang, size)
        for plot in screen.query(PlotextPlot):
            assert plot.size.width >= 38 and plot.size.height >= 12, plot.id


async def test_figures_are_computed_off_the_ui_thread_with_a_loading_indicator(
    db_path, monkeypatch
):
    import asyncio
    import threading

    from textual.widgets import LoadingIndicator

    from crm_tui.domain import loyalty

    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    data()
    release = threading.Event()
    threads: list[str] = []
    real = loyalty.overview

    def slow_overview(*args, **kwargs):
        threads.append(threading.current_thread().name)
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(loyalty, "overview", slow_overview)
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        for _ in range(50):  # until the worker thread is waiting inside the computation
            await asyncio.sleep(0.02)
            if threads:
                break
        screen = app.screen
        assert isinstance(screen, LoyaltyScreen)
        assert threads and threads[0] != threading.current_thread().name
        body = screen.query_one("#loyalty-body")
        for _ in range(50):  # shown after LOADING_DELAY (a cached overview comes sooner)
            if body.loading:
                break
            await asyncio.sleep(0.02)
        assert body.loading and isinstance(body._cover_widget, LoadingIndicator)
        await pilot.press("f2")  # the keys still work meanwhile
        await pilot.pause()
        assert app.current_mode == "today"
        await pilot.press("f6")
        release.set()
        await settle(pilot)
        assert app.screen.data is not None and app.screen.data.headline.active == 10
        assert not app.screen.query_one("#loyalty-body").loading


async def test_month_rows_and_referrals_open_their_customers(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    ids = data()  # c1 and c3 were referred by c10
    march = Customer.create(name="Mart Müşterisi")
    Purchase.create(customer=march, date=date(2026, 3, 5), amount=Decimal("10"))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        months = app.screen.query_one("#months", DataTable)
        assert months.row_count == 12 and str(months.get_row_at(0)[0]) == "November 2026"
        months.focus()
        await pilot.pause()
        months.move_cursor(row=8)  # November, October, … March
        assert str(months.get_row_at(8)[0]) == "March 2026"
        # Müşteri 03's first purchase was 241 days before 22.11.2026: 26.03.2026
        assert str(months.get_row_at(8)[2]) == "2"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerListScreen)
        assert "March 2026" in app.screen.list_title
        table = app.screen.query_one(DataTable)
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == [
            "Müşteri 03",  # 200.00 of revenue before Mart Müşterisi's 10.00
            "Mart Müşterisi",
        ]
        await pilot.press("escape")
        await settle(pilot)
        figures = app.screen.query_one("#figures", DataTable)
        figures.focus()
        figures.move_cursor(row=7)
        assert str(figures.get_row_at(7)[1]) == "2"  # came by referral
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert {table.get_row_at(i)[0] for i in range(table.row_count)} == {
            "Müşteri 01",
            "Müşteri 03",
        }
        await pilot.press("escape")
        await settle(pilot)
        calls = record_open_customer(app)
        referrers = app.screen.query_one("#referrers", DataTable)
        referrers.focus()
        await pilot.press("o")  # the referrer's own card
        await settle(pilot)
        assert calls == [ids[10]]


async def test_campaign_export_opens_in_turkish_excel(db_path, monkeypatch, tmp_path):
    """Issue 20 item 6: in Turkish the campaign CSV is ;-separated with Turkish headers and
    words (not 'sms'), its name carries the filters and the day, and a second export the
    same day gets its own name; a typed name that exists is replaced only on a second ctrl+s."""
    from crm_tui.i18n import set_language

    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    monkeypatch.setenv("CRM_TUI_DATA_DIR", str(tmp_path))
    ids = data()
    for k in (2, 4, 6):
        Consent.create(customer=ids[k], channel="sms", granted=True, at=NOW)
    set_language("tr")
    app = CrmApp(settings=Settings(language="tr"), save_prefs=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f6")
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            written = []
            for _n in range(2):
                await pilot.press("ctrl+e")
                await settle(pilot)
                written.append(Path(app.screen.values()["path"]))
                await pilot.press("ctrl+s")
                await settle(pilot)
                assert isinstance(app.screen, CampaignScreen)
            assert [p.name for p in written] == [
                "kampanya-herkes-sms-2026-11-22.csv",
                "kampanya-herkes-sms-2026-11-22-2.csv",
            ]
            assert all(p.exists() for p in written)
            lines = written[0].read_text(encoding="utf-8-sig").splitlines()
            assert lines[0].split(";")[:3] == ["ID", "Ad", "Telefon"]
            assert lines[1].split(";")[6] == "SMS" and "İzin tarihi" in lines[0]
            # a name that exists: told so, replaced only when saved again
            await pilot.press("ctrl+e")
            await settle(pilot)
            app.screen.set_value("path", str(written[0]))
            written[0].write_text("mine")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "zaten var" in screen_text(app)
            assert written[0].read_text() == "mine"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert written[0].read_text(encoding="utf-8-sig").startswith("ID;Ad")
    finally:
        set_language("en")


async def test_refresh_with_nothing_changed_is_served_from_the_cache_without_a_spinner(
    db_path, monkeypatch
):
    from crm_tui.domain import loyalty

    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    data()
    loyalty.forget_cached_overview()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LoyaltyScreen) and screen.data is not None
        assert not screen.data.cached
        body = screen.query_one("#loyalty-body")
        seen_loading: list[bool] = []
        body.watch(body, "loading", seen_loading.append, init=False)
        await pilot.press("r")
        await settle(pilot)
        assert screen.data.cached and screen.data.headline.active == 10
        customers = screen.data.customers
        assert True not in seen_loading  # painted at once, no loading indicator
        Customer.create(name="Yeni müşteri")  # a write: computed again
        await pilot.press("r")
        await settle(pilot)
        assert not screen.data.cached and screen.data.customers == customers + 1
