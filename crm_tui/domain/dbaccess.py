"""How the UI reaches the database without importing it (contract ``ui-no-db``): running a
call off the UI thread in its own connection, the warm lookup thread's connection and its
interrupts, and telling a storage error (locked too long, disk full, read-only, damaged)
from a program error, with one line for the user."""

from __future__ import annotations

from ..db.connection import describe_error, is_locked_error, is_storage_error
from ..db.runner_support import (
    close_quietly,
    current_database,
    drop_dead_connection,
    in_own_connection,
    interrupt,
    is_connection_lost,
    is_interrupted,
    thread_connection,
)

__all__ = [
    "close_quietly",
    "current_database",
    "describe_error",
    "drop_dead_connection",
    "in_own_connection",
    "interrupt",
    "is_connection_lost",
    "is_interrupted",
    "is_locked_error",
    "is_storage_error",
    "thread_connection",
]
