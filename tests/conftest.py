"""Shared fixtures: a real database (an SQLite file in tmp_path, or with
``CRM_TUI_TEST_BACKEND=postgresql`` a new database on the private test server), isolated
config/data folders.

The backend is chosen here only: ``db_path`` (which most domain and UI tests use) yields
the SQLite file's path, or the ``postgresql://`` address of a fresh database. Tests that
need an SQLite file itself (backup copies, damaged files, WAL, network shares) carry
``@pytest.mark.sqlite_only("why")`` and are skipped, with that reason, under PostgreSQL.
"""

from __future__ import annotations

import os
from datetime import date

import pytest

from crm_tui.db import close_database, open_database
from crm_tui.i18n import set_language

TODAY = date(2026, 11, 22)  # a Sunday; domain functions take ``today`` explicitly

# "sqlite" (the default) or "postgresql"
BACKEND = (os.environ.get("CRM_TUI_TEST_BACKEND") or "sqlite").strip().lower()
if BACKEND not in ("sqlite", "postgresql"):
    raise pytest.UsageError(f"CRM_TUI_TEST_BACKEND={BACKEND!r}: use sqlite or postgresql")


def pytest_collection_modifyitems(config, items):
    if BACKEND == "sqlite":
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}".rstrip(": ")))


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CRM_TUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("CRM_TUI_DB", raising=False)
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def db_path(request, tmp_path):
    """The open test database: an SQLite file's path, or under
    ``CRM_TUI_TEST_BACKEND=postgresql`` the address of a new database (a ``str``)."""
    if BACKEND == "postgresql":
        server = request.getfixturevalue("pg_server")
        name = server.create_database()
        url = server.url(name)
        open_database(url)
        yield url
        close_database()
        server.drop_database(name)
        return
    path = tmp_path / "crm.sqlite3"
    open_database(path)
    yield path
    close_database()


@pytest.fixture
def tr():
    set_language("tr")
    yield
    set_language("en")


@pytest.fixture
def today():
    return TODAY


def pytest_configure(config):
    os.environ.setdefault("TZ", "Europe/Istanbul")


@pytest.fixture(scope="session")
def pg_server():
    """A private PostgreSQL server for this test process (tests/pgserver.py)."""
    from .pgserver import ServerUnavailable, start_server

    try:
        server = start_server()
    except ServerUnavailable as exc:
        if os.environ.get("CRM_TUI_REQUIRE_PG"):
            pytest.fail(f"PostgreSQL is required here (CRM_TUI_REQUIRE_PG): {exc}")
        pytest.skip(f"PostgreSQL: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server):
    """The URL of a new empty database on the test server, dropped afterwards."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)
