"""Privacy screen (KVKK) from the customer card: record a consent, export, erase."""

from __future__ import annotations

import json

from textual.widgets import DataTable, Input, Static

from crm_tui.config import Settings
from crm_tui.db.models import AuditLog, Consent, Customer, Phone
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.privacy import (
    ConsentFormScreen,
    EraseConfirmScreen,
    ExportPersonFormScreen,
    PrivacyScreen,
)
from tests.ui.helpers import new_app, settle


def text(widget) -> str:
    return str(widget.render())


async def test_consent_export_and_erase_from_the_card(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    ayse = Customer.create(name="Ayşe Yılmaz", email="ayse@example.com")
    Phone.create(customer=ayse, e164="+905321112233", digits="5321112233", is_primary=True)
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_customer(ayse.id)
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PrivacyScreen)
        assert "SMS: never asked" in text(screen.query_one("#privacy-state", Static))

        # record an SMS consent given on a written form, registered with İYS
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ConsentFormScreen)
        form.query_one("#f-at", Input).value = "05.11.2026"
        form.query_one("#f-reference", Input).value = "Form 2026/14"
        form.query_one("#f-iys").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        c = Consent.get(Consent.customer == ayse.id)
        assert (c.channel, c.granted, c.method, c.reference, c.iys_registered) == (
            "sms",
            True,
            "written",
            "Form 2026/14",
            True,
        )
        assert c.at.date().isoformat() == "2026-11-05"
        history = screen.query_one(DataTable)
        assert history.row_count == 1
        assert "SMS: given" in text(screen.query_one("#privacy-state", Static))

        # export everything about her
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportPersonFormScreen)
        out = tmp_path / "ayse.json"
        app.screen.query_one("#f-path", Input).value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        assert json.loads(out.read_text(encoding="utf-8"))["customer"]["name"] == "Ayşe Yılmaz"
        assert AuditLog.select().where(AuditLog.action == "kvkk_export").count() == 1

        # erase: Enter alone or a wrong word does nothing; the word does it
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, EraseConfirmScreen)
        await pilot.press("enter")
        await pilot.press(*"sure", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EraseConfirmScreen)
        assert "Type ERASE" in text(app.screen.query_one("#erase-error", Static))
        assert Customer.get_by_id(ayse.id).anonymized_at is None
        app.screen.query_one(Input).value = ""
        await pilot.press(*"erase", "enter")
        await settle(pilot)
        gone = Customer.get_by_id(ayse.id)
        assert gone.anonymized_at is not None and gone.name == f"Anonim #{ayse.id}"
        assert not Phone.select().exists()
        # the consent ledger stays as proof, withdrawn and without its texts (docs/DATA.md)
        assert all(c.reference is None for c in Consent.select())
        assert not Consent.select().order_by(Consent.id.desc()).first().granted
        assert "Erased (anonymized)" in text(screen.query_one("#privacy-state", Static))
        await pilot.press("n")  # nothing more to record for an erased person
        await pilot.pause()
        assert app.screen is screen
        # erasing again asks nothing and purges the file again (issue 14)
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is screen
        assert any("erased already" in n.message for n in app._notifications)
        # back on the card, it shows the anonymous name
        await pilot.press("escape")
        await settle(pilot)
        assert f"Anonim #{ayse.id}" in text(app.screen.query_one("#card-header", Static))


async def test_privacy_screen_in_turkish(db_path, monkeypatch, tr):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    ayse = Customer.create(name="Ayşe Yılmaz")
    app = CrmApp(settings=Settings(language="tr"), save_prefs=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PrivacyScreen(ayse.id))
        await settle(pilot)
        assert "Gizlilik (KVKK)" in text(app.screen.query_one("#privacy-title", Static))
        assert "SMS: hiç sorulmadı" in text(app.screen.query_one("#privacy-state", Static))
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(*"sil", "enter")
        await settle(pilot)
        assert Customer.get_by_id(ayse.id).anonymized_at is not None
