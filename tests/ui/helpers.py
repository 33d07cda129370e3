"""Pilot helpers shared by every test that drives the app (tests/ui, tests/reliability)."""

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
    """What the terminal shows, as plain text: one line per row of the SVG screenshot, the text
    runs of a row in order, entities decoded."""
    rows: dict[float, list[tuple[float, str]]] = {}
    pattern = r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>'
    for m in re.finditer(pattern, app.export_screenshot()):
        rows.setdefault(float(m.group(2)), []).append((float(m.group(1)), m.group(3)))
    return "\n".join(
        html.unescape("".join(t for _x, t in sorted(parts))).replace("\xa0", " ")
        for _y, parts in sorted(rows.items())
    )


async def open_card(pilot, customer_id: int):
    """Open a customer's card and wait for it; returns the card screen."""
    from crm_tui.ui.screens.card import CustomerCardScreen

    pilot.app.open_customer(customer_id)
    await settle(pilot)
    assert isinstance(pilot.app.screen, CustomerCardScreen)
    return pilot.app.screen
