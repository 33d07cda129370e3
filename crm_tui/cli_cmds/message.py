"""``crm-tui message``: fill a template for one customer; print the text and the link, or
with ``--send`` send the e-mail (or print the WhatsApp/SMS link) and log it on the card."""

from __future__ import annotations

import argparse

from ..i18n import N_, _

NAME = "message"
HELP = N_("fill a message template for a customer; --send sends the e-mail or logs the link")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("customer", metavar=_("CUSTOMER"), help=_("#12, a name or a phone number"))
    parser.add_argument("--template", required=True, metavar=_("NAME"), help=_("template name"))
    parser.add_argument(
        "--channel", choices=("email", "sms", "whatsapp"), default="whatsapp", help=_("channel")
    )
    parser.add_argument(
        "--send", action="store_true", help=_("send the e-mail / log the link as sent")
    )


def run(args: argparse.Namespace) -> int:
    from ..safe_text import printable
    from .common import CliError, open_db, say

    open_db(args)
    from ..domain.errors import NotFound, ValidationError
    from ..domain.messaging import messages, smtp
    from ..domain.privacy import find_customer
    from ..i18n import get_language

    try:
        customer = find_customer(args.customer)
        draft = messages.prepare(customer.id, args.template, args.channel, get_language())
    except (NotFound, ValidationError) as exc:
        raise CliError(str(exc)) from exc
    if draft.subject:
        say(printable(_("Subject: {subject}", subject=draft.subject)))
    say(printable(draft.text))
    if draft.link:
        say(printable(draft.link))
    if not args.send:
        if draft.problem:
            say(printable(_("Would be refused: {reason}", reason=draft.problem)))
        return 0
    try:
        if args.channel == "email":
            messages.send_email(draft)
            say(_("Sent to {to}.", to=printable(draft.to or "")))
        else:
            messages.record_link_opened(draft)
            say(_("Logged on the customer's card; open the link above to send."))
    except (messages.MessageRefused, smtp.SmtpError) as exc:
        raise CliError(str(exc)) from exc
    return 0
