"""Two desks saving at the same time (issue 19, target 3).

    python -m bench.desks --db FILE_OR_POSTGRESQL_URL [--saves 100] [--json OUT]

Two processes open the same book (each as its own desk: its own connection, as two
``crm-tui`` instances would) and wait at a common start; then each makes ``--saves``
saves as fast as it can, the saves a user makes all day, in turn: a customer edit
(``update_customer`` with the version it read, as the form does), a new reminder, that
reminder done, and a purchase (``record_purchase``: the loyalty totals and step 26's
counts move, so both desks add to the same groups of today's buyers). The two desks edit different customers but write the same tables,
indexes, search rows, audit log and (PostgreSQL) live notifications. Every save is timed
from the call to the commit; reported per desk: median, p95 and the longest save, in
milliseconds. Target: no save waits more than 200 ms.

The saves run through the domain functions the screens call (``app.db`` hands them to a
thread, which adds nothing measurable). A customer edit saves the values it read (a form
saved unchanged), which still writes the row, its phones, tags, consents and search
words, so the book is left as it was; the reminders and purchases made are deleted at the
end. The
read that opens the form is not timed, only the save.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import statistics
import sys
import time
from pathlib import Path

KINDS = ("customer", "reminder", "done", "purchase")


def _desk(db: str, desk: int, customer_ids: list[int], saves: int, start, out) -> None:
    from decimal import Decimal

    from crm_tui.db import close_database, open_database
    from crm_tui.domain.customers.editing import customer_input, update_customer
    from crm_tui.domain.purchases import record_purchase
    from crm_tui.domain.reminders.editing import ReminderInput, complete, create_reminder

    open_database(db)
    times: dict[str, list[float]] = {k: [] for k in KINDS}
    made: list[int] = []
    bought: list[int] = []
    # One save of each kind before the start: a desk that has been open a while has
    # imported and warmed what a save needs (the first save of a process costs ~100 ms more).
    data, version = customer_input(customer_ids[0])
    update_customer(customer_ids[0], data, expected_version=version)
    made.append(create_reminder(ReminderInput("bench desk warm-up", "+3")).id)
    complete(made[-1])
    bought.append(record_purchase(customer_ids[0], Decimal("12.50")).purchase.id)
    start.wait()
    try:
        for n in range(saves):
            kind = KINDS[n % len(KINDS)]
            cid = customer_ids[n % len(customer_ids)]
            if kind == "customer":
                data, version = customer_input(cid)  # the form opening: not timed
            t0 = time.perf_counter()
            if kind == "customer":
                update_customer(cid, data, expected_version=version)
            elif kind == "reminder":
                title = f"bench desk {desk} #{n}"
                made.append(create_reminder(ReminderInput(title, "+3", customer_id=cid)).id)
            elif kind == "done":
                complete(made[-1])
            else:
                bought.append(record_purchase(cid, Decimal("12.50")).purchase.id)
            times[kind].append((time.perf_counter() - t0) * 1000)
    finally:
        from crm_tui.db.models import PointsEntry, Purchase, Reminder

        if made:
            Reminder.delete().where(Reminder.id.in_(made)).execute()
        if bought:
            PointsEntry.delete().where(PointsEntry.purchase.in_(bought)).execute()
            Purchase.delete().where(Purchase.id.in_(bought)).execute()
        close_database()
    out.put((desk, times))


def _stats(samples: list[float]) -> dict[str, float]:
    s = sorted(samples)
    return {
        "n": len(s),
        "median": round(statistics.median(s), 1),
        "p95": round(s[min(len(s) - 1, int(0.95 * len(s)))], 1),
        "max": round(s[-1], 1),
    }


def bench_desks(db: str, saves: int = 100) -> dict:
    from crm_tui.db import close_database, open_database
    from crm_tui.db.models import Customer

    open_database(db)  # migrate once here, not in two racing desks
    ids = [
        c.id
        for c in Customer.select(Customer.id)
        .where(Customer.archived_at.is_null())
        .order_by(Customer.id)
        .limit(400)
    ]
    close_database()
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    out = ctx.Queue()
    desks = [ctx.Process(target=_desk, args=(db, d, ids[d::2], saves, start, out)) for d in (1, 2)]
    for p in desks:
        p.start()
    time.sleep(3)  # both have imported and opened the book
    start.set()
    results = dict(out.get(timeout=600) for _ in desks)
    for p in desks:
        p.join()
    report: dict = {}
    for desk, times in sorted(results.items()):
        every = [t for k in KINDS for t in times[k]]
        report[f"desk {desk}"] = {"all": _stats(every)} | {k: _stats(times[k]) for k in KINDS}
    report["longest"] = max(r["all"]["max"] for r in report.values())
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.desks", description=__doc__)
    parser.add_argument("--db", required=True, help="SQLite file or postgresql:// address")
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    db = args.db if "://" in args.db else str(Path(args.db).resolve())
    load = Path("/proc/loadavg").read_text().split()[0]
    report = bench_desks(db, args.saves)
    report["load"] = f"{load} → {Path('/proc/loadavg').read_text().split()[0]}"
    print(f"{'desk':8} {'saves':>5} {'median':>8} {'p95':>8} {'max':>8}")
    for desk in ("desk 1", "desk 2"):
        for kind in ("all", *KINDS):
            s = report[desk][kind]
            label = desk if kind == "all" else f"  {kind}"
            print(f"{label:8} {s['n']:>5} {s['median']:>8} {s['p95']:>8} {s['max']:>8}")
    verdict = "OK" if report["longest"] <= 200 else "MISS"
    print(f"longest save {report['longest']} ms (target ≤ 200): {verdict}; load {report['load']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
