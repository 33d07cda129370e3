"""``crm-tui optout``: the customer said no (ret) to a channel; recorded as a withdrawn
consent (the consent history keeps the earlier grant)."""

from __future__ import annotations

import argparse

from ..i18n import N_, _

NAME = "optout"
HELP = N_("record a customer's opt-out (ret) from a channel")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("customer", metavar=_("CUSTOMER"), help=_("#12, a name or a phone number"))
    parser.add_argument(
        "--channel", choices=("email", "sms", "whatsapp"), required=True, help=_("channel")
    )
    parser.add_argument("--note", metavar=_("TEXT"), help=_("where the opt-out came from"))


def run(args: argparse.Namespace) -> int:
    from ..safe_text import printable
    from .common import CliError, open_db, say

    open_db(args)
    from ..domain.errors import NotFound, ValidationError
    from ..domain.messaging.campaigns import opt_out
    from ..domain.privacy import find_customer

    try:
        customer = find_customer(args.customer)
        opt_out(customer.id, args.channel, args.note)
    except (NotFound, ValidationError) as exc:
        raise CliError(str(exc)) from exc
    say(_("Opt-out recorded for {name}.", name=printable(customer.name)))
    return 0
