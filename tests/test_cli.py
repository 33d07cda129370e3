"""Command line: help, version, and bad input as one clear line without a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crm_tui import __version__
from crm_tui.cli import main


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "crm_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_help_lists_options(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for option in ("--db", "--demo", "--lang", "--call"):
        assert option in out


def test_help_in_turkish(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "tr", "--help"])
    assert "demo veritabanını aç" in capsys.readouterr().out


def test_unknown_language(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "de"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "unknown language 'de'" in err and "Traceback" not in err


def test_foreign_db_file_refused_untouched(tmp_path, capsys):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"x" * 100)
    assert main(["--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert "not a crm-tui database" in err
    assert path.read_bytes() == b"\xff\xd8\xff\xe0" + b"x" * 100


def test_unreadable_db_path(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "missing" / "x.sqlite3")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_broken_settings_file(tmp_path, capsys, monkeypatch):
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    (cfg / "settings.toml").write_text("language = [unclosed", encoding="utf-8")
    monkeypatch.setenv("CRM_TUI_CONFIG_DIR", str(cfg))
    assert main(["--db", str(tmp_path / "x.sqlite3")]) == 2
    assert "not valid TOML" in capsys.readouterr().err


def test_no_traceback_in_subprocess(tmp_path):
    result = run("--db", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "folder" in result.stderr


# -- --help: every subcommand with its one line, in the chosen language ---------------


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_help_lists_every_subcommand_with_its_line(capsys, lang):
    from crm_tui.cli import command_modules
    from crm_tui.i18n import _, set_language

    with pytest.raises(SystemExit) as exc:
        main(["--lang", lang, "--help"])
    assert exc.value.code == 0
    # argparse wraps long lines, also after a hyphen ("follow-\n ups")
    out = " ".join(capsys.readouterr().out.split()).replace("- ", "-")
    set_language(lang)
    for mod in command_modules():
        line = " ".join(_(mod.HELP).split()).replace("- ", "-")
        assert f"{mod.NAME} {line}" in out, mod.NAME
    if lang == "tr":
        assert "sürüm numarasını göster" in out and "show" not in out
    set_language("en")


def test_subcommand_help_shows_its_own_options(capsys):
    # subcommand arguments are only built for the subcommand named on the command line
    with pytest.raises(SystemExit) as exc:
        main(["campaign", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "--channel" in out and "--db" in out


def test_global_options_after_the_subcommand(tmp_path, capsys):
    db = tmp_path / "x.sqlite3"
    assert main(["lookup", "--db", str(db), "--lang", "tr", "kimse"]) == 1
    assert "“kimse” ile eşleşen müşteri yok." in capsys.readouterr().out
    assert db.exists()


def test_demo_with_db_is_refused(tmp_path, capsys):
    db = tmp_path / "mine.sqlite3"
    assert main(["--demo", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--demo" in err
    assert not db.exists()


def test_demo_stays_apart_from_real_data(tmp_path, monkeypatch):
    from crm_tui.cli import build_parser, resolve_db_path

    monkeypatch.setenv("CRM_TUI_DB", str(tmp_path / "real.sqlite3"))
    demo = resolve_db_path(build_parser().parse_args(["--demo"]))
    real = resolve_db_path(build_parser().parse_args([]))
    assert real == tmp_path / "real.sqlite3"
    assert demo.name == "demo.sqlite3" and demo != real


def test_default_db_in_the_data_folder_owner_only(tmp_path):
    import os
    import stat

    data = tmp_path / "data"
    result = run("lookup", "kimse", env={**os.environ, "CRM_TUI_DATA_DIR": str(data)})
    assert result.returncode == 1, result.stderr  # a new, empty database: no match
    assert stat.S_IMODE(os.stat(data).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(data / "crm.sqlite3").st_mode) == 0o600


def test_tui_with_an_impossible_data_folder(tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("CRM_TUI_DATA_DIR", str(blocker / "data"))
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "Cannot create the data folder" in err and "Traceback" not in err
    assert blocker.read_text() == "x"


def test_language_from_settings_locale_and_flag(tmp_path, monkeypatch):
    import os

    cfg = tmp_path / "cfg"
    cfg.mkdir()
    env = {**os.environ, "CRM_TUI_CONFIG_DIR": str(cfg), "LANG": "tr_TR.UTF-8", "LC_ALL": ""}
    assert "kullanım:" in run("--help", env=env).stdout  # system locale
    env["LANG"] = "en_US.UTF-8"
    assert "usage:" in run("--help", env=env).stdout
    (cfg / "settings.toml").write_text('language = "tr"\n', encoding="utf-8")
    assert "kullanım:" in run("--help", env=env).stdout  # the setting beats the locale
    assert "usage:" in run("--lang", "en", "--help", env=env).stdout  # the flag beats both


# -- the commands without the TUI never import Textual --------------------------------

NO_TEXTUAL = """
import sys
from crm_tui.cli import main
code = main(sys.argv[1:])
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "crm_tui.ui"))
bad += sorted(m for m in sys.modules if m.startswith("crm_tui.ui"))
print("IMPORTED", bad, "CODE", code)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["lookup", "ayşe"],
        ["today"],
        ["import", "{csv}", "--dry-run"],
    ],
)
def test_subcommands_do_not_import_textual(tmp_path, args):
    import os

    csv = tmp_path / "in.csv"
    csv.write_text("name,phone\nAyşe Yılmaz,0532 111 22 33\n", encoding="utf-8")
    db = tmp_path / "x.sqlite3"
    argv = ["--db", str(db)] + [a.format(csv=csv) for a in args]
    result = subprocess.run(
        [sys.executable, "-c", NO_TEXTUAL, *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "CRM_TUI_DATA_DIR": str(tmp_path / "d")},
        timeout=60,
    )
    assert "IMPORTED [] CODE" in result.stdout, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr


