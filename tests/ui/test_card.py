"""Customer card: call wrap-up, archive/restore, merge, policies, other areas' forms, snapshot."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

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
    db,
)
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.domain.interactions import InteractionInput, log_interaction
from crm_tui.domain.policies import PolicyInput, create_policy
from crm_tui.domain.vehicles import VehicleInput, create_vehicle
from crm_tui.ui import registry
from crm_tui.ui.dialogs.customer_picker import CustomerPickScreen
from crm_tui.ui.screens.card import CustomerCardScreen
from crm_tui.ui.screens.interaction_form import InteractionFormScreen
from crm_tui.ui.screens.policy_form import PolicyFormScreen
from crm_tui.ui.widgets.rowlist import RowList
from tests.ui.helpers import new_app, open_card, screen_text, settle, type_text


@pytest.fixture(autouse=True)
def _frozen_day(monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")


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
        await pilot.press("9")
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
        assert isinstance(app.screen, CustomerPickScreen)
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
    car = create_vehicle(c.id, VehicleInput(plate="06abc12"))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_card(pilot, c.id)
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PolicyFormScreen)
        form.set_value("start_date", "yok")
        form.set_value("uavt_code", "123")
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = screen_text(app)
        assert "Choose a product line" in text  # and the UAVT code's error, further down
        assert Policy.select().count() == 0
        form.set_value("line", "trafik")
        form.set_value("start_date", "01.12.2026")
        form.set_value("uavt_code", "")
        form.set_value("vehicle", car.id)
        form.set_value("number", "TRF-1")
        form.set_value("premium", "2.345,60")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        p = Policy.get()
        assert (p.plate, p.vehicle_id) == ("06 ABC 12", car.id) and p.premium == Decimal("2345.60")
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


def long_history(n: int = 130) -> int:
    c = create_customer(CustomerInput(name="Uzun Geçmiş", phones=[("mobile", "05321234567")]))
    base = datetime(2026, 11, 20, 10, 0)
    with db.atomic():
        for i in range(n):
            Interaction.create(
                customer=c.id, at=base - timedelta(days=i), summary=f"Görüşme {i + 1:03d}"
            )
    return c.id


async def test_long_history_is_read_page_by_page(db_path):
    cid = long_history()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        card = await open_card(pilot, cid)
        rows = card.query_one("#card-rows", RowList)
        visible = rows.visible_rows
        first = rows.row_count
        assert visible < first <= 2 * visible + 2 < 130  # what fits plus a page
        assert rows.get_row_at(0)[2] == "Görüşme 001"  # newest first
        await pilot.press("end")
        await settle(pilot)
        assert rows.row_count == first + 2 * visible
        for _ in range(6):
            await pilot.press("end")
            await settle(pilot)
        assert rows.row_count == 130
        assert rows.get_row_at(129)[2] == "Görüşme 130"
        assert len({rows.get_row_at(i)[2] for i in range(130)}) == 130  # no repeats


async def test_sections_by_number_arrow_tab_and_click(db_path):
    c = rich_customer()
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        card = await open_card(pilot, c.id)
        assert card.section == "timeline"
        for key, section, expected in [
            ("2", "policies", "KSK-2026-001"),
            ("3", "claims", "No claims: press h"),
            ("4", "reminders", "Call back: Kasko yenileme fiyatı sordu"),
            ("5", "complaints", "Hasar dosyası gecikti"),
            ("6", "purchases", "Lastik"),
            ("7", "surveys", "Çok memnunum"),
            ("8", "vehicles", "No vehicles: press v"),
            ("9", "notes", "ikinci araç"),
        ]:
            await pilot.press(key)
            await settle(pilot)
            assert card.section == section
            assert expected in screen_text(app), section
        await pilot.press("right")  # from the last section round to the first
        assert card.section == "timeline"
        await pilot.press("left", "left")
        assert card.section == "vehicles"
        await pilot.press("tab")
        assert card.section == "notes"
        bar = card.query_one("#card-tabs")
        start = next(a for _y, a, _b, key in bar._spans if key == "policies")
        await pilot.click("#card-tabs", offset=(start + 2, 0))
        await settle(pilot)
        assert card.section == "policies"
        # purchases and points: the purchase with the points it earned
        await pilot.press("6")
        await settle(pilot)
        row = card.query_one("#card-rows", RowList).get_row_at(0)
        assert row[1] == "Purchase" and row[3] == "Lastik" and row[4] == "+150"


@pytest.mark.parametrize("lang", ["tr", "en"])
async def test_every_section_keeps_its_name_at_60_columns(db_path, lang):
    """Issue 20 item 8: at 60 columns the section bar read ``1 Geçmiş … 4 Şikâyet  5  6  7``.
    The sections take two rows instead, each with its name, and a click on the second row
    opens the section under it."""
    from crm_tui.i18n import set_language

    c = rich_customer()
    set_language(lang)
    app = new_app()
    try:
        async with app.run_test(size=(60, 20)) as pilot:
            card = await open_card(pilot, c.id)
            bar = card.query_one("#card-tabs")
            text = str(bar.render())
            names = ["Geçmiş", "Poliçe", "Hatırlatma", "Şikâyet", "Alışveriş", "Anket", "Not"]
            if lang == "en":
                names = ["Timeline", "Polic", "Reminder", "Complaint", "Purchase", "Survey", "Note"]
            for name in names:
                assert name in text, (name, text)
            assert bar.size.height == len(text.splitlines()) == 2
            y, start = next((y, a) for y, a, _b, key in bar._spans if key == "purchases")
            assert y == 1
            await pilot.click("#card-tabs", offset=(start + 2, y))
            await settle(pilot)
            assert card.section == "purchases"
    finally:
        set_language("en")


async def test_loyalty_figures_follow_the_card(db_path, monkeypatch):
    import threading

    from crm_tui.domain import card as card_domain

    c = rich_customer()
    gate = threading.Event()
    real = card_domain.load_loyalty

    def slow(customer_id, today=None):
        gate.wait(10)
        return real(customer_id, today)

    monkeypatch.setattr("crm_tui.ui.screens.card.load_loyalty", slow)
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_customer(c.id)
        for _ in range(200):
            await pilot.pause(0.01)
            if getattr(app.screen, "data", None) is not None:
                break
        await pilot.pause(0.05)
        text = screen_text(app)
        assert "Şükrü Çağlar" in text and "Kasko yenileme fiyatı sordu" in text
        assert "Stage: …" in text and "Lifetime value: …" in text
        gate.set()
        await settle(pilot)
        text = screen_text(app)
        assert "Stage: …" not in text and "Lifetime value: ₺" in text


async def test_footer_keys_follow_focus_language_and_clicks(db_path):
    from crm_tui.ui.screens.customer_form import CustomerFormScreen
    from crm_tui.ui.widgets.keyfooter import KeyFooter

    c = create_customer(CustomerInput(name="Alt Satır"))
    app = new_app()
    async with app.run_test(size=(120, 30)) as pilot:
        card = await open_card(pilot, c.id)
        footer = card.query_one(KeyFooter)
        shown = [key for key, _desc in footer.shown_keys()]
        # help first (the shell's footer order), then the card's keys; show=False stays out
        assert shown[:4] == ["?", "esc", "e", "i"] and "s" not in shown
        assert "Log contact" in screen_text(app) and "Commands" in screen_text(app)
        await pilot.press("f7")  # Türkçe: the descriptions follow
        await settle(pilot)
        assert ("i", "Görüşme kaydet") in footer.shown_keys()
        line = screen_text(app).splitlines()[-1]
        assert "Görüşme kaydet" in line
        start = line.index(" e Düzenle ")
        await pilot.click(KeyFooter, offset=(start + 1, 0))  # a click is the key
        await settle(pilot)
        assert isinstance(app.screen, CustomerFormScreen)


async def test_closing_a_card_while_it_reads_is_harmless(db_path, monkeypatch):
    import threading

    from crm_tui.domain import card as card_domain

    c = rich_customer()
    gate = threading.Event()
    real = card_domain.load_header

    def slow(customer_id, today=None):
        gate.wait(10)
        return real(customer_id, today)

    monkeypatch.setattr("crm_tui.ui.screens.card.load_header", slow)
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        base = app.screen
        app.open_customer(c.id)
        await pilot.pause(0.05)
        await pilot.press("escape")  # gone before its data came
        await pilot.pause(0.05)
        gate.set()
        await settle(pilot)
        assert app.screen is base
        assert app.return_code is None  # still running, nothing raised


@pytest.mark.parametrize(
    ("key", "form_path"),
    [
        ("r", "REMINDER_FORM"),
        ("c", "COMPLAINT_FORM"),
        ("b", "PURCHASE_FORM"),
        ("s", "SURVEY_FORM"),
        ("p", "POLICY_FORM"),
        ("i", "INTERACTION_FORM"),
        ("e", "CUSTOMER_FORM"),
    ],
)
async def test_one_key_each_opens_its_form(db_path, key, form_path):
    c = create_customer(CustomerInput(name="Tek Tuş"))
    form_class = registry.load(getattr(registry, form_path))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        card = await open_card(pilot, c.id)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, form_class)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is card


async def test_contact_logged_later_with_a_typed_follow_up(db_path):
    c = create_customer(CustomerInput(name="Ziyaretçi"))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        card = await open_card(pilot, c.id)
        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        form.set_value("summary", "Dün dükkâna uğradı")
        form.set_value("channel", "visit")
        form.set_value("follow_up", "yarın")
        form.set_value("at", "yarın")  # a contact cannot be in the future
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "future" in str(form.query_one("#e-at").render())
        assert Interaction.select().count() == 0
        form.set_value("at", "dün 15:30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is card
        inter = Interaction.get()
        assert inter.at == datetime(2026, 11, 21, 15, 30) and inter.channel == "visit"
        assert Reminder.get().due_at.date() == date(2026, 11, 23)
        # Enter on the timeline row shows the whole summary
        await pilot.press("enter")
        await settle(pilot)
        assert any("Dün dükkâna uğradı" in n.message for n in app._notifications)


async def test_archived_card_leaves_lookup_until_restored(db_path):
    c = create_customer(CustomerInput(name="Gizem Arşiv"))
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await type_text(pilot, "gizem")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        await pilot.press("a", "y")
        await settle(pilot)
        assert "ARCHIVED" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "No customer matches" in screen_text(app)  # the search ran again
        await pilot.press("ctrl+t")  # archived too
        await settle(pilot)
        assert "Gizem Arşiv (archived)" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a")  # restore needs no question: nothing is lost either way
        await settle(pilot)
        assert "ARCHIVED" not in screen_text(app)
        await pilot.press("escape", "ctrl+t")
        await settle(pilot)
        assert "Gizem Arşiv" in screen_text(app) and "(archived)" not in screen_text(app)
        assert Customer.get_by_id(c.id).archived_at is None


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_card_in_turkish_at_both_sizes(db_path, size, tr):
    c = rich_customer()
    app = new_app()
    async with app.run_test(size=size) as pilot:
        await open_card(pilot, c.id)
        text = screen_text(app)
        for expected in ("Şükrü Çağlar", "Aşama:", "Puan: 150", "Açık şikâyet: 1", "İzin:"):
            assert expected in text, expected
        assert "1 Geçmiş" in text
        await pilot.press("f7")  # to English, on the card
        await settle(pilot)
        text = screen_text(app)
        assert "Open complaints: 1" in text and "1 Timeline" in text


def test_card_snapshot(db_path, snap_compare, monkeypatch):
    """The card of a well-filled customer at 100x30 (loyalty figures of the loyalty area,
    on a fixed day so they stay the same)."""
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    c = rich_customer()
    app = new_app()

    async def run_before(pilot):
        pilot.app.open_customer(c.id)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
