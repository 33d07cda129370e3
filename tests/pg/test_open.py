"""Opening a PostgreSQL database by its address: the schema of a new one, a second open,
the refusals (one line, nothing written), and the search giving the same customers as on
SQLite for the same data."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlsplit, urlunsplit

import pytest

from crm_tui.cli import main
from crm_tui.db import DatabaseOpenError, close_database, open_database
from crm_tui.db.dialect import current_dialect
from crm_tui.db.migrations import STEPS, schema_version
from crm_tui.db.models import Customer, Policy, PolicyCommission, Purchase, Reminder, db
from crm_tui.db.postgres import redacted
from crm_tui.db.sqlfn import pyformat
from crm_tui.domain.customers import CustomerInput, create_customer, search_customers
from crm_tui.domain.policies import PolicyInput, create_policy


def _with(url: str, *, netloc: str | None = None, dbname: str | None = None) -> str:
    parts = urlsplit(url)
    return urlunsplit(
        (
            parts.scheme,
            netloc or parts.netloc,
            "/" + dbname if dbname else parts.path,
            parts.query,
            "",
        )
    )


def _tables(pg_server, url: str) -> list[str]:
    name = urlsplit(url).path.lstrip("/")
    out = pg_server.psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", name)
    return sorted(out.split())


def test_first_open_creates_the_schema_and_a_second_finds_it(pg_url, pg_server):
    assert open_database(pg_url) == pg_url
    try:
        assert current_dialect().name == "postgresql"
        assert schema_version() == len(STEPS)
        history = db.execute_sql("SELECT step, name, adopted FROM schema_history ORDER BY step")
        assert [tuple(r) for r in history.fetchall()] == [
            (s.number, s.name, int(s.number <= 3))
            for s in STEPS  # 1-3: the baseline
        ]
        cid = create_customer(CustomerInput(name="Ayşe Yılmaz")).id
    finally:
        close_database()
    tables = _tables(pg_server, pg_url)
    assert {"customer", "phone", "policy", "customer_search", "schema_history"} <= set(tables)

    open_database(pg_url)  # found: nothing created again, the data is there
    try:
        assert schema_version() == len(STEPS)
        assert Customer.get_by_id(cid).name == "Ayşe Yılmaz"
        assert db.execute_sql("SELECT count(*) FROM schema_history").fetchone()[0] == len(STEPS)
    finally:
        close_database()
    assert _tables(pg_server, pg_url) == tables


def _refused(target: str) -> str:
    with pytest.raises(DatabaseOpenError) as info:
        open_database(target)
    text = str(info.value)
    assert "\n" not in text.strip()
    assert "secret" not in text
    assert db.obj is None or db.is_closed()
    return text


def test_a_server_that_is_down_is_one_line(pg_url):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    text = _refused(_with(pg_url, netloc=f"postgres:secret@127.0.0.1:{port}"))
    assert "reach" in text


def test_a_missing_database_is_one_line_and_not_created(pg_url, pg_server):
    url = _with(pg_url, netloc=urlsplit(pg_url).netloc, dbname="no_such_db")
    text = _refused(url)
    assert "does not exist" in text
    assert "no_such_db" not in pg_server.psql("SELECT datname FROM pg_database")


def test_an_unknown_user_is_one_line(pg_url):
    # the test server trusts every login (no password check): an unknown role is what
    # the server refuses here, through the same path as a wrong password
    host = urlsplit(pg_url).netloc.split("@", 1)[1]
    text = _refused(_with(pg_url, netloc=f"nobody:secret@{host}"))
    assert "login" in text


def test_another_programs_database_is_refused_untouched(pg_url, pg_server):
    name = urlsplit(pg_url).path.lstrip("/")
    pg_server.psql("CREATE TABLE invoices (id int); INSERT INTO invoices VALUES (1)", name)
    text = _refused(pg_url)
    assert "another program" in text
    assert _tables(pg_server, pg_url) == ["invoices"]


def test_a_history_this_version_does_not_know_is_refused(pg_url, pg_server):
    open_database(pg_url)
    close_database()
    name = urlsplit(pg_url).path.lstrip("/")
    pg_server.psql(
        "INSERT INTO schema_history (step, name, applied_at) VALUES (99, 'elsewhere', 'x')",
        name,
    )
    text = _refused(pg_url)
    assert "99" in text and "elsewhere" in text
    newer = len(STEPS) + 1
    pg_server.psql(
        f"DELETE FROM schema_history WHERE step = 99; INSERT INTO schema_history"
        f" (step, name, applied_at) VALUES ({newer}, 'later', 'x')",
        name,
    )
    assert "newer" in _refused(pg_url)


def test_the_cli_takes_an_address_and_refuses_in_one_line(pg_url, capsys):
    assert main(["--db", pg_url, "lookup", "nobody"]) == 1
    close_database()
    missing = _with(pg_url, dbname="missing_db")
    assert main(["--db", missing.replace("postgres@", "postgres:secret@"), "lookup", "x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing_db" in err and "secret" not in err


def test_values_round_trip_as_on_sqlite(pg_url, tmp_path):
    """Dates, date-times and money read back as the same Python values on both."""

    def write_and_read() -> tuple:
        cid = create_customer(CustomerInput(name="Çağla", birthday=date(1990, 2, 28))).id
        pol = create_policy(
            cid,
            PolicyInput(
                line="kasko", start_date=date(2026, 1, 31), premium="12345678,91", commission="0,05"
            ),
        )
        Purchase.create(customer=cid, date=date(2026, 3, 1), amount=Decimal("19.99"))
        due = datetime(2026, 11, 22, 9, 30, 15)
        Reminder.create(customer=cid, title="ara", due_at=due)
        c = Customer.get_by_id(cid)
        p = Policy.get_by_id(pol.id)
        return (
            c.birthday,
            p.start_date,
            p.end_date,
            p.premium,
            PolicyCommission.get_by_id(pol.id).commission,
            Purchase.get().amount,
            Reminder.get().due_at,
            type(c.created_at),
        )

    open_database(pg_url)
    try:
        on_pg = write_and_read()
    finally:
        close_database()
    open_database(tmp_path / "same.sqlite3")
    try:
        on_sqlite = write_and_read()
    finally:
        close_database()
    assert on_pg == on_sqlite
    assert on_pg[3] == Decimal("12345678.91")


PEOPLE = [
    ("Şükrü Öztürk", "0532 123 45 67", "Ankara"),
    ("IŞIK GÜNEŞ", "0212 555 44 33", "İstanbul"),
    ("Işık Çelik", "+90 533 765 43 21", "İzmir"),
    ("Ali Işıkçı", "0 (505) 111-22-33", "Bursa"),
    ("Sukru Demir", "05321112233", "Adana"),
    ("Ayşe Kılıç", "0216 123 45 00", "Kocaeli"),
]
QUERIES = [
    "sukru",
    "ŞÜKRÜ",
    "isik",
    "IŞIK",
    "ışık çel",
    "isi",
    "güneş",
    "ist",
    "izmir",
    "4567",
    "45",
    "123 45",
    "0532",
    "+90 533",
    "(505) 111",
    "2233",
    "ayse kilic",
    "k",
    'NEAR("x" *',
]


def _fill_and_search() -> list:
    for name, phone, city in PEOPLE:
        create_customer(CustomerInput(name=name, phones=[("mobile", phone)], city=city))
    from crm_tui.db import search

    out = []
    for q in QUERIES:
        out.append((q, [h.id for h in search_customers(q)], sorted(search.match_ids(q))))
    return out


def test_search_finds_the_same_customers_as_on_sqlite(pg_url, tmp_path):
    open_database(pg_url)
    try:
        on_pg = _fill_and_search()
    finally:
        close_database()
    open_database(tmp_path / "same.sqlite3")
    try:
        on_sqlite = _fill_and_search()
    finally:
        close_database()
    assert on_pg == on_sqlite
    found = dict((q, ids) for q, ids, _ in on_pg)
    assert found["sukru"] and found["isik"] and found["4567"] == [1]


def test_addresses_are_shown_without_their_password():
    assert (
        redacted("postgresql://ali:gizli@db.local:5433/crm") == "postgresql://ali@db.local:5433/crm"
    )
    assert redacted("postgresql://db/crm?password=x&sslmode=require") == (
        "postgresql://db/crm?sslmode=require"
    )


def test_qmark_placeholders_become_psycopg_ones():
    sql = "SELECT '?', \"a?\" FROM t WHERE x LIKE '%a' AND y = ? AND z GLOB ?"
    assert pyformat(sql) == (
        "SELECT '?', \"a?\" FROM t WHERE x LIKE '%%a' AND y = %s AND z GLOB %s"
    )


def test_a_new_database_has_step_4_the_user_of_the_audit_log(pg_url):
    open_database(pg_url)
    try:
        assert schema_version() == len(STEPS)
        cols = db.execute_sql(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
            " WHERE table_name = 'audit_log' AND column_name = 'user'"
        ).fetchall()
        assert [tuple(c) for c in cols] == [("user", "text", "YES")]
        last = db.execute_sql(
            "SELECT step, name, adopted, checksum FROM schema_history ORDER BY step"
        )
        assert [tuple(r[:3]) for r in last.fetchall()][3] == (4, "who", 0)
    finally:
        close_database()


def test_statements_are_never_prepared_on_the_server(pg_url):
    """A prepared lookup may get PostgreSQL's generic plan after five runs, which read the
    whole table for a policy number (docs/PERFORMANCE.md); every statement is planned for its
    own values instead (only Today's, inside ``prepared_plans``, are prepared:
    ``test_prepared_plans.py``)."""
    from crm_tui.db import close_database, open_database
    from crm_tui.db.models import db
    from crm_tui.db.postgres import NEVER_BY_COUNT

    open_database(pg_url)
    try:
        conn = db.connection()
        assert conn.prepare_threshold == NEVER_BY_COUNT
        for _ in range(8):
            db.execute_sql("SELECT id FROM customer WHERE id = %s", (1,))
        prepared = db.execute_sql("SELECT count(*) FROM pg_prepared_statements").fetchone()[0]
        assert prepared == 0
    finally:
        close_database()


def test_a_new_database_has_step_5_the_assignees(pg_url):
    open_database(pg_url)
    try:
        cols = db.execute_sql(
            "SELECT table_name, data_type, is_nullable FROM information_schema.columns"
            " WHERE column_name = 'assigned_to' ORDER BY table_name"
        ).fetchall()
        assert [tuple(c) for c in cols] == [
            ("complaint", "text", "YES"),
            ("reminder", "text", "YES"),
        ]
        names = {
            r[0]
            for r in db.execute_sql(
                "SELECT indexname FROM pg_indexes WHERE indexname LIKE '%open_assigned'"
            )
        }
        assert names == {"reminder_open_assigned", "complaint_open_assigned"}
        steps = db.execute_sql("SELECT step, name FROM schema_history ORDER BY step").fetchall()
        assert tuple(steps[4]) == (5, "assigned")
    finally:
        close_database()
