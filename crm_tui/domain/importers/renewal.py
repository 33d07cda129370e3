"""Renewal lists: a row whose policy number is new but which renews a stored policy.

The link comes from a "previous policy no" column (``renews_number``) when the list has
one; otherwise the same customer, product line and insurer with a policy ending within
``NEAR_DAYS`` of the new start is taken as the one renewed. The new policy gets
``renewed_from``, the old one becomes ``renewed`` when the import is written, and the
premium change is shown in the dry run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ...db.models import Policy
from ...i18n import _, format_money, format_percent
from .rows import _norm_words

NEAR_DAYS = 45  # an insurer's list may start the new policy a few weeks early or late


@dataclass(frozen=True)
class OldPolicy:
    id: int
    number: str | None
    customer: int
    line: str
    provider: str
    end_date: date | None
    premium: Decimal | None
    status: str


class RenewalIndex:
    """The stored policies a list may renew, by number and by (customer, line, insurer)."""

    def __init__(self) -> None:
        self.by_number: dict[str, OldPolicy] = {}
        self.by_owner: dict[tuple[int, str, str], list[OldPolicy]] = {}
        for pid, number, cid, line, prov, end, premium, status in Policy.select(
            Policy.id,
            Policy.number,
            Policy.customer,
            Policy.line,
            Policy.provider,
            Policy.end_date,
            Policy.premium,
            Policy.status,
        ).tuples():
            old = OldPolicy(pid, number, cid, line, _norm_words(prov or ""), end, premium, status)
            if number:
                self.by_number.setdefault(number, old)
            self.by_owner.setdefault((cid, line, old.provider), []).append(old)
        self.taken: set[int] = set()  # renewed by an earlier row of the file

    def find(self, values: dict, renews_number: str | None) -> OldPolicy | None:
        if renews_number:
            old = self.by_number.get(renews_number)
            return old if old is not None and old.id not in self.taken else None
        start = values.get("start_date")
        if start is None:
            return None
        key = (values["customer"], values["line"], _norm_words(values.get("provider") or ""))
        best = None
        for old in self.by_owner.get(key, ()):
            if old.status != "active" or old.end_date is None or old.id in self.taken:
                continue
            if old.number and old.number == values.get("number"):
                continue
            gap = abs((start - old.end_date).days)
            if gap <= NEAR_DAYS and (best is None or gap < abs((start - best.end_date).days)):
                best = old
        return best


def premium_change(old: Decimal | None, new: Decimal | None) -> Decimal | None:
    """The change in per cent, one decimal (None when either premium is unknown or 0)."""
    if old is None or new is None or old == 0:
        return None
    return ((new - old) * 100 / old).quantize(Decimal("0.1"))


def renewal_line(number: str | None, old: OldPolicy, new_premium: Decimal | None) -> str:
    change = premium_change(old.premium, new_premium)
    if change is None:
        return _(
            "policy {number} renews {old}: new policy, {old} becomes renewed",
            number=number or "-",
            old=old.number or f"#{old.id}",
        )
    sign = "+" if change > 0 else ""
    return _(
        "policy {number} renews {old}: premium {before} → {after} ({change})",
        number=number or "-",
        old=old.number or f"#{old.id}",
        before=format_money(old.premium),
        after=format_money(new_premium),
        change=sign + format_percent(change / 100, 1),
    )
