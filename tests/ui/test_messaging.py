"""From a card, one key: w, WhatsApp, the birthday template, the preview names the customer,
y → app.open_url gets the wa.me link and the timeline shows the message. Without consent the
channel is refused with the record."""

from __future__ import annotations

from datetime import date

from crm_tui.db import search
from crm_tui.db.models import Customer, MessageLog, Phone
from crm_tui.domain.consent import set_consent
from crm_tui.ui.dialogs.choice import ChoiceScreen
from crm_tui.ui.dialogs.confirm import ConfirmScreen
from tests.ui.helpers import new_app, open_card, screen_text, settle


def customer(consent: bool = True) -> Customer:
    c = Customer.create(name="Ayşe Çağlar", birthday=date(1990, 3, 4))
    Phone.create(customer=c, e164="+905321234567", digits="5321234567", is_primary=True)
    set_consent(c.id, "sms", consent)
    search.index_customers([c.id])
    return c


async def pick_template(pilot, app, name: str) -> None:
    assert isinstance(app.screen, ChoiceScreen)
    key = next(k for k, _label, value in app.screen.options if value == name)
    await pilot.press(key)
    await settle(pilot)


async def test_whatsapp_birthday_from_card(db_path, monkeypatch):
    ayse = customer()
    app = new_app()
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_card(pilot, ayse.id)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("1")  # WhatsApp
        await settle(pilot)
        await pick_template(pilot, app, "birthday")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Dear Ayşe" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        assert opened and opened[0].startswith("https://wa.me/905321234567?text=Dear%20Ay%C5%9Fe")
        assert MessageLog.get().status == "opened_link"
        await settle(pilot)
        assert "WhatsApp: link opened" in screen_text(app)


async def test_no_consent_is_refused(db_path, monkeypatch):
    ayse = customer(consent=False)
    app = new_app()
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_card(pilot, ayse.id)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceScreen)
        assert "withdrew consent" in " ".join(n.message for n in app._notifications)
    assert opened == [] and MessageLog.select().count() == 0


async def test_templates_screen_edit_with_preview(db_path):
    from crm_tui.domain.messaging import templates as tp
    from crm_tui.ui.screens.templates import TemplateForm, TemplatesScreen

    customer()
    app = new_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        app.action_message_templates()
        await settle(pilot)
        assert isinstance(app.screen, TemplatesScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, TemplateForm)
        app.screen.set_value("name", "mine")
        app.screen.set_value("body", "Merhaba {name}, {nope}")
        await settle(pilot)
        assert "Unknown placeholder {nope}" in screen_text(app)
        app.screen.set_value("body", "Merhaba {name}")
        await settle(pilot)
        assert "Merhaba Ayşe Çağlar" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TemplatesScreen)
    assert tp.find_template("mine", "tr").body == "Merhaba {name}"
