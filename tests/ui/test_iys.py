"""The card records the information text shown (I) and shows İYS's word on consent."""

from __future__ import annotations

from crm_tui.db.models import Customer, InfoTextShown
from crm_tui.domain import consent, info_text
from tests.ui.helpers import new_app, open_card, screen_text, settle


async def test_information_text_shown_from_the_card(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    ayse = Customer.create(name="Ayşe Yılmaz")
    info_text.add_version("Aydınlatma metni", "en")
    consent.set_consent(ayse.id, "sms", True, iys_source="HS_WEB")
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_card(pilot, ayse.id)
        assert "information text not shown" in screen_text(app)
        await pilot.press("I")
        await settle(pilot)
        shown = InfoTextShown.get(InfoTextShown.customer == ayse.id)
        assert shown.version == 1 and shown.shown_by
        assert "information text v1" in screen_text(app)
