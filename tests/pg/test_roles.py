"""Roles the server enforces (issue 15): a staff login made with ``crm-tui users add``
cannot read commissions or rewrite the audit log by hand, does the day's work through the
domain, and is refused export, erasure and restore with one clear message."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from crm_tui.cli import main
from crm_tui.db import close_database, open_database, pg_roles
from crm_tui.db.models import AppUser, AuditLog, PolicyCommission
from crm_tui.domain import backup, claims, exporters, instalments, loyalty, privacy, roles
from crm_tui.domain.card import load_card
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.domain.policies import PolicyInput, create_policy, policy_input
from crm_tui.domain.reminders import ReminderInput, create_reminder
from crm_tui.domain.roles import PermissionDenied


def _as(url: str, login: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{login}@{parts.hostname}:{parts.port}"))


@pytest.fixture
def book(pg_url):
    """A book made by the server's superuser (its first owner), one customer with a
    policy whose commission is 150, and a staff login ``clerk_<random>``."""
    open_database(pg_url)
    try:
        cid = create_customer(CustomerInput(name="Işıl Güneş")).id
        pid = create_policy(
            cid,
            PolicyInput(
                line="kasko", start_date=date(2026, 1, 1), premium="1500", commission="150"
            ),
        ).id
    finally:
        close_database()
    clerk = f"clerk_{uuid.uuid4().hex[:8]}"
    assert main(["--db", pg_url, "users", "add", clerk, "--role", "staff", "--no-password"]) == 0
    return pg_url, clerk, cid, pid


def _refused(conn: psycopg.Connection, statement: str) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)
    conn.rollback()


def test_the_server_refuses_staff_what_the_app_hides(book):
    url, clerk, cid, pid = book
    with psycopg.connect(_as(url, clerk)) as conn:
        _refused(conn, "SELECT commission FROM policy")
        _refused(conn, "SELECT * FROM policy")
        _refused(conn, "UPDATE policy SET commission = 1")
        _refused(conn, "SELECT comm_active FROM customer_stats")
        _refused(conn, "UPDATE audit_log SET detail = 'x'")
        _refused(conn, "DELETE FROM audit_log")
        _refused(conn, "TRUNCATE audit_log")
        _refused(conn, f"DELETE FROM customer WHERE id = {cid}")
        _refused(conn, "INSERT INTO app_user (name, role, created_at) VALUES ('x', 'owner', now())")
        # what staff may: read the rest of a policy, append to the log
        assert conn.execute("SELECT line, premium FROM policy").fetchall() == [("kasko", 150000)]
        conn.execute(
            "INSERT INTO audit_log (at, action, \"user\") VALUES (now(), 'interaction', current_user)"
        )
        conn.commit()


def test_even_an_owner_cannot_rewrite_the_log_by_hand(book):
    url, _clerk, _cid, _pid = book
    with psycopg.connect(url) as conn:  # the superuser who made the book
        _refused(conn, "UPDATE audit_log SET detail = 'x'")
        _refused(conn, "DELETE FROM audit_log")


def test_staff_do_the_days_work_through_the_domain(book):
    url, clerk, cid, pid = book
    open_database(_as(url, clerk))
    try:
        assert roles.current_role() == "staff"
        assert not roles.can("see_commission")
        new = create_customer(CustomerInput(name="Ömer Çelik")).id
        create_reminder(ReminderInput(title="Kaskoyu ara", customer_id=new, due="22.11.2026"))
        p = create_policy(
            new, PolicyInput(line="trafik", start_date=date(2026, 2, 1), premium="900")
        )
        # a claim (step 9, after the groups were made) is staff's work too
        claim = claims.open_claim(p.id, claims.ClaimInput(loss_date="01.11.2026", kind="other"))
        claims.change_status(claim.id, "expert_assigned", note="Eksper: Ali Bey")
        # and so are instalments (step 11): a plan, a payment, the balance on the card
        plan = instalments.create_plan(
            instalments.PlanInput(total="900", count=3, first_due="01.11.2026"), policy_id=p.id
        )
        instalments.mark_paid(plan[0].id, "20.11.2026", method="kart")
        assert load_card(new).balance == Decimal("600.00")
        card = load_card(cid)
        assert card.loyalty is not None
        assert loyalty.overview().customers >= 1  # scored without reading a commission
        assert card.customer.name == "Işıl Güneş"
        assert policy_input(pid).commission is None  # not shown, not read
        assert policy_input(p.id).premium == "900.00"
        with pytest.raises(PermissionDenied, match="Staff may not see commissions"):
            create_policy(
                new, PolicyInput(line="dask", start_date=date(2026, 2, 1), commission="5")
            )
        with pytest.raises(PermissionDenied, match="export the whole book"):
            exporters.export("csv", "policies", "/tmp/never-written.csv")
        with pytest.raises(PermissionDenied, match="erase"):
            privacy.erase_person(cid)
        with pytest.raises(PermissionDenied, match="restore"):
            backup.restore("/tmp/nothing.dump")
        # past the app's check, the server's refusal is the same message
        with (
            pytest.raises(PermissionDenied, match="see commissions"),
            roles.server_refusal("see_commission"),
        ):
            list(PolicyCommission.select())
    finally:
        close_database()
    open_database(url)
    try:
        assert PolicyCommission.get_by_id(pid).commission == 150  # untouched by staff's edits
        assert AuditLog.select().where(AuditLog.user == clerk).count() >= 1
    finally:
        close_database()


def test_owner_erasure_clears_log_details_despite_the_guard(book):
    url, _clerk, cid, _pid = book
    open_database(url)
    try:
        assert roles.current_role() == "owner"
        privacy.erase_person(cid)
        assert (
            AuditLog.select()
            .where(AuditLog.customer_id == cid, AuditLog.detail.is_null(False))
            .count()
            == 0
        )
    finally:
        close_database()


def test_users_cli_lists_removes_and_refuses(book, capsys):
    url, clerk, _cid, _pid = book
    capsys.readouterr()
    assert main(["--db", url, "users", "list"]) == 0
    out = capsys.readouterr().out
    assert "postgres" in out and clerk in out and "staff" in out
    # a name that would need quoting is refused before anything is written
    assert (
        main(
            [
                "--db",
                url,
                "users",
                "add",
                'x"; DROP ROLE postgres; --',
                "--role",
                "staff",
                "--no-password",
            ]
        )
        == 2
    )
    assert main(["--db", url, "users", "add", "ayse", "--role", "boss", "--no-password"]) == 2
    assert main(["--db", url, "users", "remove", "postgres"]) == 2  # yourself, the last owner
    # staff may not manage users
    assert (
        main(["--db", _as(url, clerk), "users", "add", "x1", "--role", "owner", "--no-password"])
        == 2
    )
    assert "manage users" in capsys.readouterr().err
    assert main(["--db", url, "users", "remove", clerk]) == 0
    open_database(url)
    try:
        assert not pg_roles.role_exists(clerk)
        assert [u.name for u in AppUser.select()] == ["postgres"]
    finally:
        close_database()


def test_a_creator_without_createrole_gets_a_working_book_without_roles(pg_server, capsys):
    """The first login may not create roles: the book opens and works (everyone an owner),
    ``users list`` says the roles are not enforced yet, ``users add`` is one line."""
    login = f"plain_{uuid.uuid4().hex[:8]}"
    name = pg_server.create_database()
    pg_server.psql(f'CREATE ROLE "{login}" LOGIN; ALTER DATABASE "{name}" OWNER TO "{login}"')
    pg_server.psql(f'ALTER SCHEMA public OWNER TO "{login}"', name)
    url = _as(pg_server.url(name), login)
    try:
        open_database(url)
        try:
            assert roles.current_role() == "owner"
            assert [u.name for u in AppUser.select()] == [login]
            create_customer(CustomerInput(name="Ayşe"))
        finally:
            close_database()
        capsys.readouterr()
        assert main(["--db", url, "users", "list"]) == 0
        assert "does not enforce these roles yet" in capsys.readouterr().out
        assert main(["--db", url, "users", "add", "x2", "--role", "staff", "--no-password"]) == 2
        assert "CREATEROLE" in capsys.readouterr().err
        open_database(url)
        try:
            assert AppUser.select().count() == 1
        finally:
            close_database()
    finally:
        pg_server.drop_database(name)
