"""The warm database thread: results come back, a newer search supersedes (and interrupts)
an older one with the same tag, errors reach the caller, the connection is closed at the end."""

from __future__ import annotations

import asyncio
import threading

import pytest

from crm_tui.db.models import Customer, db
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.ui.dbrunner import DbRunner, Superseded

# A statement that runs for minutes unless interrupted (a recursive count to 500 million);
# its first row calls mark(), so the caller knows the statement is running.
SLOW_SQL = (
    "WITH RECURSIVE n(i) AS (SELECT mark() UNION ALL SELECT i + 1 FROM n WHERE i < 500000000)"
    " SELECT count(*) FROM n"
)


def _slow(started: threading.Event, outcome: list) -> int:
    def mark() -> int:
        started.set()
        return 1

    db.connection().create_function("mark", 0, mark)
    try:
        result = db.execute_sql(SLOW_SQL).fetchone()[0]
    except Exception as exc:
        outcome.append(str(exc))
        raise
    outcome.append("finished")
    return result


async def test_result_and_errors_come_back(db_path):
    create_customer(CustomerInput(name="Ali Veli"))
    runner = DbRunner()
    try:
        name = await runner.run(lambda: Customer.get().name)
        assert name == "Ali Veli"
        with pytest.raises(ZeroDivisionError):
            await runner.run(lambda: 1 / 0)
        # the thread keeps its connection between calls (the warm page cache)
        first = await runner.run(db.connection)
        assert await runner.run(db.connection) is first
    finally:
        runner.close()


@pytest.mark.sqlite_only(
    "a slow recursive query with a SQLite function; tests/pg/test_runner_cancel.py"
)
async def test_newer_search_interrupts_the_running_one(db_path):
    runner = DbRunner()
    started = threading.Event()
    outcome: list[str] = []
    try:
        old = asyncio.ensure_future(runner.run(_slow, started, outcome, tag="search"))
        assert await asyncio.get_running_loop().run_in_executor(None, started.wait, 30)
        new = await runner.run(lambda: "newest", tag="search")
        assert new == "newest"
        with pytest.raises(Superseded):
            await old
        assert outcome == ["interrupted"]  # stopped inside SQLite, not run to its end
    finally:
        runner.close()


async def test_queued_search_is_dropped_and_other_tags_are_not(db_path):
    runner = DbRunner()
    gate = threading.Event()
    try:
        blocker = asyncio.ensure_future(runner.run(gate.wait, 5))  # untagged: runs to the end
        await asyncio.sleep(0.05)
        stale = asyncio.ensure_future(runner.run(lambda: "stale", tag="search"))
        card = asyncio.ensure_future(runner.run(lambda: "card", tag="card"))
        fresh = asyncio.ensure_future(runner.run(lambda: "fresh", tag="search"))
        await asyncio.sleep(0.05)
        gate.set()
        assert await blocker is True
        with pytest.raises(Superseded):
            await stale
        assert await card == "card"
        assert await fresh == "fresh"
    finally:
        runner.close()


async def test_close_ends_the_thread_and_its_connection(db_path):
    runner = DbRunner()
    conn = await runner.run(db.connection)
    thread = runner._thread
    runner.close()
    assert not thread.is_alive()
    with pytest.raises(Exception):  # noqa: B017 - sqlite3.ProgrammingError: closed
        conn.execute("SELECT 1")
    with pytest.raises(Superseded):
        await runner.run(lambda: 1)
