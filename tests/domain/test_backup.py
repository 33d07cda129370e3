"""Backups: online backup, daily automatic with rotation, restore with checks."""

from __future__ import annotations

import sqlite3
import stat
from datetime import date, timedelta

import pytest

from crm_tui.config import backup_dir
from crm_tui.db.models import AuditLog, Customer
from crm_tui.domain import backup

from .dataio_fixtures import fill


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
    assert auto.parent == backup_dir() and mode(backup_dir()) == 0o700


def test_auto_backup_once_a_day(db_path, today):
    first = backup.auto_backup(today)
    assert first is not None and first.name == "crm-auto-2026-11-22.sqlite3"
    assert backup.auto_backup(today) is None
    assert backup.auto_backup(today + timedelta(days=1)).name == "crm-auto-2026-11-23.sqlite3"


def test_rotation_keeps_7_daily_and_4_weekly(db_path, today):
    start = today - timedelta(days=59)
    for n in range(60):
        backup.auto_backup(start + timedelta(days=n))
    kept = sorted(p.name for p in backup_dir().glob("crm-auto-*.sqlite3"))
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
    assert not list(backup_dir().glob("*before-restore*")) if backup_dir().exists() else True
    assert db_path.read_bytes()[:100] == original[:100]
