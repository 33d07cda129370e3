"""``crm-tui iys``: the consents in İYS's bulk upload format (export), and İYS's answer
read back into the consent ledger (import: a dry run unless ``--apply``)."""

from __future__ import annotations

import argparse

from ..i18n import N_, _

NAME = "iys"
HELP = N_("İYS: export consents for upload, import İYS's answer")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="iys_action", metavar=_("ACTION"), parser_class=type(parser))
    sub.required = True
    export = sub.add_parser(
        "export",
        help=_("write the consents in İYS's bulk upload format"),
        description=_("write the consents in İYS's bulk upload format"),
    )
    export.add_argument(
        "--since", metavar="DATE", help=_("only consents given or recorded since DATE")
    )
    export.add_argument("--format", choices=("csv", "xlsx"), default=None, help=_("file format"))
    export.add_argument("--out", metavar="FILE", required=True, help=_("the file to write"))
    imp = sub.add_parser(
        "import",
        help=_("read İYS's answer or list and update the consents"),
        description=_(
            "read İYS's answer or list and update the consents: a dry run that writes "
            "nothing unless --apply"
        ),
    )
    imp.add_argument("file", metavar="FILE", help=_("İYS's file (CSV or XLSX)"))
    imp.add_argument("--apply", action="store_true", help=_("write the changes"))


def run(args: argparse.Namespace) -> int:
    from datetime import datetime, time
    from pathlib import Path

    from ..domain import iys
    from ..domain.errors import ValidationError
    from ..domain.parsing import parse_date
    from .common import CliError, open_db, say

    open_db(args)
    try:
        if args.iys_action == "export":
            out = Path(args.out)
            fmt = args.format or ("xlsx" if out.suffix.lower() == ".xlsx" else "csv")
            since = datetime.combine(parse_date(args.since), time(0, 0)) if args.since else None
            result = iys.export_consents(out, fmt, since)
            say(
                _(
                    "{n} consents written to {path} for İYS; {skipped} left out without a "
                    "phone or e-mail.",
                    n=result.written,
                    path=result.path,
                    skipped=result.without_address,
                )
            )
            return 0
        report = iys.import_answer(Path(args.file), apply=args.apply)
    except ValidationError as exc:
        raise CliError(str(exc)) from exc
    for line in report.changes:
        say("  " + line)
    for line in report.problems:
        say("  ! " + line)
    if report.unknown:
        say(_("Unknown recipients ({n}):", n=len(report.unknown)))
        for r in report.unknown:
            say("  ? " + r)
    say(
        _(
            "{rows} rows: {changes} changes, {unchanged} already so, {unknown} unknown, "
            "{problems} to look at.",
            rows=report.rows,
            changes=len(report.changes),
            unchanged=report.unchanged,
            unknown=len(report.unknown),
            problems=len(report.problems),
        )
    )
    if not report.applied:
        say(_("Dry run: nothing was written. Run again with --apply to write the changes."))
    return 0
