"""One message to one customer: prepare (fill, link, consent), send or open, and log.

WhatsApp and SMS leave through a link the desk opens (wa.me / ``sms:``): the log says
``opened_link``, the app cannot know whether the user pressed send on the phone. E-mail is
sent over SMTP here: ``sent`` only after the server accepted it, else ``failed`` with the
reason (nothing is logged as sent)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ...clock import now as clock_now
from ...db.models import Customer, MessageLog
from ...i18n import _
from ..errors import NotFound, ValidationError
from ..who import current_user
from . import CHANNELS, links, smtp
from .permission import Permission, permission
from .templates import customer_values, fill, find_template


@dataclass
class Draft:
    customer_id: int
    customer_name: str
    channel: str
    template: str
    subject: str
    text: str
    to: str | None  # phone (E.164) or e-mail address
    link: str | None  # wa.me / sms: / mailto:
    permission: Permission

    @property
    def problem(self) -> str:
        """Why this cannot leave ('' when it can): no consent, no address."""
        if not self.permission.allowed:
            return f"{self.permission.reason} ({self.permission.record})"
        if not self.to:
            return (
                _("The customer has no e-mail address.")
                if self.channel == "email"
                else _("The customer has no phone number.")
            )
        return ""


class MessageRefused(ValidationError):
    """The message may not or cannot leave (consent, address); the text says why."""


class SendFailed(ValidationError, smtp.SmtpError):
    """The e-mail was tried and not sent (logged as failed); a ValidationError so the
    screens show it as any refusal, an SmtpError for the command line."""


def prepare(customer_id: int, template: str, channel: str, language: str) -> Draft:
    if channel not in CHANNELS:
        raise ValidationError(_("Channel must be whatsapp, sms or email."))
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("Customer {id} not found.", id=customer_id))
    tpl = find_template(template, language, channel)
    values = customer_values(customer_id, tpl.language)
    text = fill(tpl.body, values)
    subject = fill(tpl.subject, values) if tpl.subject else ""
    if channel == "email":
        to = links.customer_email(customer_id)
        link = links.mailto_link(to, subject, text) if to else None
    else:
        to = links.primary_phone(customer_id)
        maker = links.wa_link if channel == "whatsapp" else links.sms_link
        link = maker(to, text) if to else None
    return Draft(
        customer_id,
        customer.name,
        channel,
        tpl.name,
        subject,
        text,
        to,
        link,
        permission(customer_id, channel),
    )


def log(
    draft: Draft,
    status: str,
    error: str | None = None,
    campaign: str | None = None,
    at: datetime | None = None,
) -> MessageLog:
    return MessageLog.create(
        customer=draft.customer_id,
        channel=draft.channel,
        template=draft.template,
        subject=draft.subject or None,
        text=draft.text,
        to=draft.to,
        status=status,
        error=error,
        campaign=campaign,
        who=current_user(),
        at=at or clock_now(),
    )


def record_link_opened(draft: Draft) -> MessageLog:
    """WhatsApp/SMS: the link was handed to the desk (refused without consent)."""
    if draft.problem:
        raise MessageRefused(draft.problem)
    return log(draft, "opened_link")


def send_email(draft: Draft, config: smtp.SmtpConfig | None = None) -> MessageLog:
    """Send the e-mail now; the log row says sent or failed. Raises ``MessageRefused``
    (nothing logged) without consent or address, ``smtp.SmtpError`` after logging a failure."""
    if draft.channel != "email":
        raise ValidationError(_("Only e-mail is sent from here; WhatsApp and SMS open a link."))
    if draft.problem:
        raise MessageRefused(draft.problem)
    try:
        config = config or smtp.load_config()
        smtp.send(config, draft.to or "", draft.subject or draft.template, draft.text)
    except smtp.SmtpError as exc:
        log(draft, "failed", error=str(exc))
        raise SendFailed(str(exc)) from exc
    return log(draft, "sent")


def customer_messages(customer_id: int, limit: int = 50) -> list[MessageLog]:
    return list(
        MessageLog.select()
        .where(MessageLog.customer == customer_id)
        .order_by(MessageLog.at.desc(), MessageLog.id.desc())
        .limit(limit)
    )
