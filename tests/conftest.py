"""Shared fixtures: a real SQLite file in tmp_path, isolated config/data folders."""

from __future__ import annotations

import os
from datetime import date

import pytest

from crm_tui.db import close_database, open_database
from crm_tui.i18n import set_language

TODAY = date(2026, 11, 22)  # a Sunday; domain functions take ``today`` explicitly


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CRM_TUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("CRM_TUI_DB", raising=False)
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def db_path(tmp_path):
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
