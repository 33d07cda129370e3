"""Loyalty: lifetime value (the one formula) and satisfaction (NPS, CSAT)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ...db import analytics
from ...db import loyalty_rules as rules
from ...i18n import N_

# -- what the per-customer figures count (one definition: the card and the Loyalty screen
# show these same words next to the same numbers) ------------------------------------------

REVENUE_MEANING = N_("purchases and policy premiums, cancelled policies not counted")
LTV_MEANING = N_(
    "expected future value: purchases to come, and the commission of the policies in force"
)

# -- lifetime value ---------------------------------------------------------------------------------

CENT = Decimal("0.01")


def shop_ltv(
    total: Decimal, purchases: int, first: date, today: date, years: Decimal | float | int
) -> Decimal:
    """average purchase × purchases per year × expected years (``rules.SHOP_LTV``)."""
    if purchases <= 0:
        return Decimal(0)
    env = {
        "shop_revenue": Decimal(total),
        "n_purchases": purchases,
        "days_since_first_purchase": (today - first).days,
        "ltv_expected_years": Decimal(str(years)),
    }
    value = rules.SHOP_LTV.value(env)
    assert value is not None  # every term is known
    return value.quantize(CENT, ROUND_HALF_UP)


def policy_ltv(
    yearly_commission: Decimal, renewal_rate: Decimal | float | None, discount: Decimal | float
) -> Decimal:
    """yearly commission × r / (1 + i − r); one year's commission when r is unknown
    (``rules.POLICY_LTV`` for a customer without renewals of their own, at rate r)."""
    env = {
        "commission_in_force": Decimal(yearly_commission),
        "renewed": 0,
        "lapsed": 0,
        "book_renewal_rate": renewal_rate,
        "ltv_discount_rate": Decimal(str(discount)),
    }
    value = rules.POLICY_LTV.value(env)
    assert value is not None  # every term is known
    return value.quantize(CENT, ROUND_HALF_UP)


@dataclass
class Ltv:
    value: Decimal | None
    kind: str  # "" | shop | policy | both
    formula: str  # the formula with the customer's numbers, translated
    note: str = ""  # why there is no value (policies in force without a commission), translated

    def __str__(self) -> str:
        return self.formula


# -- satisfaction -------------------------------------------------------------------------------------


def nps_score(counts: dict[int, int]) -> float | None:
    """NPS in points (−100…100) from {score: answers}; None without answers."""
    total = sum(counts.values())
    if not total:
        return None
    promoters = sum(k for s, k in counts.items() if s >= 9)
    detractors = sum(k for s, k in counts.items() if s <= 6)
    return 100.0 * (promoters - detractors) / total


def csat_score(counts: dict[int, int]) -> float | None:
    """Share (0…1) of answers 4 or 5; None without answers."""
    total = sum(counts.values())
    if not total:
        return None
    return sum(k for s, k in counts.items() if s >= 4) / total


def satisfaction(since: date, customer_id: int | None = None) -> dict:
    nps: dict[int, int] = {}
    csat: dict[int, int] = {}
    for kind, score, k in analytics.answers_since(since, customer_id):
        target = nps if kind == "nps" else csat
        target[score] = target.get(score, 0) + k
    return {
        "nps": nps_score(nps),
        "nps_answers": sum(nps.values()),
        "csat": csat_score(csat),
        "csat_answers": sum(csat.values()),
    }
