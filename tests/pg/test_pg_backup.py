"""Backups of a PostgreSQL database: pg_dump / pg_restore (custom format) behind the same
domain functions and commands as SQLite's. A backup brings changed data back; a garbage
file, a dump of another program's database or of a newer schema is refused in one line
with the live data untouched; a restore first dumps the live database (before-restore)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crm_tui.cli import main
from crm_tui.db import close_database, open_database, pg_backup
from crm_tui.db.migrations import SCHEMA_VERSION
from crm_tui.db.models import Customer
from crm_tui.domain import backup
from crm_tui.domain.backup_folder import BackupError
from crm_tui.domain.customers import CustomerInput, create_customer


@pytest.fixture
def opened(pg_url):
    open_database(pg_url)
    try:
        yield pg_url
    finally:
        close_database()


def _names() -> list[str]:
    return sorted(c.name for c in Customer.select())


def _dump_of(pg_server, dbname: str, dest: Path) -> Path:
    done = subprocess.run(
        [
            str(pg_server.bin_dir / "pg_dump"),
            "-Fc",
            "-f",
            str(dest),
            "-d",
            pg_server.url(dbname),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return dest


def test_backup_then_change_then_restore_brings_the_data_back(opened):
    create_customer(CustomerInput(name="Ayşe Yılmaz"))
    made = backup.make_backup()
    assert made.suffix == ".dump" and made.stat().st_mode & 0o777 == 0o600
    assert made.read_bytes().startswith(b"PGDMP")
    assert [b.path for b in backup.list_backups()] == [made]
    assert backup.check_backup_file(made) == SCHEMA_VERSION

    Customer.delete().execute()
    create_customer(CustomerInput(name="Mehmet Kaya"))
    result = backup.restore_with_report(made)
    assert _names() == ["Ayşe Yılmaz"]
    assert result.before.suffix == ".dump" and "before-restore" in result.before.name
    kinds = {b.kind for b in backup.list_backups()}
    assert kinds == {"manual", "before_restore"}

    # the before-restore dump holds the data the restore replaced
    backup.restore_with_report(result.before)
    assert _names() == ["Mehmet Kaya"]
    # the search index came back with the rows
    create_customer(CustomerInput(name="Zeynep Demir"))


def test_daily_backup_once_a_day_and_rotated(opened):
    from datetime import date, timedelta

    create_customer(CustomerInput(name="Ayşe Yılmaz"))
    first = backup.auto_backup(date(2026, 11, 2))  # a Monday
    assert first is not None and first.name.endswith("-auto-2026-11-02.dump")
    assert backup.auto_backup(date(2026, 11, 2)) is None
    for n in range(1, 14):
        backup.auto_backup(date(2026, 11, 2) + timedelta(days=n))
    autos = [b for b in backup.list_backups() if b.kind == "auto"]
    assert len(autos) == 8  # 7 daily (9-15 Nov) + the newest of the week before (8 Nov)
    assert not first.exists()


def _refused(path: Path, pg_url, needle: str) -> None:
    with pytest.raises(BackupError) as info:
        backup.restore_with_report(path)
    message = str(info.value)
    assert "\n" not in message and needle in message, message
    assert _names() == ["Ayşe Yılmaz"]
    assert not any(b.kind == "before_restore" for b in backup.list_backups())


def test_garbage_foreign_and_sqlite_files_are_refused(opened, pg_server, tmp_path):
    create_customer(CustomerInput(name="Ayşe Yılmaz"))
    garbage = tmp_path / "garbage.dump"
    garbage.write_bytes(os.urandom(4000))
    _refused(garbage, opened, "not a crm-tui backup")

    cut = tmp_path / "cut.dump"
    whole = backup.make_backup(tmp_path / "whole.dump")
    cut.write_bytes(whole.read_bytes()[:300])
    _refused(cut, opened, "damaged")

    other = pg_server.create_database("other")
    try:
        pg_server.psql("CREATE TABLE foo (id int); INSERT INTO foo VALUES (1)", other)
        foreign = _dump_of(pg_server, other, tmp_path / "foreign.dump")
    finally:
        pg_server.drop_database(other)
    _refused(foreign, opened, "not of a crm-tui database")

    sqlite_copy = tmp_path / "crm.sqlite3"
    sqlite_copy.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    _refused(sqlite_copy, opened, "SQLite")


def test_a_dump_of_a_newer_schema_is_refused(opened, pg_server, tmp_path):
    create_customer(CustomerInput(name="Ayşe Yılmaz"))
    newer_db = pg_server.create_database("newer")
    url = pg_server.url(newer_db)
    try:
        open_database(url)
        close_database()
        pg_server.psql(
            "INSERT INTO schema_history (step, name, checksum, applied_at, adopted)"
            f" VALUES ({SCHEMA_VERSION + 1}, 'from the future', NULL, '2030-01-01 00:00:00', 0)",
            newer_db,
        )
        newer = _dump_of(pg_server, newer_db, tmp_path / "newer.dump")
    finally:
        pg_server.drop_database(newer_db)
        open_database(opened)
    _refused(newer, opened, "newer crm-tui")


def test_a_demo_dump_is_not_restored_into_a_real_book(opened, tmp_path):
    from crm_tui.domain.settings import set_setting

    create_customer(CustomerInput(name="Ayşe Yılmaz"))
    set_setting("demo", True)
    demo = backup.make_backup(tmp_path / "demo.dump")
    set_setting("demo", False)
    _refused(demo, opened, "demo")


def test_the_password_goes_to_the_child_environment_not_its_arguments(monkeypatch, tmp_path):
    seen = {}

    def fake_run(args, **kw):
        seen["args"], seen["env"] = args, kw["env"]
        return subprocess.CompletedProcess(args, 1, "", "pg_dump: error: boom")

    monkeypatch.setattr(pg_backup.subprocess, "run", fake_run)
    url = "postgresql://crm:s3cr%40t@db.example:5433/crm?sslmode=require"
    with pytest.raises(pg_backup.EngineError, match="boom"):
        pg_backup.dump_to(url, tmp_path / "x.dump")
    assert not any("s3cr" in a for a in seen["args"])
    assert "postgresql://crm@db.example:5433/crm?sslmode=require" in seen["args"]
    assert seen["env"]["PGPASSWORD"] == "s3cr@t"
    assert not list(tmp_path.iterdir())  # no .part left


def test_a_missing_tool_is_named_in_one_line(monkeypatch):
    monkeypatch.setattr(pg_backup.shutil, "which", lambda name: None)
    monkeypatch.setattr(pg_backup.glob, "glob", lambda pattern: [])
    with pytest.raises(pg_backup.ToolMissing) as info:
        pg_backup.find_tool("pg_dump")
    assert "pg_dump" in str(info.value) and "postgresql-client" in str(info.value)


def test_the_cli_backup_and_restore_end_to_end(pg_url, pg_server, tmp_path, capsys):
    open_database(pg_url)
    create_customer(CustomerInput(name="Ayşe Yılmaz"))
    close_database()

    dest = tmp_path / "office.dump"
    assert main(["--db", pg_url, "backup", str(dest)]) == 0
    assert dest.exists()
    assert main(["--db", pg_url, "backup"]) == 0
    out = capsys.readouterr().out
    assert ".dump" in out

    pg_server.psql("DELETE FROM customer", urlsplit(pg_url).path.lstrip("/"))
    assert main(["--db", pg_url, "restore", str(dest), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "before-restore" in out
    open_database(pg_url)
    try:
        assert _names() == ["Ayşe Yılmaz"]
    finally:
        close_database()

    garbage = tmp_path / "garbage.dump"
    garbage.write_bytes(b"PGDMP" + os.urandom(500))
    assert main(["--db", pg_url, "restore", str(garbage), "--yes"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("crm-tui:") and "Traceback" not in err


def test_an_idle_connection_elsewhere_does_not_block_the_restore(opened):
    """The app's warm lookup thread keeps its connection open between reads."""
    import threading

    from crm_tui.db.models import db

    create_customer(CustomerInput(name="Ayşe Yılmaz"))
    made = backup.make_backup()
    ready, finished = threading.Event(), threading.Event()

    def reader() -> None:
        db.connect(reuse_if_open=True)
        list(Customer.select())
        ready.set()
        finished.wait(60)  # stays connected, idle, until the restore is over
        db.close()

    worker = threading.Thread(target=reader)
    worker.start()
    try:
        assert ready.wait(30)
        Customer.delete().execute()
        backup.restore_with_report(made)
    finally:
        finished.set()
        worker.join()
    assert _names() == ["Ayşe Yılmaz"]
