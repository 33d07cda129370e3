"""``copy-to`` between engines: SQLite → PostgreSQL → SQLite gives the same rows in every
table, the same loyalty totals and the same search results; a target that is not empty is
refused untouched; a failure midway leaves the target empty."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

import crm_tui.db.copy as copy_mod
from crm_tui.cli import main
from crm_tui.db import close_database, open_database
from crm_tui.db.copy import CopyFailed, CopyRefused, copy_database
from crm_tui.db.models import Customer, db

from ..copybook import make_book, snapshot


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "book.sqlite3"
    make_book(path)
    return path


def _count(url: str, table: str = "customer") -> int:
    open_database(url)
    try:
        return int(db.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        close_database()


def test_sqlite_to_postgresql_and_back_is_the_same_book(book, pg_url, tmp_path):
    before, totals_before, found_before, qs = snapshot(book)
    counts = copy_database(book, pg_url)
    assert all(c.source == c.target for c in counts)
    assert {c.table: c.source for c in counts}["customer"] == 60
    on_pg, _none, found_on_pg, _qs = snapshot(pg_url, qs, with_totals=False)
    assert on_pg == before
    assert found_on_pg == found_before

    back = tmp_path / "back.sqlite3"
    copy_database(pg_url, back)
    after, totals_after, found_after, _qs = snapshot(back, qs)
    assert after == before
    assert totals_after == totals_before
    assert found_after == found_before

    open_database(pg_url)  # the sequences moved past the copied ids
    try:
        new = Customer.create(name="Yeni Müşteri", kind="person")
        assert new.id == max(r[0] for r in before["customer"]) + 1
    finally:
        close_database()


def _keys_and_indexes(server, name: str) -> list[str]:
    return server.psql(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' UNION ALL"
        " SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
        " || convalidated || condeferrable || condeferred FROM pg_constraint"
        " WHERE connamespace = 'public'::regnamespace ORDER BY 1",
        name,
    ).splitlines()


def test_the_copy_has_the_keys_and_indexes_of_a_new_book(book, pg_url, pg_server):
    """copy-to drops the foreign keys and indexes while the rows go in and makes them
    again: the same as in a database the app made itself."""
    fresh = pg_server.create_database()
    try:
        open_database(pg_server.url(fresh))
        close_database()
        copy_database(book, pg_url)
        expected = _keys_and_indexes(pg_server, fresh)
        assert len(expected) > 100
        assert _keys_and_indexes(pg_server, urlsplit(pg_url).path.lstrip("/")) == expected
    finally:
        pg_server.drop_database(fresh)


def test_a_target_holding_rows_is_refused_untouched(book, pg_url):
    copy_database(book, pg_url)
    before = _count(pg_url)
    with pytest.raises(CopyRefused, match="not empty"):
        copy_database(book, pg_url)
    assert _count(pg_url) == before


def test_another_programs_database_is_refused(book, pg_url, pg_server):
    name = urlsplit(pg_url).path.lstrip("/")
    pg_server.psql("CREATE TABLE invoices (id integer)", name)
    with pytest.raises(CopyRefused, match="another program"):
        copy_database(book, pg_url)
    tables = pg_server.psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", name)
    assert tables.split() == ["invoices"]


def test_a_failure_midway_leaves_the_target_empty(book, pg_url, pg_server, monkeypatch):
    real = copy_mod._copy_table

    def failing(reader, model, total, progress):
        if model._meta.table_name == "purchase":
            raise RuntimeError("disk on fire")
        real(reader, model, total, progress)

    monkeypatch.setattr(copy_mod, "_copy_table", failing)
    name = urlsplit(pg_url).path.lstrip("/")
    with pytest.raises(CopyFailed, match="disk on fire"):
        copy_database(book, pg_url)
    assert _count(pg_url) == 0
    keys_and_indexes = _keys_and_indexes(pg_server, name)
    assert len(keys_and_indexes) > 100  # the dropped ones came back with the rollback
    monkeypatch.undo()
    copy_database(book, pg_url)  # still a valid empty target
    assert _keys_and_indexes(pg_server, name) == keys_and_indexes
    assert _count(pg_url, "purchase") > 0


def test_the_command_prints_both_counts(book, pg_url, capsys):
    assert main(["--db", str(book), "copy-to", pg_url]) == 0
    out = capsys.readouterr().out
    assert "customer" in out and "purchase" in out
    assert main(["--db", str(book), "copy-to", pg_url]) == 2
    assert "not empty" in capsys.readouterr().err


def test_attachments_travel_with_a_copy(tmp_path, pg_url):
    """Step 17: the bytes go from the folder beside a SQLite book into attachment_blob,
    and back into the folder beside the new SQLite file."""
    from crm_tui.db import attachments as store
    from crm_tui.domain import attachments as att

    src = tmp_path / "src.sqlite3"
    open_database(src)
    c = Customer.create(name="Ekli")
    pdf = tmp_path / "police.pdf"
    pdf.write_bytes(b"%PDF kasko")
    a = att.add_attachment(c.id, pdf)
    close_database()
    copy_database(src, pg_url)
    open_database(pg_url)
    assert att.attachment_content(a.id) == ("police.pdf", b"%PDF kasko")
    close_database()
    back = tmp_path / "back.sqlite3"
    copy_database(pg_url, back)
    assert (store.folder_for(back) / a.sha256).read_bytes() == b"%PDF kasko"
    assert not list(tmp_path.glob(".back.sqlite3.copy-*"))
