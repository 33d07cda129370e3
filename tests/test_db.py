"""Database layer: file checks, permissions, pragmas, migrations and schema drift."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from crm_tui.db import DatabaseOpenError, close_database, open_database
from crm_tui.db.migrations import MIGRATIONS, SCHEMA_VERSION, migrate_database, schema_version
from crm_tui.db.models import ALL_MODELS, Customer, db, stored_fields
from crm_tui.domain.customers import CustomerInput, create_customer, search_customers


def test_new_database_is_owner_only_and_configured(tmp_path):
    path = tmp_path / "new.sqlite3"
    open_database(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert schema_version() == SCHEMA_VERSION
    close_database()


def test_foreign_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database at all, just some notes\n" * 10)
    before = path.read_bytes()
    with pytest.raises(DatabaseOpenError, match="not a crm-tui database"):
        open_database(path)
    assert path.read_bytes() == before


def test_missing_folder_and_directory(tmp_path):
    with pytest.raises(DatabaseOpenError, match="does not exist"):
        open_database(tmp_path / "nope" / "x.sqlite3")
    with pytest.raises(DatabaseOpenError, match="folder"):
        open_database(tmp_path)


def test_newer_schema_refused(tmp_path):
    path = tmp_path / "future.sqlite3"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    con.close()
    with pytest.raises(DatabaseOpenError, match="newer"):
        open_database(path)


def test_schema_matches_models(db_path):
    """Migrations produce exactly the columns the models declare (no drift)."""
    for model in ALL_MODELS:
        cols = {row[1] for row in db.execute_sql(f'PRAGMA table_info("{model._meta.table_name}")')}
        expected = {f.column_name for f in stored_fields(model)}
        assert cols == expected, model.__name__


def test_upgrade_from_v1_keeps_data_and_indexes_it(tmp_path):
    """A database left at schema 1 (before the search index) upgrades with nothing lost."""
    path = tmp_path / "old.sqlite3"
    open_database(path, migrate=False)
    migrate_database(target=1)
    assert schema_version() == 1
    with db.atomic():
        cid = Customer.insert(name="Işıl Güneş", city="İzmir").execute()
    close_database()

    open_database(path)
    assert schema_version() == len(MIGRATIONS)
    assert Customer.get_by_id(cid).name == "Işıl Güneş"
    assert [h.id for h in search_customers("isil")] == [cid]
    close_database()


def test_read_only_old_database_is_not_touched(tmp_path):
    path = tmp_path / "ro.sqlite3"
    open_database(path, migrate=False)
    migrate_database(target=1)
    close_database()
    before = path.read_bytes()
    os.chmod(path, 0o400)
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    with pytest.raises(DatabaseOpenError):
        open_database(path)
    assert path.read_bytes() == before


def test_customer_round_trip(db_path):
    c = create_customer(CustomerInput(name="Çağlar İnce", phones=[("mobile", "0532 111 22 33")]))
    assert c.phones[0].e164 == "+905321112233"


def test_opening_while_another_instance_starts_writing_loses_nothing(tmp_path, monkeypatch):
    """The check before opening looks at the file read-only. If another instance starts
    using the file (creating its -wal and -shm) during that look, the check must not
    delete them: with the -shm gone the two instances keep separate WAL indexes and one
    loses its writes (seen as 20 of 40 customers when two instances made one new file)."""
    from crm_tui.db import sqlite_file as connection  # the checks before open live there

    path = tmp_path / "shared.sqlite3"
    open_database(path)
    create_customer(CustomerInput(name="Önceki Kayıt"))
    close_database()  # the last connection removes -wal and -shm
    assert not os.path.exists(f"{path}-shm")

    other = sqlite3.connect(path, isolation_level=None)  # the other instance, at work
    real_check = connection._quick_check

    def check_while_the_other_writes(conn, *args, **kwargs):
        other.execute("PRAGMA journal_mode=wal")
        other.execute("INSERT INTO tag (name) VALUES ('öteki-1')")
        return real_check(conn, *args, **kwargs)

    monkeypatch.setattr(connection, "_quick_check", check_while_the_other_writes)
    open_database(path)
    assert os.path.exists(f"{path}-shm")
    other.execute("INSERT INTO tag (name) VALUES ('öteki-2')")
    create_customer(CustomerInput(name="Sonraki Kayıt"))
    other.execute("INSERT INTO tag (name) VALUES ('öteki-3')")
    close_database()
    other.close()
    check = sqlite3.connect(path)
    tags = {r[0] for r in check.execute("SELECT name FROM tag")}
    names = {r[0] for r in check.execute("SELECT name FROM customer")}
    check.close()
    assert {"öteki-1", "öteki-2", "öteki-3"} <= tags
    assert names == {"Önceki Kayıt", "Sonraki Kayıt"}


def test_the_dialect_is_chosen_at_open_and_its_helpers_work(db_path):
    """The backend seam (db.dialect): SQLite for a file; upsert inserts then updates one row;
    chunked keeps every piece under the engine's parameter limit; read_snapshot reads."""
    from crm_tui.db import dialect
    from crm_tui.db.models import Setting

    d = dialect.current_dialect()
    assert (d.name, d.max_params) == ("sqlite", 900)
    dialect.upsert(Setting, [Setting.key], key="seam", value='"a"')
    dialect.upsert(Setting, [Setting.key], key="seam", value='"b"')
    assert [(s.key, s.value) for s in Setting.select().where(Setting.key == "seam")] == [
        ("seam", '"b"')
    ]
    pieces = list(dialect.chunked(list(range(2000))))
    assert [len(p) for p in pieces] == [900, 900, 200] and sum(pieces, []) == list(range(2000))
    assert [len(p) for p in dialect.chunked(list(range(10)), reserve=895)] == [5, 5]
    Customer.create(name="Okunan")
    with dialect.read_snapshot():
        assert Customer.select().count() == 1
    close_database()
    assert dialect.current_dialect().name == "sqlite"  # the default with nothing open
