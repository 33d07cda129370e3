"""E-mail over SMTP: where the server is, and sending one message with a clear error.

The server comes from ``CRM_TUI_SMTP_URL`` (for cron and scripts: ``smtp://user@host:port``,
``smtps://…`` for SSL, ``smtp://…?starttls=1``, ``&from=sender``) or from settings.toml
(``smtp_host``, ``smtp_port``, ``smtp_security`` starttls|ssl|none, ``smtp_user``,
``smtp_sender``). The password is never read from the settings file (a file holding one is
refused): ``CRM_TUI_SMTP_PASSWORD`` or the system keyring (service ``crm-tui-smtp``, the
user's name; the ``keyring`` package is optional)."""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from ...i18n import _
from ..errors import ValidationError
from ..parsing import parse_email

SECURITY = ("starttls", "ssl", "none")
KEYRING_SERVICE = "crm-tui-smtp"
TIMEOUT = 20.0


class SmtpError(Exception):
    """Sending failed; the message is for the user."""


@dataclass
class SmtpConfig:
    host: str
    port: int
    security: str = "starttls"
    user: str | None = None
    sender: str | None = None
    password: str | None = None
    timeout: float = TIMEOUT

    @property
    def from_address(self) -> str:
        return self.sender or self.user or f"crm-tui@{self.host}"


def _password(user: str | None) -> str | None:
    env = os.environ.get("CRM_TUI_SMTP_PASSWORD")
    if env:
        return env
    if not user:
        return None
    try:
        import keyring  # type: ignore[import-not-found]  # optional: not every desk has one
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, user)
    except Exception:  # a locked or absent keyring backend: send without a password
        return None


def config_from_url(url: str) -> SmtpConfig:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise SmtpError(
            _("CRM_TUI_SMTP_URL must look like smtp://user@host:587 or smtps://user@host:465.")
        )
    if parts.password:
        raise SmtpError(
            _(
                "CRM_TUI_SMTP_URL must not hold a password: use CRM_TUI_SMTP_PASSWORD or the keyring."
            )
        )
    query = parse_qs(parts.query)
    if parts.scheme == "smtps":
        security = "ssl"
    elif query.get("starttls", ["0"])[0] in ("1", "true", "yes"):
        security = "starttls"
    else:
        security = "none"
    user = unquote(parts.username) if parts.username else None
    try:
        port = parts.port or (465 if security == "ssl" else 25)
    except ValueError as exc:
        raise SmtpError(_("CRM_TUI_SMTP_URL: the port is not a number.")) from exc
    sender = query.get("from", [None])[0]
    return SmtpConfig(parts.hostname, port, security, user, sender, _password(user))


def config_from_settings(path: Path | None = None) -> SmtpConfig:
    import tomllib

    from ...config import settings_path

    path = path or settings_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SmtpError(
            _("Settings file {path} is not valid TOML: {reason}", path=path, reason=exc)
        ) from exc
    if any("password" in str(k).lower() for k in raw):
        raise SmtpError(
            _(
                "Settings file {path} holds a password: remove it; the SMTP password comes from the keyring or CRM_TUI_SMTP_PASSWORD.",
                path=path,
            )
        )
    host = str(raw.get("smtp_host") or "").strip()
    if not host:
        raise SmtpError(
            _("No mail server is set: smtp_host in settings.toml, or CRM_TUI_SMTP_URL.")
        )
    security = str(raw.get("smtp_security") or "starttls")
    if security not in SECURITY:
        raise SmtpError(_("smtp_security must be starttls, ssl or none."))
    try:
        port = int(raw.get("smtp_port") or (465 if security == "ssl" else 587))
    except (TypeError, ValueError) as exc:
        raise SmtpError(_("smtp_port must be a number.")) from exc
    user = str(raw.get("smtp_user") or "").strip() or None
    sender = str(raw.get("smtp_sender") or "").strip() or None
    return SmtpConfig(host, port, security, user, sender, _password(user))


def load_config() -> SmtpConfig:
    url = os.environ.get("CRM_TUI_SMTP_URL", "").strip()
    return config_from_url(url) if url else config_from_settings()


def campaign_rate(path: Path | None = None) -> int:
    """E-mails per minute for campaigns (settings.toml ``campaign_rate``, default 30)."""
    import tomllib

    from ...config import settings_path

    path = path or settings_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        return max(1, int(raw.get("campaign_rate", 30)))
    except (OSError, ValueError, TypeError, tomllib.TOMLDecodeError):
        return 30


def build_message(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text UTF-8 message with Message-ID and Date (the subject is RFC 2047 encoded
    by the email package when it is not ASCII)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    domain = sender.rpartition("@")[2] or None
    msg["Message-ID"] = make_msgid(domain=domain)
    msg.set_content(body, charset="utf-8")
    return msg


def check_address(address: str | None) -> str:
    try:
        return parse_email(address or "")
    except ValidationError as exc:
        raise SmtpError(
            _("Bad e-mail address '{address}': {reason}", address=address or "", reason=exc)
        ) from exc


def send(config: SmtpConfig, to: str, subject: str, body: str) -> str:
    """Send one message; returns its Message-ID. Raises ``SmtpError`` with a clear reason
    when the address is bad, the server refuses, is down or does not answer in time."""
    to = check_address(to)
    msg = build_message(config.from_address, to, subject, body)
    where = f"{config.host}:{config.port}"
    try:
        if config.security == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                config.host,
                config.port,
                timeout=config.timeout,
                context=ssl.create_default_context(),
            )
        else:
            server = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        with server:
            if config.security == "starttls":
                server.starttls(context=ssl.create_default_context())
            if config.user and config.password:
                server.login(config.user, config.password)
            server.send_message(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        detail = "; ".join(f"{code} {text!r}" for code, text in exc.recipients.values())
        raise SmtpError(
            _("The mail server refused the address {to}: {detail}", to=to, detail=detail)
        ) from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise SmtpError(_("The mail server refused the user name or password.")) from exc
    except smtplib.SMTPResponseException as exc:
        raise SmtpError(
            _(
                "The mail server refused the message: {code} {text}",
                code=exc.smtp_code,
                text=exc.smtp_error,
            )
        ) from exc
    except TimeoutError as exc:
        raise SmtpError(_("The mail server {where} did not answer in time.", where=where)) from exc
    except (smtplib.SMTPException, OSError) as exc:
        # smtplib turns a read that timed out into "Connection unexpectedly closed: timed out"
        if isinstance(exc.__context__, TimeoutError) or "timed out" in str(exc):
            raise SmtpError(
                _("The mail server {where} did not answer in time.", where=where)
            ) from exc
        raise SmtpError(
            _("Could not reach the mail server {where}: {reason}", where=where, reason=exc)
        ) from exc
    return str(msg["Message-ID"])
