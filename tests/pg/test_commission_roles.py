"""Commission on PostgreSQL (issue 16 item 1): a staff login has no privilege at all on the
commission tables, so even past the app's own check the server refuses it; the report is
refused in one line (exit 2); a staff cancellation's clawback is written by the owner's
next look."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import psycopg
import pytest

from crm_tui.cli import main
from crm_tui.db import close_database, open_database
from crm_tui.domain import commission as cm
from crm_tui.domain import roles
from crm_tui.domain.policies import policy_input, update_policy
from crm_tui.domain.roles import PermissionDenied
from tests.pg.test_roles import _as, _refused, book  # noqa: F401  (the fixture)


def test_the_server_gives_staff_nothing_of_commission(book):  # noqa: F811
    url, clerk, _cid, pid = book
    open_database(url)
    try:
        cm.save_rate("Axa", "kasko", "12")
        cm.record_receipt(pid, "01.11.2026", "100", today=date(2026, 11, 22))
    finally:
        close_database()
    with psycopg.connect(_as(url, clerk)) as conn:
        for table in ("commission_rate", "commission_entry"):
            _refused(conn, f"SELECT count(*) FROM {table}")
            _refused(conn, f"DELETE FROM {table}")
        _refused(
            conn,
            "INSERT INTO commission_entry (policy_id, kind, date, amount, created_at)"
            f" VALUES ({pid}, 'received', now(), 1, now())",
        )


def test_staff_refused_by_app_and_server_and_report(book, monkeypatch, capsys):  # noqa: F811
    url, clerk, _cid, pid = book
    open_database(_as(url, clerk))
    try:
        roles.forget()
        with pytest.raises(PermissionDenied):
            cm.policy_view(pid)
        # past the app's check (a bug, a changed build): the server still says no
        monkeypatch.setattr(roles, "can", lambda action: True)
        with pytest.raises(PermissionDenied, match="see commissions"):
            cm.record_receipt(pid, "01.11.2026", "100", today=date(2026, 11, 22))
        monkeypatch.undo()
        roles.forget()
        data = policy_input(pid)
        data.status = "cancelled"
        update_policy(pid, data, today=date(2026, 11, 22))  # staff may cancel
    finally:
        close_database()
        roles.forget()
    capsys.readouterr()
    assert main(["--db", _as(url, clerk), "--lang", "en", "report", "commission"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Staff may not see commissions" in err
    open_database(url)
    try:
        assert cm.settle_clawbacks() == 1  # the owner's look writes the staff's clawback
        assert cm.policy_view(pid).balance.clawback < Decimal(0)
    finally:
        close_database()


def test_an_office_upgraded_to_step_10_keeps_staff_out(pg_url):
    """A book at step 9 that already has its groups and a staff login: step 10 grants as
    step 9 did, and staff get nothing of the new tables."""
    import uuid

    from crm_tui.db import pg_roles
    from crm_tui.db.migrations import migrate_database

    clerk = f"clerk_{uuid.uuid4().hex[:8]}"
    open_database(pg_url, migrate=False)
    try:
        migrate_database(target=9)
        pg_roles.setup_groups(pg_roles.current_login())
        pg_roles.create_login(clerk, "staff", None)
        assert migrate_database(target=10) == 10
        migrate_database()  # and the steps after it keep the grants as they were
    finally:
        close_database()
    with psycopg.connect(_as(pg_url, clerk)) as conn:
        assert conn.execute("SELECT count(*) FROM customer").fetchone() == (0,)
        conn.rollback()
        _refused(conn, "SELECT count(*) FROM commission_entry")
        _refused(conn, "SELECT count(*) FROM commission_rate")
