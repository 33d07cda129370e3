"""Customer card: call wrap-up, archive/restore, merge, policies, other areas' forms, snapshot."""

from __future__ import annotations

import html
import re
import sys
from datetime import date, datetime
from decimal import Decimal

import pytest

from crm_tui.config import Settings
from crm_tui.db.models import (
    Complaint,
    Consent,
    Customer,
    Interaction,
    PointsEntry,
    Policy,
    Purchase,
    Reminder,
    Survey,
)
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.domain.interactions import InteractionInput, log_interaction
from crm_tui.domain.policies import PolicyInput, create_policy
from crm_tui.ui import registry
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.card import CustomerCardScreen, MergePickScreen
from crm_tui.ui.screens.interaction_form import InteractionFormScreen
from crm_tui.ui.screens.policy_form import PolicyFormScreen
from crm_tui.ui.widgets.rowlist import RowList


@pytest.fixture(autouse=True)
def _frozen_day(monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")


def screen_text(app) -> str:
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text):
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


def rich_customer():
    """A deterministic, well-filled card."""
    c = create_customer(
        CustomerInput(
            name="Şükrü Çağlar",
            company="Çağlar Oto",
            phones=[("mobile", "0532 123 45 67"), ("work", "0232 444 55 66")],
            email="sukru@caglaroto.com.tr",
            national_id="10000000146",
            city="İzmir",
            birthday=date(1975, 5, 3),
            tags=["vip", "kasko"],
            contact_every_days=90,
            notes="Oğlu da sürücü; ikinci araç için teklif istiyor.",
        )
    )
    log_interaction(
        c.id,
        InteractionInput(summary="Kasko yenileme fiyatı sordu", follow_up="week"),
        now=datetime(2026, 11, 20, 11, 0),
    )
    create_policy(
        c.id,
        PolicyInput(
            line="kasko",
            provider="Anadolu Sigorta",
            number="KSK-2026-001",
            plate="35 ABC 123",
            start_date=date(2026, 1, 10),
            premium="12.500,00",
            commission="1.250",
        ),
    )
    create_policy(
        c.id,
        PolicyInput(
            line="dask", provider="Türk Nippon", number="DSK-77", start_date=date(2025, 12, 1)
        ),
    )
    p = Purchase.create(
        customer=c.id, date=date(2026, 10, 5), amount=Decimal("1500"), description="Lastik"
    )
    PointsEntry.create(
        customer=c.id, kind="earn", points=150, purchase=p.id, at=datetime(2026, 10, 5, 12, 0)
    )
    Complaint.create(
        customer=c.id,
        subject="Hasar dosyası gecikti",
        opened_at=datetime(2026, 11, 1, 9, 0),
        status="in_progress",
        priority="high",
    )
    Consent.create(customer=c.id, channel="sms", granted=True, at=datetime(2025, 1, 1))
    Consent.create(customer=c.id, channel="email", granted=False, at=datetime(2025, 1, 1))
    Survey.create(
        customer=c.id, kind="nps", score=9, comment="Çok memnunum", at=datetime(2026, 6, 1)
    )
    return c


def new_app(**kw):
    return CrmApp(settings=Settings(), save_prefs=False, **kw)


async def open_card(pilot, customer_id):
    pilot.app.open_customer(customer_id)
    await settle(pilot)
    assert isinstance(pilot.app.screen, CustomerCardScreen)
    return pilot.app.screen


async def test_card_shows_header_and_tabs(db_path):
    c = rich_customer()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        card = await open_card(pilot, c.id)
        text = screen_text(app)
        for expected in (
            "Şükrü Çağlar",
            "Çağlar Oto",
            "0532 123 45 67",
            "sukru@caglaroto.com.tr",
            "İzmir",
            "Age 51",
            "kasko, vip",
            "Points: 150",
            "Open complaints: 1",
            "Next: 27/11/2026",
            "Consent:",
            "Kasko yenileme fiyatı sordu",
        ):
            assert expected in text, expected
        timeline = card.query_one("#card-rows", RowList)
        assert timeline.row_count == 5  # call, complaint, purchase, 2 policy starts
        await pilot.press("2")
        await settle(pilot)
        assert "KSK-2026-001" in screen_text(app)
        await pilot.press("7")
        await settle(pilot)
        assert "ikinci araç" in screen_text(app)


