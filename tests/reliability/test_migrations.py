"""Databases made by every earlier schema version open and upgrade with nothing lost.

Fixtures live in tests/fixtures/schema_vN.sqlite3 and are made by
tests/fixtures/make_fixtures.py from the release that introduced version N.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from crm_tui.db import close_database, open_database
from crm_tui.db.migrations import SCHEMA_VERSION, schema_version
from crm_tui.db.models import Customer
from crm_tui.domain.customers import CustomerInput, create_customer, search_customers

from .helpers import integrity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture_versions() -> list[int]:
    found = []
    for p in FIXTURES.glob("schema_v*.sqlite3"):
        m = re.fullmatch(r"schema_v(\d+)\.sqlite3", p.name)
        if m:
            found.append(int(m.group(1)))
    return sorted(found)


def test_a_fixture_exists_for_every_earlier_schema_version():
    missing = set(range(1, SCHEMA_VERSION)) - set(fixture_versions())
    assert not missing, (
        f"no fixture for schema version(s) {sorted(missing)}: run tests/fixtures/make_fixtures.py "
        "on the release before the new migration step (see its docstring)"
    )


def _dump(path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    con = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE '%fts%'"
            )
        ]
        out = {}
        for t in tables:
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')]
            key = "rowid" if "id" not in cols else "id"
            # column names quoted as identifiers ('x' would select the text 'x')
            names = ", ".join('"' + c + '"' for c in cols)
            rows = con.execute(f'SELECT {names} FROM "{t}" ORDER BY {key}')
            out[t] = (cols, rows.fetchall())
        return out
    finally:
        con.close()


def _schema_objects(path: Path) -> set[tuple[str, str, str]]:
    """Every table, index, trigger and view with its SQL (spacing normalised) and every
    column with its type, NOT NULL, default and key: what a migration must reproduce."""
    con = sqlite3.connect(path)
    try:
        objects = {
            (kind, name, " ".join((sql or "").split()))
            for kind, name, sql in con.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            )
        }
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for _cid, col, typ, notnull, default, pk in con.execute(
                f'PRAGMA table_info("{table}")'
            ):
                objects.add(("column", f"{table}.{col}", f"{typ} {notnull} {default} {pk}"))
        return objects
    finally:
        con.close()


@pytest.fixture(params=fixture_versions() or [None])
def old_db(request, tmp_path):
    if request.param is None:
        pytest.skip("no fixtures")
    path = tmp_path / f"old_v{request.param}.sqlite3"
    shutil.copyfile(FIXTURES / f"schema_v{request.param}.sqlite3", path)
    os.chmod(path, 0o600)
    return request.param, path


def test_old_database_upgrades_with_nothing_lost(old_db):
    version, path = old_db
    before = _dump(path)
    assert before["customer"][1], "fixture without customers"

    open_database(path)
    try:
        assert schema_version() == SCHEMA_VERSION
        # every row, every old column, unchanged
        close_database()
        after = _dump(path)
        for table, (cols, rows) in before.items():
            assert table in after, f"table {table} disappeared"
            new_cols, new_rows = after[table]
            if table == "setting":  # the one row the upgrade adds: its old text was checked
                new_rows = [r for r in new_rows if r[0] != "stored_text_clean"]
            keep = [new_cols.index(c) for c in cols]
            assert [tuple(r[i] for i in keep) for r in new_rows] == rows, table
        assert integrity(path) == "ok"

        open_database(path)

        # search works on the upgraded data (index built by the migration)
        def found(text):
            return [h.name for h in search_customers(text, include_archived=True)]

        assert "Şükrü Işık" in found("isik")
        assert "Şükrü Işık" in found("SUKRU")
        assert "İbrahim Çelik" in found("ibrahim cel")
        assert "Şükrü Işık" in found("4567")
        assert "Şükrü Işık" in found("0532 123 45 67")
        assert "Gülşen Öztürk" in found("kirtasiye")
        assert "Ümit Ağaoğlu" in found("agaoglu")
        # and the file takes new work
        c = create_customer(
            CustomerInput(name="Yeni Müşteri Öğüt", phones=[("mobile", "0533 000 11 22")])
        )
        assert Customer.get_by_id(c.id).name == "Yeni Müşteri Öğüt"
        assert "Yeni Müşteri Öğüt" in found("ogut")
    finally:
        close_database()
    assert integrity(path) == "ok"


def test_upgraded_schema_equals_a_new_database(old_db, tmp_path):
    """Tables, indexes and search tables of an upgraded file are those of a new file:
    a schema change made by editing a released step (instead of adding one) shows here."""
    _version, path = old_db
    open_database(path)
    close_database()
    fresh = tmp_path / "fresh.sqlite3"
    open_database(fresh)
    close_database()
    upgraded, new = _schema_objects(path), _schema_objects(fresh)
    assert upgraded == new, (
        f"missing after upgrade: {sorted(new - upgraded)}; only in upgraded: {sorted(upgraded - new)}"
    )


def test_every_step_runs_on_an_old_file_in_turn(old_db):
    """Each later step applied on its own (as an older release would have left the file
    between versions): every intermediate version is reached, and the steps of this
    session (step 3: versions of reminders, policies and complaints, their triggers, the
    Today indexes) are all there at the end."""
    from crm_tui.db.migrations import migrate_database
    from crm_tui.db.migrations.m0003_indexes_loyalty_versions import COLUMNS
    from crm_tui.db.models import db

    version, path = old_db
    open_database(path, migrate=False)
    try:
        for step in range(version + 1, SCHEMA_VERSION + 1):
            assert migrate_database(target=step) == step
        if SCHEMA_VERSION >= 3:
            for table, column, _decl in COLUMNS:
                cols = {r[1] for r in db.execute_sql(f'PRAGMA table_info("{table}")')}
                assert column in cols, f"{table}.{column} missing after the upgrade"
            # old rows start at version 1 (a file of schema 3 has edited ones: kept) and
            # count changes from there
            versions = db.execute_sql("SELECT id, version FROM reminder ORDER BY id").fetchall()
            assert versions
            if version < 3:
                assert all(v == 1 for _id, v in versions)
            db.execute_sql(
                "UPDATE reminder SET notes = 'yükseltildi' WHERE id = ?", (versions[0][0],)
            )
            assert (
                db.execute_sql(
                    "SELECT version FROM reminder WHERE id = ?", (versions[0][0],)
                ).fetchone()[0]
                == versions[0][1] + 1
            )
    finally:
        close_database()
    assert integrity(path) == "ok"


def test_search_finds_archived_only_on_request(old_db):
    _version, path = old_db
    open_database(path)
    try:
        assert "Ümit Ağaoğlu" not in [h.name for h in search_customers("agaoglu")]
        assert "Ümit Ağaoğlu" in [
            h.name for h in search_customers("agaoglu", include_archived=True)
        ]
    finally:
        close_database()
