"""One customer's purchases and premiums by year (the card's chart, ``y``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...db import analytics
from .overview import money


@dataclass
class YearFigure:
    year: int
    purchases: Decimal
    premiums: Decimal


def customer_years(customer_id: int) -> list[YearFigure]:
    """Every year from the first purchase or policy start to the last, oldest first (a
    year without either shows as zero, so the bars keep their places)."""
    purchases = {int(y): a for y, a in analytics.purchases_by_year(customer_id) if y}
    premiums = {int(y): a for y, a in analytics.premiums_by_year(customer_id) if y}
    years = set(purchases) | set(premiums)
    if not years:
        return []
    return [
        YearFigure(y, money(purchases.get(y, 0)), money(premiums.get(y, 0)))
        for y in range(min(years), max(years) + 1)
    ]
