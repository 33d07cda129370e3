"""Child processes for the reliability tests (run with ``sys.executable workers.py ...``).

Every worker goes through the domain layer exactly like the app does, and prints one
line per *committed* operation (after the transaction returned), flushed at once, so
the parent knows what the program reported as saved before it was killed:

    OK <op> <customer id> <version> <phone count>

Customer names encode what a consistent row must look like (``... p<phones> v<version>``)
so the parent can check rows that were committed but not yet reported too.
"""

from __future__ import annotations

import os
import random
import resource
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from crm_tui.db import open_database  # noqa: E402
from crm_tui.domain.customers import CustomerInput, create_customer, update_customer  # noqa: E402
from crm_tui.domain.errors import ConflictError  # noqa: E402

FIRST = ["Şükrü", "Işık", "İbrahim", "Çağla", "Gülşen", "Ömer", "Ayşe", "Ümit", "Oğuz", "Ilgın"]
LAST = ["Yılmaz", "Öztürk", "Çelik", "Şahin", "Doğan", "Aydın", "Kılıç", "Güneş", "Arslan"]


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def phone(n: int) -> str:
    # 0532 ... valid Turkish mobile numbers; n keeps them distinct per operation
    digits = f"{n % 10_000_000:07d}"
    return f"0532 {digits[:3]} {digits[3:5]} {digits[5:]}"


def customer_input(rng: random.Random, tag: str, serial: int, version: int) -> CustomerInput:
    nphones = rng.randint(0, 3)
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {tag}{serial} p{nphones} v{version}"
    return CustomerInput(
        name=name,
        phones=[("mobile", phone(serial * 10 + i + version * 1_000_003)) for i in range(nphones)],
        city=rng.choice(["İstanbul", "İzmir", "Muğla", "Şanlıurfa"]),
        notes="Not: " + "ğüşiöç " * rng.randint(0, 200),
    )


def burst(db: str, seed: str, count: str) -> None:
    """Creates and edits as fast as possible until killed (crash-safety test)."""
    rng = random.Random(int(seed))
    open_database(db)
    out("READY")
    mine: dict[int, int] = {}  # id -> version
    for serial in range(int(count)):
        if mine and rng.random() < 0.4:
            cid = rng.choice(list(mine))
            version = mine[cid] + 1
            c = update_customer(
                cid, customer_input(rng, f"s{seed}x", serial, version), expected_version=mine[cid]
            )
            op = "update"
        else:
            c = create_customer(customer_input(rng, f"s{seed}x", serial, 1))
            op = "create"
        mine[c.id] = c.version
        out(f"OK {op} {c.id} {c.version} {len(c.phones)}")


def burst_more(db: str, seed: str, count: str) -> None:
    """Other multi-row writes until killed: completing a recurring reminder (done + next
    occurrence) and moving a complaint along its workflow (status + history event)."""
    from datetime import date, datetime, timedelta

    from crm_tui.domain import complaints, reminders

    rng = random.Random(int(seed))
    open_database(db)
    owner = create_customer(customer_input(rng, f"m{seed}x", 0, 1))
    chains = []
    for i in range(3):
        r = reminders.create_reminder(
            reminders.ReminderInput(
                title=f"Zincir {seed}-{i}",
                due=date(2026, 11, 22),
                repeat="weekly",
                customer_id=owner.id,
            ),
            today=date(2026, 11, 22),
        )
        chains.append(r.id)
    tickets = [complaints.open_complaint(owner.id, f"Şikâyet {seed}-{i}").id for i in range(3)]
    out("READY")
    now = datetime(2026, 11, 22, 10, 0)
    for _n in range(int(count)):
        now += timedelta(minutes=5)
        if rng.random() < 0.5:
            i = rng.randrange(len(chains))
            nxt = reminders.complete(chains[i], now=now)
            chains[i] = nxt.id
            out(f"OK complete {nxt.id} 0 0")
        else:
            cid = rng.choice(tickets)
            status = complaints.get_complaint(cid).status
            to = "waiting" if status in ("new", "in_progress") else "in_progress"
            complaints.change_status(cid, to, note="not", expected_status=status, now=now)
            out(f"OK status {cid} 0 0")


def burst_money(db: str, seed: str, count: str) -> None:
    """Loyalty and renewal writes until killed: a purchase with the points it earns (two
    rows), redeeming points (checked against the balance), renewing a policy (a new
    policy, the old one marked renewed, its renewal reminders closed)."""
    from datetime import date, datetime, timedelta
    from decimal import Decimal

    from crm_tui.domain import policies, purchases, reminders, renewals

    rng = random.Random(int(seed))
    open_database(db)
    day = date(2026, 11, 22)
    owners = [create_customer(customer_input(rng, f"l{seed}x", i, 1)).id for i in range(3)]
    chains = []  # the active policy of each renewal chain
    for i, owner in enumerate(owners):
        p = policies.create_policy(
            owner,
            policies.PolicyInput(
                line="kasko", number=f"K{seed}-{i}", start_date=day - timedelta(days=360)
            ),
            today=day,
        )
        reminders.create_reminder(
            reminders.ReminderInput(
                title=f"Yenileme {p.number}",
                due=day,
                customer_id=owner,
                policy_id=p.id,
                kind="renewal",
            ),
            today=day,
        )
        chains.append(p.id)
    out("READY")
    now = datetime(2026, 11, 22, 10, 0)
    for _n in range(int(count)):
        now += timedelta(minutes=1)
        roll = rng.random()
        owner = rng.choice(owners)
        if roll < 0.5:
            amount = Decimal(rng.randint(100, 500_000)) / 100
            r = purchases.record_purchase(owner, amount, on=day, today=day, now=now)
            out(f"OK purchase {r.purchase.id} {r.points} 0")
        elif roll < 0.8:
            balance = purchases.points_balance(owner)
            if balance <= 0:
                continue
            e = purchases.redeem_points(owner, rng.randint(1, balance), note="hediye", now=now)
            out(f"OK redeem {e.id} {-e.points} 0")
        else:
            i = rng.randrange(len(chains))
            new = renewals.renew(chains[i], now=now)
            chains[i] = new.id
            out(f"OK renew {new.id} 0 0")


