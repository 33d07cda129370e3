"""Complaints at scale: the list page, its counts, the 90-day figures and Today's due list
in the domain, and in the app the time from F5 until the list is on screen (and until the
figures are).

    python -m bench.complaints --db /work/bench-data/100k.sqlite3 [--repeat N]
    python -m bench.complaints --db postgresql://user@host:port/bench [--repeat N]

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

from bench.run import is_url, stats, timed

NOW = datetime(2026, 11, 22, 10, 0)


def domain(db_path: Path | str, repeat: int) -> dict[str, dict]:
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


async def _settled(app, pilot) -> None:
    for _ in range(3):  # workers may start more workers (list → figures)
        await pilot.pause(0.05)
        await app.workers.wait_for_complete()


async def _painted(app) -> None:
    """Until the next screen refresh has run (Pilot.pause waits for an idle event loop,
    up to a second while a worker thread holds the GIL: not what a user sees)."""
    done = asyncio.Event()
    app.screen.call_after_refresh(done.set)
    app.screen.refresh()
    await done.wait()


async def _screen(db_path: Path | str, repeat: int) -> dict[str, dict]:
    """F5 from an idle Today screen until the complaints list (and then the figures) of
    this visit are on screen, one refresh later (painted)."""
    from textual import events

    from crm_tui.config import Settings
    from crm_tui.ui.app import CrmApp

    lists, figures = [], []
    app = CrmApp(settings=Settings(), db_path=db_path, save_prefs=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        app.settle_gc_now()  # what the app does 2 s after its start (GC_SETTLE_DELAY)
        for i in range(repeat + 1):
            await app.switch_mode("today")
            await _settled(app, pilot)
            previous = getattr(app, "_bench_cx", None)
            old_list = previous.loaded if previous else None
            old_figures = previous.figures if previous else None
            t0 = time.perf_counter()
            # what the terminal driver does with a keystroke (Pilot.press would also wait
            # until every worker is idle, figures included)
            app.post_message(events.Key("f5", None))
            end = t0 + 30
            t_list = t_fig = None
            while t_list is None or t_fig is None:
                screen = app._bench_cx = app.screen
                if time.perf_counter() > end:
                    raise TimeoutError("complaints screen did not load")
                loaded = getattr(screen, "loaded", None)
                shown_figures = getattr(screen, "figures", None)
                # Identity, not ==: the same page loaded again compares equal.
                if t_list is None and loaded is not None and loaded is not old_list:
                    await _painted(app)
                    t_list = time.perf_counter()
                if t_fig is None and shown_figures is not None and shown_figures is not old_figures:
                    await _painted(app)
                    t_fig = time.perf_counter()
                await asyncio.sleep(0.0005)
            if i:  # the first round builds the screen
                lists.append((t_list - t0) * 1000)
                figures.append((t_fig - t0) * 1000)
            await _settled(app, pilot)
    return {"screen: list shown": stats(lists), "screen: figures shown": stats(figures)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", required=True, help="an SQLite file or a postgresql://user@host:port/dbname"
    )
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    # an address stays a str: Path() would fold its "//"
    db: Path | str = args.db.strip() if is_url(args.db) else Path(args.db)
    os.environ.setdefault("CRM_TUI_NOW", NOW.isoformat())
    print(f"load before: {os.getloadavg()[0]:.2f}")
    results = domain(db, args.repeat)
    from crm_tui.db import close_database, open_database

    # the app uses the database opened here (on PostgreSQL a closed one would leave the
    # SQL dialect at SQLite's default)
    open_database(db)
    try:
        results.update(asyncio.run(_screen(db, args.repeat)))
    finally:
        close_database()
    print(f"{'benchmark':32} {'median':>8} {'p95':>8} {'min':>8} {'max':>8}")
    for name, r in results.items():
        print(f"{name:32} {r['median']:8.1f} {r['p95']:8.1f} {r['min']:8.1f} {r['max']:8.1f}")
    print(f"load after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
