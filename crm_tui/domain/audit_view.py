"""The audit screen's reading of the log (who did what): the newest lines for a user, a
customer and a first day, with the customers' names, and a line's detail as text.

At most ``LIMIT`` lines are read (newest first, through step 5's indexes on the log), so a
log of 100,000 rows opens at once; the screen says when there are more and how to narrow.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from ..db.models import Customer
from .who import action_text, audit_rows

LIMIT = 500


@dataclass
class AuditLine:
    id: int
    at: datetime
    user: str | None
    action: str  # the stored code
    action_text: str  # translated
    customer_id: int | None
    customer_name: str | None  # None: no customer, or one erased or deleted since
    detail: str


@dataclass
class AuditPage:
    lines: list[AuditLine]
    more: bool  # more lines than shown: narrow by user, customer or day


def detail_text(text: str | None) -> str:
    """A JSON detail as ``key=value`` pairs, any other text as it is."""
    if not text:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if not isinstance(data, dict):
        return text
    return " ".join(f"{k}={v}" for k, v in data.items() if v is not None)


def audit_page(
    user: str | None = None,
    customer_id: int | None = None,
    since: date | None = None,
    limit: int = LIMIT,
) -> AuditPage:
    """The newest ``limit`` lines of the log for the filters given (None: any)."""
    rows = audit_rows(user, customer_id, since, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    ids = {r.customer_id for r in rows if r.customer_id is not None}
    names: dict[int, str] = {}
    if ids:
        names = {
            c.id: c.name
            for c in Customer.select(Customer.id, Customer.name).where(Customer.id.in_(sorted(ids)))
        }
    lines = [
        AuditLine(
            id=r.id,
            at=r.at,
            user=r.user,
            action=r.action,
            action_text=action_text(r.action),
            customer_id=r.customer_id,
            customer_name=names.get(r.customer_id) if r.customer_id is not None else None,
            detail=detail_text(r.detail),
        )
        for r in rows
    ]
    return AuditPage(lines, more)


def customer_name(customer_id: int) -> str | None:
    """The name shown for the customer filter (None: no such customer)."""
    c = Customer.get_or_none(Customer.id == customer_id)
    return c.name if c is not None else None
