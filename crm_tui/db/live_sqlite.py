"""Live updates between windows of one computer (a SQLite book): a thread polls
``PRAGMA data_version`` once a second on a connection of its own.

SQLite changes that number on a connection whenever another connection has committed
since it last asked; reading it costs a few microseconds and takes no lock. There are no
ids: a change means "something changed" (``EVERYTHING``), and the screens reload what they
show, as after a PostgreSQL server's notification (``live.py``).

This process's own connections bump it too (each call of ``App.db`` opens one). A bump
that came with a write of this process (``runner_support.own_writes``, counted per call
in ``in_own_connection``) is skipped: the screen that saved reloads itself anyway, and a
reload that happened to write could otherwise make the next poll reload again, forever.
The price: a change made in another window within the same second as one of this
window's saves shows at the next change or when its screen is opened again.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from .live import EVERYTHING, Change
from .opened import database_path
from .runner_support import own_writes

POLL_S = 1.0


class DataVersionWatcher:
    """Polls the open SQLite book (it follows the app to another file); ``on_change``
    is called from the thread with ``EVERYTHING``."""

    def __init__(self, on_change: Callable[[Change], None], interval: float = POLL_S) -> None:
        self.on_change = on_change
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()  # set once a first version is read (tests wait)
        self.polls = 0
        self.skipped = 0  # bumps that were this process's own writes
        self.told = 0

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="crm-live-sqlite", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        path: Path | None = None
        connection: sqlite3.Connection | None = None
        version = writes = 0
        mine_pending = False
        try:
            while not self._stop.is_set():
                current = database_path()
                if current != path:  # first poll, or the app opened another book
                    if connection is not None:
                        connection.close()
                        connection = None
                    path = current
                    if path is not None:
                        try:
                            connection, version = _open(path)
                        except sqlite3.Error:
                            path = None  # moved away for a moment (a restore): next poll
                        else:
                            writes = own_writes()
                            mine_pending = False
                            self.listening.set()
                elif connection is not None:
                    try:
                        now = connection.execute("PRAGMA data_version").fetchone()[0]
                    except sqlite3.Error:
                        path = None  # the file went away (a restore): open it again
                        self._stop.wait(self.interval)
                        continue
                    # read after the version: a write counted here may have committed
                    # after the version was read, so it excuses the next bump as well
                    count = own_writes()
                    mine = mine_pending or count != writes
                    self.polls += 1
                    if now != version:
                        if mine:
                            self.skipped += 1
                        else:
                            self.told += 1
                            self.on_change(EVERYTHING)
                    mine_pending = count != writes
                    version, writes = now, count
                self._stop.wait(self.interval)
        finally:
            if connection is not None:
                connection.close()


def _open(path: Path) -> tuple[sqlite3.Connection, int]:
    # mode=rw: never create an empty file where the book was
    uri = path.resolve().as_uri() + "?mode=rw"
    connection = sqlite3.connect(uri, uri=True, timeout=1, check_same_thread=False)
    return connection, connection.execute("PRAGMA data_version").fetchone()[0]


def start_watcher(on_change: Callable[[Change], None]) -> DataVersionWatcher:
    """A started watcher of the open SQLite book."""
    watcher = DataVersionWatcher(on_change)
    watcher.start()
    return watcher
