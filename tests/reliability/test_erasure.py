"""KVKK erasure that is cut short (kill -9, full disk) or runs while another desk reads.

The anonymisation commits in one transaction with a row in the register of pending
purges; the purge (FTS merge, VACUUM, WAL truncation) comes after it. Whatever happens in
between, the next open (any command, the app) finishes the purge, and erasing again
purges again. Nothing of the person (name, TCKN, a tag only they had) may stay in the
file or its -wal after that.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from .helpers import finish, integrity, run_cli, start_worker
from .workers import SECRET_NAME, SECRET_TAG, SECRET_TCKN

SECRETS = (SECRET_NAME, "Gizlisoy", "gizlisoy", SECRET_TCKN, SECRET_TAG, "987 65 43", "9876543")

# where the erasing process dies: right after the anonymisation commits, after the FTS
# merge, after the checkpoint before VACUUM, after VACUUM; or a full disk at those steps
POINTS = ("committed", "optimize", "checkpoint", "vacuum")
FULL = ("full-optimize", "full-checkpoint", "full-vacuum")


def raw_bytes(path: Path) -> bytes:
    out = b""
    for suffix in ("", "-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            out += side.read_bytes()
    return out


def leaked(path: Path) -> list[str]:
    data = raw_bytes(path)
    return [s for s in SECRETS if s.encode("utf-8") in data]


def pending(path: Path) -> list[int]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT customer_id FROM crm_erasure_pending")]
    except sqlite3.OperationalError:
        return []
    finally:
        con.close()


def tags(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM tag")}
    finally:
        con.close()


def _seed(path: Path) -> int:
    out, err = finish(start_worker("erase_seed", path))
    assert out.startswith("OK seed "), err
    return int(out.split()[2])


def _erase_cut_short(path: Path, cid: int, point: str) -> str:
    proc = start_worker("erase", path, cid, point)
    out, err = finish(proc, timeout=60)
    if point.startswith("full-"):
        assert "ERROR database or disk is full" in out, err
    else:
        assert proc.returncode == -9, (out, err)  # SIGKILL at that point
    return out


@pytest.mark.parametrize("point", POINTS + FULL)
def test_an_erasure_cut_short_is_finished_at_the_next_open(tmp_path, point):
    path = tmp_path / "kvkk.sqlite3"
    cid = _seed(path)
    _erase_cut_short(path, cid, point)
    assert pending(path) == [cid]  # committed with the anonymisation
    # the user runs any command: the open finishes the purge
    result = run_cli("--db", path, "lookup", "Komşu")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "Kalan Komşu" in result.stdout
    assert leaked(path) == []
    assert pending(path) == []
    assert SECRET_TAG not in tags(path) and "ortak" in tags(path)  # shared tag kept
    assert integrity(path) == "ok"


@pytest.mark.parametrize("point", ("committed", "vacuum", "full-vacuum"))
def test_erasing_again_purges_again(tmp_path, point):
    """The second erase no longer says "already erased" and does nothing."""
    path = tmp_path / "kvkk.sqlite3"
    cid = _seed(path)
    _erase_cut_short(path, cid, point)
    result = run_cli("--db", path, "privacy", "erase", f"#{cid}", "--yes")
    assert result.returncode == 0, result.stderr
    assert "erased already" in result.stdout and "purged" in result.stdout
    assert leaked(path) == [] and pending(path) == []
    assert integrity(path) == "ok"


def test_a_tag_only_the_erased_person_had_goes_too(tmp_path):
    path = tmp_path / "kvkk.sqlite3"
    cid = _seed(path)
    result = run_cli("--db", path, "privacy", "erase", f"#{cid}", "--yes")
    assert result.returncode == 0, result.stderr
    assert tags(path) == {"ortak"}
    assert leaked(path) == []


@pytest.mark.parametrize("reader", ("open_transaction", "idle_connection"))
def test_erasing_while_another_desk_reads_takes_seconds_and_says_so(tmp_path, reader):
    """Was ~3.5 minutes (the TRUNCATE checkpoint retried 21 times with the 10 s busy
    timeout each). The other desk is a separate process, as on a real network share."""
    path = tmp_path / "kvkk.sqlite3"
    cid = _seed(path)
    other = sqlite3.connect(path, isolation_level=None)
    if reader == "open_transaction":
        other.execute("BEGIN")
        other.execute("SELECT count(*) FROM customer").fetchone()
    try:
        started = time.monotonic()
        result = run_cli("--db", path, "privacy", "erase", f"#{cid}", "--yes", timeout=60)
        took = time.monotonic() - started
    finally:
        if other.in_transaction:
            other.execute("COMMIT")
    assert result.returncode == 0, result.stderr
    assert took < 15, took
    if reader == "open_transaction":
        assert "-wal" in result.stderr  # what remains, and when it goes
    else:
        assert result.stderr == ""
    other.close()  # the last connection to close checkpoints and removes the -wal
    assert leaked(path) == []
    result = run_cli("--db", path, "lookup", "Komşu")
    assert result.returncode == 0 and leaked(path) == []
