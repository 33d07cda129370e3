"""``crm-tui export``: CSV, vCard, iCalendar or the whole database as JSON."""

from __future__ import annotations

import argparse

from ..i18n import N_, _

NAME = "export"
HELP = N_("export customers, policies, reminders or complaints (CSV, vCard, JSON, iCalendar)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        dest="fmt",
        default="csv",
        metavar="csv|vcard|json|ics",
        help=_("file format (default: csv)"),
    )
    parser.add_argument(
        "--what",
        metavar="customers|policies|reminders|complaints",
        help=_("what to export (JSON always holds everything)"),
    )
    parser.add_argument(
        "--out",
        metavar="FILE",
        help=_("file to write (default: crm-<what>-<date>.<format> in the current folder)"),
    )
    parser.add_argument(
        "--delimiter",
        default=",",
        metavar="','|';'",
        help=_("CSV delimiter; ';' suits Excel in Turkish (default: ',')"),
    )


def run(args: argparse.Namespace) -> int:
    from ..cli import CliError, open_db, say
    from ..domain import exporters
    from ..domain.errors import ValidationError

    fmt = (args.fmt or "").lower()
    what = args.what.lower() if args.what else None
    delimiter = "\t" if args.delimiter in ("tab", "\\t") else args.delimiter
    if fmt not in exporters.FORMATS:
        raise CliError(_("Unknown format '{format}': use csv, vcard, json or ics.", format=fmt))
    out = args.out or exporters.default_file_name(fmt, what)
    open_db(args)
    try:
        count = exporters.export(fmt, what, out, delimiter=delimiter)
    except (ValidationError, exporters.ExportError) as exc:
        raise CliError(str(exc)) from exc
    say(_("Wrote {count} records to {path}.", count=count, path=out))
    return 0
