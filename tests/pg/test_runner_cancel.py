"""The warm lookup thread interrupts a search that a newer keystroke made pointless; on
PostgreSQL that is a server-side cancel (the app ended with AttributeError: psycopg's
connection has no ``interrupt``)."""

from __future__ import annotations

import threading
import time

from crm_tui.db import close_database, open_database
from crm_tui.db.models import db
from crm_tui.db.runner_support import interrupt, is_interrupted, thread_connection


def test_a_running_statement_is_cancelled_and_the_connection_stays_usable(pg_url):
    open_database(pg_url)
    try:
        caught: list[BaseException] = []
        conn: list = []
        result: list = []

        def long_search() -> None:
            conn.append(thread_connection())
            try:
                db.execute_sql("SELECT pg_sleep(5)")
            except Exception as exc:  # noqa: BLE001  (the test inspects what was raised)
                caught.append(exc)
            # the same thread's next lookup works, on the same connection
            result.append((db.execute_sql("SELECT 1").fetchone(), db.connection() is conn[0]))

        worker = threading.Thread(target=long_search)
        start = time.monotonic()
        worker.start()
        while not conn:
            time.sleep(0.01)
        time.sleep(0.3)  # the statement is running on the server
        interrupt(conn[0])
        worker.join(5)
        assert time.monotonic() - start < 3
        assert caught and is_interrupted(caught[0]), caught
        assert result == [((1,), True)]
    finally:
        close_database()