async def test_log_call_with_follow_up(db_path):
    c = create_customer(CustomerInput(name="Arayan Kişi", phones=[("mobile", "05321234567")]))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_card(pilot, c.id)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, InteractionFormScreen)
        # empty summary is refused with a message
        await pilot.press("enter")
        await settle(pilot)
        assert "short summary" in screen_text(app)
        assert Interaction.select().count() == 0
        # summary, Tab, "2" (in a week), Enter: the whole wrap-up
        await type_text(pilot, "Teklif istedi")
        await pilot.press("tab", "2", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        inter = Interaction.get()
        assert inter.summary == "Teklif istedi" and inter.channel == "phone"
        reminder = Reminder.get()
        assert reminder.kind == "callback" and reminder.due_at.date() == date(2026, 11, 29)
        assert Customer.get_by_id(c.id).last_contact_at is not None
        text = screen_text(app)
        assert "Teklif istedi" in text and "Next: 29/11/2026" in text
        # a typed date that is not a date is marked at the field
        await pilot.press("i")
        await settle(pilot)
        await type_text(pilot, "Tekrar aradı")
        await pilot.press("tab")
        await type_text(pilot, "31.02")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InteractionFormScreen)
        assert "Expected a date" in screen_text(app)
        assert Interaction.select().count() == 1


async def test_archive_and_restore(db_path):
    c = create_customer(CustomerInput(name="Arşiv Adayı"))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_card(pilot, c.id)
        await pilot.press("a")
        await settle(pilot)
        assert "Archive Arşiv Adayı?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert Customer.get_by_id(c.id).archived_at is not None
        assert "ARCHIVED" in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        assert Customer.get_by_id(c.id).archived_at is None
        assert "ARCHIVED" not in screen_text(app)


async def test_merge_from_card(db_path):
    keep = create_customer(CustomerInput(name="Mehmet Yılmaz", phones=[("mobile", "05321112233")]))
    gone = create_customer(CustomerInput(name="Memet Yilmaz", email="m@example.com"))
    log_interaction(gone.id, InteractionInput(summary="eski kart"), now=datetime(2026, 11, 1))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_card(pilot, keep.id)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MergePickScreen)
        await type_text(pilot, "memet")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Move everything of Memet Yilmaz" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert Interaction.get().customer_id == keep.id
        assert Customer.get_by_id(gone.id).archived_at is not None
        assert Customer.get_by_id(keep.id).email == "m@example.com"
        assert "eski kart" in screen_text(app)


async def test_add_and_edit_policy(db_path):
    c = create_customer(CustomerInput(name="Poliçe Sahibi"))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_card(pilot, c.id)
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PolicyFormScreen)
        form.set_value("start_date", "yok")
        form.set_value("plate", "XYZ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = screen_text(app)
        assert "Choose a product line" in text and "34 ABC 123" in text
        assert Policy.select().count() == 0
        form.set_value("line", "trafik")
        form.set_value("start_date", "01.12.2026")
        form.set_value("plate", "06abc12")
        form.set_value("number", "TRF-1")
        form.set_value("premium", "2.345,60")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        p = Policy.get()
        assert p.plate == "06 ABC 12" and p.premium == Decimal("2345.60")
        assert p.end_date == date(2027, 12, 1)
        # Enter on the policies tab edits the policy
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PolicyFormScreen)
        app.screen.set_value("number", "TRF-2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Policy.get().number == "TRF-2"


async def test_missing_area_form_shows_a_notice(db_path, monkeypatch):
    c = create_customer(CustomerInput(name="Bekleyen"))
    monkeypatch.setattr(registry, "PURCHASE_FORM", "crm_tui.ui.screens.nowhere:Nothing")
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_card(pilot, c.id)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        messages = [n.message for n in app._notifications]
        assert any("Purchases are not available" in m for m in messages), messages


def test_card_snapshot(db_path, snap_compare, monkeypatch):
    """The card of a well-filled customer at 100x30 (loyalty figures from the fallback)."""
    monkeypatch.setitem(sys.modules, "crm_tui.domain.loyalty", None)  # stable figures
    c = rich_customer()
    app = new_app()

    async def run_before(pilot):
        pilot.app.open_customer(c.id)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
