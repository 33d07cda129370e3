"""A card's timeline: interactions, purchases, complaints, claims, messages and policy
starts and ends of one customer, newest first, a page at a time (part of ``card``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from peewee import SQL, Value, fn

from ..db.models import Claim, Complaint, Interaction, MessageLog, Policy, Purchase

ENDED = ("lapsed", "cancelled", "renewed")  # policy statuses that end up in the timeline


def _at(value) -> datetime | None:
    """Rows of a UNION come back as the first SELECT's type or as text: make datetimes."""
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0))
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _money(value) -> Decimal | None:
    """Money read through a UNION: already a Decimal when the first SELECT's column was a
    money column, else the stored minor units."""
    if value is None or isinstance(value, Decimal):
        return value
    return Purchase.amount.python_value(value)


# -- header -----------------------------------------------------------------------------------


@dataclass
class TimelineItem:
    at: datetime
    kind: str  # interaction | purchase | complaint | policy | claim | message
    title: str  # channel | "purchase" | complaint or claim status | "start" or policy status
    detail: str = ""  # summary | description | subject | product line
    ref_id: int | None = None
    amount: Decimal | None = None  # purchases


def timeline(customer_id: int, offset: int, limit: int) -> list[TimelineItem]:
    """Interactions, purchases, complaints and policy starts/ends, newest first."""
    cols = ("at", "kind", "title", "detail", "amount", "ref_id")

    def select(model, *values):
        return model.select(*(v.alias(name) for v, name in zip(values, cols, strict=True)))

    interactions = select(
        Interaction,
        Interaction.at,
        Value("interaction"),
        Interaction.channel,
        Interaction.summary,
        Value(None),
        Interaction.id,
    ).where(Interaction.customer == customer_id)
    purchases = select(
        Purchase,
        Purchase.date,
        Value("purchase"),
        Value("purchase"),
        fn.COALESCE(Purchase.description, ""),
        Purchase.amount,
        Purchase.id,
    ).where(Purchase.customer == customer_id)
    complaints = select(
        Complaint,
        Complaint.opened_at,
        Value("complaint"),
        Complaint.status,
        Complaint.subject,
        Value(None),
        Complaint.id,
    ).where(Complaint.customer == customer_id)
    claims = select(
        Claim, Claim.loss_date, Value("claim"), Claim.status, Claim.kind, Value(None), Claim.id
    ).where(Claim.customer == customer_id)
    starts = select(
        Policy,
        Policy.start_date,
        Value("policy"),
        Value("start"),
        Policy.line,
        Value(None),
        Policy.id,
    ).where(Policy.customer == customer_id)
    ends = select(
        Policy, Policy.end_date, Value("policy"), Policy.status, Policy.line, Value(None), Policy.id
    ).where(
        Policy.customer == customer_id, Policy.status.in_(ENDED), Policy.end_date.is_null(False)
    )
    # messages sent or handed to WhatsApp/SMS (issue 17): title = channel, detail = text
    messages = select(
        MessageLog,
        MessageLog.at,
        Value("message"),
        MessageLog.channel.concat(":").concat(MessageLog.status),  # "email:sent"
        MessageLog.text,
        Value(None),
        MessageLog.id,
    ).where(MessageLog.customer == customer_id)
    query = (
        (interactions + purchases + complaints + claims + starts + ends + messages)
        .order_by(SQL("at DESC"), SQL("kind"), SQL("title"), SQL("ref_id DESC"))
        .limit(limit)
        .offset(offset)
    )
    return [
        TimelineItem(
            _at(at) or datetime.min, kind, title or "", detail or "", ref_id, _money(amount)
        )
        for at, kind, title, detail, amount, ref_id in query.tuples()
    ]
