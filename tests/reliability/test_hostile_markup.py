"""Names with square brackets never end the app (found while testing issue 14, item 1).

Textual and Rich read ``[...]`` in a widget's text as markup. A customer called
``Ali [/] Veli [b`` (or a company ``[/]Firma[``, a complaint subject ``Kırık [/]``, a tag,
a note) made the markup parser raise while the card, the complaints list, the complaint
detail, the edit form's title or a notification was drawn, which ended the app. Each
screen is visited with such text stored in every field it shows; the text must be there,
as typed."""

from __future__ import annotations

from datetime import date

import pytest

PAYLOADS = {
    "close-nothing": "[/]",
    "unclosed-open": "[b",
    "click-action": "[@click=app.quit]q[/]",
    "trailing-backslash": "x\\",
}


@pytest.mark.parametrize("b", PAYLOADS.values(), ids=PAYLOADS.keys())
async def test_bracketed_names_on_every_screen(db_path, b):
    from crm_tui.domain import complaints as cp
    from crm_tui.domain.customers import CustomerInput, create_customer
    from crm_tui.domain.reminders import ReminderInput, create_reminder
    from crm_tui.ui.screens.card import CustomerCardScreen
    from crm_tui.ui.screens.complaint_detail import ComplaintDetailScreen
    from tests.ui.helpers import new_app, open_card, screen_text, settle

    name = f"Ali {b} Veli [b"
    c = create_customer(
        CustomerInput(
            name=name, company=f"{b}Firma[", city="İzmir", notes=f"[b]not{b}", tags=f"vip{b}"
        )
    )
    create_reminder(
        ReminderInput(title=f"Ara {b} [b", due=date.today(), customer_id=c.id), today=date.today()
    )
    k = cp.open_complaint(c.id, f"Kırık {b} [b", description=f"x{b}", owner=f"Mert {b}")

    app = new_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert f"Ara {b} [b" in screen_text(app)  # Today
        for key, shown in (("f3", name), ("f4", f"Ara {b}"), ("f5", f"Kırık {b}")):
            await pilot.press(key)
            await settle(pilot)
            assert shown in screen_text(app), key
        app.push_screen(ComplaintDetailScreen(k.id))
        await settle(pilot)
        text = screen_text(app)
        assert f"Kırık {b} [b" in text and name in text and f"Mert {b}" in text
        app.pop_screen()
        await settle(pilot)
        await open_card(pilot, c.id)
        assert name in screen_text(app) and f"{b}Firma[" in screen_text(app)
        for tab in "23456789":
            await pilot.press(tab)
            await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        await pilot.press("e")  # the edit form: the name in its title
        await settle(pilot)
        assert f"Edit {name}" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        app.notify(f"Kaydedildi: {name}")
        await pilot.pause(0.3)
        assert f"Kaydedildi: {name}" in screen_text(app)
        assert app.is_running


@pytest.mark.parametrize("b", PAYLOADS.values(), ids=PAYLOADS.keys())
async def test_bracketed_names_in_questions_and_the_privacy_screen(db_path, b):
    """The questions that quote stored text (cancel the reminder '…'?, the duplicate
    check's "Open {name}", the erase warning) and the privacy screen's title."""
    from crm_tui.domain.customers import CustomerInput, create_customer
    from crm_tui.ui.dialogs.choice import ChoiceScreen
    from crm_tui.ui.dialogs.confirm import ConfirmScreen
    from tests.ui.helpers import new_app, open_card, screen_text, settle

    name = f"Ali {b} Veli [b"
    c = create_customer(CustomerInput(name=name))
    app = new_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ConfirmScreen(f"Cancel the reminder 'Ara {b} [b'?"))
        await settle(pilot)
        assert f"Cancel the reminder 'Ara {b} [b'?" in screen_text(app)
        app.pop_screen()
        app.push_screen(ChoiceScreen(f"Same phone as {name}:", [("1", f"Open {name}", 1)]))
        await settle(pilot)
        text = screen_text(app)
        for word in f"Same phone as {name}: 1  Open".split():  # the box may wrap it
            assert word in text, word
        app.pop_screen()
        await settle(pilot)
        await open_card(pilot, c.id)
        await pilot.press("k")  # privacy (KVKK)
        await settle(pilot)
        assert type(app.screen).__name__ == "PrivacyScreen", type(app.screen).__name__
        assert name in screen_text(app)
        await pilot.press("d")  # erase…: the warning quotes the name
        await settle(pilot)
        assert type(app.screen).__name__ == "EraseConfirmScreen"
        assert "Ali" in screen_text(app) and "Veli [b" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running


async def test_brackets_typed_in_the_search_and_in_an_imported_files_columns(db_path, tmp_path):
    """ "No customer matches “[/]”" quotes what was typed; the import screen shows column
    names and cells of the file (a header ``Not[/]lar``) and asks where a column goes."""
    from textual.widgets import DataTable

    from crm_tui.ui.screens.import_screen import FieldPicker, ImportScreen
    from tests.ui.helpers import new_app, screen_text, settle

    src = tmp_path / "k[b]list [x.csv"
    src.write_text(
        "Ad Soyad,Cep Telefonu,Not[/]lar [b\nAli [/] Veli,0532 100 00 01,x[b\n", encoding="utf-8"
    )
    app = new_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        app.screen.query_one("Input").value = "zz[/]"  # as typed or pasted
        await pilot.pause(0.5)
        await settle(pilot)
        assert "No customer matches “zz[/]”" in screen_text(app)
        await app.push_screen(ImportScreen())
        await pilot.pause()
        app.screen.query_one("Input").value = str(src)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert "Not[/]lar [b" in screen_text(app) and "Ali [/] Veli" in screen_text(app)
        table = app.screen.query_one("#import-mapping", DataTable)
        table.focus()
        table.move_cursor(row=2)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FieldPicker)
        assert "Column 'Not[/]lar [b' goes to:" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
