"""Issue 14, item 8: temporary files had guessable names (``.NAME.tmpPID``, ``.NAME.tmp``,
``.NAME.PID.tmp``) opened without ``O_EXCL``, so a symlink planted there sent an export,
the settings or a calendar into any file the user can write. Every writer now goes
through ``crm_tui.private_files``: a random name created exclusively, 0600, renamed."""

from __future__ import annotations

import os
import stat
import tempfile

import pytest

from crm_tui import private_files
from crm_tui.config import Settings, save_settings
from crm_tui.domain import exporters, ical
from crm_tui.domain.backup import check_backup_file

PID = 4242


def _old_names(name: str) -> list[str]:
    return [f".{name}.tmp{PID}", f".{name}.tmp", f".{name}.{PID}.tmp", f"{name}.tmp"]


def _write_export(path):
    exporters.write_private(path, b"a,b\r\n")


def _write_raw(path):
    private_files.write_private_atomic(path, b"a,b\r\n")


def _write_settings(path):
    save_settings(Settings(theme="textual-light", path=path))


def _write_ics(path):
    ical.export_ics(path)


WRITERS = {
    "export": ("out.csv", _write_export),
    "helper": ("out.bin", _write_raw),
    "settings": ("settings.toml", _write_settings),
}


def _plant(folder, names, victim):
    for name in names:
        (folder / name).symlink_to(victim)


def _check_written(folder, target, victim, planted):
    assert victim.read_text() == "precious"
    assert target.exists() and not target.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    for name in planted:  # the planted links are left as they were
        assert (folder / name).is_symlink()
    leftovers = {p.name for p in folder.iterdir()} - {"victim.txt", target.name, *planted}
    assert not leftovers


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_symlink_at_an_old_guessable_name_is_never_followed(tmp_path, monkeypatch, kind):
    name, write = WRITERS[kind]
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    monkeypatch.setattr(os, "getpid", lambda: PID)
    planted = _old_names(name)
    _plant(tmp_path, planted, victim)
    write(tmp_path / name)
    _check_written(tmp_path, tmp_path / name, victim, planted)


def test_a_calendar_export_never_follows_a_planted_symlink(tmp_path, db_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    victim = folder / "victim.txt"
    victim.write_text("precious")
    monkeypatch.setattr(os, "getpid", lambda: PID)
    planted = _old_names("hatirlatmalar.ics")
    _plant(folder, planted, victim)
    _write_ics(folder / "hatirlatmalar.ics")
    target = folder / "hatirlatmalar.ics"
    assert target.read_text().startswith("BEGIN:VCALENDAR")
    _check_written(folder, target, victim, planted)


class _Names:
    """tempfile's name source, made to guess a name an attacker planted first."""

    def __init__(self, names):
        self.names = list(names)

    def __iter__(self):
        return self

    def __next__(self):
        return self.names.pop(0)


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_symlink_at_the_random_name_itself_is_never_followed(tmp_path, monkeypatch, kind):
    """Even if the attacker guessed the random name: it is created exclusively, so the
    name is skipped and another one taken."""
    name, write = WRITERS[kind]
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    planted = [f".{name}.guessed.tmp", f".{name}.guessed2.tmp"]
    _plant(tmp_path, planted, victim)
    names = _Names(["guessed", "guessed2", "fresh"])
    monkeypatch.setattr(tempfile, "_get_candidate_names", lambda: names)
    write(tmp_path / name)
    assert names.names == []  # both planted names were tried and refused
    _check_written(tmp_path, tmp_path / name, victim, planted)


def test_a_full_disk_keeps_the_old_settings_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "settings.toml"
    save_settings(Settings(theme="textual-dark", path=path))
    before = path.read_bytes()

    def full_disk(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(OSError):
        save_settings(Settings(theme="textual-light", path=path))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]


def test_a_backup_check_copies_to_a_random_name(tmp_path, db_path, monkeypatch):
    """The check of a candidate backup copied it to ``.check-NAME.tmp`` in the backups
    folder; a link planted there is now left alone and nothing is written through it."""
    from crm_tui.config import backup_dir, ensure_dir
    from crm_tui.db import close_database

    close_database()  # a closed file, as a backup is
    folder = ensure_dir(backup_dir())
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    planted = [f".check-{db_path.name}.tmp"]
    _plant(folder, planted, victim)
    assert check_backup_file(db_path) >= 1
    assert victim.read_text() == "precious"
    assert (folder / planted[0]).is_symlink()
    assert {p.name for p in folder.iterdir()} == set(planted)  # the copy is gone again


async def test_the_palette_screenshot_never_writes_through_a_planted_symlink(
    db_path, tmp_path, monkeypatch
):
    """Textual's own screenshot writer opens the guessable ``TITLE_DATE.svg`` in the
    downloads folder directly; a link planted there received the picture. The palette's
    screenshot now goes through the same writer as every export."""
    import platformdirs

    import crm_tui.ui.screenshot
    from tests.ui.helpers import new_app

    folder = tmp_path / "downloads"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (folder / "shot.svg").symlink_to(victim)
    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: folder)
    monkeypatch.setattr(crm_tui.ui.screenshot, "screenshot_name", lambda *a, **k: "shot.svg")
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        saved = app.save_screenshot_private()
        await pilot.pause()
    assert saved == folder / "shot.svg"
    assert victim.read_text() == "precious"
    assert not saved.is_symlink()
    assert saved.read_text().startswith("<svg")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["shot.svg"]
