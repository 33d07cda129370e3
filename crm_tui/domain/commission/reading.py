"""Reading commission: a policy's lines and balance, the report's rows, totals by insurer ×
line × month, and the book's outstanding figure (Loyalty screen)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from peewee import fn

from ...db.models import CommissionEntry, Customer, Policy, PolicyCommission
from ...i18n import _
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


def _sums(policy_ids: Iterable[int] | None) -> dict[int, Balance]:
    out: dict[int, Balance] = defaultdict(Balance)
    query = CommissionEntry.select(
        CommissionEntry.policy_id, CommissionEntry.kind, fn.SUM(CommissionEntry.amount)
    ).group_by(CommissionEntry.policy_id, CommissionEntry.kind)
    ids = None if policy_ids is None else set(policy_ids)
    for pid, kind, total in query.tuples().iterator():
        if ids is None or pid in ids:
            _add(out[pid], kind, (Decimal(int(total)) / 100).quantize(Decimal("0.01")))
    return out


def report_rows(
    date_from: date | None = None,
    date_to: date | None = None,
    line: str | None = None,
    insurer: str | None = None,
    names: bool = True,
) -> list[ReportRow]:
    """One row a policy (by start day) that earns or earned a commission. Read as tuples
    (no model objects): the Loyalty figure walks every policy of the book."""
    require("see_commission")
    from .writing import settle_clawbacks

    settle_clawbacks()
    with server_refusal("see_commission"):
        columns = [
            Policy.id,
            Policy.number,
            Policy.provider,
            Policy.line,
            Policy.start_date,
            Policy.premium,
        ]
        if names:
            query = Policy.select(*columns, Customer.name).join(Customer)
        else:
            query = Policy.select(*columns)
        query = query.order_by(Policy.start_date, Policy.id)
        if date_from:
            query = query.where(Policy.start_date >= date_from)
        if date_to:
            query = query.where(Policy.start_date <= date_to)
        if line:
            query = query.where(Policy.line == line)
        if insurer:
            query = query.where(fn.LOWER(Policy.provider) == insurer.lower())
        table = RateTable()
        entered = dict(
            PolicyCommission.select(PolicyCommission.id, PolicyCommission.commission)
            .where(PolicyCommission.commission.is_null(False))
            .tuples()
            .iterator()
        )
        policies = list(query.tuples().iterator())
        whole_book = not (date_from or date_to or line or insurer)
        sums = _sums(None if whole_book else (p[0] for p in policies))
    rows = []
    for pid, number, provider, line_, start, premium, *name in policies:
        balance = sums.get(pid) or Balance()
        balance.expected = entered.get(pid)
        if balance.expected is None:
            balance.expected = table.expected(provider, line_, start, premium)
        if balance.expected is None and not (balance.received or balance.clawback):
            continue  # no commission to speak of
        rows.append(
            ReportRow(pid, name[0] if name else "", number, provider, line_, start, balance)
        )
    return rows


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
    """Commission the insurers still owe the agency (policies with a balance due)."""
    return sum((r.balance.outstanding for r in report_rows() if r.balance.outstanding > 0), ZERO)


def outstanding_for_owner() -> Decimal | None:
    """The Loyalty screen's figure: None for staff (the figure is not shown at all)."""
    from ..roles import can

    return outstanding_total() if can("see_commission") else None
