"""One database thread with a long-lived connection for the reads the user waits on.

``App.db`` opens a fresh connection for every call: that costs ~2 ms and
starts with an empty SQLite page cache, so a lookup on a fresh connection reads its FTS
pages again each keystroke (≈2× slower at 100,000 customers). Lookup keystrokes and card
pages run here instead, one after the other on a warm connection.

Screens reach it through ``App.db_latest(tag, fn, ...)``; they only read here, so a call
that met a connection the PostgreSQL server dropped (a restart) runs once more on a new one.
A newer search makes the older one pointless: ``run(..., tag="search")`` aborts a running
search with the same tag (``sqlite3.Connection.interrupt``) and drops queued ones, so the
newest keystroke never waits for stale work.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from ..domain.dbaccess import (
    close_quietly,
    current_database,
    drop_dead_connection,
    interrupt,
    is_connection_lost,
    is_interrupted,
    thread_connection,
)

T = TypeVar("T")


class Superseded(Exception):
    """The call was dropped or interrupted because a newer one with its tag came in."""


class DbRunner:
    def __init__(self, name: str = "crm-db") -> None:
        self._name = name
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._running_tag: str | None = None
        self._serials: dict[str, int] = {}
        self._connection: Any = None  # the thread's sqlite3 connection
        self._closed = False

    # -- the thread ------------------------------------------------------------------------
    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
            self._thread.start()

    def _connect(self) -> None:
        connection = thread_connection()
        if connection is not None:
            self._connection = connection

    def _loop(self) -> None:
        owner = None  # the database object our connection belongs to
        while True:
            item = self._queue.get()
            if item is None:
                break
            fn, args, kwargs, loop, future, tag, serial = item
            if tag is not None and serial != self._serials.get(tag):
                loop.call_soon_threadsafe(_fail, future, Superseded())
                continue
            try:
                database = current_database()
                if owner is not None and owner is not database:
                    close_quietly(owner)  # the app opened another database file
                    self._connection = None
                owner = database
                with self._lock:
                    self._running_tag = tag
                self._connect()
                try:
                    result = fn(*args, **kwargs)
                except Exception as exc:
                    if is_connection_lost(exc):
                        # the server restarted: these calls only read, so once more on a
                        # new connection (still down: the error goes to the screen)
                        drop_dead_connection(database)
                        self._connection = None
                        self._connect()
                    # an interrupt meant for the previous search can hit this one
                    elif not (is_interrupted(exc) and serial == self._serials.get(tag)):
                        raise
                    result = fn(*args, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine
                if tag is not None and serial != self._serials.get(tag) and is_interrupted(exc):
                    exc = Superseded()
                loop.call_soon_threadsafe(_fail, future, exc)
            else:
                if tag is not None and serial != self._serials.get(tag):
                    loop.call_soon_threadsafe(_fail, future, Superseded())
                else:
                    loop.call_soon_threadsafe(_succeed, future, result)
            finally:
                with self._lock:
                    self._running_tag = None
        if owner is not None:
            close_quietly(owner)

    # -- API -------------------------------------------------------------------------------
    async def run(self, fn: Callable[..., T], *args: Any, tag: str | None = None, **kw: Any) -> T:
        """Run ``fn`` in the database thread; with a ``tag``, newer calls supersede older ones
        (which raise ``Superseded``)."""
        if self._closed:
            raise Superseded()
        loop = asyncio.get_running_loop()
        future: asyncio.Future = loop.create_future()
        serial = None
        if tag is not None:
            with self._lock:
                serial = self._serials.get(tag, 0) + 1
                self._serials[tag] = serial
                if self._running_tag == tag and self._connection is not None:
                    interrupt(self._connection)
        self._start()
        self._queue.put((fn, args, kw, loop, future, tag, serial))
        return await future

    def close(self) -> None:
        """Close the connection and end the thread (when the app exits)."""
        self._closed = True
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)
            self._thread = None


def _succeed(future: asyncio.Future, result: Any) -> None:
    if not future.done():
        future.set_result(result)


def _fail(future: asyncio.Future, exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)
