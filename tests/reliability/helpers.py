"""Shared helpers for the reliability suite: child processes and database checks."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKERS = Path(__file__).with_name("workers.py")


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("CRM_TUI_TODAY", "2026-11-22")
    env.update(extra)
    return env


def start_worker(*args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WORKERS), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=ROOT,
        **popen,
    )


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[str, str]:
    """The rest of a child's stdout and its stderr once it has ended.

    Use this, never ``Popen.communicate()``, after reading lines with
    ``proc.stdout.readline()``: with two pipes and a timeout, ``communicate`` reads the file
    descriptors with ``os.read`` and silently drops whatever ``readline`` had already
    buffered. The two-instance test lost the ``OK`` lines a child printed right after
    ``READY`` that way (212 creates reported instead of 220; nothing was lost in the file).
    """
    return finish_all([proc], timeout)[0]


def finish_all(procs: list[subprocess.Popen], timeout: float = 120) -> list[tuple[str, str]]:
    """``finish`` for children running at the same time: every pipe is drained while they
    run, so none of them blocks on a full pipe while we wait for another."""
    chunks: dict[tuple[int, str], str] = {}

    def drain(key: tuple[int, str], stream) -> None:
        chunks[key] = stream.read()

    readers = []
    for i, proc in enumerate(procs):
        for name, stream in (("out", proc.stdout), ("err", proc.stderr)):
            t = threading.Thread(target=drain, args=((i, name), stream), daemon=True)
            t.start()
            readers.append(t)
    try:
        for proc in procs:
            proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        for proc in procs:
            proc.kill()
            proc.wait()
        raise
    finally:
        for t in readers:
            t.join(timeout=30)
    return [(chunks.get((i, "out"), ""), chunks.get((i, "err"), "")) for i in range(len(procs))]


def run_cli(*args: str, timeout: float = 30, preexec_fn=None, env: dict | None = None):
    """The real command line, as a user runs it (no TTY: the TUI would not start)."""
    return subprocess.run(
        [sys.executable, "-m", "crm_tui", *map(str, args)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=child_env(**(env or {})),
        cwd=ROOT,
        timeout=timeout,
        preexec_fn=preexec_fn,
    )


def reported(stdout: str) -> list[tuple[str, int, int, int]]:
    """``OK op id version phones`` lines that were written completely."""
    ops = []
    for line in stdout.splitlines(keepends=True):
        if not line.endswith("\n"):
            break  # cut by the kill
        parts = line.split()
        if len(parts) == 5 and parts[0] == "OK":
            ops.append((parts[1], int(parts[2]), int(parts[3]), int(parts[4])))
    return ops


def raw_connect(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection, as a recovery tool would open the file."""
    con = sqlite3.connect(path, timeout=10)
    con.execute("PRAGMA busy_timeout = 10000")
    return con


def integrity(path: Path) -> str:
    con = raw_connect(path)
    try:
        return ";".join(r[0] for r in con.execute("PRAGMA integrity_check").fetchall())
    finally:
        con.close()


_ENCODED = re.compile(r" p(\d+) v(\d+)$")


def check_consistent(path: Path) -> dict[int, tuple[int, int]]:
    """Every visible customer is whole: its phones (count encoded in the name as ``pN``),
    its version (``vN``), and both search indexes agree with the tables.

    Returns ``{id: (version, phone count)}``.
    """
    con = raw_connect(path)
    try:
        rows = con.execute("SELECT id, name, version FROM customer").fetchall()
        phones = dict(
            con.execute("SELECT customer_id, count(*) FROM phone GROUP BY customer_id").fetchall()
        )
        state: dict[int, tuple[int, int]] = {}
        for cid, name, version in rows:
            m = _ENCODED.search(name)
            n = phones.get(cid, 0)
            if m:
                assert int(m.group(1)) == n, f"customer {cid} {name!r} has {n} phones"
                assert int(m.group(2)) == version, f"customer {cid} {name!r} version {version}"
            state[cid] = (version, n)
        fts = {r[0] for r in con.execute("SELECT rowid FROM customer_fts")}
        assert fts == set(state), "customer_fts rows differ from customer rows"
        with_phones = {cid for cid, (_v, n) in state.items() if n}
        phone_fts = {r[0] for r in con.execute("SELECT rowid FROM phone_fts")}
        assert phone_fts == with_phones, "phone_fts rows differ from customers with phones"
        orphans = con.execute(
            "SELECT count(*) FROM phone WHERE customer_id NOT IN (SELECT id FROM customer)"
        ).fetchone()[0]
        assert orphans == 0
        return state
    finally:
        con.close()
