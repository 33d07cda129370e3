"""The UI at 80x24, 60x20 and 40x12 on the demo data.

- Every main screen (Today, Customers, a customer card, Reminders, Complaints, Loyalty),
  the help screen, the new-customer form and the command palette open without a crash,
  and no widget draws over another one (``layout.overlapping``).
- Snapshots at 80x24 of the main screens, plus the Today shell at 40x12. Other screens
  are still changing: regenerate with
  ``pytest tests/reliability/test_ui_sizes.py --snapshot-update`` and look at the SVGs
  (tests/reliability/__snapshots__/) for text cut or written over other text.
"""

from __future__ import annotations

import shutil

import pytest
from textual.widgets import Input

from crm_tui.config import Settings
from crm_tui.db import close_database, open_database
from crm_tui.db.models import db
from crm_tui.i18n import set_language
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.today import COUNT_DELAY
from tests.ui.helpers import new_app, settle

from .layout import overlapping

SIZES = [(80, 24), (60, 20), (40, 12)]
SECTIONS = ["f2", "f3", "f4", "f5", "f6"]


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    import os

    old = os.environ.get("CRM_TUI_TODAY")
    os.environ["CRM_TUI_TODAY"] = "2026-11-22"
    try:
        path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
        open_database(path)
        from datetime import date

        from crm_tui.domain import demo

        demo.generate(today=date(2026, 11, 22))
        close_database()
    finally:
        if old is None:
            os.environ.pop("CRM_TUI_TODAY", None)
        else:
            os.environ["CRM_TUI_TODAY"] = old
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, path)
    open_database(path)
    yield path
    close_database()


def busiest_customer() -> int:
    """The demo customer with the most policies, complaints and purchases: the fullest card."""
    row = db.execute_sql(
        "SELECT c.id FROM customer c WHERE c.archived_at IS NULL ORDER BY"
        " (SELECT count(*) FROM policy p WHERE p.customer_id = c.id)"
        " + (SELECT count(*) FROM complaint k WHERE k.customer_id = c.id)"
        " + (SELECT count(*) FROM purchase u WHERE u.customer_id = c.id) DESC, c.id LIMIT 1"
    ).fetchone()
    return row[0]


def assert_clean(app, size, where: str) -> None:
    assert app.screen.size == size, (where, app.screen.size)
    problems = overlapping(app.screen)
    assert not problems, f"{where} at {size[0]}x{size[1]}: " + "; ".join(problems[:5])


async def _tour(pilot, size, card_id: int, thorough: bool) -> None:
    app = pilot.app
    for key in SECTIONS:
        await pilot.press(key)
        await settle(pilot)
        assert_clean(app, size, key)
        if thorough:  # move around a little: rows, a page down, back
            await pilot.press("down", "pagedown", "up")
            await settle(pilot)
            assert_clean(app, size, f"{key} after moving")
    app.open_customer(card_id)
    await settle(pilot)
    assert app.screen.__class__.__name__ == "CustomerCardScreen"
    assert_clean(app, size, "customer card")
    if thorough:
        for tab in "23456":  # every tab of the card
            await pilot.press(tab)
            await settle(pilot)
            assert_clean(app, size, f"card tab {tab}")
    await pilot.press("question_mark")
    await settle(pilot)
    assert app.screen.__class__.__name__ == "HelpScreen"
    assert_clean(app, size, "help")
    await pilot.press("escape")
    await settle(pilot)
    await pilot.press("escape")  # back from the card
    await settle(pilot)
    await pilot.press("f2", "A")  # who did what (the audit screen), from Today
    await settle(pilot)
    assert app.screen.__class__.__name__ == "AuditScreen"
    assert_clean(app, size, "audit")
    await pilot.press("escape")
    await settle(pilot)
    if size == SIZES[1]:
        return  # the form and the palette: at the smallest and the usual size only
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    assert app.screen.__class__.__name__ == "CustomerFormScreen"
    assert_clean(app, size, "new customer form")
    keys = app.screen.query_one("#form-keys").region  # the last line of a long form
    assert app.screen.query_one("#form-box").region.contains_region(keys), (size, keys)
    await pilot.press("escape")
    await settle(pilot)
    await pilot.press("ctrl+p")
    await settle(pilot)
    if thorough:
        for ch in "ayse":
            await pilot.press(ch)
        await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)


@pytest.mark.parametrize(
    "size,lang",
    [(SIZES[2], "tr"), (SIZES[1], "en"), (SIZES[0], "en")],
    ids=["40x12", "60x20", "80x24"],
)
async def test_every_main_screen_survives_small_terminals(demo_db, size, lang):
    """One app run per size (in parallel under xdist). The smallest runs in Turkish (longer
    words), moves around on every screen and visits every card tab, then is resized to
    80x24 and back: screens built small must survive growing and shrinking again."""
    card_id = busiest_customer()
    set_language(lang)
    app = CrmApp(settings=Settings(language=lang), save_prefs=False)
    thorough = size == SIZES[-1]
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await _tour(pilot, size, card_id, thorough=thorough)
        if thorough:
            for other in (SIZES[0], size):
                await pilot.resize_terminal(*other)
                await settle(pilot)
                for key in SECTIONS:
                    await pilot.press(key)
                    await settle(pilot)
                    assert_clean(app, other, f"{key} after resizing")
    # run_test re-raises anything that crashed the app or one of its workers


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
def test_today_shell_snapshot(demo_db, snap_compare, size):
    db.close()  # the snapshot runs the app on its own connection

    async def ready(pilot):
        await settle(pilot)
        await pilot.pause(COUNT_DELAY)  # the exact renewal count follows the first paint
        await settle(pilot)

    app = new_app()
    assert snap_compare(app, terminal_size=size, run_before=ready)


SCREENS = {
    "customers": ["f3"],
    "card": [],  # opened in run_before
    "reminders": ["f4"],
    "complaints": ["f5"],
    "loyalty": ["f6"],
    "help": ["question_mark"],
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_main_screen_snapshot_80x24(demo_db, snap_compare, screen):
    card_id = busiest_customer()
    db.close()

    async def ready(pilot):
        await settle(pilot)
        await pilot.pause(COUNT_DELAY)  # Today's count, which shows behind the help
        await settle(pilot)
        if screen == "card":
            pilot.app.open_customer(card_id)
        for key in SCREENS[screen]:
            await pilot.press(key)
        await settle(pilot)
        for box in pilot.app.screen.query(Input):  # a blinking cursor: on or off at random
            box.cursor_blink = False
        await pilot.pause()
        assert not overlapping(pilot.app.screen)

    app = new_app()
    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
