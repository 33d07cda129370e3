"""Commission rates per insurer and line, each valid from a day on (the newest that had
begun on a policy's start day applies)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ...clock import today as clock_today
from ...db.commission_sql import Span
from ...db.models import CommissionRate, Policy, db
from ...i18n import _
from ..errors import NotFound, ValidationError
from ..insurers import insurer_key
from ..labels import LABELS
from ..parsing import parse_date, parse_money
from ..roles import commissions, require, server_refusal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class RateRow:
    id: int
    insurer: str
    line: str
    rate: Decimal  # percent: 12.50
    valid_from: date


_key = insurer_key


class RateTable:
    """Every rate, read once, for many policies (the report, the Loyalty figure)."""

    def __init__(self) -> None:
        self._by: dict[tuple[str, str], tuple[list[date], list[Decimal]]] = {}
        rows = CommissionRate.select().order_by(CommissionRate.valid_from)
        for r in rows:
            days, rates = self._by.setdefault((_key(r.insurer), r.line), ([], []))
            days.append(r.valid_from)
            rates.append(r.rate)

    def rate(self, insurer: str | None, line: str, on: date) -> Decimal | None:
        found = self._by.get((_key(insurer), line))
        if not found:
            return None
        i = bisect_right(found[0], on)
        return found[1][i - 1] if i else None

    def spans(self, providers: list[str]) -> list[Span]:
        """The rates as SQL spans for ``commission_sql``: for each insurer as the policies
        spell it (``providers``), each of its rates with the day the next one begins."""
        out: list[Span] = []
        for provider in providers:
            key = _key(provider)
            for (k, line), (days, rates) in self._by.items():
                if k != key:
                    continue
                for i, (day, rate) in enumerate(zip(days, rates, strict=True)):
                    until = days[i + 1] if i + 1 < len(days) else None
                    out.append((provider, line, day, until, int(rate * 100)))
        return out

    def expected(
        self, insurer: str | None, line: str, on: date, premium: Decimal | None
    ) -> Decimal | None:
        rate = self.rate(insurer, line, on)
        if rate is None or premium is None:
            return None
        return (premium * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def rate_for(insurer: str | None, line: str, on: date) -> Decimal | None:
    require("see_commission")
    with server_refusal("see_commission"):
        return RateTable().rate(insurer, line, on)


def list_rates() -> list[RateRow]:
    require("see_commission")
    with server_refusal("see_commission"):
        rows = CommissionRate.select().order_by(
            CommissionRate.insurer, CommissionRate.line, CommissionRate.valid_from.desc()
        )
        return [RateRow(r.id, r.insurer, r.line, r.rate, r.valid_from) for r in rows]


def save_rate(insurer: str, line: str, rate: str, valid_from: str | date | None = None) -> RateRow:
    """Add a rate, or change the one of the same insurer, line and first day."""
    require("see_commission")
    errors: dict[str, str] = {}
    name = " ".join((insurer or "").split())
    if not name:
        errors["insurer"] = _("Name the insurer.")
    if line not in LABELS["line"]:
        errors["line"] = _("Choose a product line.")
    value = Decimal(0)
    try:
        value = parse_money(rate)
        if not Decimal(0) <= value <= Decimal(100):
            errors["rate"] = _("A rate is between 0 and 100 %.")
    except ValidationError as exc:
        errors["rate"] = str(exc)
    day = date(2000, 1, 1)
    if isinstance(valid_from, date):
        day = valid_from
    elif valid_from and valid_from.strip():
        try:
            day = parse_date(valid_from, clock_today())
        except ValidationError as exc:
            errors["valid_from"] = str(exc)
    if errors:
        raise ValidationError(errors)
    with server_refusal("see_commission"), db.atomic():
        # "AXA SİGORTA" is "Axa Sigorta": the insurer's rates of that line, matched in Python
        row = next(
            (
                r
                for r in CommissionRate.select().where(
                    CommissionRate.line == line, CommissionRate.valid_from == day
                )
                if _key(r.insurer) == _key(name)
            ),
            None,
        )
        if row is None:
            row = CommissionRate.create(insurer=name, line=line, rate=value, valid_from=day)
        else:
            CommissionRate.update(rate=value).where(CommissionRate.id == row.id).execute()
            name = row.insurer
    return RateRow(row.id, name, line, value, day)


def delete_rate(rate_id: int) -> None:
    require("see_commission")
    with server_refusal("see_commission"):
        if not CommissionRate.delete().where(CommissionRate.id == rate_id).execute():
            raise NotFound(_("Rate {id} not found.", id=rate_id))


def expected_of(policy: Policy, table: RateTable | None = None) -> Decimal | None:
    """The entered commission, else the rate on its start day × the premium."""
    entered = commissions([policy.id]).get(policy.id)
    if entered is not None:
        return entered
    return (table or RateTable()).expected(
        policy.provider, policy.line, policy.start_date, policy.premium
    )
