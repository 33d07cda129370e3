"""Write a benchmark-sized demo database.

    python -m bench.dataset --customers 100000 --out /tmp/bench.sqlite3 [--seed 42]

The data is the demo dataset (``crm_tui.demo``) at any size, with its fixed
proportions per customer: about 2 policies, 3 reminders, 5 interactions, 10 purchases
(and as many points entries) and 0.2 complaints. Prints the row counts and timings.

``--instalments N`` tops the instalments (about 3 a customer in the demo) up to N with
more 9-instalment plans on existing policies, spread over three years before and one after
``--today``, the due ones paid but 1 in 100 (issue 16: Today at 1,000,000 instalments).
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


def top_up_instalments(target: int, seed: int, today: date) -> int:
    """Add plans on random policies until the book holds ``target`` instalments."""
    import random

    from dateutil.relativedelta import relativedelta

    from crm_tui.db.bulk import bulk_insert
    from crm_tui.db.models import Instalment, Policy

    rng = random.Random(seed)
    have = Instalment.select().count()
    policies = list(Policy.select(Policy.id, Policy.customer).tuples())
    cols = "customer policy n count due_date amount paid_on paid_amount method created_at "
    cols += "updated_at"
    added = 0
    while have + added < target:
        rows = []
        for _plan in range(min(5_000, (target - have - added + 8) // 9)):
            pid, cid = rng.choice(policies)
            first = today - relativedelta(days=rng.randint(-365, 3 * 365))
            amount = rng.randint(50_000, 2_000_000)
            stamp = f"{first.isoformat()} 10:00:00"
            for n in range(1, 10):
                due = first + relativedelta(months=n - 1)
                paid = due < today and rng.random() >= 0.01
                rows.append(
                    (
                        cid,
                        pid,
                        n,
                        9,
                        due.isoformat(),
                        amount,
                        due.isoformat() if paid else None,
                        amount if paid else None,
                        "kart" if paid else None,
                        stamp,
                        stamp,
                    )
                )
        added += bulk_insert(Instalment, cols.split(), rows[: target - have - added], raw=True)
    return added


def build(
    out: Path | str,
    customers: int,
    seed: int = 42,
    today: date | None = None,
    force: bool = False,
    quiet: bool = False,
    instalments: int = 0,
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
            if instalments:
                from crm_tui import clock

                counts["instalments"] = counts.get("instalments", 0) + top_up_instalments(
                    instalments, seed, today or clock.today()
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
    parser.add_argument(
        "--instalments", type=int, default=0, help="top the instalments up to this many"
    )
    args = parser.parse_args(argv)
    if args.customers < 1:
        parser.error("--customers must be at least 1")
    try:
        result = build(
            args.out,
            args.customers,
            args.seed,
            args.today,
            args.force,
            args.quiet,
            args.instalments,
        )
    except FileExistsError as exc:
        print(f"bench.dataset: {exc}", file=sys.stderr)
        return 2
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value:>12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
