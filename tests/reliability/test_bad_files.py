"""A damaged or foreign file as the database, a read-only file, a full disk, a missing data
folder: one clear line from the real ``crm-tui`` command, exit code 2, no traceback, and
the file left exactly as it was.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
from pathlib import Path

import peewee
import pytest

from crm_tui.cli import main
from crm_tui.db import DatabaseOpenError, close_database, open_database
from crm_tui.db.connection import describe_error, is_locked_error
from crm_tui.domain.customers import CustomerInput, create_customer

from .helpers import check_consistent, integrity, reported, run_cli, start_worker

NOT_ROOT = pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")


@pytest.fixture(scope="module")
def good_db(tmp_path_factory) -> Path:
    """A real crm-tui database with a few hundred customers (several pages of data)."""
    path = tmp_path_factory.mktemp("good") / "good.sqlite3"
    open_database(path)
    for i in range(300):
        create_customer(
            CustomerInput(
                name=f"Müşteri {i} Işıkoğlu",
                phones=[("mobile", f"0532 {i:03d} 45 67")],
                notes="Uzun bir not: " + "çğıöşü " * 60,
            )
        )
    close_database()  # checkpoints the WAL into the file
    return path


def _assert_refused(result, *words: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    err = result.stderr
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("crm-tui: ")
    for word in words:
        assert word in err, err


def _variants(data: bytes) -> dict[str, bytes]:
    page = int.from_bytes(data[16:18], "big")
    n = len(data)
    rnd = os.urandom(n)
    return {
        "cut-at-half": data[: n // 2],
        "cut-after-one-page": data[:page],
        "cut-in-the-header": data[:60],
        "random-after-header": data[:16] + rnd[16:],
        "random-after-first-page": data[:page] + rnd[page:],
        "random-second-half": data[: n // 2] + rnd[n // 2 :],
        "zeroed-pages": data[: 3 * page] + b"\0" * (4 * page) + data[7 * page :],
    }


@pytest.mark.parametrize(
    "variant",
    [
        "cut-at-half",
        "cut-after-one-page",
        "cut-in-the-header",
        "random-after-header",
        "random-after-first-page",
        "random-second-half",
        "zeroed-pages",
    ],
)
def test_damaged_database_is_refused_untouched(good_db, tmp_path, variant):
    data = _variants(good_db.read_bytes())[variant]
    path = tmp_path / "damaged.sqlite3"
    path.write_bytes(data)
    result = run_cli("--db", path)  # the TUI path: must stop before the TUI starts
    _assert_refused(result, "damaged")
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["damaged.sqlite3"]


def test_damaged_database_refused_by_subcommands_too(good_db, tmp_path):
    data = _variants(good_db.read_bytes())["random-second-half"]
    path = tmp_path / "damaged.sqlite3"
    path.write_bytes(data)
    _assert_refused(run_cli("--db", path, "lookup", "ayşe"), "damaged")
    assert path.read_bytes() == data


@pytest.mark.parametrize(
    "content",
    [
        b"",  # handled: an empty file becomes a new database (see below)
        b"\x89PNG\r\n\x1a\n" + b"\0" * 200,
        "Ad Soyad;Telefon\nAyşe;0532 111 22 33\n".encode(),
        b"SQLite format 2\x00" + b"\0" * 100,
    ],
    ids=["empty", "png", "csv", "sqlite2"],
)
def test_foreign_file_is_refused_untouched(tmp_path, content):
    path = tmp_path / "musteriler.db"
    path.write_bytes(content)
    result = run_cli("--db", path, "lookup", "ayşe")
    if not content:
        assert result.returncode in (0, 1), result.stderr  # created: nothing found
        return
    _assert_refused(result, "not a crm-tui database")
    assert path.read_bytes() == content


def test_other_programs_sqlite_file_is_not_migrated(tmp_path):
    """A valid SQLite file of another program must not get our tables added to it."""
    path = tmp_path / "places.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    con.execute("INSERT INTO moz_places (url) VALUES ('https://example.com')")
    con.commit()
    con.close()
    before = path.read_bytes()
    _assert_refused(run_cli("--db", path, "lookup", "x"), "another program")
    assert path.read_bytes() == before


# -- read-only ------------------------------------------------------------------------


def _deny_write(monkeypatch, target: Path) -> None:
    real = os.access

    def access(path, mode, *args, **kwargs):
        if Path(path).resolve() == target.resolve() and mode & os.W_OK:
            return False
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def test_read_only_database_gives_one_clear_line(good_db, tmp_path, monkeypatch, capsys):
    """Simulated with os.access (CI runs as root, where chmod does not stop anyone)."""
    path = tmp_path / "ro.sqlite3"
    shutil.copyfile(good_db, path)
    before = path.read_bytes()
    _deny_write(monkeypatch, path)
    assert main(["--db", str(path), "lookup", "müşteri"]) == 2
    err = capsys.readouterr().err
    assert "read-only" in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_read_only_folder_gives_one_clear_line(good_db, tmp_path, monkeypatch, capsys):
    """SQLite needs to create crm.sqlite3-wal next to the file."""
    folder = tmp_path / "ro-folder"
    folder.mkdir()
    path = folder / "crm.sqlite3"
    shutil.copyfile(good_db, path)
    before = path.read_bytes()
    _deny_write(monkeypatch, folder)
    assert main(["--db", str(path), "lookup", "müşteri"]) == 2
    err = capsys.readouterr().err
    assert "read-only" in err and "Traceback" not in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["crm.sqlite3"]


@NOT_ROOT
def test_read_only_database_real_permissions(good_db, tmp_path):
    path = tmp_path / "ro.sqlite3"
    shutil.copyfile(good_db, path)
    os.chmod(path, 0o400)
    before = path.read_bytes()
    _assert_refused(run_cli("--db", path, "lookup", "x"), "read-only")
    assert path.read_bytes() == before


def test_sqlite_readonly_error_is_described(good_db, tmp_path):
    """A write refused by SQLite itself (e.g. the file became read-only while open)."""
    path = tmp_path / "ro.sqlite3"
    shutil.copyfile(good_db, path)
    database = peewee.SqliteDatabase(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(peewee.OperationalError) as exc:
        database.execute_sql("INSERT INTO tag (name) VALUES ('x')")
    database.close()
    assert "read-only" in describe_error(exc.value, path)
    assert not is_locked_error(exc.value)


# -- full disk ------------------------------------------------------------------------


def _limit_file_size(limit: int):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_full_disk_when_creating_a_database(tmp_path):
    path = tmp_path / "new.sqlite3"
    result = run_cli("--db", path, "lookup", "x", preexec_fn=_limit_file_size(48 * 1024))
    _assert_refused(result, "disk is full")
    # nothing half-made: the same file opens and is set up once there is room again
    result = run_cli("--db", path, "lookup", "x")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert integrity(path) == "ok"


def test_full_disk_while_working_loses_nothing_committed(good_db, tmp_path):
    path = tmp_path / "full.sqlite3"
    shutil.copyfile(good_db, path)
    limit = path.stat().st_size + 96 * 1024
    proc = start_worker("fill", path, limit)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "NEVER FULL" not in out
    error_lines = [line for line in out.splitlines() if line.startswith("ERROR ")]
    assert error_lines and "disk is full" in error_lines[0], out[-500:]
    ops = reported(out)
    assert ops, "nothing was written before the disk filled up"
    assert integrity(path) == "ok"
    state = check_consistent(path)
    assert all(cid in state for _op, cid, _v, _n in ops)
    assert len(state) == 300 + len(ops)  # the failed one left nothing behind


FULL_WHILE_SAVING_COPIES = r"""
import os, resource, signal, sys
from pathlib import Path
from crm_tui.db import open_database
from crm_tui.domain import backup, exporters
db, out, limit = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
open_database(db)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
for what, call in (
    ("export", lambda: exporters.export("csv", "customers", out / "musteriler.csv")),
    ("backup", lambda: backup.make_backup(out / "yedek.sqlite3")),
):
    try:
        call()
        print(what, "WRITTEN")
    except (exporters.ExportError, backup.BackupError) as exc:
        print(what, "REFUSED", str(exc).replace(chr(10), " "))
