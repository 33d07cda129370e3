"""Databases made by every earlier schema version open and upgrade with nothing lost.

Fixtures live in tests/fixtures/schema_vN.sqlite3 and are made by
tests/fixtures/make_fixtures.py from the release that introduced version N.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import sys
import types
from pathlib import Path

import pytest

from crm_tui.db import DatabaseOpenError, close_database, migrations, open_database
from crm_tui.db.migrations import SCHEMA_VERSION, schema_version
from crm_tui.db.models import Customer, db
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
    from tests.fixtures.make_fixtures import RELEASED

    assert SCHEMA_VERSION in RELEASED or SCHEMA_VERSION > max(RELEASED)
    missing = {v for v in RELEASED if v < SCHEMA_VERSION} - set(fixture_versions())
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
            # column names quoted as identifiers ('x' would select the text 'x')
            names = ", ".join('"' + c + '"' for c in cols)
            key = "id" if "id" in cols else names  # (WITHOUT ROWID tables have no rowid)
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
            if table == "schema_history":  # a file from step 4 on: the steps run are added
                new_rows = new_rows[: len(rows)]
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


# -- numbered steps and their history ------------------------------------------------------


def _history(path: Path) -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(
            "SELECT step, name, checksum IS NOT NULL, adopted FROM schema_history ORDER BY step"
        ).fetchall()
    finally:
        con.close()


def _known() -> list[tuple[int, str]]:
    return [(s.number, s.name) for s in migrations.STEPS]


def test_upgrade_records_the_history(old_db):
    """An old file gets the history of the steps it had (adopted, found by its schema) and
    of the steps this upgrade ran (with the checksum of their source)."""
    version, path = old_db
    had = _history(path) if version >= 4 else []  # from step 4 on a file has its history
    open_database(path)
    close_database()
    rows = _history(path)
    assert [(step, name) for step, name, _c, _a in rows] == _known()
    assert rows[: len(had)] == had
    for step, _name, has_checksum, adopted in rows[len(had) :]:
        assert adopted == (step <= version)
        assert has_checksum == (step > version)
    open_database(path)  # a second open changes nothing
    close_database()
    assert _history(path) == rows


def test_released_steps_make_the_released_schemas(tmp_path):
    """The step files still make exactly what each release made (its fixture): a released
    step edited instead of a new step added shows here."""
    for version, signature in migrations.RELEASED.items():
        fixture = sqlite3.connect(f"file:{FIXTURES}/schema_v{version}.sqlite3?mode=ro", uri=True)
        try:
            assert migrations.schema_signature(fixture) == signature, f"fixture v{version}"
        finally:
            fixture.close()
        path = tmp_path / f"fresh_v{version}.sqlite3"
        open_database(path, migrate=False)
        try:
            assert migrations.migrate_database(target=version) == version
            assert migrations.schema_signature(db.connection()) == signature, f"step {version}"
        finally:
            close_database()


def _rollback_journal_copy(tmp_path: Path, name: str) -> Path:
    """A current file, with its history, in rollback-journal mode (to see a switch to WAL)."""
    path = tmp_path / name
    open_database(path)
    create_customer(CustomerInput(name="Şule Öğüt", phones=[("mobile", "0532 111 22 33")]))
    close_database()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    return path


def _tamper(path: Path, *statements: str) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for stmt in statements:
            con.execute(stmt)
    finally:
        con.close()


MISMATCHES = {
    # a step this version does not know, recorded as the last one
    "unknown step": (
        "current",
        [
            "INSERT INTO schema_history (step, name, applied_at)"
            f" VALUES ({len(migrations.STEPS) + 1}, 'from_a_branch', 'x')",
            f"PRAGMA user_version = {len(migrations.STEPS)}",
        ],
        rf"records schema step {len(migrations.STEPS) + 1} \(from_a_branch\)",
    ),
    # the same number, another step
    "renamed step": (
        "current",
        ["UPDATE schema_history SET name = 'other_search' WHERE step = 2"],
        r"records schema step 2 \(other_search\)",
    ),
    # a step missing from the history
    "missing step": (
        "current",
        [f"DELETE FROM schema_history WHERE step = {len(migrations.STEPS)}"],
        rf"records schema step {len(migrations.STEPS)} \(\?\)",
    ),
    # an earlier build of step 3: no version on reminders (nor its trigger)
    "draft of step 3, no version column": (
        "v3",
        ["DROP TRIGGER reminder_version", "ALTER TABLE reminder DROP COLUMN version"],
        "unreleased build",
    ),
    # an earlier build of step 3: without the loyalty tables
    "draft of step 3, no loyalty tables": (
        "v3",
        ["DROP TABLE customer_stats", "DROP TABLE purchase_daily"],
        "unreleased build",
    ),
    # a version this code knows, stamped without any of its steps
    "stamped without the step": ("v2", ["PRAGMA user_version = 3"], "unreleased build"),
}


@pytest.mark.parametrize("case", sorted(MISMATCHES))
def test_a_mismatched_history_is_refused_and_left_untouched(case, tmp_path):
    origin, statements, message = MISMATCHES[case]
    if origin == "current":
        path = _rollback_journal_copy(tmp_path, "current.sqlite3")
    else:
        path = tmp_path / f"{origin}.sqlite3"
        shutil.copyfile(FIXTURES / f"schema_{origin}.sqlite3", path)
        os.chmod(path, 0o600)
    _tamper(path, *statements)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseOpenError, match=message) as refused:
        open_database(path)
    assert "\n" not in str(refused.value) and "was not changed" in str(refused.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.read_bytes()[18:20] == b"\x01\x01"  # still a rollback journal, not WAL
    assert not any(Path(f"{path}{s}").exists() for s in ("-wal", "-shm", "-journal"))


def _fake_step(monkeypatch, number: int, name: str, apply) -> migrations.Step:
    module = types.ModuleType(f"crm_tui_test_step_{number}")
    module.apply = apply  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return migrations.Step(number, name, module.__name__)


def test_a_step_failing_midway_leaves_the_file_at_the_step_before(tmp_path, monkeypatch):
    path = tmp_path / "crm.sqlite3"
    open_database(path)
    create_customer(CustomerInput(name="Işıl Güneş"))
    close_database()
    history = _history(path)

    def half_done(database):
        database.execute_sql("CREATE TABLE t4 (x INTEGER)")
        database.execute_sql("UPDATE customer SET name = 'changed'")
        database.execute_sql("ALTER TABLE customer ADD COLUMN half INTEGER")
        database.execute_sql("SELECT * FROM no_such_table")  # fails here

    n = len(migrations.STEPS)
    step = _fake_step(monkeypatch, n + 1, "half_done", half_done)
    monkeypatch.setattr(migrations, "STEPS", (*migrations.STEPS, step))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", n + 1)
    with pytest.raises(DatabaseOpenError, match="no such table"):
        open_database(path)
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == n
        assert con.execute("SELECT name FROM customer").fetchall() == [("Işıl Güneş",)]
        assert "half" not in {r[1] for r in con.execute("PRAGMA table_info(customer)")}
        assert not con.execute("SELECT 1 FROM sqlite_master WHERE name = 't4'").fetchone()
    finally:
        con.close()
    assert _history(path) == history
    assert integrity(path) == "ok"


def test_steps_run_in_order_and_the_history_records_them(tmp_path, monkeypatch):
    ran: list[int] = []
    real_apply = migrations.Step.apply

    def recorded(self, database):
        ran.append(self.number)
        real_apply(self, database)

    def step4(database):
        database.execute_sql("CREATE TABLE note4 (id INTEGER PRIMARY KEY, text TEXT)")

    def step5(database):  # needs step 4 before it
        database.execute_sql("INSERT INTO note4 (text) VALUES ('from step 5')")

    n = len(migrations.STEPS)
    steps = (
        *migrations.STEPS,
        _fake_step(monkeypatch, n + 1, "note", step4),
        _fake_step(monkeypatch, n + 2, "note_text", step5),
    )
    monkeypatch.setattr(migrations.Step, "apply", recorded)
    monkeypatch.setattr(migrations, "STEPS", steps)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", n + 2)
    path = tmp_path / "crm.sqlite3"
    open_database(path)
    try:
        assert ran == list(range(1, n + 3))
        assert schema_version() == n + 2
        assert db.execute_sql("SELECT text FROM note4").fetchall() == [("from step 5",)]
    finally:
        close_database()
    rows = _history(path)
    assert [(s, n) for s, n, _c, _a in rows] == [(s.number, s.name) for s in steps]
    # real steps have a source to checksum, the fakes none; nothing adopted in a new file
    assert [(c, a) for _s, _n, c, a in rows] == [(1, 0)] * n + [(0, 0)] * 2

    # a file at step 3 runs only the later steps
    ran.clear()
    older = tmp_path / "older.sqlite3"
    shutil.copyfile(FIXTURES / "schema_v3.sqlite3", older)
    os.chmod(older, 0o600)
    open_database(older)
    close_database()
    assert ran == list(range(4, n + 3))
    assert [r[3] for r in _history(older)] == [1, 1, 1] + [0] * (n - 1)


def test_a_new_step_is_one_new_file(tmp_path):
    """The steps are the package's mNNNN_name.py files, numbered without gaps."""
    package = tmp_path / "steps_pkg"
    package.mkdir()
    for name in ("__init__", "m0001_tables", "m0002_more", "helpers"):
        (package / f"{name}.py").write_text("def apply(db):\n    pass\n")
    steps = migrations.discover(package, "steps_pkg")
    assert [(s.number, s.name, s.module) for s in steps] == [
        (1, "tables", "steps_pkg.m0001_tables"),
        (2, "more", "steps_pkg.m0002_more"),
    ]
    (package / "m0004_gap.py").write_text("def apply(db):\n    pass\n")
    with pytest.raises(RuntimeError, match="numbered"):
        migrations.discover(package, "steps_pkg")
    # this package's own steps
    assert [s.number for s in migrations.STEPS] == list(range(1, SCHEMA_VERSION + 1))
    assert all(hasattr(s.load(), "apply") for s in migrations.STEPS)


def test_a_file_changed_after_the_check_is_not_adopted(tmp_path):
    """The schema is checked again under the write lock before the history is written: a
    file an older build changed after the check at open is refused there, nothing written."""
    path = tmp_path / "v3.sqlite3"
    shutil.copyfile(FIXTURES / "schema_v3.sqlite3", path)
    os.chmod(path, 0o600)
    open_database(path, migrate=False)
    try:
        db.execute_sql("DROP INDEX survey_kind_score")  # the other build, meanwhile
        with pytest.raises(migrations.HistoryMismatch, match="unreleased build"):
            migrations.migrate_database()
        assert not db.execute_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'schema_history'"
        ).fetchone()
        assert schema_version() == 3
    finally:
        close_database()
