"""``crm-tui today``: the Today agenda printed with Rich (for a terminal greeting or a cron
mail). Never imports Textual; exits non-zero only on error (an empty day is success)."""

from __future__ import annotations

import argparse

from ..colours import GROUP_STYLE
from ..i18n import N_, _

NAME = "today"
HELP = N_("print today's agenda: reminders, renewals, birthdays, follow-ups, complaints")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--limit",
        type=int,
        default=50,
        metavar="N",
        help=_("show at most N lines per group (default: 50)"),
    )
    parser.add_argument(
        "--mail",
        metavar=_("ADDRESS"),
        help=_("e-mail the agenda to ADDRESS instead of printing it (for cron)"),
    )


def run(args: argparse.Namespace) -> int:
    from ..safe_text import printable
    from .common import CliError, open_db

    if args.limit < 1:
        raise CliError(_("--limit must be at least 1."))
    open_db(args)
    if args.mail:
        from ..domain.messaging import agenda_mail, smtp

        try:
            agenda_mail.send_agenda(args.mail, limit=args.limit)
        except smtp.SmtpError as exc:
            raise CliError(str(exc)) from exc
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..domain import today as td
    from ..i18n import format_date

    agenda = td.agenda(limit=args.limit)
    td.count_more(agenda)  # the exact number of renewals due, not "50+"
    console = Console()
    console.print(Text(format_date(agenda.today, "full"), style="bold"))
    if agenda.is_clear:
        console.print(_("Nothing is due today. The day is clear."))
        return 0
    for group in agenda.groups:
        if not group.items:
            continue
        console.print()
        console.print(
            Text(
                f"{_(group.title)} ({group.count_text})", style=GROUP_STYLE.get(group.code, "bold")
            )
        )
        table = Table(show_header=False, show_edge=False, pad_edge=False, box=None)
        table.add_column(no_wrap=True)
        table.add_column(style="bold")
        table.add_column()
        for item in group.items:
            when = Text(td.when_text(item, agenda.today), style="red" if item.late else "")
            name, detail = printable(item.customer_name or "–"), printable(td.detail_text(item))
            table.add_row(when, Text(name), Text(detail))
        console.print(table)
    return 0