def instance(db: str, tag: str, seed: str, creates: str, updates: str) -> None:
    """One of two desks on the same file: adds and edits, some edits on the other's rows."""
    from crm_tui.db.models import Customer

    rng = random.Random(int(seed))
    open_database(db)
    out("READY")
    plan = ["create"] * int(creates) + ["update"] * int(updates)
    rng.shuffle(plan)
    conflicts = 0
    for serial, op in enumerate(plan):
        if op == "update":
            ids = [
                c.id for c in Customer.select(Customer.id).order_by(Customer.id.desc()).limit(40)
            ]
            if not ids:
                op = "create"
        if op == "create":
            c = create_customer(customer_input(rng, tag, serial, 1))
            out(f"OK create {c.id} {c.version} {len(c.phones)}")
            continue
        cid = rng.choice(ids)
        while True:  # the form flow: load, edit, save with the loaded version
            loaded = Customer.get_by_id(cid)
            if rng.random() < 0.3:
                time.sleep(0.002)  # the user typing; the other desk may save meanwhile
            try:
                c = update_customer(
                    cid,
                    customer_input(rng, tag, serial, loaded.version + 1),
                    expected_version=loaded.version,
                )
            except ConflictError:
                conflicts += 1
                continue  # asked the user, who reloads and saves again
            out(f"OK update {c.id} {c.version} {len(c.phones)}")
            break
    out(f"DONE conflicts={conflicts}")


def fill(db: str, limit: str) -> None:
    """Write until the file size limit (a full disk) stops us; report it like the app."""
    from crm_tui.db.connection import describe_error

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    open_database(db)
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), int(limit)))
    rng = random.Random(7)
    serial = 0
    while True:
        serial += 1
        try:
            c = create_customer(customer_input(rng, "full", serial, 1))
        except Exception as exc:  # noqa: BLE001 - the test checks what the user would read
            out("ERROR " + describe_error(exc, db))
            out("TYPE " + type(exc).__module__ + "." + type(exc).__name__)
            break
        out(f"OK create {c.id} {c.version} {len(c.phones)}")
        if serial > 100_000:
            out("NEVER FULL")
            break


def import_burst(db: str, csv_path: str) -> None:
    """Run one import of ``csv_path`` (crash-safety during import); print when committed."""
    from crm_tui.domain import importers

    open_database(db)
    out("READY")
    table = importers.read_file(csv_path)
    mapping = importers.default_mapping(table)
    plan = importers.plan_import(table, mapping)
    out("PLANNED")
    importers.run_import(plan, progress=lambda done, total: out(f"PROGRESS {done} {total}"))
    out(f"OK import {len(table.rows)}")


SECRET_NAME = "Zeynep Gizlisoy"
SECRET_TCKN = "10000000146"
SECRET_TAG = "gizlisoyaile"


def erase_seed(db: str) -> None:
    """The person to erase (name, TCKN, a phone, a tag only they have) and a neighbour."""
    open_database(db)
    gone = create_customer(
        CustomerInput(
            name=SECRET_NAME,
            national_id=SECRET_TCKN,
            phones=[("mobile", "0532 987 65 43")],
            tags=[SECRET_TAG, "ortak"],
        )
    )
    create_customer(
        CustomerInput(name="Kalan Komşu", phones=[("mobile", "0533 111 22 33")], tags=["ortak"])
    )
    out(f"OK seed {gone.id}")


def erase_killed(db: str, customer_id: str, point: str) -> None:
    """Erase one customer and SIGKILL this process at ``point`` (``committed``: right after
    the anonymisation commits; ``optimize``/``vacuum``/``checkpoint``: right after that
    step of the purge), or have that step fail as on a full disk (``full-<step>``)."""
    import sqlite3

    from crm_tui.db.connection import CrmDatabase
    from crm_tui.domain import privacy

    open_database(db)
    step = point.removeprefix("full-")
    marks = {"optimize": "'optimize')", "vacuum": "VACUUM", "checkpoint": "wal_checkpoint"}
    real = CrmDatabase.execute_sql

    def stop() -> None:
        if point.startswith("full-"):
            raise sqlite3.OperationalError("database or disk is full")
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)

    def execute_sql(self, sql, params=None, *a, **k):
        if point.startswith("full-") and step in marks and marks[step] in sql:
            stop()  # a full disk: the step itself fails
        cursor = real(self, sql, params, *a, **k)
        if step in marks and marks[step] in sql:
            stop()  # the first time: for "checkpoint", the one before VACUUM
        return cursor

    CrmDatabase.execute_sql = execute_sql
    if step == "committed":
        from crm_tui.db import backup as raw

        raw.purge_deleted_data = lambda *a, **k: stop()
    out("READY")
    try:
        clean = privacy.erase_person(int(customer_id))
    except sqlite3.OperationalError as exc:
        out(f"ERROR {exc}")
        return
    out(f"OK erase {clean}")


if __name__ == "__main__":
    os.environ.setdefault("CRM_TUI_TODAY", "2026-11-22")
    {
        "burst": burst,
        "burst_more": burst_more,
        "burst_money": burst_money,
        "instance": instance,
        "fill": fill,
        "import": import_burst,
        "erase_seed": erase_seed,
        "erase": erase_killed,
    }[sys.argv[1]](*sys.argv[2:])
