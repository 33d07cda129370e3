"""Claims: reading one, a customer's, the list (open, by status, insurer), Today's due ones
and the report rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from peewee import JOIN

from ...clock import today as clock_today
from ...db.models import Claim, ClaimEvent, Customer, Policy
from ..errors import NotFound
from ..insurers import spellings
from ..labels import label
from .rules import LIST_LIMIT, OPEN_STATUSES, TRANSITIONS


@dataclass
class ClaimRow:
    id: int
    customer_id: int
    customer_name: str
    policy_id: int | None
    line: str | None
    provider: str | None
    policy_number: str | None
    loss_date: date
    kind: str
    place: str | None
    insurer_file_no: str | None
    status: str
    expected_amount: Decimal | None
    paid_amount: Decimal | None
    follow_up_on: date | None
    version: int

    @property
    def status_label(self) -> str:
        return label("claim_status", self.status)

    @property
    def kind_label(self) -> str:
        return label("claim_kind", self.kind)


def _select():
    return (
        Claim.select(
            Claim,
            Customer.name.alias("customer_name"),
            Policy.line.alias("line"),
            Policy.provider.alias("provider"),
            Policy.number.alias("policy_number"),
        )
        .join(Customer, on=(Claim.customer == Customer.id))
        .switch(Claim)
        .join(Policy, on=(Claim.policy == Policy.id), join_type=JOIN.LEFT_OUTER)
    )


def _row(c: Claim) -> ClaimRow:
    return ClaimRow(
        id=c.id,
        customer_id=c.customer_id,
        customer_name=getattr(c, "customer_name", "") or "",
        policy_id=c.policy_id,
        line=getattr(c, "line", None),
        provider=getattr(c, "provider", None),
        policy_number=getattr(c, "policy_number", None),
        loss_date=c.loss_date,
        kind=c.kind,
        place=c.place,
        insurer_file_no=c.insurer_file_no,
        status=c.status,
        expected_amount=c.expected_amount,
        paid_amount=c.paid_amount,
        follow_up_on=c.follow_up_on,
        version=c.version,
    )


def get_claim(claim_id: int) -> ClaimRow:
    c = _select().where(Claim.id == claim_id).objects().first()
    if c is None:
        from ...i18n import _

        raise NotFound(_("Claim {id} not found.", id=claim_id))
    return _row(c)


def claim_notes(claim_id: int) -> str | None:
    c = Claim.get_or_none(Claim.id == claim_id)
    return c.notes if c else None


def events(claim_id: int) -> list[ClaimEvent]:
    """The claim's history, oldest first."""
    return list(
        ClaimEvent.select()
        .where(ClaimEvent.claim == claim_id)
        .order_by(ClaimEvent.at, ClaimEvent.id)
    )


def allowed_transitions(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def customer_claims(customer_id: int) -> list[ClaimRow]:
    """A customer's claims, open ones first, newest loss first."""
    rows = (
        _select()
        .where(Claim.customer == customer_id)
        .order_by(Claim.closed_at.is_null(False), Claim.loss_date.desc(), Claim.id.desc())
        .objects()
    )
    return [_row(c) for c in rows]


def list_claims(
    status: str | None = None,
    insurer: str | None = None,
    open_only: bool = True,
    limit: int = LIST_LIMIT,
) -> list[ClaimRow]:
    """The claims list: open ones (or all), of one status and/or one insurer; the ones
    whose follow-up comes first on top."""
    query = _select()
    if open_only and status is None:
        query = query.where(Claim.closed_at.is_null())
    if status:
        query = query.where(Claim.status == status)
    if insurer:
        query = query.where(Policy.provider.in_(spellings(insurer)))
    query = query.order_by(
        Claim.follow_up_on.is_null(), Claim.follow_up_on, Claim.loss_date.desc(), Claim.id
    )
    return [_row(c) for c in query.limit(limit).objects()]


def insurers() -> list[str]:
    """The insurers that have claims (for the list's filter)."""
    rows: Any = (
        Policy.select(Policy.provider)
        .join(Claim, on=(Claim.policy == Policy.id))
        .where(Policy.provider.is_null(False))
        .distinct()
        .tuples()
    )
    return sorted(str(r[0]) for r in rows)


def due_for_today(today: date | None = None, limit: int = 51) -> list[ClaimRow]:
    """Open claims whose follow-up day has come (index ``claim_open_follow_up``)."""
    today = today or clock_today()
    query = (
        _select()
        .where(Claim.closed_at.is_null(), Claim.follow_up_on <= today)
        .order_by(Claim.follow_up_on, Claim.id)
        .limit(limit)
    )
    return [_row(c) for c in query.objects()]


def report_rows(
    date_from: date | None = None,
    date_to: date | None = None,
    line: str | None = None,
    insurer: str | None = None,
) -> list[ClaimRow]:
    """Claims by date of loss (inclusive range), optionally of one line and one insurer."""
    query = _select()
    if date_from:
        query = query.where(Claim.loss_date >= date_from)
    if date_to:
        query = query.where(Claim.loss_date <= date_to)
    if line:
        query = query.where(Policy.line == line)
    if insurer:
        query = query.where(Policy.provider.in_(spellings(insurer)))
    query = query.order_by(Claim.loss_date, Claim.id)
    return [_row(c) for c in query.objects()]


__all__ = ["OPEN_STATUSES", "ClaimRow"]
