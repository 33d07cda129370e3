"""``crm-tui audit`` and ``--user``: who changed what, from the command line."""

from __future__ import annotations

from datetime import datetime

import pytest

from crm_tui.cli import main
from crm_tui.db import close_database, open_database
from crm_tui.db.models import AuditLog
from crm_tui.domain import who
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.domain.interactions import InteractionInput, log_interaction


@pytest.fixture(autouse=True)
def _no_user(monkeypatch):
    monkeypatch.setattr(who, "_user", None)
    monkeypatch.setattr(who.getpass, "getuser", lambda: "masa1")


@pytest.fixture
def book(tmp_path):
    """A book where Ayşe logged a call on 1 Nov and Mehmet one on 20 Nov."""
    path = tmp_path / "crm.sqlite3"
    open_database(path)
    try:
        a = create_customer(CustomerInput(name="Işıl Güneş")).id
        b = create_customer(CustomerInput(name="Ömer Çelik")).id
        who.set_user("Ayşe")
        log_interaction(a, InteractionInput(summary="Kasko"), now=datetime(2026, 11, 1, 10))
        who.set_user("Mehmet")
        log_interaction(b, InteractionInput(summary="Trafik"), now=datetime(2026, 11, 20, 9))
    finally:
        close_database()
    return str(path), a, b


def _lines(capsys) -> list[str]:
    return [line for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_audit_lists_newest_first_in_aligned_columns(book, capsys):
    db, a, b = book
    assert main(["--db", db, "--lang", "en", "audit"]) == 0
    lines = _lines(capsys)
    assert lines[0].split() == ["when", "user", "action", "customer", "detail"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert "Mehmet" in lines[2] and f"#{b}" in lines[2] and "interaction logged" in lines[2]
    assert "Ayşe" in lines[3] and f"#{a}" in lines[3]
    assert len(lines) == 4
    assert lines[2].index("Mehmet") == lines[3].index("Ayşe") == lines[0].index("user")


def test_audit_filters_by_user_customer_and_day(book, capsys):
    db, a, b = book
    assert main(["--db", db, "--lang", "en", "audit", "--user", "ayşe"]) == 0
    rows = _lines(capsys)[2:]
    assert len(rows) == 1 and "Ayşe" in rows[0]
    assert main(["--db", db, "--lang", "en", "audit", "--customer", str(b)]) == 0
    rows = _lines(capsys)[2:]
    assert len(rows) == 1 and "Mehmet" in rows[0]
    assert main(["--db", db, "--lang", "en", "audit", "--since", "15.11.2026"]) == 0
    rows = _lines(capsys)[2:]
    assert len(rows) == 1 and "Mehmet" in rows[0]
    assert main(["--db", db, "--lang", "en", "audit", "--user", "nobody"]) == 0
    assert _lines(capsys) == ["No changes recorded."]
    assert main(["--db", db, "--lang", "en", "audit", "--since", "someday"]) == 2
    assert "--since" in capsys.readouterr().err


def test_audit_speaks_turkish(book, capsys):
    db, _a, _b = book
    assert main(["--db", db, "--lang", "tr", "audit", "--user", "Ayşe"]) == 0
    lines = _lines(capsys)
    assert lines[0].split()[:2] == ["ne", "zaman"]
    assert "görüşme kaydedildi" in lines[2]


def test_user_option_and_settings_name_who_works(book, tmp_path, capsys, monkeypatch):
    db, _a, _b = book
    out = tmp_path / "musteriler.csv"
    assert (
        main(["--db", db, "--user", "Zeynep", "export", "--format", "csv", "--out", str(out)]) == 0
    )
    open_database(db)
    try:
        assert AuditLog.select().order_by(AuditLog.id.desc()).get().user == "Zeynep"
    finally:
        close_database()
    # the settings file's user when --user is not given; else the system login
    from crm_tui.config import settings_path

    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text('user = "Selin"\n', encoding="utf-8")
    assert main(["--db", db, "export", "--format", "csv", "--out", str(out) + "2"]) == 0
    settings_path().unlink()
    assert main(["--db", db, "export", "--format", "csv", "--out", str(out) + "3"]) == 0
    open_database(db)
    try:
        users = [r.user for r in AuditLog.select().where(AuditLog.action == "export")]
        assert users == ["Zeynep", "Selin", "masa1"]
    finally:
        close_database()
