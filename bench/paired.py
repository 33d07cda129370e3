"""Time the customer card and a lookup keystroke the same way in any checkout, so two
checkouts can be compared interleaved at the same machine load (see docs/PERFORMANCE.md):

    PYTHONPATH=ROOT python bench/paired.py ROOT DB N

ROOT: the checkout whose ``crm_tui`` is imported; DB: a benchmark file where ``bench.run``'s
``card`` benchmark already added its long-history customer; N rounds of each. Prints the
medians (ms) as JSON: ``card`` (opened from Customers until painted) and ``lookup`` (the last
letter of "meh" typed until the results are painted).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

BENCH_EMAIL = "bench-long-history@example.invalid"


async def measure(db_path: Path, rounds: int) -> dict[str, float]:
    from textual import events
    from textual.keys import _character_to_key
    from textual.widgets import Input

    from crm_tui.config import Settings
    from crm_tui.db import open_database
    from crm_tui.db.models import Customer
    from crm_tui.ui.app import CrmApp

    open_database(db_path)
    cid = Customer.get(Customer.email == BENCH_EMAIL).id
    out: dict[str, list[float]] = {"card": [], "lookup": []}
    app = CrmApp(settings=Settings(), db_path=db_path, save_prefs=False)
    async with app.run_test(size=(100, 30)) as pilot:

        async def settle() -> None:
            await pilot.pause()
            try:
                await app.workers.wait_for_complete()
            except Exception:  # noqa: BLE001 - a cancelled worker: settled anyway
                pass
            await pilot.pause()

        async def until(pred) -> None:
            end = time.perf_counter() + 30
            while not pred():
                if time.perf_counter() > end:
                    raise TimeoutError
                await asyncio.sleep(0.0005)

        await settle()
        app.action_go("customers")
        await settle()
        base = app.screen
        for i in range(rounds + 1):  # the first round warms up
            t0 = time.perf_counter()
            app.open_customer(cid)
            await until(lambda: getattr(app.screen, "data", None) is not None)
            await pilot.pause(0)
            if i:
                out["card"].append((time.perf_counter() - t0) * 1000)
            app.pop_screen()
            await settle()
        box = base.query_one("#search", Input)
        for i in range(rounds + 1):
            box.value = "me"
            await until(lambda: base._query == "me")
            box.focus()
            box.cursor_position = 2
            await pilot.pause()
            t0 = time.perf_counter()
            app.post_message(events.Key(_character_to_key("h"), "h"))
            await until(lambda: base._query == "meh")
            await pilot.pause(0)
            if i:
                out["lookup"].append((time.perf_counter() - t0) * 1000)
    return {key: round(statistics.median(values), 1) for key, values in out.items()}


def main(argv: list[str]) -> int:
    root, db_path, rounds = argv[0], Path(argv[1]), int(argv[2])
    sys.path.insert(0, root)
    print(json.dumps(asyncio.run(measure(db_path, rounds))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
