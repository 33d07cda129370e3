"""Figures for docs/RELIABILITY.md (issue 14): not a test, run by hand.

python tests/reliability/figures_erasure.py erase 3     # each cut point, 3 rounds
python tests/reliability/figures_erasure.py writers 3500  # four writers, N creates each
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.reliability import test_damage_and_backups as damage  # noqa: E402
from tests.reliability import test_erasure as erasure  # noqa: E402
from tests.reliability.helpers import ROOT, child_env, finish_all, run_cli  # noqa: E402


def erase(rounds: str) -> None:
    total = before_all = after_all = 0
    for point in erasure.POINTS + erasure.FULL:
        before = after = 0
        for _ in range(int(rounds)):
            path = Path(tempfile.mkdtemp()) / "k.sqlite3"
            cid = erasure._seed(path)
            erasure._erase_cut_short(path, cid, point)
            before += bool(erasure.leaked(path))
            run_cli("--db", path, "lookup", "Komşu")
            after += bool(erasure.leaked(path) or erasure.pending(path))
        print(f"{point}: tried {rounds}, held the person before reopening {before}, after {after}")
        total += int(rounds)
        before_all += before
        after_all += after
    print(f"all: tried {total}, before reopening {before_all}, after {after_all}")


def writers(count: str) -> None:
    path = damage._make_db(Path(tempfile.mkdtemp()) / "w.sqlite3", 1)
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", damage.FOUR_WRITERS, str(path), str(i), count],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
            cwd=ROOT,
        )
        for i in range(4)
    ]
    results = finish_all(procs, timeout=900)
    failed = sum(int(out.strip().split()[-1]) for out, _err in results)
    con = sqlite3.connect(path)
    rows = con.execute("SELECT count(*) FROM customer WHERE name LIKE 'Yazan %'").fetchone()[0]
    print(
        f"calls {4 * int(count)}, failed {failed}, rows {rows}, {time.monotonic() - started:.1f} s"
    )


if __name__ == "__main__":
    {"erase": erase, "writers": writers}[sys.argv[1]](*sys.argv[2:])
