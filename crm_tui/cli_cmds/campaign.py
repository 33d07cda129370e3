"""``crm-tui campaign``: export a campaign list (customers of an RFM segment who consented to
a channel) as CSV or XLSX without starting the TUI (never imports Textual)."""

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
    parser.add_argument("--channel", choices=CHANNELS, default="sms", help=_("consent channel"))
    parser.add_argument(
        "--out",
        metavar="FILE",
        required=True,
        help=_("file to write: CSV, or XLSX when its name ends in .xlsx"),
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .common import CliError, open_db, say

    open_db(args)
    from ..domain import loyalty
    from ..domain.errors import ValidationError
    from ..domain.labels import label

    ids = loyalty.campaign_customers(args.segment, args.line, args.city)
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
