"""A healthy file is never called damaged; a damaged one gives one clear line everywhere
and is never copied into a backup; two windows making the daily backup at once; a
newer-schema file is refused untouched; file modes of an existing --db file; a bad
backup offered for restore; four writers racing for the write lock."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from crm_tui.db import close_database, open_database
from crm_tui.domain.customers import CustomerInput, create_customer

from .helpers import ROOT, child_env, finish_all, integrity, run_cli


def _make_db(path: Path, customers: int = 300, notes: str = "") -> Path:
    open_database(path)
    for i in range(customers):
        create_customer(
            CustomerInput(
                name=f"Müşteri {i} Işıkoğlu",
                phones=[("mobile", f"0532 {i:03d} 45 67")],
                notes=notes or "Uzun bir not: " + "çğıöşü " * 60,
            )
        )
    close_database()
    return path


def _one_line(result, *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


# -- item 5: a crash or full disk during a checkpoint is not damage ----------------------


@pytest.fixture(scope="module")
def wal_snapshot(tmp_path_factory) -> tuple[Path, Path]:
    """A database whose newest pages are only in its -wal (as after a crash), and the same
    database checkpointed (what a finished checkpoint writes)."""
    folder = tmp_path_factory.mktemp("wal")
    base = _make_db(folder / "base.sqlite3", 100)
    con = sqlite3.connect(base)
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.execute(
        "UPDATE customer SET notes = notes || ? WHERE id % 2 = 0", ("Yeni uzun not " * 300,)
    )
    con.commit()
    snap = folder / "snap.sqlite3"
    shutil.copyfile(base, snap)  # copied while open: the -wal is still there
    shutil.copyfile(f"{base}-wal", f"{snap}-wal")
    con.close()
    done = folder / "done.sqlite3"
    shutil.copyfile(snap, done)
    shutil.copyfile(f"{snap}-wal", f"{done}-wal")
    con = sqlite3.connect(done)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    Path(f"{done}-wal").unlink(missing_ok=True)
    assert done.stat().st_size > snap.stat().st_size  # the -wal grows the file
    return snap, done


def _cut_checkpoint(snap: Path, done: Path, dest: Path, variant: str) -> None:
    new = done.read_bytes()
    page = int.from_bytes(new[16:18], "big")
    if variant == "header-written":  # page 1 copied back, the pages past the end not yet
        data = new[:page] + snap.read_bytes()[page:]
    elif variant == "half-written":
        old_size = snap.stat().st_size
        data = new[: old_size + ((len(new) - old_size) // 2 // page) * page]
    else:
        raise AssertionError(variant)
    dest.write_bytes(data)
    shutil.copyfile(f"{snap}-wal", f"{dest}-wal")


@pytest.mark.parametrize("variant", ("header-written", "half-written"))
def test_a_checkpoint_cut_short_is_not_called_damaged(wal_snapshot, tmp_path, variant):
    snap, done = wal_snapshot
    path = tmp_path / "crm.sqlite3"
    _cut_checkpoint(snap, done, path, variant)
    result = run_cli("--db", path, "lookup", "Müşteri 42")
    assert result.returncode == 0 and "damaged" not in result.stderr, result.stderr
    assert "Müşteri 42" in result.stdout
    assert integrity(path) == "ok"


def test_a_full_disk_during_a_checkpoint_is_not_called_damaged(wal_snapshot, tmp_path):
    snap, _done = wal_snapshot
    path = tmp_path / "crm.sqlite3"
    shutil.copyfile(snap, path)
    shutil.copyfile(f"{snap}-wal", f"{path}-wal")
    limit = path.stat().st_size + 8 * 4096  # room for a few of the new pages only
    code = textwrap.dedent(
        f"""
        import resource, signal, sqlite3
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
        con = sqlite3.connect({str(path)!r})
        try:
            print(con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())
        except sqlite3.Error as exc:
            print("FAILED", exc)
        import os; os._exit(0)  # as a kill: no clean close
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, timeout=60)
    assert Path(f"{path}-wal").exists()
    result = run_cli("--db", path, "lookup", "Müşteri 42")
    assert result.returncode == 0 and "damaged" not in result.stderr, result.stderr
    assert integrity(path) == "ok"


