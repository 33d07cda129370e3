"""TEMP placeholder: step 14 is written in parallel (dropped on merge)."""

from __future__ import annotations

from typing import Any


def apply(db: Any, dialect: Any) -> None:
    return None
