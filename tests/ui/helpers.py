"""Pilot helpers shared by the customers and card tests."""

from __future__ import annotations

import html
import re

from textual.worker import WorkerCancelled

from crm_tui.config import Settings
from crm_tui.ui.app import CrmApp


def new_app(**kw) -> CrmApp:
    return CrmApp(settings=Settings(), save_prefs=False, **kw)


async def settle(pilot) -> None:
    """Let pending messages and workers finish (a newer keystroke cancels an older search
    worker: waiting for a cancelled worker raises, so wait again)."""
    await pilot.pause()
    for _ in range(20):
        try:
            await pilot.app.workers.wait_for_complete()
            break
        except WorkerCancelled:
            continue
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


def screen_text(app) -> str:
    """What the terminal shows, as plain text (SVG tags and entities removed)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")
