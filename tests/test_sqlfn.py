"""db/sqlfn.py: SQLite's placeholders rewritten for psycopg, quoted text left alone; on
SQLite every helper gives the text the indexes were built on."""

from __future__ import annotations

from datetime import date, datetime

from crm_tui.db import sqlfn
from crm_tui.db.dialect import current_dialect


def test_placeholders_for_psycopg():
    assert sqlfn.pyformat("SELECT a FROM t WHERE b = ? AND c > :since") == (
        "SELECT a FROM t WHERE b = %s AND c > %(since)s"
    )
    # quoted literals and identifiers keep their ? and :x; % is doubled everywhere
    assert sqlfn.pyformat("SELECT '?:x%', \"a?\" FROM t WHERE n % 2 = ?") == (
        "SELECT '?:x%%', \"a?\" FROM t WHERE n %% 2 = %s"
    )
    assert sqlfn.pyformat("SELECT x::date, 'it''s ?' WHERE y = :y") == (
        "SELECT x::date, 'it''s ?' WHERE y = %(y)s"
    )


def test_sqlite_text_unchanged():
    assert current_dialect().name == "sqlite"
    assert sqlfn.for_engine("SELECT ? , :a") == "SELECT ? , :a"
    assert sqlfn.day_number("x") == "julianday(x)"
    assert sqlfn.month_day("c.birthday") == "substr(c.birthday, 6, 5)"
    assert sqlfn.indexed_by("i") == " INDEXED BY i"
    assert sqlfn.truthy("active") == "active"
    assert sqlfn.temp("t") == "temp.t"


def test_values_in_sqlite_stored_shape():
    assert sqlfn.as_stored(date(2026, 1, 2)) == "2026-01-02"
    assert sqlfn.as_stored(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02 03:04:05"
    assert sqlfn.as_stored(5) == 5
