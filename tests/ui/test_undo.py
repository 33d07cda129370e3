"""ctrl+z, app-wide: the last change undone, the database back as it was and the user
told what was undone (Pilot at 80×24, English and Turkish)."""

from __future__ import annotations

import pytest

from crm_tui.config import Settings
from crm_tui.db.models import Customer, Reminder
from crm_tui.domain import undo
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.i18n import set_language
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.card import CustomerCardScreen
from crm_tui.ui.screens.customer_form import CustomerFormScreen
from tests.ui.helpers import new_app, screen_text, settle
from tests.ui.test_today import day, select, today_text  # noqa: F401 - the fixture

pytestmark = pytest.mark.usefixtures("fresh_undo")


@pytest.fixture
def fresh_undo():
    undo.clear()
    yield
    undo.clear()


def messages(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_done_on_today_then_ctrl_z(day):  # noqa: F811 - the imported fixture
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        select(app, f"reminder:{day['overdue']}")
        await pilot.press("d")
        await settle(pilot)
        assert Reminder.get_by_id(day["overdue"]).status == "done"
        assert "Send the kasko offer" not in today_text(app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        await pilot.pause(0.3)  # the reload after the undo
        await settle(pilot)
        assert Reminder.get_by_id(day["overdue"]).status == "open"
        assert "Undone: “Send the kasko offer” marked done" in messages(app)
        assert "Send the kasko offer" in today_text(app)
        await pilot.press("ctrl+z")  # nothing more to undo
        await settle(pilot)
        assert "Nothing to undo." in messages(app)


async def test_customer_name_edit_then_ctrl_z(db_path):
    c = create_customer(CustomerInput(name="Şükrü Çağlar", city="İzmir"))
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_customer(c.id)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CustomerFormScreen)
        form.set_value("name", "Şükrü Yeni")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        assert Customer.get_by_id(c.id).name == "Şükrü Yeni"
        await pilot.press("ctrl+z")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert Customer.get_by_id(c.id).name == "Şükrü Çağlar"
        assert "Undone: edit of Şükrü Çağlar" in messages(app)
        assert "Şükrü Çağlar" in screen_text(app)


async def test_turkish_says_what_was_undone(day):  # noqa: F811
    set_language("tr")
    app = CrmApp(settings=Settings(language="tr"), save_prefs=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            select(app, f"reminder:{day['overdue']}")
            await pilot.press("d")
            await settle(pilot)
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert Reminder.get_by_id(day["overdue"]).status == "open"
            assert "Geri alındı: “Send the kasko offer” yapıldı işareti" in messages(app)
    finally:
        set_language("en")
