"""settings.toml: owner-only, atomic, and a bad [keys] entry reported rather than fatal."""

from __future__ import annotations

import os
import stat

import pytest

from crm_tui.config import Settings, SettingsError, load_settings, save_settings


def test_settings_file_is_owner_only_whatever_the_umask(tmp_path):
    path = tmp_path / "conf" / "settings.toml"
    old = os.umask(0)  # the most permissive umask: the file must still be 0600
    try:
        save_settings(Settings(path=path, language="tr", theme="nord", keys={"nav.today": "f9"}))
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    back = load_settings(path)
    assert (back.language, back.theme, back.keys) == ("tr", "nord", {"nav.today": "f9"})
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]  # no temp file left


def test_existing_wide_settings_file_is_narrowed(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('theme = "nord"\n', encoding="utf-8")
    path.chmod(0o644)
    save_settings(load_settings(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_bad_keys_entries_are_left_out_with_a_message(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('[keys]\n"nav.today" = 5\n"nav.customers" = ""\n"app.help" = "f10"\n')
    settings = load_settings(path)
    assert settings.keys == {"app.help": "f10"}
    assert len(settings.key_problems) == 2
    assert "nav.today" in settings.key_problems[0]


def test_keys_not_a_table(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('keys = "f2"\n')
    settings = load_settings(path)
    assert settings.keys == {} and "[keys]" in settings.key_problems[0]


def test_broken_toml_is_one_clear_error(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("language = [unclosed\n")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(path)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("F9", "f9"),
        ("ctrl+N", "ctrl+n"),
        ("Ctrl+Shift+Up", "ctrl+shift+up"),
        ("?", "question_mark"),
        ("ctrl+/", "ctrl+slash"),
        ("question_mark", "question_mark"),
        ("esc", "escape"),
        ("R", "R"),
        ("ğ", "ğ"),
        ("ctrl+", None),
        ("ctrl+ctrl+a", None),
        ("hyperdrive", None),
        ("fn+f1", None),
        ("", None),
    ],
)
def test_normalize_key(written, key):
    from crm_tui.ui.keys import normalize_key

    assert normalize_key(written) == key


def test_check_keymap():
    from crm_tui.ui.keys import check_keymap

    keymap, problems = check_keymap(
        {"nav.today": "F9, f10", "nav.customers": "c", "today.done": "c", "app.help": "zz"},
        known_ids={"nav.today", "nav.customers", "today.done"},
    )
    assert keymap == {"nav.today": "f9,f10", "today.done": "c"}
    assert len(problems) == 2
    assert "nav.customers" in problems[0] and "text fields" in problems[0]
    assert "app.help: no key binding has this id" in problems[1]


def test_normalize_key_names_every_typed_character_as_textual_does():
    """Each printable character becomes the key name Textual's events carry (read through
    Binding.make_bindings, not textual.keys' private helper)."""
    import string

    from textual.keys import key_to_character

    from crm_tui.ui.keys import normalize_key

    for char in string.ascii_letters + string.digits + string.punctuation:
        key = normalize_key(char)
        assert key and key_to_character(key) in (char, None), (char, key)
    names = {"?": "question_mark", "+": "plus", "/": "slash", "[": "left_square_bracket"}
    for char, key in names.items():
        assert normalize_key(char) == key
