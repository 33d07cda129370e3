"""Complaints at scale: the list page, its counts, the 90-day figures and Today's due list
in the domain, and in the app the time from F5 until the list is on screen (and until the
figures are).

    python -m bench.complaints --db /work/bench-data/100k.sqlite3 [--repeat N]

The database is only read (opening it may apply pending migrations: give it a copy of a
shared file). Figures are median / p95 / min / max in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from datetime import datetime
from pathlib import Path

from bench.run import stats, timed

NOW = datetime(2026, 11, 22, 10, 0)


def domain(db_path: Path, repeat: int) -> dict[str, dict]:
    from crm_tui.db import close_database, open_database
    from crm_tui.domain import complaints as cp

    open_database(db_path)
    cases = {
        "list open, by deadline": lambda: cp.list_complaints("open", now=NOW),
        "list all, by deadline": lambda: cp.list_complaints("all", now=NOW),
        "list all, newest first": lambda: cp.list_complaints("all", sort="newest", now=NOW),
        "list overdue": lambda: cp.list_complaints("overdue", now=NOW),
        "list closed": lambda: cp.list_complaints("closed", now=NOW),
        "list open, page 20": lambda: cp.list_complaints("open", offset=1000, now=NOW),
        "search subject (folded)": lambda: cp.list_complaints("all", "hasar", now=NOW),
        "search customer name": lambda: cp.list_complaints("open", "ayse", now=NOW),
        "status counts": lambda: cp.status_counts(now=NOW),
        "figures (90 days)": lambda: cp.complaint_figures(now=NOW),
        "due for Today": lambda: cp.due_for_today(now=NOW),
    }
    out = {name: timed(fn, repeat) for name, fn in cases.items()}
    close_database()
    return out


async def _screen(db_path: Path, repeat: int) -> dict[str, dict]:
    from crm_tui.config import Settings
    from crm_tui.ui.app import CrmApp
    from crm_tui.ui.screens.complaints import ComplaintsScreen

    lists, figures = [], []
    app = CrmApp(settings=Settings(), db_path=db_path, save_prefs=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = None
        for i in range(repeat + 1):
            app.switch_mode("today")
            await pilot.pause()
            if isinstance(screen, ComplaintsScreen):
                screen.loaded = screen.figures = None  # shown again from a fresh load
            t0 = time.perf_counter()
            app.switch_mode("complaints")
            screen = app.screen
            end = t0 + 30
            t_list = t_fig = None
            while t_list is None or t_fig is None:
                if time.perf_counter() > end:
                    raise TimeoutError("complaints screen did not load")
                if t_list is None and screen.loaded is not None:
                    await pilot.pause()  # one refresh: painted
                    t_list = time.perf_counter()
                if t_fig is None and screen.figures is not None:
                    await pilot.pause()
                    t_fig = time.perf_counter()
                await asyncio.sleep(0.0005)
            if i:  # the first round builds the screen: counted apart by start-up
                lists.append((t_list - t0) * 1000)
                figures.append((t_fig - t0) * 1000)
            await app.workers.wait_for_complete()
    return {"screen: list shown": stats(lists), "screen: figures shown": stats(figures)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    os.environ.setdefault("CRM_TUI_NOW", NOW.isoformat())
    print(f"load before: {os.getloadavg()[0]:.2f}")
    results = domain(args.db, args.repeat)
    results.update(asyncio.run(_screen(args.db, args.repeat)))
    print(f"{'benchmark':32} {'median':>8} {'p95':>8} {'min':>8} {'max':>8}")
    for name, r in results.items():
        print(f"{name:32} {r['median']:8.1f} {r['p95']:8.1f} {r['min']:8.1f} {r['max']:8.1f}")
    print(f"load after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
