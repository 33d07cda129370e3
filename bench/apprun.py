"""Child process for the start-up and memory benchmarks (run by ``bench.run``).

    python -m bench.apprun startup DB      # real app: exit right after Today is painted
    python -m bench.apprun floor           # bare Textual app painting one label
    python -m bench.apprun floor-pg URL    # the same after importing psycopg and connecting
    python -m bench.apprun memory DB TEXT  # Today, lookup TEXT, open the first hit's card

Prints one JSON line on stdout: ``painted`` (``time.time()`` when the screen was painted,
compared by the parent with the moment it spawned us), ``cpu_ms`` (CPU time this process
used until then: steadier than wall time on a shared machine) and ``vmhwm_kb`` (RSS
high-water mark).
The app runs headless (``App.run(headless=True, auto_pilot=...)``) through ``crm_tui.cli.main``
with ``--db DB --lang tr``: the same start-up path as ``crm-tui`` (read the settings, parse
the arguments, open and check the database, build CrmApp, mount the Today mode), minus the
real terminal.
"""

from __future__ import annotations

import json
import sys
import time


def _vmhwm_kb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


async def _until(pred, timeout: float = 30.0) -> None:
    import asyncio

    end = time.perf_counter() + timeout
    while not pred():
        if time.perf_counter() > end:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.001)


def floor() -> dict:
    from textual.app import App
    from textual.widgets import Label

    out: dict = {}

    class Bare(App):
        def compose(self):
            yield Label("crm-tui")

    async def pilot_fn(pilot) -> None:
        await pilot.pause()
        out["painted"] = time.time()
        out["cpu_ms"] = time.process_time() * 1000
        pilot.app.exit()

    Bare().run(headless=True, size=(100, 30), auto_pilot=pilot_fn)
    return out


def floor_pg(url: str) -> dict:
    """``floor`` plus what every PostgreSQL client pays before it can show a row: the
    driver's import and a connection (opened before the app, as crm-tui opens its book)."""
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as connection:
        connection.execute("SELECT 1").fetchone()
        return floor()


def _run_cli(db_path: str, pilot_fn) -> None:
    """Start crm-tui the way ``crm-tui --db DB --lang tr`` does (settings, argument
    parsing, opening and checking the database, building the app), headless."""
    from crm_tui import cli

    def run(app) -> None:
        app.save_prefs = False
        app.run(headless=True, size=(100, 30), auto_pilot=lambda pilot: pilot_fn(app, pilot))

    code = cli.main(["--db", db_path, "--lang", "tr"], run=run)
    if code:
        raise SystemExit(code)


def startup(db_path: str) -> dict:
    out: dict = {}

    async def pilot_fn(app, pilot) -> None:
        await _until(lambda: getattr(app.screen, "agenda", None) is not None)
        await pilot.pause()  # one refresh: the agenda is on screen
        out["painted"] = time.time()
        out["cpu_ms"] = time.process_time() * 1000
        app.exit()

    _run_cli(db_path, pilot_fn)
    return out


def memory(db_path: str, text: str) -> dict:
    out: dict = {}

    async def pilot_fn(app, pilot) -> None:
        await _until(lambda: getattr(app.screen, "agenda", None) is not None)
        app.action_search()
        await pilot.pause()
        await _until(lambda: hasattr(app.screen, "_hits"))
        await pilot.press(*text)
        await _until(lambda: getattr(app.screen, "_query", None) == text and app.screen._hits)
        out["after_lookup_kb"] = _vmhwm_kb()
        app.open_customer(app.screen._hits[0].id)
        await _until(lambda: getattr(app.screen, "data", None) is not None)
        await pilot.pause()
        out["vmhwm_kb"] = _vmhwm_kb()
        app.exit()

    _run_cli(db_path, pilot_fn)
    return out


def main(argv: list[str]) -> int:
    what = argv[0]
    if what == "floor":
        out = floor()
    elif what == "floor-pg":
        out = floor_pg(argv[1])
    elif what == "startup":
        out = startup(argv[1])
    elif what == "memory":
        out = memory(argv[1], argv[2])
    else:
        raise SystemExit(f"unknown benchmark {what!r}")
    out.setdefault("vmhwm_kb", _vmhwm_kb())
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
