"""The instance lock: every process that has the database open holds a shared lock, and a
restore needs it exclusively (so it never pulls the file from under another window or desk).
Kept apart from ``backup`` so that ``connection`` can take it without importing the backup
code (which imports ``connection``'s neighbours)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; restore cannot see other instances
    fcntl = None  # type: ignore[assignment]

# -- several instances on one file ------------------------------------------------------
# Every process that has the database open holds a shared flock on ``<db>.lock``; a
# restore needs it exclusively. Without this, a restore would swap the data under another
# window: its open card of customer #12 would then save into a different person.

_locks: dict[str, int] = {}


class InstanceBusy(Exception):
    """Another process holds the instance lock (restore in progress, or others open)."""


def _lock_file(path: Path) -> Path:
    return Path(f"{path}.lock")


def _key(path: Path) -> str:
    return str(Path(path).resolve())


def hold_instance_lock(path: Path, wait: float = 15.0) -> None:
    """Take the shared instance lock for ``path`` (waits while a restore runs)."""
    if fcntl is None or _key(path) in _locks:
        return
    try:
        fd = os.open(_lock_file(path), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return  # read-only folder: nothing can be restored into it either
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise InstanceBusy(str(path)) from None
            time.sleep(0.05)
    _locks[_key(path)] = fd


def release_instance_lock(path: Path | None = None) -> None:
    keys = [_key(path)] if path is not None else list(_locks)
    for key in keys:
        fd = _locks.pop(key, None)
        if fd is not None:
            os.close(fd)  # closing the descriptor releases the flock


@contextmanager
def sole_instance(path: Path) -> Iterator[None]:
    """Run the block as the only process with ``path`` open, or raise ``InstanceBusy``.

    New instances wait in ``hold_instance_lock`` until the block ends."""
    if fcntl is None:
        yield
        return
    key = _key(path)
    own = _locks.get(key)
    fd = own if own is not None else os.open(_lock_file(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InstanceBusy(str(path)) from None
        yield
    finally:
        if own is not None:
            fcntl.flock(fd, fcntl.LOCK_SH)  # back to an ordinary instance
        else:
            os.close(fd)
