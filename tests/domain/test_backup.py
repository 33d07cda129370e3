"""Backups: online backup, daily automatic with rotation, restore with checks."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import date, timedelta

import pytest

from crm_tui.config import backup_dir
from crm_tui.db.models import AuditLog, Customer
from crm_tui.domain import backup

from .dataio_fixtures import fill

pytestmark = pytest.mark.sqlite_only("backups and restores copy the SQLite file")


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_database_file_is_private(db_path):
    assert mode(db_path) == 0o600


def test_make_backup_is_a_private_consistent_copy(db_path, tmp_path):
    fill()
    dest = backup.make_backup(tmp_path / "b.sqlite3")
    assert mode(dest) == 0o600
    conn = sqlite3.connect(dest)
    assert conn.execute("SELECT name FROM customer ORDER BY id").fetchall()[0] == ("Ayşe Yılmaz",)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    with pytest.raises(backup.BackupError, match="already exists"):
        backup.make_backup(dest)
    auto = backup.make_backup()
    assert auto.parent == backup.backups_folder() and mode(auto.parent) == 0o700
    assert auto.parent.parent == backup_dir() and mode(backup_dir()) == 0o700
    assert not list(auto.parent.glob(".*"))  # no temporary files left behind


def test_backup_folders_per_database(tmp_path, monkeypatch):
    """Your own database keeps its backups in <data>/backups; a --db file elsewhere with
    the same name gets its own folder, so neither rotates away nor offers the other's."""
    from crm_tui.config import data_dir, default_db_path, ensure_dir
    from crm_tui.db import close_database, open_database

    ensure_dir(data_dir())
    open_database(default_db_path())
    try:
        own = backup.make_backup()
        assert own.parent == backup_dir()
        assert backup.auto_backup(date(2026, 11, 22)) is not None
        close_database()
        other = tmp_path / "shop" / "crm.sqlite3"
        other.parent.mkdir()
        open_database(other)
        assert backup.list_backups() == []  # not the other crm.sqlite3's backups
        auto = backup.auto_backup(date(2026, 11, 22))
        assert auto is not None and auto.parent != backup_dir()
        assert [b.path for b in backup.list_backups()] == [auto]
        close_database()
        open_database(default_db_path())
        assert {b.path.parent for b in backup.list_backups()} == {backup_dir()}
        # the demo database's backups are not offered for restore over your own
        demo = backup_dir() / "demo-20261122-101500.sqlite3"
        demo.write_bytes(own.read_bytes())
        assert demo not in [b.path for b in backup.list_backups()]
    finally:
        close_database()


def test_a_backup_cut_short_leaves_no_file(db_path, tmp_path, monkeypatch):
    from crm_tui.db import backup as raw

    fill()

    def failing_backup(dest):
        real = sqlite3.connect

        def connect(path, *a, **kw):
            conn = real(path, *a, **kw)
            conn.execute("CREATE TABLE half (x)")  # something got written...
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(raw.sqlite3, "connect", connect)
        try:
            return original(dest)
        finally:
            monkeypatch.setattr(raw.sqlite3, "connect", real)

    original = raw.backup_to
    monkeypatch.setattr(raw, "backup_to", failing_backup)
    with pytest.raises(backup.BackupError, match="No space left"):
        backup.auto_backup(date(2026, 11, 22))
    monkeypatch.setattr(raw, "backup_to", original)
    assert list(backup.backups_folder().iterdir()) == []
    # the next start tries again (a half-written file would have said "done today")
    assert backup.auto_backup(date(2026, 11, 22)) is not None


def test_auto_backup_once_a_day(db_path, today):
    first = backup.auto_backup(today)
    assert first is not None and first.name == "crm-auto-2026-11-22.sqlite3"
    assert backup.auto_backup(today) is None
    assert backup.auto_backup(today + timedelta(days=1)).name == "crm-auto-2026-11-23.sqlite3"


def test_rotation_keeps_7_daily_and_4_weekly(db_path, today):
    start = today - timedelta(days=59)
    for n in range(60):
        backup.auto_backup(start + timedelta(days=n))
    kept = sorted(p.name for p in backup.backups_folder().glob("crm-auto-*.sqlite3"))
    days = [date.fromisoformat(n[9:19]) for n in kept]
    assert len(kept) == 11
    assert days[-7:] == [today - timedelta(days=i) for i in range(6, -1, -1)]
    weekly = days[:4]
    assert len({d.isocalendar()[:2] for d in weekly}) == 4
    assert all(d < today - timedelta(days=6) for d in weekly)
    # manual backups are never rotated away
    manual = backup.make_backup()
    backup.auto_backup(today + timedelta(days=1))
    assert manual.exists()
    kinds = {b.kind for b in backup.list_backups()}
    assert kinds == {"auto", "manual"}


