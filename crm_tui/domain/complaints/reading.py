"""Complaints: reading one, the list with its filters, a customer's, the due ones, link choices."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import Case, fn

from ...clock import now as clock_now
from ...db import complaint_sql, search
from ...db.hints import likely, likely_in
from ...db.models import Complaint, ComplaintEvent, Customer, Policy, Purchase
from ...i18n import _
from ..errors import NotFound
from ..labels import label
from ..settings import DEFAULTS, get_setting
from .deadlines import deadline_text, is_overdue, overdue_expr, time_left
from .rules import DEFAULT_LIMIT, DUE_LIMIT, OPEN_STATUSES, RUNNING_STATUSES, STATUSES, TRANSITIONS

# -- reading --------------------------------------------------------------------------


def get_complaint(complaint_id: int) -> Complaint:
    c = Complaint.get_or_none(Complaint.id == complaint_id)
    if c is None:
        raise NotFound(_("Complaint {id} not found.", id=complaint_id))
    return c


def events(complaint_id: int) -> list[ComplaintEvent]:
    """The whole history, oldest first."""
    return list(
        ComplaintEvent.select()
        .where(ComplaintEvent.complaint == complaint_id)
        .order_by(ComplaintEvent.at, ComplaintEvent.id)
    )


def allowed_transitions(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


@dataclass
class ComplaintRow:
    id: int
    customer_id: int
    customer_name: str
    subject: str
    category: str
    priority: str
    status: str
    channel: str
    owner: str | None
    opened_at: datetime
    deadline_at: datetime | None
    waiting_since: datetime | None
    breached: bool
    resolved_at: datetime | None
    satisfaction: int | None
    time_left: timedelta | None = None  # negative when overdue; frozen while waiting
    overdue: bool = False


@dataclass
class ComplaintPage:
    rows: list[ComplaintRow]
    total: int
    offset: int
    limit: int


def _row(c: Complaint, customer_name: str, now: datetime) -> ComplaintRow:
    return ComplaintRow(
        id=c.id,
        customer_id=c.customer_id,
        customer_name=customer_name,
        subject=c.subject,
        category=c.category,
        priority=c.priority,
        status=c.status,
        channel=c.channel,
        owner=c.owner,
        opened_at=c.opened_at,
        deadline_at=c.deadline_at,
        waiting_since=c.waiting_since,
        breached=bool(c.breached) or is_overdue(c, now),
        resolved_at=c.resolved_at,
        satisfaction=c.satisfaction,
        time_left=time_left(c, now),
        overdue=is_overdue(c, now),
    )


STATUS_FILTERS = ("open", "new", "in_progress", "waiting", "resolved", "closed", "overdue", "all")


_LIST_FIELDS = (
    Complaint.id,
    Complaint.customer,
    Complaint.subject,
    Complaint.category,
    Complaint.priority,
    Complaint.status,
    Complaint.channel,
    Complaint.owner,
    Complaint.opened_at,
    Complaint.deadline_at,
    Complaint.waiting_since,
    Complaint.breached,
    Complaint.resolved_at,
    Complaint.satisfaction,
)


def _where(status: str, text: str, now: datetime):
    """The filter condition (no join: customers are matched through the search index)."""
    conds = []
    if status == "open":
        conds.append(Complaint.status.in_(OPEN_STATUSES))
    elif status == "overdue":
        conds.append(overdue_expr(now))
    elif status in STATUSES:
        conds.append(Complaint.status == status)
    text = (text or "").strip()
    if text:
        number = text.lstrip("#")
        cond = (
            complaint_sql.folded_contains(Complaint.subject, text)
            | complaint_sql.folded_contains(Complaint.description, text)
            | complaint_sql.folded_contains(Complaint.owner, text)
        )
        if re.fullmatch(r"[0-9]{1,9}", number):  # not "²" or 40 digits (SQLite int overflow)
            cond = cond | (Complaint.id == int(number))
        ids = search.match_ids(text, limit=400)
        if ids:
            cond = cond | Complaint.customer.in_(ids)
        conds.append(cond)
    return conds


def list_complaints(
    status: str = "open",
    text: str = "",
    sort: str = "deadline",
    offset: int = 0,
    limit: int = DEFAULT_LIMIT,
    now: datetime | None = None,
) -> ComplaintPage:
    """One page of complaints. ``status``: one of ``STATUS_FILTERS``; ``text`` matches the
    customer (name, phone...), subject, description, owner (Turkish letters folded) or
    ``#id``; ``sort``: ``deadline`` (open ones first, soonest deadline first, a waiting
    complaint by the time it has left; then done ones, latest resolved first) or
    ``newest`` (opened, newest first)."""
    now = now or clock_now()
    conds = _where(status, text, now)
    # Two steps: the page of ids (sort keys come from the covering index
    # complaint_list_order, no table rows read), then those rows with the customer's name.
    ids_query = Complaint.select(Complaint.id)
    if conds:
        ids_query = ids_query.where(*conds)
    if sort == "newest":
        ids_query = ids_query.order_by(Complaint.opened_at.desc(), Complaint.id.desc())
    elif status in ("resolved", "closed"):
        # Done complaints have no time left: the most recently resolved first.
        ids_query = ids_query.order_by(Complaint.resolved_at.desc(), Complaint.id.desc())
    else:
        # Open complaints first, by the deadline as it stands now (a paused clock moves
        # a waiting complaint's deadline along); then the done ones, latest first.
        is_open = Complaint.status.in_(OPEN_STATUSES)
        ids_query = ids_query.order_by(
            Case(None, [(is_open, 0)], 1),
            Case(None, [(is_open, complaint_sql.effective_deadline(now))], None),
            Complaint.resolved_at.desc(),
            Complaint.id,
        )
    offset = max(0, offset)
    if (text or "").strip():
        # A text search scans the rows once: all matching ids, counted here.
        every = [i for (i,) in ids_query.tuples()]
        total, ids = len(every), every[offset : offset + limit]
    else:
        total = (
            Complaint.select(Complaint.id).where(*conds).count()
            if conds
            else (Complaint.select().count())
        )
        ids = [i for (i,) in ids_query.offset(offset).limit(limit).tuples()]
    found = (
        {
            c.id: c
            for c in Complaint.select(*_LIST_FIELDS, Customer.name.alias("customer_name"))
            .join(Customer, on=(Complaint.customer == Customer.id))
            .where(Complaint.id.in_(ids))
            .objects()
        }
        if ids
        else {}
    )
    rows = [_row(found[i], found[i].customer_name, now) for i in ids if i in found]
    return ComplaintPage(rows=rows, total=total, offset=offset, limit=limit)


def status_counts(now: datetime | None = None) -> dict[str, int]:
    """How many complaints in each status, plus ``open``, ``overdue`` and ``all``."""
    now = now or clock_now()
    counts = {s: 0 for s in STATUS_FILTERS}
    for status, n in (
        Complaint.select(Complaint.status, fn.COUNT(Complaint.id))
        .group_by(Complaint.status)
        .tuples()
    ):
        counts[status] = n
        counts["all"] += n
        if status in OPEN_STATUSES:
            counts["open"] += n
    counts["overdue"] = Complaint.select().where(overdue_expr(now)).count()
    return counts


def list_for_customer(
    customer_id: int, now: datetime | None = None, limit: int = 100
) -> list[ComplaintRow]:
    """A customer's complaints for the card: open ones first (by deadline), then newest."""
    now = now or clock_now()
    query = (
        Complaint.select()
        .where(Complaint.customer == customer_id)
        .order_by(
            Case(None, [(Complaint.status.in_(OPEN_STATUSES), 0)], 1),
            Case(None, [(Complaint.status.in_(OPEN_STATUSES), Complaint.deadline_at)], None),
            Complaint.opened_at.desc(),
            Complaint.id.desc(),
        )
        .limit(limit)
    )
    customer = Customer.get_or_none(Customer.id == customer_id)
    name = customer.name if customer else ""
    return [_row(c, name, now) for c in query]


