"""Write a benchmark-sized demo database.

    python -m bench.dataset --customers 100000 --out /tmp/bench.sqlite3 [--seed 42]

The data is the demo dataset (``crm_tui.demo``) at any size, with its fixed
proportions per customer: about 2 policies, 3 reminders, 5 interactions, 10 purchases
(and as many points entries) and 0.2 complaints. Prints the row counts and timings.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from crm_tui import demo
from crm_tui.db import close_database, open_database
from crm_tui.db.bulk import fast_load


def build(
    out: Path | str,
    customers: int,
    seed: int = 42,
    today: date | None = None,
    force: bool = False,
    quiet: bool = False,
) -> dict[str, float]:
    """Create ``out`` filled with ``customers`` demo customers; returns counts and timings."""
    out = Path(out)
    if out.exists():
        if not force:
            raise FileExistsError(f"{out} exists (use --force to replace it)")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{out}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if not quiet:
            rate = done / max(time.perf_counter() - started, 1e-9)
            print(f"  {done:>9,} / {total:,} customers  ({rate:,.0f}/s)", file=sys.stderr)

    open_database(out)
    try:
        with fast_load():
            counts: dict[str, float] = dict(
                demo.generate(customers=customers, seed=seed, today=today, progress=progress)
            )
    finally:
        close_database()
    elapsed = time.perf_counter() - started
    rows = sum(v for v in counts.values())
    counts["total_rows"] = rows
    counts["seconds"] = round(elapsed, 2)
    counts["rows_per_second"] = round(rows / elapsed) if elapsed else 0
    counts["file_mb"] = round(out.stat().st_size / 1e6, 1)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.dataset", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--out", required=True, type=Path, help="database file to write")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    if args.customers < 1:
        parser.error("--customers must be at least 1")
    try:
        result = build(args.out, args.customers, args.seed, args.today, args.force, args.quiet)
    except FileExistsError as exc:
        print(f"bench.dataset: {exc}", file=sys.stderr)
        return 2
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value:>12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
