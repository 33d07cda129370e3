"""Reading commission: a policy's lines and balance, the report's rows, totals by insurer ×
line × month, and the book's outstanding figure (Loyalty screen)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ...db import commission_sql
from ...db.models import CommissionEntry, Policy
from ...i18n import _
from .. import insurers
from ..errors import NotFound
from ..roles import commissions, require, server_refusal
from .rates import RateTable, expected_of

ZERO = Decimal("0.00")


@dataclass
class Balance:
    expected: Decimal | None = None
    received: Decimal = ZERO
    clawback: Decimal = ZERO  # negative
    subagent: Decimal = ZERO  # positive, shown as a deduction

    @property
    def outstanding(self) -> Decimal:
        """Still to come from the insurer (negative: to pay back after a clawback)."""
        return (self.expected or ZERO) + self.clawback - self.received

    @property
    def net(self) -> Decimal:
        """What the agency keeps: expected less clawback less the sub-agent's share."""
        return (self.expected or ZERO) + self.clawback - self.subagent


@dataclass
class PolicyCommissionView:
    policy_id: int
    customer_id: int
    insurer: str | None
    line: str
    start_date: date
    end_date: date | None
    premium: Decimal | None
    rate: Decimal | None  # the rate used when no commission was entered
    entered: bool  # the policy's own commission amount
    balance: Balance
    entries: list[CommissionEntry] = field(default_factory=list)


def policy_view(policy_id: int) -> PolicyCommissionView:
    require("see_commission")
    with server_refusal("see_commission"):
        policy = Policy.get_or_none(Policy.id == policy_id)
        if policy is None:
            raise NotFound(_("Policy {id} not found.", id=policy_id))
        table = RateTable()
        entered = commissions([policy_id]).get(policy_id)
        entries = list(
            CommissionEntry.select()
            .where(CommissionEntry.policy == policy_id)
            .order_by(CommissionEntry.date, CommissionEntry.id)
        )
    balance = Balance(expected=expected_of(policy, table))
    for e in entries:
        _add(balance, e.kind, e.amount)
    return PolicyCommissionView(
        policy_id=policy.id,
        customer_id=policy.customer_id,
        insurer=policy.provider,
        line=policy.line,
        start_date=policy.start_date,
        end_date=policy.end_date,
        premium=policy.premium,
        rate=None
        if entered is not None
        else table.rate(policy.provider, policy.line, policy.start_date),
        entered=entered is not None,
        balance=balance,
        entries=entries,
    )


def _add(balance: Balance, kind: str, amount: Decimal) -> None:
    if kind == "received":
        balance.received += amount
    elif kind == "clawback":
        balance.clawback += amount
    elif kind == "subagent":
        balance.subagent += amount


@dataclass
class ReportRow:
    policy_id: int
    customer_name: str
    number: str | None
    insurer: str | None
    line: str
    start_date: date
    balance: Balance


def _cents(value: int | None) -> Decimal:
    return (Decimal(int(value or 0)) / 100).quantize(Decimal("0.01"))


def report_rows(
    date_from: date | None = None,
    date_to: date | None = None,
    line: str | None = None,
    insurer: str | None = None,
    names: bool = True,
) -> list[ReportRow]:
    """One row a policy (by start day) that earns or earned a commission: one grouped
    statement (``db.commission_sql``), the rates matched to the insurers here."""
    require("see_commission")
    from .writing import settle_clawbacks

    settle_clawbacks()
    with server_refusal("see_commission"):
        providers = insurers.providers()
        wanted = insurers.spellings(insurer, providers) if insurer else None
        spans = RateTable().spans(wanted if wanted is not None else providers)
        found = commission_sql.balance_rows(spans, date_from, date_to, line, wanted, names)
    return [
        ReportRow(
            pid,
            name or "",
            number,
            provider,
            line_,
            start,
            Balance(
                expected=None if expected is None else _cents(expected),
                received=_cents(received),
                clawback=_cents(clawback),
                subagent=_cents(subagent),
            ),
        )
        for pid, number, provider, line_, start, name, expected, received, clawback, subagent in found
    ]


def totals_by_month(rows: list[ReportRow]) -> list[tuple[str, str, date, Balance]]:
    """(insurer, line, first of the month, summed balance), by month, insurer and line."""
    groups: dict[tuple[date, str, str], Balance] = {}
    for r in rows:
        key = (r.start_date.replace(day=1), r.insurer or "", r.line)
        total = groups.setdefault(key, Balance(expected=ZERO))
        total.expected = (total.expected or ZERO) + (r.balance.expected or ZERO)
        total.received += r.balance.received
        total.clawback += r.balance.clawback
        total.subagent += r.balance.subagent
    return [(ins, line, month, b) for (month, ins, line), b in sorted(groups.items())]


def outstanding_total() -> Decimal:
    """Commission the insurers still owe the agency (policies with a balance due): one
    grouped statement, not a walk over every policy."""
    require("see_commission")
    from .writing import settle_clawbacks

    settle_clawbacks()
    with server_refusal("see_commission"):
        spans = RateTable().spans(insurers.providers())
        return _cents(commission_sql.outstanding_cents(spans))


def outstanding_for_owner() -> Decimal | None:
    """The Loyalty screen's figure: None for staff (the figure is not shown at all)."""
    from ..roles import can

    return outstanding_total() if can("see_commission") else None
