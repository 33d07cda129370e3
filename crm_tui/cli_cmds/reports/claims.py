"""``crm-tui report claims``: claims by date of loss, with status, insurer, file number,
expected and paid amounts, and the totals."""

from __future__ import annotations

import argparse
from decimal import Decimal

from ...i18n import N_, _, format_money

NAME = "claims"
HELP = N_("claims by date of loss: status, insurer, expected and paid amounts")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--open", dest="open_only", action="store_true", help=_("only claims not closed")
    )


def run(args: argparse.Namespace, period) -> int:
    from ...domain import claims
    from ...domain.labels import label
    from ._output import cell_makers, deliver, sheet_bytes, table_text

    rows = claims.report_rows(period.date_from, period.date_to, period.line, period.insurer)
    if args.open_only:
        rows = [r for r in rows if r.status != "closed"]
    header = [
        _("date of loss"),
        _("customer"),
        _("line"),
        _("insurer"),
        _("file no"),
        _("type"),
        _("status"),
        _("expected"),
        _("paid"),
    ]
    money, day = cell_makers(period.fmt)
    lines = [
        [
            day(r.loss_date),
            r.customer_name,
            label("line", r.line) if r.line else "",
            r.provider or "",
            r.insurer_file_no or "",
            r.kind_label,
            r.status_label,
            money(r.expected_amount),
            money(r.paid_amount),
        ]
        for r in rows
    ]
    if period.fmt in ("csv", "xlsx"):
        deliver(sheet_bytes(period.fmt, header, lines), period.out)
        return 0
    expected = sum((r.expected_amount or Decimal(0) for r in rows), Decimal(0))
    paid = sum((r.paid_amount or Decimal(0) for r in rows), Decimal(0))
    text = table_text(header, lines, right={7, 8}) if lines else _("No claims in this period.")
    text += "\n" + _(
        "{n} claims · expected {expected} · paid {paid}",
        n=len(rows),
        expected=format_money(expected),
        paid=format_money(paid),
    )
    deliver(text + "\n", period.out)
    return 0
