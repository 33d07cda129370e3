"""``crm-tui report renewals``: the renewals of a period (policies ending in it) with their
state, premium change and who works them: the renewal workbench on paper."""

from __future__ import annotations

import argparse
from decimal import Decimal

from ...i18n import N_, _, format_date, format_money, format_percent, get_language

NAME = "renewals"
HELP = N_("renewals ending in a period: state, premium change, assigned user")
STATES = ("open", "offered", "postponed", "renewed", "lost")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", choices=STATES, help=_("only renewals in this state"))
    parser.add_argument("--user", metavar=_("NAME"), help=_("only renewals assigned to this user"))


def plain(amount: Decimal | None) -> str:
    """A CSV number: what a spreadsheet reads (decimal comma in Turkish)."""
    if amount is None:
        return ""
    text = f"{amount:.2f}" if amount.as_tuple().exponent == -2 else str(amount)
    return text.replace(".", ",") if get_language() == "tr" else text


def signed_percent(change: Decimal | None) -> str:
    """``+12,5 %`` style (the locale's): a premium change."""
    if change is None:
        return ""
    return ("+" if change > 0 else "") + format_percent(change / 100, digits=1)


def run(args: argparse.Namespace, period) -> int:
    from ...domain import renewal_workbench as wb
    from ._output import csv_bytes, deliver, table_text

    flt = wb.WorkbenchFilter(
        date_from=period.date_from,
        date_to=period.date_to,
        line=period.line,
        insurer=period.insurer,
        state=args.status,
        user=(args.user or "").strip() or None,
    )
    rows, _more = wb.workbench(flt, limit=10**9)
    header = [
        _("ends"),
        _("customer"),
        _("line"),
        _("insurer"),
        _("policy no"),
        _("premium"),
        _("change %"),
        _("state"),
        _("assigned to"),
    ]
    as_csv = period.fmt == "csv"
    money = plain if as_csv else (lambda a: format_money(a) if a is not None else "")
    change = plain if as_csv else signed_percent
    lines = [
        [
            format_date(r.end_date),
            r.customer_name,
            r.line_label,
            r.provider or "",
            r.number or "",
            money(r.premium),
            change(r.change),
            r.state_label,
            r.assigned_to or "",
        ]
        for r in rows
    ]
    if as_csv:
        deliver(csv_bytes(header, lines), period.out)
        return 0
    first, last = flt.period()
    text = table_text(header, lines, right={5, 6}) if lines else _("No renewals in this period.")
    text += "\n" + _(
        "{n} renewals ending {first} – {last}",
        n=len(rows),
        first=format_date(first),
        last=format_date(last),
    )
    deliver(text + "\n", period.out)
    return 0
