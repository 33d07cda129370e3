"""Live updates from other desks (PostgreSQL): a listener on the channel that step 7's
triggers notify (``migrations/m0007_live_notify.py``), on a connection of its own.

The listener runs in a daemon thread. It hands the UI a ``Change`` (the tables changed and
the customers concerned, or ``None`` for "any customer") at most every ``GATHER_S``, and
reports the connection's state: ``"lost"`` when the server goes away (a restart, the
network), then ``"back"`` once it listens again (retrying every 0.5 s, then up to 5 s).
Changes made while the connection was down are not known: after ``"back"`` the UI reloads
what it shows.

The desk's own changes come back too (the app uses several connections, so the sender's
``pid`` cannot tell "mine" from "another desk's"): refreshing after one's own save is cheap.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .migrations.m0007_live_notify import CHANNEL

if TYPE_CHECKING:
    import psycopg

GATHER_S = 0.05  # notifications arriving together (one transaction) make one Change
RETRY_FIRST_S = 0.5
RETRY_MAX_S = 5.0
POLL_S = 0.25  # how often the thread looks at its stop flag


@dataclass(frozen=True)
class Change:
    """What changed elsewhere: table names, and the customers (None: any, unknown)."""

    tables: frozenset[str]
    customers: frozenset[int] | None

    def merge(self, other: Change) -> Change:
        customers = (
            None
            if self.customers is None or other.customers is None
            else self.customers | other.customers
        )
        return Change(self.tables | other.tables, customers)

    def concerns(self, customer_id: int) -> bool:
        return self.customers is None or customer_id in self.customers


EVERYTHING = Change(frozenset({"*"}), None)


def parse(payload: str) -> Change:
    """A notification's payload (``{"t": table, "c": [ids]}``) as a Change; anything
    unexpected means "everything may have changed"."""
    try:
        data = json.loads(payload)
        table = str(data["t"])
        ids = data.get("c")
        customers = None if ids is None else frozenset(int(i) for i in ids)
    except (ValueError, KeyError, TypeError):
        return EVERYTHING
    return Change(frozenset({table}), customers)


class Listener:
    """``LISTEN`` on ``url`` in a thread; ``on_change(Change)`` and ``on_state("lost" |
    "back")`` are called from that thread."""

    def __init__(
        self,
        url: str,
        on_change: Callable[[Change], None],
        on_state: Callable[[str], None] = lambda _state: None,
    ) -> None:
        self.url = url
        self.on_change = on_change
        self.on_state = on_state
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()  # set while LISTEN is in force (tests wait on it)
        self._connection: psycopg.Connection | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="crm-live", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        connection = self._connection
        if connection is not None:
            import psycopg  # loaded by _connect (pg_driver.py: not on SQLite)

            try:
                connection.close()  # wakes a thread waiting on the socket
            except psycopg.Error:
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _connect(self) -> psycopg.Connection:
        import psycopg

        connection = psycopg.connect(
            self.url,
            autocommit=True,
            connect_timeout=5,
            application_name="crm-tui live",
            # a desk whose network cable is pulled notices within ~15 s, not hours
            keepalives=1,
            keepalives_idle=5,
            keepalives_interval=2,
            keepalives_count=3,
        )
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def _run(self) -> None:
        from .pg_driver import attach

        psycopg = attach()
        delay = RETRY_FIRST_S
        lost = False
        while not self._stop.is_set():
            try:
                self._connection = self._connect()
            except psycopg.Error:
                if not lost:
                    lost = True
                    self.on_state("lost")
                self._stop.wait(delay)
                delay = min(delay * 2, RETRY_MAX_S)
                continue
            delay = RETRY_FIRST_S
            self.listening.set()
            if lost:
                lost = False
                self.on_state("back")
            try:
                self._listen(self._connection)
            except psycopg.Error:
                if self._stop.is_set():
                    break
                lost = True
                self.on_state("lost")
            finally:
                self.listening.clear()
                try:
                    self._connection.close()
                except psycopg.Error:
                    pass
                self._connection = None

    def _listen(self, connection: psycopg.Connection) -> None:
        while not self._stop.is_set():
            pending: Change | None = None
            for notify in connection.notifies(timeout=POLL_S, stop_after=1):
                pending = parse(notify.payload)
            if pending is None:
                continue
            until = time.monotonic() + GATHER_S
            while (left := until - time.monotonic()) > 0:
                for notify in connection.notifies(timeout=left, stop_after=1):
                    pending = pending.merge(parse(notify.payload))
            self.on_change(pending)


def start_listener(
    url: str,
    on_change: Callable[[Change], None],
    on_state: Callable[[str], None] = lambda _state: None,
) -> Listener:
    """A started ``Listener`` (its thread keeps retrying while the server is away)."""
    listener = Listener(url, on_change, on_state)
    listener.start()
    return listener
