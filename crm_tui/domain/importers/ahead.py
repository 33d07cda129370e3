"""Making an import's next batch while the database writes the one before.

An import's batches are pure Python (rows in table order, the folded search words) and
their writes mostly wait on the database: PostgreSQL's server inserting, SQLite's C code,
both without holding the interpreter lock. Made one after the other, the two never
overlap; made in a thread a batch or two ahead, the Python work of batch n+1 runs while
batch n is written (docs/PERFORMANCE.md, "PostgreSQL import")."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")

_END = object()


def made_ahead(batches: Iterator[T], depth: int = 2) -> Iterator[T]:
    """The items of ``batches``, made in a thread up to ``depth`` items ahead.

    ``batches`` must not touch the database (the connection belongs to the caller's
    thread and transaction). An exception raised while making an item is raised here, in
    its place; leaving the loop early (an error while writing) stops the thread."""
    ready: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def make() -> None:
        try:
            for batch in batches:
                if not put((batch, None)):
                    return
        except BaseException as exc:  # handed to the caller, who raises it
            put((None, exc))
            return
        put((_END, None))

    worker = threading.Thread(target=make, name="import-batches", daemon=True)
    worker.start()
    try:
        while True:
            item, error = ready.get()
            if error is not None:
                raise error
            if item is _END:
                return
            yield item
    finally:
        stop.set()
        worker.join()
