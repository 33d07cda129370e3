"""Satisfaction answers: NPS (0-10, "how likely to recommend us") and CSAT (1-5)."""

from __future__ import annotations

from datetime import datetime

from ..clock import now as clock_now
from ..db.models import Complaint, Customer, Survey, db
from ..i18n import _
from .errors import NotFound, ValidationError

RANGES = {"nps": (0, 10), "csat": (1, 5)}


def record_survey(
    customer_id: int,
    kind: str,
    score: int | str,
    comment: str | None = None,
    complaint_id: int | None = None,
    now: datetime | None = None,
) -> Survey:
    errors: dict[str, str] = {}
    value: int | None = None
    if kind not in RANGES:
        errors["kind"] = _("Choose NPS (0-10) or CSAT (1-5).")
    else:
        low, high = RANGES[kind]
        try:
            value = int(str(score).strip())
        except (TypeError, ValueError):
            value = None
        if value is None or not low <= value <= high:
            errors["score"] = _("Expected a whole number from {low} to {high}.", low=low, high=high)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFound(_("Customer {id} not found.", id=customer_id))
        if (
            complaint_id is not None
            and not Complaint.select()
            .where(Complaint.id == complaint_id, Complaint.customer == customer_id)
            .exists()
        ):
            raise ValidationError({"complaint": _("That complaint is not this customer's.")})
        return Survey.create(
            customer=customer_id,
            at=now or clock_now(),
            kind=kind,
            score=value,
            comment=(comment or "").strip() or None,
            complaint=complaint_id,
        )
