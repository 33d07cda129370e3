"""crm-tui import / export / backup / restore from the command line."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from crm_tui.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "samples"


def run(*args, tmp_path):
    env = dict(os.environ, CRM_TUI_DATA_DIR=str(tmp_path / "data"), CRM_TUI_TODAY="2026-11-22")
    return subprocess.run(
        [sys.executable, "-m", "crm_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_import_dry_run_then_real(tmp_path, capsys):
    db = str(tmp_path / "a.sqlite3")
    src = str(DATA / "musteriler_eski_excel_1254_noktalivirgul.csv")
    assert main(["--db", db, "import", src, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "encoding cp1254" in out and "Müşteri Adı → Full name [name]" in out
    assert "Row 5: bad phone '123'" in out and "Dry run: nothing was written." in out
    # refused rows: nothing imported without --accept-errors
    assert main(["--db", db, "import", src]) == 2
    assert "3 rows were refused; nothing was imported" in capsys.readouterr().err
    assert main(["--db", db, "import", src, "--accept-errors"]) == 0
    assert "Imported: 3 created, 0 updated, 1 skipped, 3 refused." in capsys.readouterr().out
    assert main(["--db", db, "import", src, "--accept-errors", "--on-duplicate", "merge"]) == 0
    assert "Imported: 0 created, 3 updated" in capsys.readouterr().out


def test_import_mapping_override_and_policies(tmp_path, capsys):
    db = str(tmp_path / "a.sqlite3")
    src = str(DATA / "musteriler_excel_utf8_bom_virgul.csv")
    assert main(["--db", db, "import", src, "--accept-errors", "--mapping", "Notlar=ignore"]) == 0
    capsys.readouterr()
    pol = str(DATA / "policeler_sigorta_sirketi.csv")
    assert main(["--db", db, "import", pol, "--kind", "policies", "--accept-errors"]) == 0
    assert "Imported: 4 created, 0 updated, 1 skipped, 4 refused." in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, message",
    [
        (["import", "missing.csv"], "File not found"),
        (["import", "{data}/rehber_vcard30.vcf", "--mapping", "Nope=name"], "no column 'Nope'"),
        (["import", "{data}/rehber_vcard30.vcf", "--mapping", "1=nonsense"], "unknown field"),
        (["import", "{tmp}/pic.png"], "Unknown file format"),
        (["import", "{tmp}/bin.csv"], "not a text file"),
        (["restore", "{tmp}/pic.png"], "not a crm-tui database"),
        (["restore", "{tmp}/none.sqlite3"], "File not found"),
        (["export", "--format", "pdf", "--out", "{tmp}/x.pdf"], "Unknown format"),
        (["export", "--format", "csv", "--what", "cars", "--out", "{tmp}/x.csv"], "Cannot export"),
    ],
)
def test_user_errors_one_line_exit_2_nothing_written(tmp_path, args, message):
    (tmp_path / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    (tmp_path / "bin.csv").write_bytes(b"\x00\x01\x02" * 100)
    args = [a.format(data=DATA, tmp=tmp_path) for a in args]
    db = tmp_path / "new.sqlite3"
    result = run("--db", str(db), *args, tmp_path=tmp_path)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    if args[0] == "import":
        assert not db.exists()  # not even an empty database
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.pdf").exists()


def test_export_backup_restore(tmp_path, capsys):
    db = str(tmp_path / "a.sqlite3")
    assert main(["--db", db, "import", str(DATA / "rehber_vcard40.vcf"), "--accept-errors"]) == 0
    out = tmp_path / "all.json"
    assert main(["--db", db, "export", "--format", "json", "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text())["format"] == "crm-tui"
    csv_out = tmp_path / "c.csv"
    assert main(["--db", db, "export", "--out", str(csv_out), "--delimiter", ";"]) == 0
    assert "Leyla Arslan" in csv_out.read_text(encoding="utf-8-sig")
    bak = tmp_path / "b.sqlite3"
    assert main(["--db", db, "backup", str(bak)]) == 0
    assert stat.S_IMODE(bak.stat().st_mode) == 0o600
    assert main(["--db", db, "backup", str(bak)]) == 2  # never overwrites
    fresh = str(tmp_path / "fresh.sqlite3")
    assert main(["--db", fresh, "restore", str(bak), "--yes"]) == 0
    assert "previous database was kept" in capsys.readouterr().out
    assert main(["--db", str(tmp_path / "j.sqlite3"), "import", str(out)]) == 0
    assert "2 customers" in capsys.readouterr().out


def test_dataio_commands_do_not_import_textual(tmp_path):
    code = (
        "import sys; from crm_tui.cli import main; "
        f"main(['--db', {str(tmp_path / 'a.sqlite3')!r}, 'import', "
        f"{str(DATA / 'google_contacts.csv')!r}, '--dry-run']); "
        f"main(['--db', {str(tmp_path / 'a.sqlite3')!r}, 'backup']); "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    env = dict(os.environ, CRM_TUI_DATA_DIR=str(tmp_path / "data"))
    subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)


def test_privacy_commands(tmp_path, capsys):
    db = str(tmp_path / "a.sqlite3")
    src = str(DATA / "musteriler_excel_utf8_bom_virgul.csv")
    assert main(["--db", db, "import", src, "--accept-errors"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "privacy", "show", "sukru"]) == 0
    assert "SMS: never asked (no consent)" in capsys.readouterr().out
    args = ["--db", db, "privacy", "consent", "Şükrü Öztürk", "sms", "yes", "--iys"]
    assert (
        main([*args, "--method", "written", "--reference", "Form 7", "--date", "01.11.2026"]) == 0
    )
    assert "SMS: given 01/11/2026 12:00, written form, “Form 7”" in capsys.readouterr().out
    assert main(["--db", db, "--lang", "tr", "privacy", "consent", "#2", "sms", "no"]) == 0
    assert "SMS: geri alındı" in capsys.readouterr().out
    assert main(["--db", db, "privacy", "show", "#2"]) == 0
    out = capsys.readouterr().out
    assert out.index("SMS: withdrawn") < out.index("History") < out.index("SMS: given")
    # a name that fits several customers, or none, is refused with a clear line
    assert main(["--db", db, "privacy", "show", "example.com"]) == 2
    assert "matches several customers" in capsys.readouterr().err
    assert main(["--db", db, "privacy", "consent", "#2", "sms", "yes", "--date", "31.02.2026"]) == 2
    assert "crm-tui:" in capsys.readouterr().err
    out_file = tmp_path / "sukru.json"
    assert main(["--db", db, "privacy", "export", "#2", str(out_file)]) == 0
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    assert json.loads(out_file.read_text())["consents"][0]["reference"] == "Form 7"
    # erase asks; without a terminal to ask in, nothing happens
    assert main(["--db", db, "privacy", "erase", "#2"]) == 2
    assert "run it in a terminal" in capsys.readouterr().err
    assert main(["--db", db, "privacy", "erase", "#2", "--yes"]) == 0
    assert "#2 Şükrü Öztürk was erased" in capsys.readouterr().out
    assert main(["--db", db, "lookup", "sukru"]) == 1
    # erasing again: the records stay as they are, the file is purged again (issue 14)
    assert main(["--db", db, "privacy", "erase", "#2", "--yes"]) == 0
    assert "was erased already" in capsys.readouterr().out


def test_import_asks_in_a_terminal(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "a.sqlite3")
    src = str(DATA / "musteriler_eski_excel_1254_noktalivirgul.csv")
    answers = iter(["n", "e"])
    asked = []

    def fake_input(question):
        asked.append(question)
        return next(answers)

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", fake_input)
    assert main(["--db", db, "import", src]) == 2  # answered no
    assert "Nothing was imported." in capsys.readouterr().err
    assert "Import only the 3 good rows?" in asked[0]
    assert main(["--db", db, "--lang", "tr", "import", src]) == 0  # "e" (evet)
    assert "Yalnızca sorunsuz 3 satır" in asked[1]
    assert "İçe aktarıldı: 3 yeni" in capsys.readouterr().out
    # --yes does not ask; a second import of the same file makes a safety backup first
    assert main(["--db", db, "import", src, "--yes", "--accept-errors"]) == 0
    out = capsys.readouterr().out
    assert "Nothing to import." in out and len(asked) == 2
    other = str(DATA / "google_contacts.csv")
    assert main(["--db", db, "import", other, "--yes", "--accept-errors"]) == 0
    assert f"To undo this import: crm-tui --db {db} restore " in capsys.readouterr().out


def test_export_without_out_names_the_file(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "a.sqlite3")
    assert main(["--db", db, "import", str(DATA / "rehber_vcard40.vcf"), "--accept-errors"]) == 0
    monkeypatch.chdir(tmp_path / "..")  # not where the export goes: the home folder is
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    assert main(["--db", db, "--lang", "tr", "export", "--delimiter", ";"]) == 0
    assert "crm-musteriler-2026-11-22.csv" in capsys.readouterr().out
    assert "Leyla Arslan" in (tmp_path / "crm-musteriler-2026-11-22.csv").read_text("utf-8-sig")
    assert main(["--db", db, "export", "--format", "ics"]) == 0
    assert (tmp_path / "crm-calendar-2026-11-22.ics").exists()
    assert main(["--db", db, "export", "--format", "json"]) == 0
    assert stat.S_IMODE((tmp_path / "crm-all-data-2026-11-22.json").stat().st_mode) == 0o600


def test_export_xlsx_from_the_command_line(tmp_path, capsys):
    import openpyxl

    db = str(tmp_path / "a.sqlite3")
    assert main(["--db", db, "import", str(DATA / "rehber_vcard40.vcf"), "--accept-errors"]) == 0
    out = tmp_path / "c.xlsx"
    assert main(["--db", db, "export", "--format", "xlsx", "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    names = [row[1] for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
    assert "Leyla Arslan" in names
    for what in ("policies", "reminders", "complaints"):
        target = tmp_path / f"{what}.xlsx"
        assert (
            main(["--db", db, "export", "--format", "xlsx", "--what", what, "--out", str(target)])
            == 0
        )
        assert openpyxl.load_workbook(target).active.max_row >= 1
