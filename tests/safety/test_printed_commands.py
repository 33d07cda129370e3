"""Issue 20, item 1: the undo hint of ``crm-tui --demo import`` restored the demo into the
user's real book when run as printed. Every printed command must open the same database,
a restore asks (or needs --yes), and a copy of the demo never replaces a real book."""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "samples"
SAMPLE = DATA / "rehber_vcard40.vcf"


def crm(*args: str, data: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, CRM_TUI_DATA_DIR=str(data), CRM_TUI_TODAY="2026-11-22")
    env.pop("CRM_TUI_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "crm_tui", "--lang", "en", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
    )


def undo_command(out: str) -> list[str]:
    line = re.search(r"To undo this import: (crm-tui .*)", out)
    assert line, out
    return shlex.split(line.group(1))[1:]  # what follows "crm-tui"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_demo_import_undo_hint_reopens_the_demo_and_never_the_real_book(tmp_path):
    data = tmp_path / "data"
    # the user's real book, with one import in it
    real = crm("import", str(SAMPLE), "--accept-errors", "--yes", data=data)
    assert real.returncode == 0, real.stderr
    real_db = data / "crm.sqlite3"
    # then a try-out on the demo, as a newcomer does
    demo = crm("--demo", "import", str(SAMPLE), "--accept-errors", "--yes", data=data)
    assert demo.returncode == 0, demo.stderr
    args = undo_command(demo.stdout)
    assert args[0] == "--demo" and args[1] == "restore"
    before = digest(real_db)

    # run as printed, without a terminal: it asks for --yes and changes nothing
    asked = crm(*args, data=data)
    assert asked.returncode == 2
    assert "add --yes" in asked.stderr
    # with --yes it restores the demo (not the real book)
    done = crm(*args, "--yes", data=data)
    assert done.returncode == 0, done.stderr
    assert f"into {data / 'demo.sqlite3'}." in done.stdout
    assert digest(real_db) == before

    # the same demo backup, aimed at the real book, is refused and the book untouched
    for target in ([], ["--db", str(real_db)]):
        refused = crm(*target, "restore", args[-1], "--yes", data=data)
        assert refused.returncode == 2
        assert "copy of the demo database" in refused.stderr
        assert digest(real_db) == before


def test_real_import_undo_hint_names_the_database_it_came_from(tmp_path):
    data = tmp_path / "data"
    shop = tmp_path / "dükkan kitabı.sqlite3"  # a path with a space and Turkish letters
    # an import into an empty book needs no undo: the second one does
    for sample in (SAMPLE, DATA / "google_contacts.csv"):
        last = crm("--db", str(shop), "import", str(sample), "--accept-errors", "--yes", data=data)
        assert last.returncode == 0, last.stderr
    args = undo_command(last.stdout)
    assert args[:2] == ["--db", str(shop)] and args[2] == "restore"
    other = data / "crm.sqlite3"
    crm("import", str(SAMPLE), "--accept-errors", "--yes", data=data)
    other_before = digest(other)
    done = crm(*args, "--yes", data=data)
    assert done.returncode == 0, done.stderr
    assert digest(other) == other_before  # the default book was not the one replaced


def test_restore_on_a_terminal_asks_and_no_keeps_the_book(tmp_path, monkeypatch, capsys):
    """Typed answers: anything but yes (or evet) keeps the database as it was."""
    from crm_tui.cli import main

    db = tmp_path / "a.sqlite3"
    assert main(["--db", str(db), "import", str(SAMPLE), "--accept-errors", "--yes"]) == 0
    bak = tmp_path / "b.sqlite3"
    assert main(["--db", str(db), "backup", str(bak)]) == 0
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    for answer, code in (("n", 2), ("", 2), ("hayır", 2), ("evet", 0)):
        monkeypatch.setattr("builtins.input", lambda _q, a=answer: a)
        before = digest(db)
        assert main(["--db", str(db), "restore", str(bak)]) == code
        if code == 2:
            assert "Nothing was restored" in capsys.readouterr().err
            assert digest(db) == before
