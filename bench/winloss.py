"""The win/loss analysis and the renewal workbench at scale (issue 16 item 5: the win/loss
of a year ≤ 300 ms at 100,000 customers).

    python -m bench.winloss --db /tmp/wb100k.sqlite3 [--repeat N]
    python -m bench.winloss --db postgresql://user@host:port/bench [--repeat N]

The database is only read (opening it may apply pending migrations: give it a copy of a
shared file). Figures are median / p95 / min / max in milliseconds.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from bench.run import is_url, timed

TODAY = date(2026, 11, 22)


def domain(db_path: Path | str, repeat: int) -> dict[str, dict]:
    from crm_tui.db import close_database, open_database
    from crm_tui.domain import renewal_workbench as wb
    from crm_tui.domain import winloss

    open_database(db_path)
    first, last = winloss.year_period(TODAY)
    cases = {
        "win/loss, a year": lambda: winloss.analysis(first, last),
        "win/loss, a year, one line": lambda: winloss.analysis(first, last, line="kasko"),
        "workbench, default period": lambda: wb.workbench(today=TODAY),
        "workbench, open only": lambda: wb.workbench(wb.WorkbenchFilter(state="open"), TODAY),
        "workbench, band 25 %+": lambda: wb.workbench(wb.WorkbenchFilter(band="up25"), TODAY),
    }
    out = {name: timed(fn, repeat) for name, fn in cases.items()}
    result = winloss.analysis(first, last)
    print(f"a year: {result.total.renewed} renewed, {result.total.lost} lost")
    close_database()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", required=True, help="an SQLite file or a postgresql://user@host:port/dbname"
    )
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    db: Path | str = args.db.strip() if is_url(args.db) else Path(args.db)
    print(f"load before: {os.getloadavg()[0]:.2f}")
    results = domain(db, args.repeat)
    print(f"{'benchmark':32} {'median':>8} {'p95':>8} {'min':>8} {'max':>8}")
    for name, r in results.items():
        print(f"{name:32} {r['median']:8.1f} {r['p95']:8.1f} {r['min']:8.1f} {r['max']:8.1f}")
    print(f"load after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
