"""bench.complaints runs end to end on a tiny database (no timing asserts)."""

from __future__ import annotations

from bench import complaints, dataset


def test_bench_complaints_smoke(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CRM_TUI_NOW", "2026-11-22T10:00")  # main() would set it for good
    db = tmp_path / "bench.sqlite3"
    dataset.build(db, customers=200, quiet=True)
    assert complaints.main(["--db", str(db), "--repeat", "2"]) == 0
    out = capsys.readouterr().out
    assert "list open, by deadline" in out and "screen: list shown" in out
