"""``crm-tui report KIND``: the agency's reports from the command line (issue 16 item 7).

A small dispatcher: each report is one module of ``cli_cmds/reports/`` with ``NAME``,
``HELP``, ``add_arguments(parser)`` (its own options beyond the shared ones) and
``run(args, period)``. The options every report takes (``--from``, ``--to``, ``--line``,
``--insurer``, ``--format``, ``--out``) are added and checked here.
"""

from __future__ import annotations

import argparse
import importlib
from dataclasses import dataclass
from datetime import date

from ..i18n import N_, _

NAME = "report"
HELP = N_("reports of the book of business (claims...) as a table, CSV or XLSX")
FORMATS = ("table", "csv", "xlsx")


@dataclass(frozen=True)
class Period:
    """The shared options, checked: dates parsed, line a known code."""

    date_from: date | None
    date_to: date | None
    line: str | None
    insurer: str | None
    fmt: str
    out: str | None


def report_modules() -> list:
    from ..i18n import package_modules
    from . import reports

    return [
        importlib.import_module(f"{reports.__name__}.{name}")
        for name in package_modules(reports)
        if not name.startswith("_")  # _output: shared helpers, not a report
    ]


def _shared(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from", dest="date_from", metavar="DATE", help=_("from this day on (e.g. 01.01.2026)")
    )
    parser.add_argument("--to", dest="date_to", metavar="DATE", help=_("up to this day"))
    parser.add_argument("--line", metavar=_("LINE"), help=_("only this product line (e.g. kasko)"))
    parser.add_argument("--insurer", metavar=_("NAME"), help=_("only this insurer"))
    parser.add_argument(
        "--format", dest="report_format", choices=FORMATS, default="table", help=_("output format")
    )
    parser.add_argument("--out", metavar=_("FILE"), help=_("write to this file instead"))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="report", metavar=_("REPORT"), required=True)
    for mod in report_modules():
        p = sub.add_parser(mod.NAME, help=_(mod.HELP), description=_(mod.HELP))
        _shared(p)
        mod.add_arguments(p)
        p.set_defaults(_report=mod.run)


def _day(option: str, text: str | None) -> date | None:
    from ..domain.errors import ValidationError
    from ..domain.parsing import parse_date
    from .common import CliError

    if not text:
        return None
    try:
        return parse_date(text)
    except ValidationError as exc:
        raise CliError(
            _("{option} “{date}”: {reason}", option=option, date=text, reason=exc)
        ) from exc


def run(args: argparse.Namespace) -> int:
    from ..domain.labels import LABELS
    from .common import CliError, open_db

    period = Period(
        date_from=_day("--from", args.date_from),
        date_to=_day("--to", args.date_to),
        line=args.line,
        insurer=(args.insurer or "").strip() or None,
        fmt=args.report_format,
        out=args.out,
    )
    if period.fmt == "xlsx" and not period.out:
        raise CliError(_("--format xlsx writes a file: add --out FILE.xlsx."))
    if period.date_from and period.date_to and period.date_to < period.date_from:
        raise CliError(_("--to must not be before --from."))
    if period.line and period.line not in LABELS["line"]:
        raise CliError(
            _(
                "Unknown line “{line}”: use {lines}.",
                line=period.line,
                lines=", ".join(LABELS["line"]),
            )
        )
    open_db(args)
    return int(args._report(args, period))