@dataclass
class ComplaintDue:
    id: int
    customer_id: int
    customer_name: str
    subject: str
    priority: str
    status: str
    deadline_at: datetime
    overdue: bool
    time_left: timedelta | None = None  # negative when overdue; frozen while waiting

    @property
    def deadline_text(self) -> str:
        """``3 h 20 min left``, ``1 d 2 h overdue``, ``paused, 2 h overdue``."""
        return deadline_text(self.status, self.time_left)


def due_for_today(
    now: datetime | None = None,
    within_hours: int | None = None,
    limit: int = DUE_LIMIT,
    mine: str | None = None,
) -> list[ComplaintDue]:
    """Open complaints past their deadline or due within ``within_hours`` (setting
    ``complaint_near_deadline_hours``, default 24), soonest deadline first, at most ``limit``.
    A complaint waiting on the customer has its clock paused: it is listed only when it
    was already overdue when the pause began."""
    now = now or clock_now()
    if within_hours is None:
        within_hours = get_setting("complaint_near_deadline_hours")
        if not isinstance(within_hours, int | float):
            within_hours = DEFAULTS["complaint_near_deadline_hours"]
    horizon = now + timedelta(hours=within_hours)
    query = (
        Complaint.select(
            Complaint.id,
            Complaint.customer,
            Complaint.subject,
            Complaint.priority,
            Complaint.status,
            Complaint.deadline_at,
            Complaint.waiting_since,
            Customer.name.alias("customer_name"),
        )
        .join(Customer, on=(Complaint.customer == Customer.id))
        .where(
            # The first term restates the rest so the partial index complaint_open_deadline (_id on PostgreSQL)
            # hands over open complaints in deadline order and the LIMIT ends the scan;
            # ``likely`` keeps the planner off the plain index on status.
            likely_in(Complaint.status, OPEN_STATUSES),
            (likely(Complaint.status.in_(RUNNING_STATUSES)) & (Complaint.deadline_at <= horizon))
            | (
                likely(Complaint.status == "waiting")
                & (Complaint.deadline_at < Complaint.waiting_since)
            ),
        )
        .order_by(Complaint.deadline_at, Complaint.id)
        .limit(limit)
    )
    if mine is not None:
        # "Mine": assigned to this user or to nobody (domain/assignment.py)
        query = query.where((Complaint.assigned_to == mine) | Complaint.assigned_to.is_null())
    return [
        ComplaintDue(
            id=c.id,
            customer_id=c.customer,
            customer_name=c.customer_name,
            subject=c.subject,
            priority=c.priority,
            status=c.status,
            deadline_at=c.deadline_at,
            overdue=is_overdue(c, now),
            time_left=time_left(c, now),
        )
        for c in query.namedtuples()  # the Today queue reads this: no model instances
    ]


@dataclass
class LinkChoices:
    """What a complaint of this customer can be linked to (for the form)."""

    customer_name: str
    policies: list[tuple[int, str]]
    purchases: list[tuple[int, str]]


def link_choices(customer_id: int, limit: int = 30) -> LinkChoices:
    """The customer's name, newest policies and purchases as (id, short text)."""
    from ...i18n import format_date, format_money

    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("Customer {id} not found.", id=customer_id))
    policies = [
        (
            p.id,
            " · ".join(
                x
                for x in (label("line", p.line), p.number, p.provider, format_date(p.end_date))
                if x
            ),
        )
        for p in Policy.select()
        .where(Policy.customer == customer_id)
        .order_by(Policy.start_date.desc(), Policy.id.desc())
        .limit(limit)
    ]
    purchases = [
        (
            p.id,
            " · ".join(
                x for x in (format_date(p.date), format_money(p.amount), p.description) if x
            ),
        )
        for p in Purchase.select()
        .where(Purchase.customer == customer_id)
        .order_by(Purchase.date.desc(), Purchase.id.desc())
        .limit(limit)
    ]
    return LinkChoices(customer.name, policies, purchases)
