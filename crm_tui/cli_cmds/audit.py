"""``crm-tui audit``: who changed what (the audit log), newest first, as an aligned
table; filtered by user, customer and day."""

from __future__ import annotations

import argparse

from ..i18n import N_, _

NAME = "audit"
HELP = N_("who changed what: the record of changes, newest first")
# after ``audit``, --user is the filter (the desk's own user does not matter to a reading)
OWN_OPTIONS = frozenset({"--user"})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user", dest="audit_user", metavar=_("NAME"), help=_("only this user's changes")
    )
    parser.add_argument(
        "--customer", type=int, metavar="ID", help=_("only changes to this customer (number)")
    )
    parser.add_argument(
        "--since", metavar="DATE", help=_("only changes from this day on (e.g. 01.11.2026)")
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=200,
        metavar="N",
        help=_("show at most N lines (default: 200)"),
    )


def run(args: argparse.Namespace) -> int:
    from .common import CliError, open_db, say

    if args.limit < 1:
        raise CliError(_("--limit must be at least 1."))
    since = None
    if args.since:
        from ..domain.errors import ValidationError
        from ..domain.parsing import parse_date

        try:
            since = parse_date(args.since)
        except ValidationError as exc:
            raise CliError(_("--since “{date}”: {reason}", date=args.since, reason=exc)) from exc
    open_db(args)
    from ..domain import who
    from ..domain.audit_view import detail_text
    from ..i18n import format_datetime

    rows = who.audit_rows(args.audit_user, args.customer, since, args.limit)
    if not rows:
        say(_("No changes recorded."))
        return 0
    header = [_("when"), _("user"), _("action"), _("customer"), _("detail")]
    lines = [
        [
            format_datetime(r.at),
            r.user or "–",
            who.action_text(r.action),
            f"#{r.customer_id}" if r.customer_id is not None else "",
            detail_text(r.detail),
        ]
        for r in rows
    ]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(4)]
    for line in [header, ["-" * w for w in widths] + ["-" * len(header[4])], *lines]:
        say(
            "  ".join(cell.ljust(w) for cell, w in zip(line[:4], widths, strict=True))
            + "  "
            + line[4]
        )
    return 0
