"""``crm-tui ics FILE``: open reminders and renewal dates as an iCalendar file for a phone."""

from __future__ import annotations

import argparse

from ..i18n import N_, _

NAME = "ics"
HELP = N_("export open reminders and renewal dates as an iCalendar (.ics) file")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("the .ics file to write"))
    parser.add_argument(
        "--days",
        type=int,
        default=365,
        metavar="N",
        help=_(
            "reminders and renewal dates of the next N days, overdue reminders too (default: 365)"
        ),
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .common import CliError, open_db, say

    if args.days < 0:
        raise CliError(_("--days cannot be negative."))
    target = Path(args.file).expanduser()
    if target.is_dir():
        raise CliError(_("{path} is a folder; give a file name like reminders.ics.", path=target))
    if not target.parent.exists():
        raise CliError(_("Folder {folder} does not exist.", folder=target.parent))
    open_db(args)
    from ..domain.ical import export_ics

    try:
        n_rem, n_ren = export_ics(target, days=args.days)
    except OSError as exc:
        raise CliError(
            _("Cannot write {path}: {reason}", path=target, reason=exc.strerror)
        ) from exc
    say(
        _(
            "Wrote {reminders} reminders and {renewals} renewal dates to {path}.",
            reminders=n_rem,
            renewals=n_ren,
            path=target,
        )
    )
    return 0
