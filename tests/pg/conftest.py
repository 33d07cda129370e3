"""``pg_db``: the models bound to a fresh PostgreSQL database (``pg_url``), opened as the
program opens one (``open_database``: ``pg_schema_v3.sql`` and ``db/postgres_loyalty.py``,
the loyalty totals kept by their triggers)."""

from __future__ import annotations

import pytest

from crm_tui.db import close_database, open_database
from crm_tui.db.models import db


@pytest.fixture
def pg_db(pg_url):
    """The models bound to a new PostgreSQL database with the whole schema."""
    open_database(pg_url)
    try:
        yield db.obj
    finally:
        close_database()
