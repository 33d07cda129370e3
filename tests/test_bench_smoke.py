"""The benchmark code runs end to end on a tiny database (no timing asserts)."""

from __future__ import annotations

import json

from bench import dataset, run


def test_bench_smoke(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    db = tmp_path / "bench.sqlite3"
    dataset.build(db, customers=200, quiet=True)
    out = tmp_path / "bench.json"
    only = "lookup,today,card,loyalty,import,memory"
    assert (
        run.main(
            [
                "--db",
                str(db),
                "--repeat",
                "2",
                "--import-rows",
                "300",
                "--only",
                only,
                "--json",
                str(out),
            ]
        )
        == 0
    )
    data = json.loads(out.read_text())
    assert set(data["results"]) == set(only.split(","))
    assert data["machine"]["cores"] >= 1
    assert set(data["results"]["lookup"]["app"]) == {
        "name prefix",
        "folded name",
        "phone suffix",
        "policy number",
    }
    assert data["results"]["memory"]["value"] > 0


def test_bench_smoke_on_postgresql(tmp_path, monkeypatch, pg_url):
    """The same harness given a postgresql:// address: the book copied there (copy-to), the
    import into a scratch database on the same server; the lookup's second keystroke and
    the card screen used to fail there (psycopg has no interrupt(); a closed database left
    the dialect at SQLite's)."""
    from crm_tui.db.copy import copy_database

    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    book = tmp_path / "bench.sqlite3"
    dataset.build(book, customers=60, quiet=True)
    copy_database(book, pg_url)
    out = tmp_path / "bench.json"
    only = "startup,lookup,today,card,loyalty,import,live"
    args = ["--db", pg_url, "--repeat", "2", "--import-rows", "100", "--only", only]
    assert run.main([*args, "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert set(data["results"]) == set(only.split(","))
    assert data["machine"]["engine"] == "postgresql"
    assert data["results"]["import"]["rows"] == 100
    # beside the bare floor, the floor of a client with the driver imported and connected
    startup = data["results"]["startup"]
    assert startup["floor_pg"]["median"] > 0 and "above_floor_pg" in startup


def test_bench_desks_smoke(tmp_path, monkeypatch):
    """Two desk processes save against one small book; every save is counted and the
    reminders they made are gone afterwards (the book is left as it was)."""
    from bench import desks
    from crm_tui.db import close_database, open_database
    from crm_tui.db.models import Reminder

    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    db = tmp_path / "bench.sqlite3"
    dataset.build(db, customers=40, quiet=True)
    open_database(db)
    before = Reminder.select().count()
    close_database()
    from crm_tui.db.models import Purchase
    from crm_tui.db.models import db as database

    def counts() -> tuple:
        return (
            Reminder.select().count(),
            Purchase.select().count(),
            database.execute_sql("SELECT sum(k), sum(m) FROM rfm_groups").fetchone(),
        )

    open_database(db)
    before_all = counts()
    close_database()
    report = desks.bench_desks(str(db), saves=12)
    for desk in ("desk 1", "desk 2"):
        assert report[desk]["all"]["n"] == 12
        assert {k: report[desk][k]["n"] for k in desks.KINDS} == dict.fromkeys(desks.KINDS, 3)
    open_database(db)
    assert Reminder.select().count() == before
    assert counts() == before_all  # purchases and step 26's counts back as they were
    close_database()


def test_bench_statements_smoke(tmp_path, monkeypatch, capsys):
    """The statement timer prints the cold overview and its slowest statements."""
    from bench import statements

    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    db = tmp_path / "bench.sqlite3"
    dataset.build(db, customers=60, quiet=True)
    assert statements.main(["--db", str(db), "--repeat", "2", "--top", "60"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("cold overview:") and out[1].startswith("statements:")
    count = int(out[1].split(" in ")[1].split()[0])
    assert len(out) == 2 + count and any("FROM rfm_groups" in line for line in out[2:])
