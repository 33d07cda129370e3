"""Live updates from other desks, for the UI (which never imports ``crm_tui.db``): the
PostgreSQL listener of ``db/live.py``, the SQLite watcher of ``db/live_sqlite.py`` (other
windows on the same computer) and what they hand over."""

from __future__ import annotations

from ..db.live import EVERYTHING, Change, Listener, start_listener
from ..db.live_sqlite import DataVersionWatcher, start_watcher
from ..db.postgres import is_url as is_server_address

__all__ = [
    "EVERYTHING",
    "Change",
    "DataVersionWatcher",
    "Listener",
    "is_server_address",
    "start_listener",
    "start_watcher",
]