"""


def test_full_disk_during_an_export_and_a_backup_leaves_the_old_files(good_db, tmp_path):
    """An export replaces the old file only once the new one is whole; a backup that does
    not fit leaves no half file that could later be restored."""
    import subprocess
    import sys

    from .helpers import ROOT, child_env

    path = tmp_path / "crm.sqlite3"
    shutil.copyfile(good_db, path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "musteriler.csv").write_text("eski dışa aktarım\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", FULL_WHILE_SAVING_COPIES, str(path), str(out), str(8 * 1024)],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["export"].startswith("REFUSED") and "musteriler.csv" in lines["export"]
    assert lines["backup"].startswith("REFUSED"), lines
    assert (out / "musteriler.csv").read_text(encoding="utf-8") == "eski dışa aktarım\n"
    assert sorted(p.name for p in out.iterdir()) == ["musteriler.csv"], "a half file was left"
    assert integrity(path) == "ok"


# -- missing or impossible data folder ----------------------------------------------------


def test_missing_data_folder_is_created_private(tmp_path):
    data = tmp_path / "yok" / "hic" / "data"
    result = run_cli("lookup", "ayşe", env={"CRM_TUI_DATA_DIR": str(data)})
    assert result.returncode == 1, result.stderr  # created, empty: no match
    assert "Traceback" not in result.stderr
    assert (data / "crm.sqlite3").exists()
    assert (data.stat().st_mode & 0o777) == 0o700
    assert (os.stat(data / "crm.sqlite3").st_mode & 0o777) == 0o600


def test_data_folder_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run_cli("lookup", "ayşe", env={"CRM_TUI_DATA_DIR": str(blocker / "data")})
    _assert_refused(result)
    assert blocker.read_text() == "x"


def test_db_in_a_missing_folder(tmp_path):
    result = run_cli("--db", tmp_path / "yok" / "crm.sqlite3")
    _assert_refused(result, "does not exist")
    assert not (tmp_path / "yok").exists()


def test_open_errors_are_database_open_errors(tmp_path):
    """The library path (used by the TUI and every subcommand) raises only DatabaseOpenError."""
    path = tmp_path / "x.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    with pytest.raises(DatabaseOpenError):
        open_database(path)
