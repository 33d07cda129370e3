"""``crm-tui message``, ``optout``, ``campaign send`` and ``today --mail`` against an SMTP
server started here (CRM_TUI_SMTP_URL)."""

from __future__ import annotations

from datetime import date

import pytest

from crm_tui.cli import main
from crm_tui.db import close_database, open_database
from crm_tui.db.models import Customer, Phone, Policy, Reminder
from crm_tui.domain.consent import set_consent
from crm_tui.i18n import set_language
from tests.smtpserver import SmtpServer


@pytest.fixture
def book(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    path = tmp_path / "crm.sqlite3"
    open_database(path)
    try:
        c = Customer.create(name="Ayşe Çağlar", email="ayse@example.com")
        Phone.create(customer=c, e164="+905321234567", digits="5321234567", is_primary=True)
        Policy.create(
            customer=c,
            line="kasko",
            number="K-42",
            start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 1),
        )
        set_consent(c.id, "sms", True)
        set_consent(c.id, "email", True)
        d = Customer.create(name="Deniz Kara", email="deniz@example.com")
        Policy.create(customer=d, line="dask", start_date=date(2026, 1, 1))
        set_consent(d.id, "email", True)
        Reminder.create(customer=c, title="Kaskoyu ara", due_at=date(2026, 11, 22))
    finally:
        close_database()
        set_language("en")
    return str(path)


@pytest.fixture
def server(monkeypatch):
    with SmtpServer() as s:
        monkeypatch.setenv("CRM_TUI_SMTP_URL", s.url)
        yield s


def test_message_preview_then_send(book, server, capsys):
    args = ["--db", book, "--lang", "tr", "message", "#1", "--template", "renewal_offer"]
    assert main([*args, "--channel", "whatsapp"]) == 0
    out = capsys.readouterr().out
    assert "Sayın Ayşe Çağlar" in out and "https://wa.me/905321234567?text=" in out
    assert main([*args, "--channel", "email", "--send"]) == 0
    [msg] = server.messages
    assert msg["Subject"] == "kasko poliçenizin yenilemesi"
    assert "K-42" in msg.get_content()


def test_optout_then_message_is_refused(book, server, capsys):
    assert main(["--db", book, "optout", "#1", "--channel", "email"]) == 0
    rc = main(
        ["--db", book, "message", "#1", "--template", "welcome", "--channel", "email", "--send"]
    )
    assert rc != 0 and server.messages == []
    assert "withdrew" in capsys.readouterr().err


def test_campaign_send_and_resume(book, server, capsys):
    args = ["--db", book, "campaign", "send", "kasim", "--template", "welcome", "--rate", "600"]
    assert main(args) == 0
    assert sorted(m["To"] for m in server.messages) == ["ayse@example.com", "deniz@example.com"]
    assert main(args) == 0
    assert len(server.messages) == 2
    assert "2 sent" in capsys.readouterr().out


def test_today_mail(book, server):
    assert main(["--db", book, "--lang", "tr", "today", "--mail", "ben@example.com"]) == 0
    [msg] = server.messages
    assert msg["To"] == "ben@example.com" and msg["Subject"].startswith("Bugün")
    assert "Kaskoyu ara" in msg.get_content()
