"""Edit conflicts between two desks on one database.

A form loads a record with its ``version`` and saves with ``expected_version``; the save
runs in a write transaction (``BEGIN IMMEDIATE``), so checking the version inside it is
safe against the other desk saving at the same moment. Customers raise their version in
``domain.customers``; reminders, policies and complaints have it raised by the database
on every change (migration step 3), whichever code path made it.
"""

from __future__ import annotations

from typing import Any

from .errors import ConflictError


def check_version(row: Any, expected_version: int | None, message: str) -> None:
    """Raise ``ConflictError(message)`` when ``row`` (read inside the write transaction)
    is no longer at the version the user's form was based on. ``None`` skips the check
    (a save over the other desk's change, chosen by the user)."""
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(message, version=row.version)
