"""``crm-tui campaign``: export a campaign list (customers of an RFM segment who consented to
a channel) as CSV (or XLSX, when the file name ends in .xlsx) without starting the TUI (never imports Textual); ``crm-tui campaign send
NAME --template T`` e-mails a template to the list's customers with e-mail consent, resumably
(the same NAME again resumes and sends nobody twice)."""

from __future__ import annotations

import argparse

from ..i18n import N_, _

NAME = "campaign"
HELP = N_("export the customers of a segment who consented to a channel as CSV or XLSX")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..domain.loyalty import CHANNELS, SEGMENTS

    parser.add_argument(
        "--segment",
        choices=SEGMENTS,
        help=_("RFM segment (default: every active customer)"),
    )
    parser.add_argument("--line", metavar="LINE", help=_("only buyers of this product line"))
    parser.add_argument("--city", metavar="CITY", help=_("only customers in this city"))
    parser.add_argument("--tag", metavar="TAG", help=_("only customers with this tag"))
    parser.add_argument("--channel", choices=CHANNELS, default="sms", help=_("consent channel"))
    parser.add_argument(
        "--out", metavar="FILE", help=_("file to write: CSV, or XLSX when its name ends in .xlsx")
    )
    parser.add_argument(
        "action", nargs="?", choices=("export", "send"), default="export", help=_("export or send")
    )
    parser.add_argument("name", nargs="?", metavar=_("NAME"), help=_("the campaign's name (send)"))
    parser.add_argument("--template", metavar=_("NAME"), help=_("message template (send)"))
    parser.add_argument(
        "--rate", type=int, metavar="N", help=_("e-mails per minute (default: settings, 30)")
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .common import CliError, open_db, say

    if args.action == "send":
        return _send(args)
    if not args.out:
        raise CliError(_("--out FILE is needed to export."))
    open_db(args)
    from ..domain import loyalty
    from ..domain.errors import ValidationError
    from ..domain.labels import label

    ids = loyalty.campaign_customers(args.segment, args.line, args.city, tag=args.tag)
    try:
        result = loyalty.export_campaign(ids, args.channel, Path(args.out))
    except ValidationError as exc:
        raise CliError(str(exc)) from exc
    say(
        _(
            "{written} customers exported to {path}; {skipped} left out without "
            "consent for {channel}.",
            written=result.written,
            path=result.path,
            skipped=result.without_consent,
            channel=label("consent_channel", args.channel),
        )
    )
    return 0


def _send(args: argparse.Namespace) -> int:
    from ..safe_text import printable
    from .common import CliError, open_db, say

    if not args.name or not args.template:
        raise CliError(_("campaign send needs a NAME and --template."))
    if args.rate is not None and args.rate < 1:
        raise CliError(_("--rate must be at least 1."))
    open_db(args)
    from ..domain import loyalty
    from ..domain.errors import NotFound, ValidationError
    from ..domain.messaging import campaigns, smtp, templates
    from ..i18n import get_language

    try:
        templates.find_template(args.template, get_language(), "email")
        config = smtp.load_config()
        ids = loyalty.campaign_customers(args.segment, args.line, args.city, tag=args.tag)
        campaigns.add_recipients(args.name, args.template, ids)
        result = campaigns.run(
            args.name,
            get_language(),
            config,
            rate=args.rate or smtp.campaign_rate(),
            progress=lambda n, total: say(f"{n}/{total}"),
        )
    except (NotFound, ValidationError, smtp.SmtpError) as exc:
        raise CliError(str(exc)) from exc
    for line in result.errors:
        say(printable(line))
    say(printable(result.summary()))
    return 1 if result.failed or result.unknown else 0
