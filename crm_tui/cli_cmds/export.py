"""``crm-tui export``: CSV, XLSX, vCard, iCalendar or the whole database as JSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..i18n import N_, _, get_language

NAME = "export"
HELP = N_("export customers, policies, reminders or complaints (CSV, XLSX, vCard, JSON, iCalendar)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        dest="fmt",
        default="csv",
        metavar="csv|xlsx|vcard|json|ics",
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
        help=_("file to write (default: crm-<what>-<date>.<format> in your home folder)"),
    )
    parser.add_argument(
        "--delimiter",
        default=None,
        metavar="','|';'",
        help=_("CSV delimiter (default: ';' in Turkish, as Excel in Turkish reads it; else ',')"),
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=_("replace FILE when it exists (without it, an existing file is never replaced)"),
    )


def run(args: argparse.Namespace) -> int:
    from ..domain import exporters
    from ..domain.errors import ValidationError
    from .common import CliError, open_db, say

    fmt = (args.fmt or "").lower()
    what = args.what.lower() if args.what else None
    delimiter = args.delimiter or (";" if get_language() == "tr" else ",")
    delimiter = "\t" if delimiter in ("tab", "\\t") else delimiter
    if fmt not in exporters.FORMATS:
        raise CliError(
            _("Unknown format '{format}': use csv, xlsx, vcard, json or ics.", format=fmt)
        )
    if args.out:
        out = Path(args.out).expanduser()
        if out.exists() and not out.is_dir() and not args.force:
            raise CliError(
                _(
                    "{path} exists and is not replaced; name another file, or add --force to replace it.",
                    path=out,
                )
            )
    else:
        out = exporters.default_export_path(fmt, what)
    open_db(args)
    try:
        count = exporters.export(fmt, what, out, delimiter=delimiter)
    except (ValidationError, exporters.ExportError) as exc:
        raise CliError(str(exc)) from exc
    say(_("Wrote {count} records to {path}.", count=count, path=out))
    return 0
