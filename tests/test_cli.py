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
