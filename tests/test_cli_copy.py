"""``crm-tui copy-to`` between SQLite files: the command prints each table's rows on both
sides, the copy is the same book (rows, loyalty totals, search), and a target that is not
empty, or a failure midway, leaves the target as it was. (PostgreSQL: tests/pg.)"""

from __future__ import annotations

import sqlite3

import pytest

import crm_tui.db.copy as copy_mod
from crm_tui.cli import main
from crm_tui.db.copy import COPIED, CopyFailed, copy_database

from .copybook import make_book, snapshot


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "book.sqlite3"
    make_book(path)
    return path


def test_the_command_copies_and_prints_both_counts(book, tmp_path, capsys):
    before = snapshot(book)
    target = tmp_path / "copy.sqlite3"
    assert main(["--db", str(book), "copy-to", str(target)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert str(book) in lines[0] and str(target) in lines[0]
    assert lines[1].split() == ["table", "source", "target"]
    counts = {line.split()[0]: line.split()[1:] for line in lines[2:-1]}
    assert counts["customer"] == ["60", "60"]
    assert int(counts["purchase"][0].replace(",", "")) > 0
    assert counts["purchase"][0] == counts["purchase"][1]
    assert {m._meta.table_name for m in COPIED} <= set(counts)
    assert len({len(line) for line in lines[1:-1]}) == 1  # aligned
    assert snapshot(target, before[3]) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file


def test_turkish(book, tmp_path, capsys):
    assert main(["--lang", "tr", "--db", str(book), "copy-to", str(tmp_path / "k.sqlite3")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].split() == ["tablo", "kaynak", "hedef"]
    assert "Kopyalandı" in out


def test_a_target_holding_rows_is_refused_untouched(book, tmp_path, capsys):
    target = tmp_path / "full.sqlite3"
    make_book(target)
    data = target.read_bytes()
    assert main(["--db", str(book), "copy-to", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not empty" in err
    assert target.read_bytes() == data


def test_another_programs_file_is_refused(book, tmp_path, capsys):
    target = tmp_path / "other.sqlite3"
    with sqlite3.connect(target) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.close()
    data = target.read_bytes()
    assert main(["--db", str(book), "copy-to", str(target)]) == 2
    assert "another program" in capsys.readouterr().err
    assert target.read_bytes() == data
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, just some words " * 50)
    assert main(["--db", str(book), "copy-to", str(text)]) == 2
    assert text.read_text().startswith("not a database")


def test_the_book_itself_is_refused(book, capsys):
    assert main(["--db", str(book), "copy-to", str(book)]) == 2
    assert "being copied" in capsys.readouterr().err


def test_an_empty_file_is_a_valid_target(book, tmp_path):
    target = tmp_path / "empty.sqlite3"
    target.touch()
    copy_database(book, target)
    assert snapshot(target)[0] == snapshot(book)[0]


def test_a_failure_midway_leaves_no_file(book, tmp_path, monkeypatch, capsys):
    real = copy_mod._copy_table

    def failing(reader, model, total, progress):
        if model._meta.table_name == "complaint":
            raise sqlite3.OperationalError("disk I/O error")
        real(reader, model, total, progress)

    monkeypatch.setattr(copy_mod, "_copy_table", failing)
    target = tmp_path / "copy.sqlite3"
    with pytest.raises(CopyFailed, match="disk I/O error"):
        copy_database(book, target)
    assert not target.exists()
    assert main(["--db", str(book), "copy-to", str(target)]) == 2
    assert "left as it was" in capsys.readouterr().err
    assert not [p.name for p in tmp_path.iterdir() if "copy" in p.name]


def test_tables_are_copied_after_the_ones_they_point_at():
    from peewee import ForeignKeyField

    order = [m._meta.table_name for m in COPIED]
    for i, model in enumerate(COPIED):
        for field in model._meta.sorted_fields:
            if isinstance(field, ForeignKeyField) and field.rel_model is not model:
                assert order.index(field.rel_model._meta.table_name) < i, field
