"""Crash safety: SIGKILL at random moments during a burst of edits and during an import.

After every kill the file must pass ``PRAGMA integrity_check``, hold every operation the
program reported as committed, and show nothing half-written (a customer without the
phones it was saved with, a search index that disagrees with the tables).
"""

from __future__ import annotations

import random
import signal
import time
from decimal import Decimal
from pathlib import Path

import pytest

from crm_tui.db import close_database, open_database
from crm_tui.domain.customers import search_customers

from .helpers import check_consistent, finish, integrity, raw_connect, reported, start_worker

ROUNDS = list(enumerate((0.05, 0.3, 0.15, 0.6, 0.02, 0.4), start=1))


def _kill_after(proc, delay: float) -> str:
    """Wait for READY, let it work ``delay`` s, SIGKILL it; return what it printed."""
    first = proc.stdout.readline()
    assert first == "READY\n", proc.stderr.read()
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    rest, err = finish(proc, timeout=30)
    assert proc.returncode in (-signal.SIGKILL, 0), err
    return rest


def test_kill_during_edit_burst(tmp_path):
    path = tmp_path / "crash.sqlite3"
    open_database(path)  # created and migrated before the first child
    close_database()
    committed: dict[int, tuple[int, int]] = {}  # id -> (version, phones) last reported
    rng = random.Random(2026)
    total = 0
    for seed, base_delay in ROUNDS:
        proc = start_worker("burst", path, seed, 100_000)
        out = _kill_after(proc, base_delay * rng.uniform(0.5, 1.5))
        ops = reported(out)
        total += len(ops)
        for _op, cid, version, phones in ops:
            committed[cid] = (version, phones)

        assert integrity(path) == "ok"
        state = check_consistent(path)
        for cid, (version, phones) in committed.items():
            assert cid in state, f"reported customer {cid} lost"
            # a later unreported commit may exist only for the row that was being written
            assert state[cid][0] >= version
            if state[cid][0] == version:
                assert state[cid][1] == phones
    print(f"burst: {total} reported operations, {len(committed)} customers")
    assert total > 20, "the children committed too little to mean anything"

    # the app opens the crashed file normally and finds the reported rows by search
    open_database(path)
    try:
        some = list(committed)[-3:]
        for cid in some:
            from crm_tui.db.models import Customer

            name = Customer.get_by_id(cid).name
            assert cid in [h.id for h in search_customers(name, limit=50)]
    finally:
        close_database()


def test_kill_during_reminder_and_complaint_work(tmp_path):
    """Completing a recurring reminder writes two rows (done + next); a complaint status
    change writes the complaint and its history event. Killed at random moments: every
    chain has exactly one open reminder, every complaint's status is its last event's."""
    pytest.importorskip("crm_tui.domain.reminders")
    pytest.importorskip("crm_tui.domain.complaints")
    path = tmp_path / "more.sqlite3"
    open_database(path)
    close_database()
    rng = random.Random(11)
    reported_ids: list[tuple[str, int]] = []
    for seed in range(1, 5):
        proc = start_worker("burst_more", path, seed, 100_000)
        out = _kill_after(proc, rng.uniform(0.05, 0.5))
        reported_ids += [(op, cid) for op, cid, _v, _n in reported(out)]
        assert integrity(path) == "ok"
        con = raw_connect(path)
        try:
            chains = con.execute(
                "SELECT title, sum(status = 'open'), count(*) FROM reminder GROUP BY title"
            ).fetchall()
            for title, open_count, _total in chains:
                assert open_count == 1, f"{title}: {open_count} open occurrences"
            for cid, status in con.execute("SELECT id, status FROM complaint"):
                last = con.execute(
                    "SELECT to_status FROM complaint_event WHERE complaint_id = ? AND"
                    " to_status IS NOT NULL ORDER BY id DESC LIMIT 1",
                    (cid,),
                ).fetchone()
                assert last is None or last[0] == status, (cid, status, last)
            have = {r[0] for r in con.execute("SELECT id FROM reminder")}
            assert all(cid in have for op, cid in reported_ids if op == "complete")
        finally:
            con.close()
    print(f"reminders/complaints: {len(reported_ids)} reported operations")
    assert len(reported_ids) > 10


