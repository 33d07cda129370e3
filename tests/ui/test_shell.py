"""App shell: opens on Today, one key per area, help, language and theme remembered."""

from __future__ import annotations

from crm_tui.config import Settings, load_settings
from crm_tui.i18n import get_language, set_language
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.help import HelpScreen


async def test_opens_on_today_and_navigates(db_path):
    app = CrmApp(settings=Settings(), save_prefs=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.current_mode == "today"
        for key, mode in [
            ("f3", "customers"),
            ("f4", "reminders"),
            ("f5", "complaints"),
            ("f6", "loyalty"),
            ("f2", "today"),
        ]:
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
            assert app.screen.__class__.__name__.lower().startswith(mode[:4])


async def test_help_lists_every_global_key(db_path):
    app = CrmApp(settings=Settings(), save_prefs=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("DataTable")
        actions = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        for expected in (
            "Today",
            "Customers",
            "Reminders",
            "Complaints",
            "Loyalty",
            "Help",
            "Quit",
        ):
            assert expected in actions
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_language_switch_is_remembered(db_path, tmp_path):
    settings = Settings(path=tmp_path / "settings.toml")
    app = CrmApp(settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        assert get_language() == "tr"
        assert "Bugün" in app.export_screenshot()
        assert "Müşteriler" in app.export_screenshot()
    assert load_settings(tmp_path / "settings.toml").language == "tr"
    set_language("en")


async def test_theme_switch_is_remembered(db_path, tmp_path):
    settings = Settings(path=tmp_path / "settings.toml")
    app = CrmApp(settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        assert app.theme == "textual-light"
    assert load_settings(tmp_path / "settings.toml").theme == "textual-light"


async def test_keys_can_be_remapped(db_path):
    app = CrmApp(settings=Settings(keys={"nav.customers": "f9"}), save_prefs=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        assert app.current_mode == "customers"


async def test_small_terminal_does_not_crash(db_path):
    app = CrmApp(settings=Settings(), save_prefs=False)
    async with app.run_test(size=(40, 12)) as pilot:
        for key in ("f3", "f4", "f5", "f6", "f2", "question_mark", "escape"):
            await pilot.press(key)
            await pilot.pause()