def test_restore_round_trip_keeps_previous(db_path, tmp_path):
    fill()
    saved = backup.make_backup(tmp_path / "saved.sqlite3")
    Customer.delete().where(Customer.name == "Şükrü Öztürk").execute()
    Customer.create(name="Yeni Kişi")
    before = backup.restore(saved)
    names = {c.name for c in Customer.select()}
    assert names == {"Ayşe Yılmaz", "Şükrü Öztürk"}
    assert before.exists() and "before-restore" in before.name and mode(before) == 0o600
    conn = sqlite3.connect(before)
    assert ("Yeni Kişi",) in conn.execute("SELECT name FROM customer").fetchall()
    conn.close()
    assert AuditLog.select().where(AuditLog.action == "restore").count() == 1
    assert [b.kind for b in backup.list_backups()] == ["before_restore"]


def test_restore_refuses_corrupt_foreign_and_newer_files(db_path, tmp_path):
    fill()
    good = backup.make_backup(tmp_path / "good.sqlite3")
    original = db_path.read_bytes()

    corrupt = tmp_path / "corrupt.sqlite3"
    data = bytearray(good.read_bytes())
    for page in range(2, len(data) // 4096):  # trash every page after the first
        data[page * 4096 + 100 : page * 4096 + 400] = b"\xde\xad" * 150
    corrupt.write_bytes(bytes(data))
    with pytest.raises(backup.BackupError, match="damaged"):
        backup.restore(corrupt)

    truncated = tmp_path / "short.sqlite3"
    truncated.write_bytes(good.read_bytes()[:8192])
    with pytest.raises(backup.BackupError, match="damaged"):
        backup.restore(truncated)

    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(backup.BackupError, match="not an SQLite file"):
        backup.restore(text)

    foreign = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE photos (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(backup.BackupError, match="not a crm-tui database"):
        backup.restore(foreign)

    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(good.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    with pytest.raises(backup.BackupError, match="newer crm-tui"):
        backup.restore(newer)

    with pytest.raises(backup.BackupError, match="File not found"):
        backup.restore(tmp_path / "nope.sqlite3")

    # nothing was replaced, no before-restore copies made
    assert Customer.select().count() == 2
    assert not list(backup.backups_folder().glob("*before-restore*"))
    assert db_path.read_bytes()[:100] == original[:100]


HOLD_OPEN = """
import sys
from crm_tui.db import open_database
from crm_tui.db.models import Customer
open_database(sys.argv[1])
print(Customer.select().count(), flush=True)
sys.stdin.read()  # keep the database open until the test closes stdin
"""


def test_restore_refused_while_another_instance_has_the_database_open(db_path, tmp_path):
    fill()
    saved = backup.make_backup(tmp_path / "saved.sqlite3")
    Customer.create(name="Yeni Kişi")
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        assert other.stdout.readline().strip() == "3"  # the other window is open
        with pytest.raises(backup.BackupError, match="Another crm-tui window or desk"):
            backup.restore(saved)
        assert Customer.select().where(Customer.name == "Yeni Kişi").exists()
        assert not list(backup.backups_folder().glob("*before-restore*"))
    finally:
        other.stdin.close()
        other.wait(timeout=30)
    backup.restore(saved)  # once it is closed, the restore goes through
    assert not Customer.select().where(Customer.name == "Yeni Kişi").exists()


WAIT_OPEN = """
import sys
from crm_tui.db import DatabaseOpenError, open_database
from crm_tui.db import instance_lock as raw
raw_wait = raw.hold_instance_lock
raw.hold_instance_lock = lambda path, wait=15.0: raw_wait(path, wait=0.3)
try:
    open_database(sys.argv[1])
    print("opened")
except DatabaseOpenError as exc:
    print(exc)
"""


def test_an_instance_starting_during_a_restore_waits(db_path):
    from crm_tui.db import backup as raw

    with raw.sole_instance(db_path):
        out = subprocess.run(
            [sys.executable, "-c", WAIT_OPEN, str(db_path)],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout
        assert "A backup is being restored into" in out
    out = subprocess.run(
        [sys.executable, "-c", WAIT_OPEN, str(db_path)], capture_output=True, text=True, timeout=30
    ).stdout
    assert out.strip() == "opened"
