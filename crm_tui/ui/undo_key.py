"""ctrl+z, app-wide: undo the last change made at this desk (``domain.undo``), say what
was undone, and have every screen shown reload (as for a change made at another desk)."""

from __future__ import annotations

import inspect
from typing import Any

from ..domain import undo
from ..domain.live import EVERYTHING
from ..i18n import _
from .faults import attempt


async def undo_last(app: Any) -> None:
    ok, what = await attempt(app, undo.undo_last)
    if not ok:
        return
    app.notify(_("Undone: {what}", what=what), timeout=6)
    live = getattr(app, "live", None)
    if live is not None:
        live.arrived(EVERYTHING)
    # the screen shown, when it has no live updates, reloads now (the others on resume)
    screen = app.screen
    reload = getattr(screen, "reload", None)
    if reload is not None and not hasattr(screen, "live_changed"):
        result = reload()
        if inspect.isawaitable(result):
            await result
