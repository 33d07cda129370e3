"""Purchases and loyalty points: recording a purchase earns points (setting
``points_per_100``: points per 100 currency units, rounded down); points can be redeemed
or adjusted, never below zero. Tiers follow the rolling 12-month spend (purchases and
policy premiums) against the setting ``tier_thresholds``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_FLOOR, Decimal

from dateutil.relativedelta import relativedelta
from peewee import fn

from ..clock import now as clock_now
from ..clock import today as clock_today
from ..db.models import Customer, PointsEntry, Policy, Purchase, db
from ..i18n import N_, _
from .errors import NotFound, ValidationError
from .parsing import parse_money
from .settings import get_setting

TIER_LABELS = {
    "standard": N_("Standard"),
    "silver": N_("Silver"),
    "gold": N_("Gold"),
    "platinum": N_("Platinum"),
}


def tier_label(code: str | None) -> str:
    if not code:
        return ""
    text = TIER_LABELS.get(code)
    return _(text) if text else code.capitalize()


def _customer(customer_id: int) -> Customer:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("Customer {id} not found.", id=customer_id))
    return customer


def points_rate() -> Decimal:
    return Decimal(str(get_setting("points_per_100") or 0))


def points_for(amount: Decimal, rate: Decimal | None = None) -> int:
    """Points earned by a purchase: amount / 100 × rate, rounded down (never negative)."""
    rate = points_rate() if rate is None else Decimal(str(rate))
    if amount <= 0 or rate <= 0:
        return 0
    return int((amount / 100 * rate).to_integral_value(rounding=ROUND_FLOOR))


def points_balance(customer_id: int) -> int:
    return int(
        PointsEntry.select(fn.COALESCE(fn.SUM(PointsEntry.points), 0))
        .where(PointsEntry.customer == customer_id)
        .scalar()
        or 0
    )


@dataclass
class PurchaseResult:
    purchase: Purchase
    points: int
    balance: int


def record_purchase(
    customer_id: int,
    amount: Decimal | str,
    on: date | None = None,
    description: str | None = None,
    category: str | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> PurchaseResult:
    """Record a purchase and the points it earns, in one transaction."""
    today = today or clock_today()
    errors: dict[str, str] = {}
    value = Decimal(0)
    try:
        value = parse_money(amount)
        if value <= 0:
            errors["amount"] = _("The amount must be more than zero.")
    except ValidationError as exc:
        errors["amount"] = str(exc)
    on = on or today
    if on > today:
        errors["date"] = _("The purchase date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        customer = _customer(customer_id)
        if customer.anonymized_at is not None:
            raise ValidationError(_("This customer's data was erased."))
        purchase = Purchase.create(
            customer=customer_id,
            date=on,
            amount=value,
            description=(description or "").strip() or None,
            category=(category or "").strip() or None,
        )
        points = points_for(value)
        if points:
            PointsEntry.create(
                customer=customer_id,
                at=now or clock_now(),
                kind="earn",
                points=points,
                purchase=purchase.id,
            )
        balance = points_balance(customer_id)
    return PurchaseResult(purchase, points, balance)


MAX_POINTS = 1_000_000_000  # one entry; SQLite integers overflow at 2**63


def _parse_points(raw: int | str, field: str = "points") -> int:
    message = _("Expected a whole number of points, like 250.")
    try:
        value = int(str(raw).strip().replace("+", "", 1) if isinstance(raw, str) else raw)
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: message}) from exc
    if abs(value) > MAX_POINTS:
        raise ValidationError({field: message})
    return value


def redeem_points(
    customer_id: int, points: int | str, note: str | None = None, now: datetime | None = None
) -> PointsEntry:
    """Spend points; refused (nothing written) when the balance is not enough."""
    value = _parse_points(points)
    if value <= 0:
        raise ValidationError({"points": _("Points to redeem must be more than zero.")})
    with db.atomic():
        _customer(customer_id)
        balance = points_balance(customer_id)
        if value > balance:
            raise ValidationError(
                {
                    "points": _(
                        "Only {balance} points available; cannot redeem {points}.",
                        balance=balance,
                        points=value,
                    )
                }
            )
        return PointsEntry.create(
            customer=customer_id,
            at=now or clock_now(),
            kind="redeem",
            points=-value,
            note=(note or "").strip() or None,
        )


def adjust_points(
    customer_id: int, points: int | str, note: str | None = None, now: datetime | None = None
) -> PointsEntry:
    """Correct the balance by a signed number of points (a reason is required)."""
    value = _parse_points(points)
    errors: dict[str, str] = {}
    if value == 0:
        errors["points"] = _("Enter the correction, like 50 or -50.")
    if not (note or "").strip():
        errors["note"] = _("Say why the points are adjusted.")
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        _customer(customer_id)
        balance = points_balance(customer_id)
        if balance + value < 0:
            raise ValidationError(
                {
                    "points": _(
                        "Only {balance} points available; the balance cannot go below zero.",
                        balance=balance,
                    )
                }
            )
        return PointsEntry.create(
            customer=customer_id,
            at=now or clock_now(),
            kind="adjust",
            points=value,
            note=note.strip(),
        )


def spend_12m(customer_id: int, today: date | None = None) -> Decimal:
    """Purchases and policy premiums in the 12 months up to ``today`` (rolling)."""
    today = today or clock_today()
    since = today - relativedelta(years=1)
    purchases = (
        Purchase.select(fn.COALESCE(fn.SUM(Purchase.amount), 0).coerce(False))
        .where(Purchase.customer == customer_id, Purchase.date > since, Purchase.date <= today)
        .scalar()
    )
    premiums = (
        Policy.select(fn.COALESCE(fn.SUM(Policy.premium), 0).coerce(False))
        .where(
            Policy.customer == customer_id,
            Policy.status != "cancelled",
            Policy.start_date > since,
            Policy.start_date <= today,
        )
        .scalar()
    )
    return (Decimal(int(purchases or 0)) + Decimal(int(premiums or 0))) / 100


def tier_for(spend: Decimal, thresholds: dict | None = None) -> str:
    """The highest tier whose threshold the spend reaches; ``standard`` below all of them."""
    thresholds = thresholds if thresholds is not None else get_setting("tier_thresholds") or {}
    best, best_limit = "standard", Decimal(-1)
    for name, limit in thresholds.items():
        limit = Decimal(str(limit))
        if spend >= limit and limit > best_limit:
            best, best_limit = name, limit
    return best


def customer_tier(customer_id: int, today: date | None = None) -> tuple[str, Decimal]:
    spend = spend_12m(customer_id, today)
    return tier_for(spend), spend


def points_history(customer_id: int, limit: int = 50) -> list[PointsEntry]:
    return list(
        PointsEntry.select()
        .where(PointsEntry.customer == customer_id)
        .order_by(PointsEntry.at.desc(), PointsEntry.id.desc())
        .limit(limit)
    )