def test_a_short_file_without_a_wal_is_still_damaged(wal_snapshot, tmp_path):
    _snap, done = wal_snapshot
    path = tmp_path / "crm.sqlite3"
    data = done.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _one_line(run_cli("--db", path, "lookup", "x"), "damaged")
    assert path.read_bytes() == data[: len(data) // 2]


# -- item 6: a damaged file over 4 MB ------------------------------------------------------


@pytest.fixture(scope="module")
def big_damaged(tmp_path_factory) -> tuple[Path, bytes]:
    folder = tmp_path_factory.mktemp("big")
    path = _make_db(folder / "big.sqlite3", 400, notes="x")
    con = sqlite3.connect(path)
    con.execute("UPDATE customer SET notes = hex(randomblob(6000))")
    con.commit()
    con.close()
    good = path.read_bytes()
    assert len(good) > 4 * 1024 * 1024  # too big for the quick_check at open
    rng = random.Random(14)
    data = bytearray(good)
    page = 4096
    pages = len(data) // page
    for n in rng.sample(range(8, pages), pages // 3):
        data[n * page + 8 : (n + 1) * page] = rng.randbytes(page - 8)
    light = bytearray(good)  # a few pages of notes: opens, fails when read or copied
    for n in rng.sample(range(pages // 2, pages), 20):
        light[n * page + 8 : (n + 1) * page] = rng.randbytes(page - 8)
    return path, bytes(data), bytes(light)


def _damaged_copy(big_damaged, tmp_path: Path, heavy: bool) -> Path:
    _good, data, light = big_damaged
    data = data if heavy else light
    path = tmp_path / "crm.sqlite3"
    path.write_bytes(data)
    path.chmod(0o600)
    return path


@pytest.mark.parametrize(
    "command",
    (
        ("lookup", "Müşteri"),
        ("export", "--format", "csv", "OUT/musteriler.csv"),
        ("export", "--format", "json", "OUT/musteriler.json"),
        ("import", "IN/yeni.csv"),
    ),
    ids=("lookup", "export-csv", "export-json", "import"),
)
@pytest.mark.parametrize("heavy", (False, True), ids=("20-pages", "third-of-pages"))
def test_a_big_damaged_file_gives_one_clear_line(big_damaged, tmp_path, command, heavy):
    path = _damaged_copy(big_damaged, tmp_path, heavy)
    (tmp_path / "IN").mkdir()
    (tmp_path / "OUT").mkdir()
    (tmp_path / "IN" / "yeni.csv").write_text("Ad Soyad;Telefon\nYeni Kişi;0532 999 88 77\n")
    args = [
        a.replace("OUT", str(tmp_path / "OUT")).replace("IN", str(tmp_path / "IN")) for a in command
    ]
    result = run_cli("--db", path, *args, timeout=60)
    if result.returncode == 0:  # it never read a damaged page (lookup reads no notes)
        assert not heavy and command[0] == "lookup" and result.stderr == ""
        return
    _one_line(result, "damaged")


BACKUP_WORKER = r"""
import sys
from crm_tui.db import open_database
from crm_tui.domain import backup
open_database(sys.argv[1])
try:
    made = backup.auto_backup()
    print("MADE" if made else "SKIPPED already made")
except backup.BackupError as exc:
    print("REFUSED", str(exc).replace(chr(10), " "))
"""


def _auto_backup(path: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", BACKUP_WORKER, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def test_a_damaged_file_is_never_backed_up_nor_rotates_good_backups_away(big_damaged, tmp_path):
    good, _data, light = big_damaged
    path = tmp_path / "crm.sqlite3"
    shutil.copyfile(good, path)
    path.chmod(0o600)
    data_dir = tmp_path / "data"
    env = child_env(CRM_TUI_DATA_DIR=str(data_dir), CRM_TUI_CONFIG_DIR=str(tmp_path / "cfg"))
    made = []
    for day in range(1, 8):  # a full week of good daily backups
        env["CRM_TUI_TODAY"] = f"2026-11-{day:02d}"
        ((out, err),) = finish_all([_auto_backup(path, env)])
        assert out.startswith("MADE"), err
    folder = next(p for p in (data_dir / "backups").iterdir() if p.is_dir())
    made = sorted(p.name for p in folder.iterdir())
    assert len(made) == 7
    path.write_bytes(light)
    path.chmod(0o600)
    for day in range(8, 16):  # a week on the damaged file
        env["CRM_TUI_TODAY"] = f"2026-11-{day:02d}"
        ((out, err),) = finish_all([_auto_backup(path, env)])
        assert out.startswith("REFUSED") and "damaged" in out, (out, err)
        assert "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == made  # nothing new, nothing rotated
    for name in made:
        assert integrity(folder / name) == "ok"
    result = run_cli(
        "--db",
        path,
        "backup",
        tmp_path / "elle.sqlite3",
        env={"CRM_TUI_DATA_DIR": str(data_dir), "CRM_TUI_CONFIG_DIR": str(tmp_path / "cfg")},
    )
    _one_line(result, "damaged")
    assert not (tmp_path / "elle.sqlite3").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


# -- item 7: two windows make the daily backup at once -----------------------------------


def test_two_windows_making_the_daily_backup_at_once(tmp_path):
    path = _make_db(tmp_path / "crm.sqlite3", 300)
    data_dir = tmp_path / "data"
    outcomes = []
    for round_ in range(1, 9):
        env = child_env(
            CRM_TUI_DATA_DIR=str(data_dir),
            CRM_TUI_CONFIG_DIR=str(tmp_path / "cfg"),
            CRM_TUI_TODAY=f"2026-10-{round_:02d}",
        )
        results = finish_all([_auto_backup(path, env), _auto_backup(path, env)])
        said = sorted(out.split()[0] for out, _err in results)
        outcomes.append(said)
        assert all("Traceback" not in err for _out, err in results), results
        made = next((data_dir / "backups").rglob(f"crm-auto-2026-10-{round_:02d}.sqlite3"))
        folder = made.parent
        assert integrity(made) == "ok"
        assert said in (["MADE", "SKIPPED"], ["MADE", "MADE"]) or said == ["MADE", "SKIPPED"]
        assert "MADE" in said
        assert [p.name for p in folder.iterdir() if p.name.endswith(".part")] == []
    print("two windows:", outcomes)


# -- item 10 ------------------------------------------------------------------------------


def test_a_newer_schema_file_in_delete_mode_is_refused_untouched(tmp_path):
    path = _make_db(tmp_path / "new.sqlite3", 5)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("PRAGMA user_version = 999")
    con.close()
    before = path.read_bytes()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert before[18:20] == b"\x01\x01"  # rollback journal, not WAL
    _one_line(run_cli("--db", path, "lookup", "x"), "newer")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files  # no -wal, no -shm


@pytest.mark.parametrize("mode", (0o644, 0o640, 0o664))
def test_an_existing_db_readable_by_others(tmp_path, mode):
    path = _make_db(tmp_path / "crm.sqlite3", 2)
    os.chmod(path, mode)
    result = run_cli("--db", path, "lookup", "Müşteri")
    assert result.returncode == 0, result.stderr
    now = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o022:  # shared for writing on purpose: left, with a warning
        assert now == mode and "warning" in result.stderr
    else:
        assert now == 0o600 and "owner-only" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    again = run_cli("--db", path, "lookup", "Müşteri")
    assert (again.stderr == "") == (not mode & 0o022)


@pytest.mark.parametrize("damage", ("bit-flip-header", "bit-flip-page", "random-pages"))
def test_restoring_a_bad_backup_gives_one_line(tmp_path, damage):
    path = _make_db(tmp_path / "crm.sqlite3", 300)
    bad = tmp_path / "yedek.sqlite3"
    data = bytearray(path.read_bytes())
    rng = random.Random(damage)
    if damage == "bit-flip-header":
        data[40] ^= 0x10  # schema cookie
        data[100] ^= 0x04  # page 1 b-tree header
    elif damage == "bit-flip-page":
        for _ in range(40):
            n = rng.randrange(4096, len(data))
            data[n] ^= 1 << rng.randrange(8)
    else:
        for n in rng.sample(range(2, len(data) // 4096), 20):
            data[n * 4096 : (n + 1) * 4096] = rng.randbytes(4096)
    bad.write_bytes(bytes(data))
    before = path.read_bytes()
    result = run_cli("--db", path, "restore", bad)
    _one_line(result)
    assert path.read_bytes() == before


FOUR_WRITERS = r"""
import sys
from crm_tui.db import open_database
from crm_tui.domain.customers import CustomerInput, create_customer
open_database(sys.argv[1])
failed = 0
for i in range(int(sys.argv[3])):
    try:
        create_customer(CustomerInput(name=f"Yazan {sys.argv[2]} {i}"))
    except Exception as exc:
        failed += 1
        print("FAILED", exc, flush=True)
print("DONE", failed)
"""


def test_four_writers_racing_for_the_lock_lose_nothing(tmp_path):
    path = _make_db(tmp_path / "crm.sqlite3", 1)
    env = child_env()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", FOUR_WRITERS, str(path), str(n), "300"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for n in range(4)
    ]
    results = finish_all(procs, timeout=300)
    for out, err in results:
        assert out.strip().endswith("DONE 0"), (out[-500:], err[-500:])
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM customer WHERE name LIKE 'Yazan %'").fetchone() == (
        1200,
    )
    con.close()
