"""``crm-tui report commission``: commission by insurer, line and month of the policies'
start (expected, received, clawback, the sub-agent's share, outstanding), or one row a
policy (``--policies``). The owner's only: staff get the one-line refusal (exit 2)."""

from __future__ import annotations

import argparse
from decimal import Decimal

from ...i18n import N_, _, format_money, get_language

NAME = "commission"
HELP = N_("commission by insurer, line and month: expected, received, outstanding")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--policies", action="store_true", help=_("one row a policy instead of monthly totals")
    )


def _month(day) -> str:
    return (
        f"{day.month:02d}.{day.year}" if get_language() == "tr" else f"{day.year}-{day.month:02d}"
    )


def run(args: argparse.Namespace, period) -> int:
    from ...domain import commission as cm
    from ...domain.labels import label
    from ...domain.roles import require
    from ._output import cell_makers, deliver, sheet_bytes, table_text

    require("see_commission")
    rows = cm.report_rows(period.date_from, period.date_to, period.line, period.insurer)
    money, day = cell_makers(period.fmt)
    amounts = [_("expected"), _("received"), _("clawback"), _("sub-agent"), _("outstanding")]

    def figures(b) -> list[str]:
        sub = -b.subagent if b.subagent else b.subagent
        return [money(b.expected), money(b.received), money(b.clawback), money(sub),
                money(b.outstanding)]  # fmt: skip

    if args.policies:
        header = [_("start"), _("customer"), _("policy no"), _("insurer"), _("line"), *amounts]
        lines = [
            [
                day(r.start_date),
                r.customer_name,
                r.number or "",
                r.insurer or "",
                label("line", r.line),
                *figures(r.balance),
            ]
            for r in rows
        ]
    else:
        header = [_("month"), _("insurer"), _("line"), *amounts]
        lines = [
            [_month(month), insurer, label("line", line), *figures(b)]
            for insurer, line, month, b in cm.totals_by_month(rows)
        ]
    if period.fmt in ("csv", "xlsx"):
        deliver(sheet_bytes(period.fmt, header, lines), period.out)
        return 0
    first = len(header) - len(amounts)
    text = (
        table_text(header, lines, right=set(range(first, len(header))))
        if lines
        else _("No commission in this period.")
    )
    zero = Decimal("0.00")
    text += "\n" + _(
        "{n} policies · expected {expected} · received {received} · outstanding {outstanding}",
        n=len(rows),
        expected=format_money(sum((r.balance.expected or zero for r in rows), zero)),
        received=format_money(sum((r.balance.received for r in rows), zero)),
        outstanding=format_money(sum((r.balance.outstanding for r in rows), zero)),
    )
    deliver(text + "\n", period.out)
    return 0
