"""Changes made at another desk (PostgreSQL books) or in another window on this computer
(SQLite books), shown here within a second.

The app starts ``LiveUpdates``: on a server book a listener (``db/live.py``), on a SQLite
file a watcher polling ``PRAGMA data_version`` (``db/live_sqlite.py``; its changes carry
no ids: "reload what you show"). Their thread hands over each ``Change``; changes arriving within ``DEBOUNCE_S`` are merged, then every screen
of the current stack that has a ``live_changed(change)`` method is told (Today, the
customer search, an open card). Each reloads with its own loader, keeps its cursor and
never touches an input: what the user is typing stays, and a form (a modal screen) is left
alone; its save still meets the version check of ``domain/concurrency.py``. Screens not on
top reload anyway when they come back (``on_screen_resume``).

When the server goes away the user reads "Connection to the server lost; reconnecting…",
and "Reconnected" once the listener is back; everything shown is then reloaded (changes
made meanwhile were not announced).
"""

from __future__ import annotations

import contextlib
import contextvars
from typing import Any

from ..domain.live import (
    EVERYTHING,
    Change,
    DataVersionWatcher,
    Listener,
    is_server_address,
    start_listener,
    start_watcher,
)
from ..i18n import _

DEBOUNCE_S = 0.2


class LiveUpdates:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.listener: Listener | None = None
        self.watcher: DataVersionWatcher | None = None
        self.delivered = 0  # changes handed to the screens (tests: an idle app gets none)
        self._pending: Change | None = None
        self._timer: Any = None
        self._context: contextvars.Context | None = None

    def start(self) -> bool:
        """Listen if the book is on a PostgreSQL server (True), else watch the SQLite book
        for other windows' changes (False)."""
        if self.listener is not None or self.watcher is not None:
            return self.listener is not None
        # the callbacks run on the UI loop in the app's context (set_timer and notify need
        # Textual's active app)
        self._context = contextvars.copy_context()
        target = self.app.db_path
        if not is_server_address(target):
            self.watcher = start_watcher(self._from_thread)
            return False
        self.listener = start_listener(str(target).strip(), self._from_thread, self._state)
        return True

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener = None
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    # -- from the listener's thread -----------------------------------------------------
    def _from_thread(self, change: Change) -> None:
        self._call(self.arrived, change)

    def _state(self, state: str) -> None:
        self._call(self._tell, state)

    def _call(self, fn: Any, *args: Any) -> None:
        loop = getattr(self.app, "_loop", None)
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the app has ended
                loop.call_soon_threadsafe(fn, *args, context=self._context)

    # -- on the UI thread ----------------------------------------------------------------
    def arrived(self, change: Change) -> None:
        self._pending = change if self._pending is None else self._pending.merge(change)
        if self._timer is None:
            self._timer = self.app.set_timer(DEBOUNCE_S, self._flush)

    def _flush(self) -> None:
        self._timer = None
        change, self._pending = self._pending, None
        if change is None or not self.app.is_running:
            return
        self.delivered += 1
        for screen in list(self.app.screen_stack):
            hook = getattr(screen, "live_changed", None)
            if hook is not None and screen.is_mounted:
                hook(change)

    def _tell(self, state: str) -> None:
        if state == "lost":
            self.app.notify(
                _("Connection to the server lost; reconnecting…"), severity="warning", timeout=8
            )
        elif state == "back":
            self.app.notify(_("Reconnected to the server."), timeout=4)
            self.arrived(EVERYTHING)
