"""Loyalty: the settings the user edits (points rate, tiers, lifetime value, no contact)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...db.models import db
from ...i18n import _
from ..errors import ValidationError
from ..settings import get_setting
from .overview import no_contact_days

# -- settings ----------------------------------------------------------------------------------

TIERS = ("silver", "gold", "platinum")


@dataclass
class LoyaltySettings:
    """The business settings behind points, tiers, lifetime value and the at-risk list."""

    points_per_100: Decimal  # points earned per 100 currency units
    tiers: dict[str, Decimal]  # rolling 12-month spend from which each tier starts
    ltv_expected_years: Decimal
    ltv_discount_rate: Decimal  # a fraction: 0.10 is 10 %
    no_contact_days: int


def loyalty_settings() -> LoyaltySettings:
    thresholds = get_setting("tier_thresholds") or {}
    return LoyaltySettings(
        points_per_100=Decimal(str(get_setting("points_per_100") or 0)),
        tiers={t: Decimal(str(thresholds[t])) for t in TIERS if t in thresholds},
        ltv_expected_years=Decimal(str(get_setting("ltv_expected_years") or 0)),
        ltv_discount_rate=Decimal(str(get_setting("ltv_discount_rate") or 0)),
        no_contact_days=no_contact_days(),
    )


def _number(raw: object) -> Decimal | None:
    """``2,5`` / ``2.5`` / ``%10`` / ``10 %`` → Decimal; None when it is not a number."""
    text = str(raw if raw is not None else "").strip().replace("%", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except (ArithmeticError, ValueError):
        return None
    return value if value.is_finite() else None


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def save_loyalty_settings(values: dict[str, object]) -> LoyaltySettings:
    """Check and store every loyalty setting at once (nothing is saved when one is wrong).

    ``values``: points_per_100, silver, gold, platinum (amounts), ltv_expected_years,
    ltv_discount_rate (in per cent: 10 means 10 %), no_contact_days.
    """
    from ..parsing import parse_money
    from ..settings import set_setting

    errors: dict[str, str] = {}
    rate = _number(values.get("points_per_100"))
    if rate is None or not Decimal(0) <= rate <= Decimal(1000):
        errors["points_per_100"] = _("Expected points per 100 from 0 to 1000, like 1 or 2.5.")
    tiers: dict[str, Decimal] = {}
    for tier in TIERS:
        try:
            amount = parse_money(str(values.get(tier) or "").strip())
        except ValidationError:
            amount = None
        if amount is None or amount <= 0:
            errors[tier] = _("Expected an amount above zero, like 20,000.")
        else:
            tiers[tier] = amount
    if len(tiers) == len(TIERS):
        if not tiers["silver"] < tiers["gold"]:
            errors["gold"] = _("Gold must start above Silver.")
        if not tiers["gold"] < tiers["platinum"]:
            errors["platinum"] = _("Platinum must start above Gold.")
    years = _number(values.get("ltv_expected_years"))
    if years is None or not Decimal("0.5") <= years <= Decimal(50):
        errors["ltv_expected_years"] = _("Expected years from 0.5 to 50, like 3.")
    discount = _number(values.get("ltv_discount_rate"))
    if discount is None or not Decimal(0) <= discount < Decimal(100):
        errors["ltv_discount_rate"] = _("Expected a percentage from 0 to 99, like 10.")
    days = _number(values.get("no_contact_days"))
    if days is None or days != days.to_integral_value() or not 7 <= days <= 3650:
        errors["no_contact_days"] = _("Expected a whole number of days from 7 to 3650, like 180.")
    if errors:
        raise ValidationError(errors)
    assert rate is not None and years is not None and discount is not None and days is not None
    with db.atomic():
        set_setting("points_per_100", _json_number(rate))
        set_setting("tier_thresholds", {t: _json_number(v) for t, v in tiers.items()})
        set_setting("ltv_expected_years", _json_number(years))
        set_setting("ltv_discount_rate", _json_number(discount / 100))
        set_setting("stay_in_touch_default_days", int(days))
    return loyalty_settings()
