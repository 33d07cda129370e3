"""The card's new keys at 80×24: the help ('?') lists t (instalments plan), K (commission),
v (vehicle) and h (claim), in English and in Turkish, each row readable on the screen."""

from __future__ import annotations

import pytest

from crm_tui.db.models import Customer
from crm_tui.i18n import get_language, set_language
from crm_tui.ui.screens.help import HelpScreen
from tests.ui.helpers import new_app, open_card, screen_text, settle

EXPECTED = {
    "en": {"t": "Instalments", "K": "Commission", "v": "Vehicle", "h": "Claim"},
    "tr": {"t": "Taksitler", "K": "Komisyon", "v": "Araç", "h": "Hasar"},
}


@pytest.mark.parametrize("language", ["en", "tr"])
async def test_card_help_lists_the_new_keys_at_80x24(db_path, language):
    c = Customer.create(name="Deniz Ak")
    app = new_app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            if get_language() != language:
                await pilot.press("f7")  # the language key
                await settle(pilot)
            assert get_language() == language
            await open_card(pilot, c.id)
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            table = app.screen.query_one("DataTable")
            rows = [
                (str(table.get_row_at(i)[0]), str(table.get_row_at(i)[1]))
                for i in range(table.row_count)
            ]
            for key, action in EXPECTED[language].items():
                found = [i for i, (keys, text) in enumerate(rows) if text == action]
                assert found, f"{action!r} not in the help: {rows}"
                assert key in rows[found[0]][0].split(), rows[found[0]]
                table.move_cursor(row=found[0])  # scrolled to: the row is on the 80x24 screen
                await settle(pilot)
                assert action in screen_text(app)
    finally:
        set_language("en")
