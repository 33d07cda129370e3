"""``crm-tui users`` on a SQLite book and the advisory role checks (issue 15): a book
without users is its owner's; listed staff are refused commissions, the whole-book export,
erasure, restore and managing users, with one translated line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from crm_tui.cli import main
from crm_tui.db import close_database, open_database
from crm_tui.db.models import AppUser, PolicyCommission
from crm_tui.domain import backup, exporters, privacy, roles, who
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.domain.policies import PolicyInput, create_policy, policy_input, update_policy
from crm_tui.domain.roles import PermissionDenied


@pytest.fixture(autouse=True)
def _desk(monkeypatch):
    monkeypatch.setattr(who, "_user", None)
    monkeypatch.setattr(who.getpass, "getuser", lambda: "ayse")
    roles.forget()
    yield
    roles.forget()


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "crm.sqlite3"
    open_database(path)
    try:
        cid = create_customer(CustomerInput(name="Işıl Güneş")).id
        pid = create_policy(
            cid, PolicyInput(line="kasko", start_date=date(2026, 1, 1), commission="150")
        ).id
    finally:
        close_database()
    return str(path), cid, pid


def test_a_book_without_users_is_its_owners(book, capsys):
    path, _cid, pid = book
    assert main(["--db", path, "users", "list"]) == 0
    out = capsys.readouterr().out
    assert "No users" in out and "advisory" in out
    open_database(path)
    try:
        assert roles.current_role() == "owner" and roles.can("see_commission")
        assert policy_input(pid).commission == "150.00"
    finally:
        close_database()


def test_adding_staff_first_puts_the_desk_in_as_owner(book, capsys):
    path, cid, pid = book
    assert main(["--db", path, "users", "add", "mehmet", "--role", "staff"]) == 0
    out = capsys.readouterr().out
    assert "ayse: owner." in out and "mehmet: staff." in out
    assert main(["--db", path, "users", "list"]) == 0
    out = capsys.readouterr().out
    assert "ayse  owner" in out and "mehmet  staff  ayse" in out
    # mehmet's desk: the day's work yes, the owner's actions no
    who.set_user("mehmet")
    roles.forget()
    open_database(path)
    try:
        assert roles.current_role() == "staff"
        assert policy_input(pid).commission is None
        update_policy(pid, PolicyInput(line="kasko", start_date=date(2026, 1, 1), notes="ok"))
        assert PolicyCommission.get_by_id(pid).commission == Decimal("150.00")  # kept
        for call, words in (
            (lambda: exporters.export("csv", "customers", "/tmp/x.csv"), "export the whole book"),
            (lambda: privacy.erase_person(cid), "erase a person's data"),
            (lambda: backup.restore("/tmp/x.sqlite3"), "restore a backup"),
            (
                lambda: create_policy(
                    cid, PolicyInput(line="dask", start_date=date(2026, 1, 1), commission="9")
                ),
                "see commissions",
            ),
        ):
            with pytest.raises(PermissionDenied, match=words):
                call()
    finally:
        close_database()
    capsys.readouterr()
    assert main(["--db", path, "--user", "mehmet", "users", "add", "ali", "--role", "staff"]) == 2
    assert "Staff may not manage users" in capsys.readouterr().err


def test_staff_are_refused_in_turkish_too(book, capsys):
    path, _cid, _pid = book
    assert main(["--db", path, "users", "add", "mehmet", "--role", "staff"]) == 0
    capsys.readouterr()
    code = main(["--lang", "tr", "--db", path, "--user", "mehmet", "export", "--out", "/tmp/y.csv"])
    assert code == 2
    assert "Personel tüm defteri dışa aktarmak yetkisine sahip değil" in capsys.readouterr().err


def test_bad_input_is_one_line_and_writes_nothing(book, capsys):
    path, _cid, _pid = book
    for argv in (
        ["users", "add", "ayse", "--role", "boss"],
        ["users", "add", 'x"; DROP TABLE customer; --', "--role", "staff"],
        ["users", "add", "pg_admin", "--role", "staff"],
        ["users", "add", "ayse"],
        ["users", "remove"],
        ["users", "rename", "x"],
        ["users", "remove", "nobody"],
    ):
        assert main(["--db", path, *argv]) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err, err
    open_database(path)
    try:
        assert AppUser.select().count() == 0
    finally:
        close_database()


def test_remove_refuses_yourself_and_the_last_owner(book, capsys):
    path, _cid, _pid = book
    assert main(["--db", path, "users", "add", "mehmet", "--role", "staff"]) == 0
    assert main(["--db", path, "users", "remove", "ayse"]) == 2
    assert "cannot remove yourself" in capsys.readouterr().err
    assert main(["--db", path, "users", "add", "ayse", "--role", "staff"]) == 2
    assert "last owner" in capsys.readouterr().err
    assert main(["--db", path, "users", "add", "zeynep", "--role", "owner"]) == 0
    assert main(["--db", path, "--user", "zeynep", "users", "remove", "mehmet"]) == 0
    assert main(["--db", path, "--user", "zeynep", "users", "remove", "ayse"]) == 0
    capsys.readouterr()
    assert main(["--db", path, "--user", "zeynep", "users", "list"]) == 0
    assert "zeynep  owner" in capsys.readouterr().out
