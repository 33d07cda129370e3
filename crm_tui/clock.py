"""The app's notion of "now". Domain functions take ``today``/``now`` arguments that
default to these; ``CRM_TUI_TODAY=2026-11-22`` (or ``CRM_TUI_NOW=2026-11-22T10:00``)
freezes the clock for tests, snapshots and demos."""

from __future__ import annotations

import os
from datetime import date, datetime, time


def now() -> datetime:
    fixed = os.environ.get("CRM_TUI_NOW")
    if fixed:
        return datetime.fromisoformat(fixed)
    fixed_day = os.environ.get("CRM_TUI_TODAY")
    if fixed_day:
        return datetime.combine(date.fromisoformat(fixed_day), time(10, 0))
    return datetime.now().replace(microsecond=0)


def today() -> date:
    return now().date()
