"""The test server itself: it starts, takes connections through peewee and psycopg 3, and
each test gets its own empty database."""

from __future__ import annotations

from urllib.parse import urlparse

from peewee import PostgresqlDatabase


def _connect(url: str) -> PostgresqlDatabase:
    u = urlparse(url)
    return PostgresqlDatabase(u.path.lstrip("/"), host=u.hostname, port=u.port, user=u.username)


def test_a_fresh_database_is_empty_and_writable(pg_url):
    db = _connect(pg_url)
    db.connect()
    try:
        assert db.get_tables() == []
        db.execute_sql("CREATE TABLE t (name text)")
        db.execute_sql("INSERT INTO t VALUES (%s)", ("Şükrü Işık",))
        assert db.execute_sql("SELECT name FROM t").fetchone() == ("Şükrü Işık",)
        version = db.execute_sql("SHOW server_version").fetchone()[0]
        assert int(version.split(".")[0]) >= 13
    finally:
        db.close()


def test_each_test_gets_its_own_database(pg_url, pg_server):
    db = _connect(pg_url)
    db.connect()
    try:
        assert db.get_tables() == []  # the table of the test before is not here
    finally:
        db.close()
    assert urlparse(pg_url).path.lstrip("/") in pg_server.psql("SELECT datname FROM pg_database")
