"""TEMP placeholder for step 15 (built in parallel elsewhere; dropped on merge)."""

from __future__ import annotations

from typing import Any


def apply(db: Any, dialect: Any) -> None:
    return None
