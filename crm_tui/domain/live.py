"""Live updates from other desks, for the UI (which never imports ``crm_tui.db``): the
PostgreSQL listener of ``db/live.py`` and what it hands over."""

from __future__ import annotations

from ..db.live import EVERYTHING, Change, Listener, start_listener
from ..db.postgres import is_url as is_server_address

__all__ = ["EVERYTHING", "Change", "Listener", "is_server_address", "start_listener"]