def test_kill_during_purchases_points_and_renewals(tmp_path):
    """A purchase writes the purchase and its points; a redemption checks the balance
    first; a renewal writes the new policy, marks the old one renewed and closes its
    renewal reminders. Killed at random moments: no purchase without its points (or
    points without their purchase), no balance below zero, every renewal chain has exactly
    one active policy and each renewed one exactly one successor, nothing reported lost."""
    from crm_tui.domain.purchases import points_for

    path = tmp_path / "money.sqlite3"
    open_database(path)
    close_database()
    rng = random.Random(5)
    reported_ops: list[tuple[str, int, int]] = []
    for seed in range(1, 5):
        proc = start_worker("burst_money", path, seed, 100_000)
        out = _kill_after(proc, rng.uniform(0.05, 0.5))
        reported_ops += [(op, rid, n) for op, rid, n, _z in reported(out)]
        assert integrity(path) == "ok"
        check_consistent(path)
        con = raw_connect(path)
        try:
            for pid, amount, earned in con.execute(
                "SELECT p.id, p.amount, (SELECT sum(points) FROM points_entry e"
                " WHERE e.purchase_id = p.id AND e.kind = 'earn') FROM purchase p"
            ):
                expected = points_for(Decimal(amount) / 100, rate=1)
                assert (earned or 0) == expected, f"purchase {pid}: {earned} points"
            orphans = con.execute(
                "SELECT count(*) FROM points_entry WHERE kind = 'earn' AND"
                " purchase_id NOT IN (SELECT id FROM purchase)"
            ).fetchone()[0]
            assert orphans == 0
            negative = con.execute(
                "SELECT customer_id, sum(points) FROM points_entry GROUP BY customer_id"
                " HAVING sum(points) < 0"
            ).fetchall()
            assert not negative, negative
            for number, active, total in con.execute(
                "SELECT number, sum(status = 'active'), count(*) FROM policy GROUP BY number"
            ):
                assert active == 1, f"{number}: {active} active of {total}"
            bad_links = con.execute(
                "SELECT o.id, o.status, (SELECT count(*) FROM policy n WHERE n.renewed_from_id = o.id)"
                " FROM policy o WHERE o.status = 'renewed' OR EXISTS"
                " (SELECT 1 FROM policy n WHERE n.renewed_from_id = o.id)"
            ).fetchall()
            assert all(st == "renewed" and n == 1 for _id, st, n in bad_links), bad_links
            still_open = con.execute(
                "SELECT count(*) FROM reminder r JOIN policy p ON p.id = r.policy_id"
                " WHERE p.status = 'renewed' AND r.kind = 'renewal' AND r.status = 'open'"
            ).fetchone()[0]
            assert still_open == 0
            tables = {"purchase": "purchase", "redeem": "points_entry", "renew": "policy"}
            for op, rid, _n in reported_ops:
                found = con.execute(
                    f"SELECT count(*) FROM {tables[op]} WHERE id = ?", (rid,)
                ).fetchone()[0]
                assert found == 1, f"reported {op} {rid} lost"
        finally:
            con.close()
    print(f"loyalty/renewals: {len(reported_ops)} reported operations")
    kinds = {op for op, _r, _n in reported_ops}
    assert len(reported_ops) > 10 and kinds == {"purchase", "redeem", "renew"}, kinds


def _csv(path: Path, marker: str, rows: int, base: int) -> None:
    lines = ["Ad Soyad,Telefon,Şehir,Notlar"]
    for i in range(rows):
        n = base + i
        lines.append(
            f"{marker}{i} Yılmaz,0533 {n // 10000 % 1000:03d} {n // 100 % 100:02d} {n % 100:02d},"
            f"İzmir,Toplu aktarım satırı {i}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _read_until(proc, prefix: str, nth: int) -> bool:
    """Read the child's lines until the ``nth`` line starting with ``prefix``."""
    seen = 0
    while True:
        line = proc.stdout.readline()
        if not line:
            return False
        if line.startswith(prefix):
            seen += 1
            if seen >= nth:
                return True


def test_kill_during_import_is_all_or_nothing(tmp_path):
    """HOOK: import path (crm_tui.domain.importers). An import is one transaction:
    after a kill either every row of the file is there or none is.

    The child prints PLANNED after the dry run and PROGRESS lines from inside the write
    transaction; each round kills it at another of those moments (plus a small delay).
    """
    pytest.importorskip("crm_tui.domain.importers")
    path = tmp_path / "imp.sqlite3"
    open_database(path)
    close_database()
    rows = 6000  # progress is reported every 5000 rows and at the end: 5000, 6000
    moments = [
        ("PLANNED", 1, 0.0),
        ("PLANNED", 1, 0.03),
        ("PROGRESS", 1, 0.0),
        ("PROGRESS", 2, 0.0),  # all rows written, the commit not yet done
        ("PROGRESS", 2, 0.01),
        (None, 0, 0.0),  # runs to the end
    ]
    interrupted = 0
    for round_no, (event, nth, delay) in enumerate(moments):
        marker = f"Ithal{round_no}x"
        csv_path = tmp_path / f"import{round_no}.csv"
        _csv(csv_path, marker, rows, base=round_no * rows + 1000)
        proc = start_worker("import", path, csv_path)
        assert proc.stdout.readline() == "READY\n", proc.stderr.read()
        if event:
            assert _read_until(proc, event, nth), proc.stderr.read()
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
        out, err = finish(proc, timeout=60)
        done = event is None or f"OK import {rows}\n" in out
        assert proc.returncode in (0, -signal.SIGKILL), err

        assert integrity(path) == "ok"
        check_consistent(path)
        con = raw_connect(path)
        n = con.execute(
            "SELECT count(*) FROM customer WHERE name LIKE ?", (marker + "%",)
        ).fetchone()[0]
        indexed = con.execute(
            "SELECT count(*) FROM customer_fts WHERE customer_fts MATCH ?",
            (f'"{marker.lower()}"*',),
        ).fetchone()[0]
        con.close()
        assert n in (0, rows), f"half an import is visible: {n} of {rows}"
        assert indexed == n
        if done:
            assert n == rows
        else:
            interrupted += n == 0
    assert interrupted >= 2, "too few imports were interrupted before their commit"
