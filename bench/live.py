"""``live``: a change at one desk painted at another (PostgreSQL only). Desk A commits a
reminder due today on its own connection; desk B's listener (``db/live.py``) hears it and
reads Today again (``agenda_counted``, what the Today screen's reload runs). Reported: from
A's commit to B's agenda in hand, plus the UI's debounce (``ui/live.py``), i.e. the time
until B can paint it. Target: 1000 ms."""

from __future__ import annotations

import queue
import threading
import time
from datetime import datetime
from pathlib import Path


def bench_live(db_path: Path | str, repeat: int) -> dict:
    from bench.run import TODAY, stats
    from crm_tui.db import close_database, open_database
    from crm_tui.db.live import Listener
    from crm_tui.db.models import Reminder
    from crm_tui.db.runner_support import in_own_connection
    from crm_tui.domain import today as td
    from crm_tui.ui.live import DEBOUNCE_S

    open_database(db_path)
    heard: queue.Queue[float] = queue.Queue()
    listener = Listener(str(db_path), lambda _c: heard.put(time.perf_counter()))
    listener.start()
    listener.listening.wait(10)
    notify, painted = [], []
    made: list[int] = []
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            out: list = []

            def write(out=out) -> None:
                out.append(
                    in_own_connection(
                        Reminder.create,
                        title="bench live",
                        due_at=datetime.combine(TODAY, datetime.min.time()).replace(hour=15),
                    ).id
                )

            writer = threading.Thread(target=write)
            writer.start()
            at = heard.get(timeout=5)
            in_own_connection(td.agenda_counted)
            done = time.perf_counter()
            writer.join()
            made.extend(out)
            notify.append((at - start) * 1000)
            painted.append((done - start) * 1000 + DEBOUNCE_S * 1000)
            time.sleep(0.05)
            while not heard.empty():
                heard.get_nowait()
    finally:
        listener.stop()
        Reminder.delete().where(Reminder.id.in_(made)).execute()
        close_database()
    r = {"notify": stats(notify), "painted": stats(painted)}
    r.update(r["painted"])
    r["value"] = r["median"]
    return r
