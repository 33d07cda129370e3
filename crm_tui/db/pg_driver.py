"""psycopg, the PostgreSQL driver, loaded only when a PostgreSQL database is used.

peewee imports psycopg when it is itself imported (``try: import psycopg``), and psycopg
with its C library costs ~40 ms and ~4 MB at every start of the TUI and of ``crm-tui
lookup``, even on an SQLite file (docs/PERFORMANCE.md, start-up). ``crm_tui.db`` imports
peewee through here first, with psycopg hidden for that moment; ``attach`` (called before a
PostgreSQL database is made) then hands peewee the driver exactly as its own import would
have: the module, the JSON adapters and the transaction states of its psycopg 3 adapter.
When peewee was imported elsewhere first, it found psycopg itself and ``attach`` does
nothing."""

from __future__ import annotations

import sys
from types import ModuleType


def _import_peewee() -> None:
    if "peewee" in sys.modules or "psycopg" in sys.modules:
        return
    sys.modules["psycopg"] = None  # type: ignore[assignment]  # "import psycopg" fails
    try:
        import peewee  # noqa: F401
    finally:
        del sys.modules["psycopg"]


def attach() -> ModuleType:
    """psycopg, imported and known to peewee (its PostgreSQL classes need it)."""
    import peewee
    import psycopg

    if getattr(peewee, "psycopg", None) is None:
        from psycopg.pq import TransactionStatus
        from psycopg.types.json import Json, Jsonb

        peewee.psycopg = psycopg  # type: ignore[attr-defined]
        peewee.TransactionStatus = TransactionStatus  # type: ignore[attr-defined]
        peewee.Json_pg3 = Json  # type: ignore[attr-defined]
        peewee.Jsonb_pg3 = Jsonb  # type: ignore[attr-defined]
        adapter = peewee.Psycopg3Adapter
        adapter.txn_idle = TransactionStatus.IDLE
        adapter.txn_inerror = TransactionStatus.INERROR
        adapter.txn_unknown = TransactionStatus.UNKNOWN
    return psycopg


def loaded() -> ModuleType | None:
    """psycopg if something imported it (else no psycopg error or connection can exist)."""
    return sys.modules.get("psycopg")


_import_peewee()
