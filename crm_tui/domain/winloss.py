"""Win/loss analysis: renewed versus lost by reason, line, insurer and month; retention per
line; the premium kept and lost; the reasons that lose the most money first.

A policy counts in the period of its end date once its renewal was handled: ``renewed``
(kept, with the premium of the renewal) or ``lapsed`` (lost, with the premium it had and
its reason). Open renewals are the workbench's, not counted here. The figures come from
one grouped query (``db/winloss.py``); everything else is sums over its groups.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from ..clock import today as clock_today
from ..db import winloss as winloss_sql
from .labels import label

ZERO = Decimal("0.00")


def _money(minor: int | None) -> Decimal:
    return (Decimal(int(minor or 0)) / 100).quantize(Decimal("0.01"))


@dataclass
class WinLossGroup:
    outcome: str  # renewed | lost
    reason: str | None  # the lost reason (None for renewed)
    line: str
    insurer: str | None
    month: str  # YYYY-MM of the end date
    count: int
    premium: Decimal  # the ended policies' premium
    kept: Decimal  # renewed: the renewals' premium; lost: 0
    lost: Decimal  # lost: the premium that went; renewed: 0


@dataclass
class Tally:
    """Renewed and lost counts and money of one line (or reason, or month)."""

    key: str
    renewed: int = 0
    lost: int = 0
    kept: Decimal = ZERO
    lost_premium: Decimal = ZERO

    @property
    def retention(self) -> Decimal | None:
        """Renewed / (renewed + lost), in percent with one decimal; None without any."""
        total = self.renewed + self.lost
        if not total:
            return None
        return (Decimal(100 * self.renewed) / total).quantize(Decimal("0.1"))


@dataclass
class WinLoss:
    first: date
    last: date
    groups: list[WinLossGroup]
    total: Tally = field(default_factory=lambda: Tally("*"))
    by_line: list[Tally] = field(default_factory=list)  # by line, most policies first
    by_reason: list[Tally] = field(default_factory=list)  # most premium lost first
    by_insurer: list[Tally] = field(default_factory=list)  # most premium lost first
    by_month: list[Tally] = field(default_factory=list)  # in month order


def year_period(today: date | None = None) -> tuple[date, date]:
    """The twelve months up to today's month's end: the default period of the analysis."""
    today = today or clock_today()
    month_start = today.replace(day=1)
    return month_start - relativedelta(months=11), month_start + relativedelta(months=1, days=-1)


def _add(tally: Tally, g: WinLossGroup) -> None:
    if g.outcome == "renewed":
        tally.renewed += g.count
        tally.kept += g.kept
    else:
        tally.lost += g.count
        tally.lost_premium += g.lost


def analysis(
    first: date | None = None,
    last: date | None = None,
    line: str | None = None,
    insurer: str | None = None,
) -> WinLoss:
    """The win/loss of the policies ending in [first, last] (the last 12 months by default)."""
    d_first, d_last = year_period()
    first, last = first or d_first, last or d_last
    groups = []
    for status, reason, ln, prov, month, count, premium, renewal in winloss_sql.winloss_groups(
        first, last, line, insurer
    ):
        renewed = status == "renewed"
        # a renewal without a premium (or none found) keeps what the ended policy had
        kept = _money(renewal if renewal is not None else premium) if renewed else ZERO
        groups.append(
            WinLossGroup(
                outcome="renewed" if renewed else "lost",
                reason=None if renewed else (reason or "other"),
                line=ln,
                insurer=prov,
                month=str(month),
                count=int(count),
                premium=_money(premium),
                kept=kept,
                lost=ZERO if renewed else _money(premium),
            )
        )
    result = WinLoss(first, last, groups)
    lines: dict[str, Tally] = {}
    reasons: dict[str, Tally] = {}
    insurers: dict[str, Tally] = {}
    months: dict[str, Tally] = defaultdict(lambda: Tally(""))
    for g in groups:
        _add(result.total, g)
        _add(lines.setdefault(g.line, Tally(g.line)), g)
        _add(insurers.setdefault(g.insurer or "", Tally(g.insurer or "")), g)
        months[g.month].key = g.month
        _add(months[g.month], g)
        if g.reason:
            _add(reasons.setdefault(g.reason, Tally(g.reason)), g)
    result.by_line = sorted(lines.values(), key=lambda t: (-(t.renewed + t.lost), t.key))
    result.by_reason = sorted(reasons.values(), key=lambda t: (-t.lost_premium, -t.lost, t.key))
    result.by_insurer = sorted(
        insurers.values(), key=lambda t: (-t.lost_premium, -(t.renewed + t.lost), t.key)
    )
    result.by_month = [months[k] for k in sorted(months)]
    return result


def reason_label(code: str) -> str:
    return label("lost_reason", code)
