"""Messages (issue 17): templates and their placeholders, wa.me/sms links, consent refusals,
real e-mail to an SMTP server started here (headers, UTF-8 Turkish text), failures marked
failed and never logged as sent; the card's timeline. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from crm_tui.db.models import Customer, MessageLog, MessageTemplate, Phone, Policy
from crm_tui.domain import card
from crm_tui.domain.consent import set_consent
from crm_tui.domain.errors import ValidationError
from crm_tui.domain.messaging import messages, smtp, templates
from tests.smtpserver import SmtpServer, free_port


@pytest.fixture
def ayse(db_path):
    c = Customer.create(name="Ayşe Çağlar", email="ayse@example.com")
    Phone.create(customer=c, e164="+905321234567", digits="5321234567", is_primary=True)
    Policy.create(
        customer=c,
        line="kasko",
        number="K-42",
        start_date=date(2026, 1, 1),
        end_date=date(2099, 1, 1),
    )
    set_consent(c.id, "sms", True)
    set_consent(c.id, "email", True)
    return c


def config(server: SmtpServer, **kw) -> smtp.SmtpConfig:
    return smtp.SmtpConfig("127.0.0.1", server.port, "none", sender="acente@example.com", **kw)


def test_builtins_seeded_once_and_edits_survive(db_path):
    assert templates.ensure_builtins() == 10
    row = MessageTemplate.get(name="birthday", language="tr")
    templates.save_template("birthday", "tr", "any", "Kutlu olsun", "Merhaba {name}", row.id)
    assert templates.ensure_builtins() == 0
    assert templates.find_template("birthday", "tr").body == "Merhaba {name}"


def test_unknown_placeholder_is_a_clear_message(db_path):
    with pytest.raises(ValidationError) as err:
        templates.save_template("x", "en", "any", "", "Hello {nmae}")
    assert "{nmae}" in str(err.value.errors["body"])
    with pytest.raises(ValidationError):
        templates.fill("Hi {name.__class__}", {})
    with pytest.raises(ValidationError):
        templates.fill("Hi {name", {})


def test_fill_strips_terminal_escapes(ayse):
    Customer.update(name="Ayşe\x1b[31m Red").where(Customer.id == ayse.id).execute()
    text = templates.fill("Hi {name}", templates.customer_values(ayse.id, "en"))
    assert "\x1b" not in text and "Ayşe" in text


def test_whatsapp_link_and_log_on_timeline(ayse):
    draft = messages.prepare(ayse.id, "renewal_offer", "whatsapp", "tr")
    assert "K-42" in draft.text and "Ayşe Çağlar" in draft.text
    assert draft.link.startswith("https://wa.me/905321234567?text=Say%C4%B1n%20Ay%C5%9Fe")
    messages.record_link_opened(draft)
    sms = messages.prepare(ayse.id, "birthday", "sms", "en")
    assert sms.link.startswith("sms:+905321234567?body=Dear%20Ay%C5%9Fe")
    timeline = card.load_section(ayse.id, "timeline")
    msg = [i for i in timeline if i.kind == "message"]
    assert msg and msg[0].title == "whatsapp:opened_link" and "K-42" in msg[0].detail
    assert card.section_counts(ayse.id)["timeline"] == len(timeline)


def test_no_consent_is_refused_with_the_record(ayse):
    set_consent(ayse.id, "sms", False, reference="ret by phone")
    draft = messages.prepare(ayse.id, "birthday", "whatsapp", "tr")
    with pytest.raises(messages.MessageRefused) as err:
        messages.record_link_opened(draft)
    assert "withdrew" in str(err.value) and "ret by phone" in str(err.value)
    assert MessageLog.select().count() == 0


def test_an_iys_ret_refuses_a_message_and_a_campaign_despite_the_app_consent(ayse):
    from datetime import datetime

    from crm_tui.db.models import Consent
    from crm_tui.domain.messaging.permission import allowed_ids

    Consent.create(
        customer=ayse, channel="sms", granted=False, at=datetime(2020, 1, 1), iys_status="RET"
    )
    draft = messages.prepare(ayse.id, "birthday", "sms", "tr")
    with pytest.raises(messages.MessageRefused) as err:
        messages.record_link_opened(draft)
    assert "RET" in str(err.value)
    assert allowed_ids([ayse.id], "whatsapp") == ([], [ayse.id])
    assert allowed_ids([ayse.id], "email") == ([ayse.id], [])
    assert MessageLog.select().count() == 0


def test_email_arrives_with_turkish_subject_and_body(ayse):
    with SmtpServer() as server:
        draft = messages.prepare(ayse.id, "birthday", "email", "tr")
        messages.send_email(draft, config(server))
    [msg] = server.messages
    assert msg["Subject"] == "İyi ki doğdunuz!"
    assert msg["To"] == "ayse@example.com" and msg["From"] == "acente@example.com"
    assert msg["Message-ID"] and msg["Date"]
    assert msg.get_content_charset() == "utf-8"
    assert "Sevgili Ayşe, doğum gününüzü kutlarız" in msg.get_content()
    [row] = MessageLog.select()
    assert row.status == "sent" and row.channel == "email" and row.who


def test_refused_address_is_failed_not_sent(ayse):
    with SmtpServer() as server:
        server.handler.refuse.add("ayse@example.com")
        draft = messages.prepare(ayse.id, "welcome", "email", "en")
        with pytest.raises(smtp.SmtpError) as err:
            messages.send_email(draft, config(server))
    assert "refused the address" in str(err.value)
    assert [r.status for r in MessageLog.select()] == ["failed"]


def test_server_down_and_bad_address(ayse):
    down = smtp.SmtpConfig("127.0.0.1", free_port(), "none", timeout=2)
    draft = messages.prepare(ayse.id, "welcome", "email", "en")
    with pytest.raises(smtp.SmtpError) as err:
        messages.send_email(draft, down)
    assert "Could not reach the mail server" in str(err.value)
    Customer.update(email="not-an-address").where(Customer.id == ayse.id).execute()
    draft = messages.prepare(ayse.id, "welcome", "email", "en")
    with pytest.raises(smtp.SmtpError) as err:
        messages.send_email(draft, down)
    assert "Bad e-mail address" in str(err.value)
    assert {r.status for r in MessageLog.select()} == {"failed"}


def test_timeout_is_a_clear_failure(ayse):
    import socket

    with socket.socket() as silent:  # accepts the connection, never says hello
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        cfg = smtp.SmtpConfig("127.0.0.1", silent.getsockname()[1], "none", timeout=0.5)
        draft = messages.prepare(ayse.id, "welcome", "email", "en")
        with pytest.raises(smtp.SmtpError) as err:
            messages.send_email(draft, cfg)
    assert "did not answer in time" in str(err.value)
    assert MessageLog.get().status == "failed"


def test_smtp_url_and_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_TUI_SMTP_PASSWORD", "s3cret")
    c = smtp.config_from_url("smtps://ali@mail.example.com")
    assert (c.host, c.port, c.security, c.user, c.password) == (
        "mail.example.com",
        465,
        "ssl",
        "ali",
        "s3cret",
    )
    assert smtp.config_from_url("smtp://h:2525?starttls=1").security == "starttls"
    assert smtp.config_from_url("smtp://h:2525").security == "none"
    with pytest.raises(smtp.SmtpError):
        smtp.config_from_url("smtp://ali:pw@h")
    path = tmp_path / "settings.toml"
    path.write_text('smtp_host = "h"\nsmtp_password = "x"\n', encoding="utf-8")
    with pytest.raises(smtp.SmtpError) as err:
        smtp.config_from_settings(path)
    assert "password" in str(err.value)
    path.write_text('smtp_host = "h"\nsmtp_user = "u"\n', encoding="utf-8")
    c = smtp.config_from_settings(path)
    assert (c.port, c.security, c.password) == (587, "starttls", "s3cret")
