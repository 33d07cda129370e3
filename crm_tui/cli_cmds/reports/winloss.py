"""``crm-tui report winloss``: renewed versus lost by reason, line, insurer and month of the
end date; retention per line; the premium kept and lost, the reasons losing most first."""

from __future__ import annotations

import argparse

from ...i18n import N_, _, format_date, format_money, format_percent

NAME = "winloss"
HELP = N_("renewed versus lost: retention per line, premium kept and lost by reason")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options of its own: the period (the last 12 months by default), line and insurer."""


def _percent(value) -> str:
    return "" if value is None else format_percent(value / 100, digits=1)


def run(args: argparse.Namespace, period) -> int:
    from ...domain import winloss
    from ...domain.labels import label
    from ._output import csv_bytes, deliver, table_text
    from .renewals import plain

    result = winloss.analysis(period.date_from, period.date_to, period.line, period.insurer)
    as_csv = period.fmt == "csv"
    money = plain if as_csv else format_money
    groups = sorted(
        result.groups, key=lambda g: (-g.lost, g.outcome, g.reason or "", g.line, g.month)
    )
    header = [
        _("outcome"),
        _("reason"),
        _("line"),
        _("insurer"),
        _("month"),
        _("policies"),
        _("premium kept"),
        _("premium lost"),
    ]
    lines = [
        [
            _("renewed") if g.outcome == "renewed" else _("lost"),
            winloss.reason_label(g.reason) if g.reason else "",
            label("line", g.line),
            g.insurer or "",
            g.month,
            str(g.count),
            money(g.kept),
            money(g.lost),
        ]
        for g in groups
    ]
    if as_csv:
        deliver(csv_bytes(header, lines), period.out)
        return 0
    t = result.total
    parts = [
        _(
            "Win/loss of {first} – {last}: {renewed} renewed, {lost} lost, retention {rate}",
            first=format_date(result.first),
            last=format_date(result.last),
            renewed=t.renewed,
            lost=t.lost,
            rate=_percent(t.retention) or "–",
        ),
        _(
            "premium kept {kept} · premium lost {lost}",
            kept=money(t.kept),
            lost=money(t.lost_premium),
        ),
        "",
        table_text(
            [
                _("line"),
                _("renewed"),
                _("lost"),
                _("retention"),
                _("premium kept"),
                _("premium lost"),
            ],
            [
                [
                    label("line", x.key),
                    str(x.renewed),
                    str(x.lost),
                    _percent(x.retention),
                    money(x.kept),
                    money(x.lost_premium),
                ]
                for x in result.by_line
            ],
            right={1, 2, 3, 4, 5},
        )
        if result.by_line
        else _("No renewed or lost policies in this period."),
    ]
    if result.by_reason:
        parts += [
            "",
            table_text(
                [_("reason"), _("lost"), _("premium lost")],
                [
                    [winloss.reason_label(x.key), str(x.lost), money(x.lost_premium)]
                    for x in result.by_reason
                ],
                right={1, 2},
            ),
        ]
    if lines:
        parts += ["", table_text(header, lines, right={5, 6, 7})]
    deliver("\n".join(parts) + "\n", period.out)
    return 0
