"""App shell: opens on Today, one key per area, help, language and theme remembered."""

from __future__ import annotations

import re

import pytest

from crm_tui.config import Settings, load_settings
from crm_tui.i18n import get_language, set_language
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.help import HelpScreen
from tests.ui.helpers import new_app, screen_text


async def test_opens_on_today_and_navigates(db_path):
    app = new_app()
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
    app = new_app()
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
    app = new_app()
    async with app.run_test(size=(40, 12)) as pilot:
        for key in ("f3", "f4", "f5", "f6", "f2", "question_mark", "escape"):
            await pilot.press(key)
            await pilot.pause()


# -- one key from anywhere ----------------------------------------------------------------


async def test_section_keys_work_while_typing_in_search(db_path):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert app.current_mode == "customers"
        await pilot.press("a", "y", "f4")
        await pilot.pause()
        assert app.current_mode == "reminders"
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen.query_one("#search").value == "ay"  # the search kept its text


# -- help -----------------------------------------------------------------------------------


def _screen_binding_ids(screen) -> set[str]:
    ids = set()
    for klass in type(screen).__mro__:
        for b in klass.__dict__.get("BINDINGS", ()):
            if getattr(b, "id", None) and b.description:
                ids.add(b.id)
    return ids


@pytest.mark.parametrize("lang", ["en", "tr"])
async def test_help_lists_every_key_of_each_area_and_the_global_ones(db_path, lang):
    from crm_tui.i18n import _
    from crm_tui.ui.keys import GLOBAL_BINDINGS

    set_language(lang)
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        for key in ("f2", "f3", "f4", "f5", "f6"):
            await pilot.press(key)
            await pilot.pause()
            area = app.screen
            await pilot.press("f1")
            await pilot.pause()
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            listed = help_screen.listed()
            ids = {bid for _g, _k, _t, bid in listed}
            assert _screen_binding_ids(area) <= ids, key
            assert {b.id for b in GLOBAL_BINDINGS} <= ids
            texts = {text for _g, _k, text, _b in listed}
            for b in GLOBAL_BINDINGS:
                assert _(b.description) in texts
            if lang == "tr":  # Textual's own keys read Turkish too
                assert "Sonraki alan" in texts and "Focus Next" not in texts
            table = help_screen.query_one("DataTable")
            shown = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
            assert "nav.today" in shown and "app.help" in shown
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is area
    set_language("en")


# -- key remapping in settings.toml ----------------------------------------------------


