"""Live updates between desks on PostgreSQL (step 7's triggers, db/live.py): a change at
one desk reaches another's listener within a second, an import notifies a bounded number
of times, and a server restart is survived by the listener and the app's connections."""

from __future__ import annotations

import queue
import threading
import time

import psycopg
import pytest

from crm_tui.db.live import Change, Listener
from crm_tui.db.models import Customer, Reminder, db
from crm_tui.db.runner_support import in_own_connection
from crm_tui.domain.dbaccess import describe_error, is_storage_error


def _at_other_desk(fn, *args, **kwargs):
    """``fn`` on a connection of its own (another thread), as another desk would."""
    out: list = []
    thread = threading.Thread(target=lambda: out.append(in_own_connection(fn, *args, **kwargs)))
    thread.start()
    thread.join(10)
    return out[0]


def _listen(url: str) -> tuple[Listener, queue.Queue, list[str]]:
    changes: queue.Queue[tuple[float, Change]] = queue.Queue()
    states: list[str] = []
    listener = Listener(url, lambda c: changes.put((time.monotonic(), c)), states.append)
    listener.start()
    assert listener.listening.wait(5)
    return listener, changes, states


def test_a_change_at_another_desk_arrives_within_a_second(pg_db, pg_url):
    listener, changes, _states = _listen(pg_url)
    try:
        start = time.monotonic()
        customer = _at_other_desk(Customer.create, name="Ayşe Kaya")
        at, change = changes.get(timeout=2)
        assert at - start < 1.0
        assert change.tables == {"customer"} and change.customers == {customer.id}
        # a reminder for no customer (a general one) is announced too
        _at_other_desk(Reminder.create, title="Ara", due_at="2026-12-05 10:00:00")
        _at, change = changes.get(timeout=2)
        assert "reminder" in change.tables and change.customers == frozenset()
    finally:
        listener.stop()


def test_an_import_notifies_a_bounded_number_of_times(pg_db, pg_url):
    got: list[str] = []
    with psycopg.connect(pg_url, autocommit=True) as watcher:
        watcher.execute("LISTEN crm_live")

        def load() -> None:  # 500 single-row inserts and a 500-row update, one transaction
            with db.atomic():
                for i in range(500):
                    Customer.create(name=f"C {i}")
                Customer.update(city="İzmir").execute()

        _at_other_desk(load)
        for notify in watcher.notifies(timeout=1):
            got.append(notify.payload)
            assert len(notify.payload) < 8000
    assert 1 <= len(got) <= 25, got
    assert '{"t" : "customer"}' in got  # past the cap: one payload without ids


def test_a_server_restart_is_survived(pg_db, pg_url, pg_server):
    Reminder.create(title="before", due_at="2026-12-05 10:00:00")
    listener, changes, states = _listen(pg_url)
    try:
        db.connect(reuse_if_open=True)
        assert Reminder.select().count() == 1
        pg_server.restart(pause=1.0)
        # the app's connection died with the server: a clear message, then a new one
        with pytest.raises(Exception) as lost:
            in_own_connection(lambda: Reminder.select().count())
        assert is_storage_error(lost.value)
        assert "reconnecting" in describe_error(lost.value)
        assert in_own_connection(lambda: Reminder.select().count()) == 1
        deadline = time.monotonic() + 10
        while states != ["lost", "back"] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert states == ["lost", "back"]
        assert listener.listening.wait(5)
        _at_other_desk(Customer.create, name="after")
        _at, change = changes.get(timeout=2)
        assert "customer" in change.tables
    finally:
        listener.stop()
