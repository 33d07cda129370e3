"""What the stored-text safety costs (docs/PERFORMANCE.md, "Stored text").

    python -m bench.textclean --db /work/bench-data/100k.sqlite3

1. ``safe_text.clean`` per call, on a name and on a 2,000-character note;
2. a customer saved through the model (every text field cleaned on write), per save;
3. the once-only cleanup of a database written by an older version
   (``db/text_cleanup.clean_stored_text``) on a copy of DB, clean and with 1,000 dirty values;
4. the app's per-key bookkeeping (``CrmApp.on_event``: keys typed in one burst), as 300
   keys typed into the customer search with and without it.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
import timeit
from pathlib import Path


def _per_call_us(stmt, number: int) -> float:
    best = min(timeit.repeat(stmt, number=number, repeat=5))
    return best / number * 1e6


def clean_cost() -> dict[str, float]:
    from crm_tui.safe_text import clean

    name = "Şükrü Uzungeçmiş Ltd. Şti."
    note = ("Poliçe yenilemesi için aradı; fiyat teklifi istedi.\n" * 40)[:2000]
    return {
        "clean_name_us": _per_call_us(lambda: clean(name), 200_000),
        "clean_note_2k_us": _per_call_us(lambda: clean(note, multiline=True), 20_000),
    }


def save_cost(folder: Path, n: int = 2000) -> dict[str, float]:
    from crm_tui.db import close_database, open_database
    from crm_tui.db.models import Customer

    open_database(folder / "save.sqlite3")
    try:
        start = time.perf_counter()
        for i in range(n):
            Customer.create(name=f"Müşteri {i} Işık", city="İzmir", email=f"m{i}@example.com")
        per_save = (time.perf_counter() - start) / n * 1e3
    finally:
        close_database()
    return {"customer_save_ms": per_save}


def cleanup_cost(source: Path, folder: Path) -> dict[str, float]:
    import sqlite3

    from crm_tui.db import close_database, open_database
    from crm_tui.db.text_cleanup import MARKER, clean_stored_text

    copy = folder / "cleanup.sqlite3"
    shutil.copy(source, copy)
    figures = {}
    for label, dirty in (("cleanup_clean_db_s", 0), ("cleanup_1000_dirty_s", 1000)):
        con = sqlite3.connect(copy)
        con.execute("DELETE FROM setting WHERE key = ?", (MARKER,))
        if dirty:
            con.execute(
                "UPDATE customer SET name = name || char(27) || '[31m' "
                "WHERE id IN (SELECT id FROM customer ORDER BY id LIMIT ?)",
                (dirty,),
            )
        con.commit()
        con.close()
        open_database(copy, migrate=False)
        try:
            start = time.perf_counter()
            changed = clean_stored_text()
            figures[label] = time.perf_counter() - start
            assert changed == dirty, (changed, dirty)
        finally:
            close_database()
    return figures


async def _type_keys(db: Path, keys: int, bookkeeping: bool) -> float:
    from textual.app import App

    from crm_tui.db import close_database, open_database
    from crm_tui.ui.app import CrmApp

    open_database(db, migrate=False)
    original = CrmApp.on_event
    if not bookkeeping:
        CrmApp.on_event = App.on_event  # type: ignore[method-assign]
    try:
        app = CrmApp()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("f3")
            await pilot.pause()
            start = time.perf_counter()
            for i in range(keys):
                await pilot.press("a" if i % 2 == 0 else "backspace")
            await pilot.pause()
            return (time.perf_counter() - start) / keys * 1e3
    finally:
        CrmApp.on_event = original  # type: ignore[method-assign]
        close_database()


def key_cost(db: Path, keys: int = 300, repeat: int = 3) -> dict[str, float]:
    figures: dict[str, list[float]] = {"key_with_bookkeeping_ms": [], "key_without_ms": []}
    for _ in range(repeat):
        figures["key_with_bookkeeping_ms"].append(asyncio.run(_type_keys(db, keys, True)))
        figures["key_without_ms"].append(asyncio.run(_type_keys(db, keys, False)))
    return {name: statistics.median(values) for name, values in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a bench.dataset database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        figures = clean_cost()
        figures.update(save_cost(folder))
        figures.update(cleanup_cost(args.db, folder))
        shutil.copy(args.db, folder / "keys.sqlite3")
        figures.update(key_cost(folder / "keys.sqlite3"))
    for name, value in figures.items():
        print(f"{name:28} {value:10.3f}")


if __name__ == "__main__":
    main()
