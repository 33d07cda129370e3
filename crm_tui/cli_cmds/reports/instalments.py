"""``crm-tui report instalments``: instalments (taksit) by due date: customer, what the plan
is on, n of N, amount, paid, left, paid on and how, and the totals; ``--overdue`` keeps the
unpaid ones whose due date has passed (the list to call)."""

from __future__ import annotations

import argparse
from decimal import Decimal

from ...i18n import N_, _, format_money

NAME = "instalments"
HELP = N_("instalments by due date: amount, paid, left; --overdue for the ones to collect")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--overdue", action="store_true", help=_("only unpaid instalments past their due date")
    )


def run(args: argparse.Namespace, period) -> int:
    from ...domain import instalments
    from ._output import cell_makers, deliver, sheet_bytes, table_text

    rows = instalments.report_rows(
        period.date_from, period.date_to, period.line, period.insurer, overdue=args.overdue
    )
    header = [
        _("due date"),
        _("customer"),
        _("on"),
        _("no."),
        _("amount"),
        _("paid"),
        _("left"),
        _("paid on"),
        _("method"),
    ]
    money, day = cell_makers(period.fmt)
    lines = [
        [
            day(r.due_date),
            r.customer_name,
            r.what,
            f"{r.n}/{r.count}",
            money(r.amount),
            money(r.paid_amount),
            money(Decimal(0) if r.is_paid else r.left),
            day(r.paid_on) if r.paid_on else "",
            r.method_label,
        ]
        for r in rows
    ]
    if period.fmt in ("csv", "xlsx"):
        deliver(sheet_bytes(period.fmt, header, lines), period.out)
        return 0
    total = sum((r.amount for r in rows), Decimal(0))
    paid = sum((r.paid_amount or Decimal(0) for r in rows), Decimal(0))
    left = sum((r.left for r in rows if not r.is_paid), Decimal(0))
    text = (
        table_text(header, lines, right={4, 5, 6}) if lines else _("No instalments in this period.")
    )
    text += "\n" + _(
        "{n} instalments · {total} · paid {paid} · left {left}",
        n=len(rows),
        total=format_money(total),
        paid=format_money(paid),
        left=format_money(left),
    )
    deliver(text + "\n", period.out)
    return 0
