"""Where a cold Loyalty overview (or the Today agenda) spends its time: every SQL
statement, slowest first.

    python -m bench.statements --db /tmp/b1m.sqlite3 [--repeat 3] [--what today]

Each statement is timed from ``execute_sql`` to the end of its fetch (a streaming GROUP BY
returns its first row only after its first group, so timing the execute alone hides most
of it). Median over ``--repeat`` cold computations; the difference between the total and
the statements' sum is Python's own work.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from .run import TODAY


class _TimedCursor:
    """A cursor whose fetches add to its statement's time."""

    def __init__(self, cursor: Any, key: str, spent: dict[str, float], started: float) -> None:
        self._cursor, self._key, self._spent = cursor, key, spent
        spent[key] += time.perf_counter() - started

    def _timed(self, name: str, *args: Any) -> Any:
        t = time.perf_counter()
        out = getattr(self._cursor, name)(*args)
        self._spent[self._key] += time.perf_counter() - t
        return out

    def fetchall(self) -> list:
        return self._timed("fetchall")

    def fetchone(self) -> Any:
        return self._timed("fetchone")

    def fetchmany(self, *args: Any) -> list:
        return self._timed("fetchmany", *args)

    def __iter__(self) -> Iterator:
        return iter(self.fetchall())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.statements", description=__doc__)
    p.add_argument("--db", required=True, help="a SQLite file or a postgresql:// URL")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--top", type=int, default=20, help="how many statements to print")
    p.add_argument("--what", choices=("loyalty", "today"), default="loyalty")
    args = p.parse_args(argv)

    from datetime import datetime

    from crm_tui.db import close_database, open_database
    from crm_tui.db.models import db
    from crm_tui.domain import loyalty
    from crm_tui.domain import today as td

    def compute() -> None:
        if args.what == "today":
            td.agenda(today=TODAY, now=datetime.combine(TODAY, datetime.min.time()).replace(hour=9))
        else:
            loyalty.forget_cached_overview()
            loyalty.overview(today=TODAY)

    open_database(args.db)
    compute()  # warm the caches as the bench does
    runs: list[dict[str, float]] = []
    totals: list[float] = []
    database_class = type(db.obj)
    plain = database_class.execute_sql

    for _ in range(args.repeat):
        spent: dict[str, float] = defaultdict(float)

        def timed(
            self: Any,
            sql: str,
            params: Any = None,
            *a: Any,
            spent: dict[str, float] = spent,
            **k: Any,
        ) -> Any:
            key = " ".join(sql.split())[:100]
            t = time.perf_counter()
            cursor = plain(self, sql, params, *a, **k)
            return _TimedCursor(cursor, key, spent, t)

        database_class.execute_sql = timed
        try:
            t = time.perf_counter()
            compute()
            totals.append((time.perf_counter() - t) * 1000)
        finally:
            database_class.execute_sql = plain
        runs.append(spent)
    close_database()

    keys = {k for run in runs for k in run}
    medians = {k: statistics.median(run.get(k, 0.0) * 1000 for run in runs) for k in keys}
    label = "today agenda:" if args.what == "today" else "cold overview:"
    print(f"{label} {statistics.median(totals):.1f} ms (median of {args.repeat})")
    print(f"statements:    {sum(medians.values()):.1f} ms in {len(keys)} statements")
    for key, ms in sorted(medians.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"{ms:8.1f}  {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
