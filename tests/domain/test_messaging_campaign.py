"""E-mail campaigns (issue 17 item 3): consent-filtered recipients, rate limit, a run killed
halfway and resumed sends nobody twice (a row caught 'sending' is reported, not resent),
refused recipients are failed rows, opt-out. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from crm_tui.db.models import CampaignSend, Customer, MessageLog
from crm_tui.domain.consent import current_consents, set_consent
from crm_tui.domain.messaging import campaigns, smtp
from tests.smtpserver import SmtpServer


@pytest.fixture
def people(db_path):
    ids = []
    for n in range(6):
        c = Customer.create(name=f"Müşteri {n}", email=f"m{n}@example.com")
        set_consent(c.id, "email", n != 5)  # the last one said no
        ids.append(c.id)
    return ids


def cfg(server):
    return smtp.SmtpConfig("127.0.0.1", server.port, "none", sender="acente@example.com")


def received(server) -> list[str]:
    return sorted(m["To"] for m in server.messages)


def test_campaign_sends_consented_with_rate_limit(people):
    pauses = []
    with SmtpServer() as server:
        rep = campaigns.send_campaign(
            "kasim", "welcome", people, "tr", cfg(server), rate=30, sleep=pauses.append
        )
    assert received(server) == [f"m{n}@example.com" for n in range(5)]
    assert (rep.sent, rep.skipped, rep.failed, rep.unknown, rep.pending) == (5, 1, 0, 0, 0)
    assert pauses == [2.0] * 4
    assert MessageLog.select().where(MessageLog.status == "sent").count() == 5
    # running the same campaign again sends nobody anything
    with SmtpServer() as again:
        rep = campaigns.send_campaign(
            "kasim", "welcome", people, "tr", cfg(again), sleep=lambda s: None
        )
    assert again.messages == [] and rep.sent == 5


def test_killed_halfway_and_resumed_sends_nobody_twice(people, monkeypatch):
    real_send = smtp.send
    calls = {"n": 0}

    def dying_send(*args, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            real_send(*args, **kw)  # the server accepted it, then the process died
            raise KeyboardInterrupt
        return real_send(*args, **kw)

    with SmtpServer() as server:
        monkeypatch.setattr(smtp, "send", dying_send)
        with pytest.raises(KeyboardInterrupt):
            campaigns.send_campaign(
                "kasim", "welcome", people, "tr", cfg(server), sleep=lambda s: None
            )
        assert len(server.messages) == 3
        monkeypatch.setattr(smtp, "send", real_send)
        rep = campaigns.run("kasim", "tr", cfg(server), sleep=lambda s: None)
    tos = received(server)
    assert len(tos) == len(set(tos)) == 5  # everyone once, nobody twice
    assert (rep.sent, rep.unknown, rep.skipped) == (4, 1, 1)
    unknown = CampaignSend.get(status="unknown")
    assert "check" in unknown.error
    assert "1 unknown" in rep.summary()


def test_refused_recipient_is_failed_and_others_go_on(people):
    with SmtpServer() as server:
        server.handler.refuse.add("m1@example.com")
        rep = campaigns.send_campaign(
            "kasim", "welcome", people, "en", cfg(server), sleep=lambda s: None
        )
    assert (rep.sent, rep.failed) == (4, 1)
    row = CampaignSend.get(status="failed")
    assert row.customer_id == people[1] and "refused" in row.error
    assert "m1@example.com" not in received(server)
    assert MessageLog.get(MessageLog.customer == people[1]).status == "failed"


def test_server_down_marks_failed(people):
    from tests.smtpserver import free_port

    down = smtp.SmtpConfig("127.0.0.1", free_port(), "none", timeout=1)
    rep = campaigns.send_campaign("kasim", "welcome", people[:2], "en", down, sleep=lambda s: None)
    assert rep.failed == 2 and rep.sent == 0 and "Could not reach" in rep.errors[0]
    assert MessageLog.select().where(MessageLog.status == "sent").count() == 0


def test_opt_out_between_list_and_send_is_skipped(people):
    campaigns.add_recipients("kasim", "welcome", people)
    campaigns.opt_out(people[0], "email")
    assert not current_consents(people[0])["email"].granted
    with SmtpServer() as server:
        rep = campaigns.run("kasim", "en", cfg(server), sleep=lambda s: None)
    assert "m0@example.com" not in received(server) and rep.skipped == 2