async def test_remap_moves_the_key_everywhere_it_is_shown(db_path, tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('[keys]\n"nav.customers" = "F9"\n"app.help" = "ctrl+k"\n', encoding="utf-8")
    settings = load_settings(path)
    app = CrmApp(settings=settings, save_prefs=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert app.current_mode == "today", "the old key must no longer work"
        assert "F9 Customers" in str(app.screen.query_one("#section-bar").render())
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {bid: keys for _g, keys, _t, bid in app.screen.listed()}
        assert rows["nav.customers"] == "F9"
        assert rows["app.help"] == "^k"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        assert app.current_mode == "customers"
        assert not app._notifications, [n.message for n in app._notifications]


async def test_bad_remap_entries_are_reported_not_fatal(db_path, tmp_path, monkeypatch):
    import crm_tui.ui.app as app_module

    monkeypatch.setattr(app_module, "KEY_ID_CHECK_DELAY", 0.01)
    path = tmp_path / "settings.toml"
    path.write_text(
        "[keys]\n"
        '"nav.customers" = "ctrl+"\n'  # not a key
        '"nav.reminders" = "r"\n'  # would steal a letter from every text field
        '"nav.todya" = "f9"\n'  # no such id
        '"nav.loyalty" = 6\n'  # not text
        '"today.done" = "enter"\n',  # fine
        encoding="utf-8",
    )
    settings = load_settings(path)
    app = CrmApp(settings=settings, save_prefs=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = " | ".join(str(n.message) for n in app._notifications)
        assert "nav.customers: “ctrl+” is not a key" in messages
        assert "nav.reminders" in messages and "text fields" in messages
        assert "nav.todya: no key binding has this id" in messages
        assert "nav.loyalty: the key must be text" in messages
        assert "today.done" not in messages
        assert str(path) in messages
        # the bad entries were left out: the default keys still work
        for key, mode in (("f3", "customers"), ("f4", "reminders"), ("f6", "loyalty")):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode


async def test_remap_onto_another_key_says_which_lost_it(db_path):
    app = CrmApp(settings=Settings(keys={"nav.customers": "f2"}), save_prefs=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert app.current_mode == "customers"
        messages = " | ".join(str(n.message) for n in app._notifications)
        assert "F2 is now the key of nav.customers" in messages
        assert "nav.today" in messages


# -- command palette ------------------------------------------------------------------------


async def _palette_run(pilot, text: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_palette_opens_backups_import_and_areas_in_turkish(db_path, tr):
    from crm_tui.ui.screens.backups import BackupsScreen
    from crm_tui.ui.screens.import_screen import ImportScreen

    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _palette_run(pilot, "yedekler")
        assert isinstance(app.screen, BackupsScreen)
        await pilot.press("escape")
        await pilot.pause()
        await _palette_run(pilot, "içe aktar")
        assert isinstance(app.screen, ImportScreen)
        await pilot.press("f5")
        await pilot.pause()
        await _palette_run(pilot, "sadakat")
        assert app.current_mode == "loyalty"


async def test_palette_reads_turkish(db_path, tr):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "Komut ara" in text and "Search for commands" not in text
        await pilot.press(*"tema")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "Tema seç" in text and "Theme" not in text


# -- footer -----------------------------------------------------------------------------


async def test_footer_starts_with_help_and_leaves_sections_to_the_bar(db_path, tr):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one("KeyFooter")
        shown = footer.shown_keys()
        assert shown[0] == ("?", "Yardım")
        assert shown[-1] == ("^p", "Komutlar")
        assert not any(desc in ("Bugün", "Müşteriler") for _k, desc in shown)
        assert "? Yardım" in screen_text(app).splitlines()[-1]


async def test_footer_is_not_repainted_when_its_keys_do_not_change(db_path):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        footer = app.screen.query_one("KeyFooter")
        painted = []
        render = footer.render
        footer.render = lambda: painted.append(1) or render()  # type: ignore[method-assign]
        app.screen.refresh_bindings()
        await pilot.pause()
        assert not painted
        await pilot.press("f7")  # another language: new descriptions, so repainted
        await pilot.pause()
        footer = app.screen.query_one("KeyFooter")
        assert ("?", "Yardım") in footer.shown_keys()
        assert "? Yardım" in screen_text(app).splitlines()[-1]
    set_language("en")


# -- nothing English on the Turkish shell at 80x24 ------------------------------------


async def test_turkish_shell_has_no_english_left(db_path, tr):
    from crm_tui.ui.commands import APP_COMMANDS
    from crm_tui.ui.keys import GLOBAL_BINDINGS, SECTIONS

    english = {b.description for b in GLOBAL_BINDINGS} | {t for _m, _k, t in SECTIONS}
    english |= {title for title, _a, _h, _b in APP_COMMANDS}
    english |= {"Focus Next", "Copy selected text", "palette", "Search for commands", "Keys —"}
    english -= {"Türkçe/English"}
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screens = []
        for key in ("f2", "f3", "f4", "f5", "f6"):
            await pilot.press(key)
            await pilot.pause()
            screens.append(screen_text(app))
        await pilot.press("f1")
        await pilot.pause()
        screens.append(screen_text(app))
        await pilot.press("escape", "ctrl+p")
        await pilot.pause(0.3)
        screens.append(screen_text(app))
    for text in screens:
        left = [w for w in english if re.search(rf"(^|\s){re.escape(w)}(\s|$)", text, re.M)]
        assert not left, (left, text)


def test_every_binding_of_the_app_has_an_id():
    """settings.toml [keys] remaps by id: a binding without one could not be remapped.
    (A list widget's own cursor keys, with no description, are like Textual's DataTable
    keys: not actions of the app.)"""
    import importlib
    import inspect
    import pkgutil

    from textual.binding import Binding

    from crm_tui.ui import screens, widgets
    from crm_tui.ui.keys import GLOBAL_BINDINGS

    missing = [b.key for b in GLOBAL_BINDINGS if not b.id]
    for package in (screens, widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for name, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ != module.__name__:
                    continue
                for b in cls.__dict__.get("BINDINGS", ()):
                    if not isinstance(b, Binding):
                        missing.append(f"{module.__name__}.{name}: {b}")
                    elif not b.id and (b.description or b.show):
                        missing.append(f"{module.__name__}.{name}: {b}")
    assert not missing, missing


async def test_theme_chosen_in_the_palette_is_remembered(db_path, tmp_path, tr):
    settings = Settings(path=tmp_path / "settings.toml")
    app = CrmApp(settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await _palette_run(pilot, "tema seç")
        assert "Tema ara" in screen_text(app)
        await pilot.press(*"nord")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "nord"
    assert load_settings(tmp_path / "settings.toml").theme == "nord"


@pytest.mark.parametrize(
    ("lang", "key", "answer"),
    [
        ("tr", "e", True),
        ("tr", "h", False),
        ("tr", "y", True),
        ("en", "y", True),
        ("en", "e", None),
    ],
)
async def test_confirm_answers_in_the_language(lang, key, answer):
    """Evet/Hayır: a Turkish user answers with e or h (y/n work too); in English e is no key."""
    from textual.app import App

    from crm_tui.i18n import get_language, set_language
    from crm_tui.ui.dialogs.confirm import ConfirmScreen

    answers: list = []
    before = get_language()
    set_language(lang)
    try:

        class One(App):
            def on_mount(self) -> None:
                self.push_screen(ConfirmScreen("?"), answers.append)

        app = One()
        async with app.run_test() as pilot:
            await pilot.pause()
            text = str(app.screen.query(".keys").first().render())
            assert ("evet" in text) == (lang == "tr")
            await pilot.press(key)
            await pilot.pause()
    finally:
        set_language(before)
    assert answers == ([] if answer is None else [answer])


async def test_palette_screenshot_without_a_downloads_folder(db_path, tmp_path, monkeypatch):
    """Issue 20 item 7: without ~/Downloads the palette's screenshot failed; it now goes to
    the home folder (creating no folder), owner-only."""
    import stat

    import platformdirs

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: home / "Downloads")
    monkeypatch.setenv("HOME", str(home))
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in "screenshot":
            await pilot.press(ch)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.5)
        shots = list(home.iterdir())
        notes = [n.message for n in app._notifications]
    assert any("Screenshot saved" in m for m in notes), notes
    assert [p.suffix for p in shots] == [".svg"]
    assert not (home / "Downloads").exists()
    assert stat.S_IMODE(shots[0].stat().st_mode) == 0o600


@pytest.mark.parametrize("lang", ["tr", "en"])
@pytest.mark.parametrize("size", [(60, 20), (80, 24), (100, 30)])
async def test_every_section_key_is_on_the_bar_at_every_width(db_path, lang, size):
    """Issue 20 item 8: at 60 columns the section bar ended before ``F6 Sadakat``. Every
    section's key stays; titles far from the open section give way first, the open one's
    title never does."""
    set_language(lang)
    app = CrmApp(settings=Settings(language=lang), save_prefs=False)
    try:
        async with app.run_test(size=size) as pilot:
            for key, title in (
                ("f2", "Bugün" if lang == "tr" else "Today"),
                ("f6", "Sadakat" if lang == "tr" else "Loyalty"),
            ):
                await pilot.press(key)
                await pilot.pause(0.2)
                bar = screen_text(app).splitlines()[0]
                for shown in ("F2", "F3", "F4", "F5", "F6"):
                    assert shown in bar, (size, bar)
                assert title in bar, (size, bar)
                assert len(bar.rstrip()) <= size[0]
                if size[0] >= 100:  # room for every title
                    assert ("Şikâyetler" if lang == "tr" else "Complaints") in bar
    finally:
        set_language("en")


async def test_footer_key_under_the_mouse_shows_its_tooltip_and_a_click_runs_it(db_path):
    from textual.command import CommandPalette

    from crm_tui.ui.widgets.keyfooter import KeyFooter

    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        line = screen_text(app).splitlines()[-1]
        await pilot.hover(KeyFooter, offset=(line.index("? Help"), 0))
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        assert footer.tooltip == "Help"
        await pilot.press("f7")
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        await pilot.hover(KeyFooter, offset=(footer.size.width - 3, 0))  # the palette's key
        await pilot.pause()
        assert footer.tooltip == "Komutlar"
        await pilot.click(KeyFooter, offset=(footer.size.width - 3, 0))
        await pilot.pause()
        assert CommandPalette.is_open(app)
    set_language("en")