def test_lookup_does_not_load_babel_either(tmp_path):
    """Dates in the lookup table are all digits: no babel locale data (~40 ms) needed."""
    code = (
        "import sys; from crm_tui.cli import main; "
        f"main(['--db', {str(tmp_path / 'x.sqlite3')!r}, 'lookup', 'x']); "
        "print('BABEL', 'babel' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "BABEL False" in result.stdout, result.stderr


def test_tui_start_runs_without_the_cycle_collector_then_settles_it(tmp_path, monkeypatch):
    """cli.main turns the cycle collector off for the start-up (~60 ms of it at 100k) and
    the app turns it back on (after one collection and a freeze) once it has started."""
    import gc

    import crm_tui.ui.app as app_module

    monkeypatch.setattr(app_module, "GC_SETTLE_DELAY", 0.05)
    seen = {}

    def run(app):
        async def pilot_fn(pilot):
            seen["at_start"] = gc.isenabled()
            await pilot.pause(0.3)
            seen["after"] = gc.isenabled()
            seen["frozen"] = gc.get_freeze_count()
            app.exit()

        app.save_prefs = False
        app.run(headless=True, size=(80, 24), auto_pilot=pilot_fn)

    try:
        assert main(["--db", str(tmp_path / "x.sqlite3")], run=run) == 0
    finally:
        gc.unfreeze()
    assert seen == {"at_start": False, "after": True, "frozen": seen["frozen"]}
    assert seen["frozen"] > 0
    assert gc.isenabled()
    # a subcommand or an error leaves it on as well
    assert main(["--db", str(tmp_path / "missing" / "x.sqlite3")]) == 2
    assert gc.isenabled()


def test_quitting_leaves_everything_in_the_database_file(tmp_path):
    """After the app quits, the .sqlite3 file alone holds every change (no -wal left): a
    shopkeeper who copies just that file to a stick takes everything with them."""
    import shutil
    import sqlite3

    from crm_tui.domain.customers import CustomerInput, create_customer

    db_file = tmp_path / "shop.sqlite3"

    def run(app):
        async def pilot_fn(pilot):
            await pilot.press("f3")
            await pilot.pause(0.2)
            create_customer(CustomerInput(name="Kopya Testi"))
            await pilot.pause(0.1)
            app.exit()

        app.save_prefs = False
        app.run(headless=True, size=(80, 24), auto_pilot=pilot_fn)

    assert main(["--db", str(db_file)], run=run) == 0
    assert not db_file.with_name("shop.sqlite3-wal").exists()
    copy = tmp_path / "stick" / "shop.sqlite3"
    copy.parent.mkdir()
    shutil.copy(db_file, copy)
    with sqlite3.connect(copy) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM customer")]
    assert names == ["Kopya Testi"]


def test_today_painted_without_loading_babel(tmp_path):
    """The first screen needs no babel locale data (~40-60 ms of every start): its dates
    are numeric or CLDR long dates built by crm_tui.i18n. Money and other formats still
    load babel when they are first shown."""
    code = f"""
import sys
from crm_tui.cli import main

def run(app):
    async def pilot_fn(pilot):
        await pilot.pause()
        print("SCREEN", type(app.screen).__name__, "BABEL", "babel" in sys.modules)
        app.exit()
    app.save_prefs = False
    app.run(headless=True, size=(80, 24), auto_pilot=pilot_fn)

main(["--db", {str(tmp_path / "x.sqlite3")!r}, "--lang", "tr"], run=run)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "SCREEN TodayScreen BABEL False" in result.stdout, (result.stdout, result.stderr)
