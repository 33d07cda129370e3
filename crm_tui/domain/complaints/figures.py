"""Complaints: figures per category and overall for a period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

from peewee import Case, fn

from ...clock import now as clock_now
from ...db.models import Complaint
from .deadlines import overdue_expr
from .rules import CATEGORIES, OPEN_STATUSES

# -- figures ----------------------------------------------------------------------------


@dataclass
class CategoryFigures:
    category: str
    count: int = 0
    open: int = 0
    breached: int = 0
    resolved: int = 0
    within_deadline: int = 0
    first_contact: int = 0
    satisfaction_sum: int = 0
    satisfaction_count: int = 0

    @property
    def within_deadline_share(self) -> float | None:
        return self.within_deadline / self.resolved if self.resolved else None

    @property
    def first_contact_rate(self) -> float | None:
        return self.first_contact / self.resolved if self.resolved else None

    @property
    def satisfaction_avg(self) -> float | None:
        if not self.satisfaction_count:
            return None
        return self.satisfaction_sum / self.satisfaction_count


@dataclass
class ComplaintFigures:
    since: datetime
    days: int
    open_count: int  # all open complaints now, whenever opened
    overdue_count: int  # open complaints past their deadline now
    total: CategoryFigures  # complaints opened in the period
    median_resolution: timedelta | None
    by_category: list[CategoryFigures] = field(default_factory=list)

    @property
    def breached_count(self) -> int:
        return self.total.breached


def complaint_figures(now: datetime | None = None, days: int = 90) -> ComplaintFigures:
    """Figures for complaints opened in the last ``days`` days (SQL aggregates per
    category), plus the current open and overdue counts.

    - breached: stored breach flag, or open and overdue now
    - resolved: has a resolution time (resolved or closed, not reopened since)
    - within deadline: resolved and never breached
    - median resolution: opened → resolved, calendar time, over the resolved ones
    - satisfaction: mean of the 1–5 answers given at resolution
    """
    now = now or clock_now()
    since = now - timedelta(days=days)
    overdue = overdue_expr(now)
    breached = (Complaint.breached == True) | overdue  # noqa: E712
    resolved = Complaint.resolved_at.is_null(False)

    def count_if(cond):
        return fn.COALESCE(fn.SUM(Case(None, [(cond, 1)], 0)), 0)

    in_period = (Complaint.opened_at >= since) & (Complaint.opened_at <= now)
    query = (
        Complaint.select(
            Complaint.category,
            fn.COUNT(Complaint.id),
            count_if(Complaint.status.in_(OPEN_STATUSES)),
            count_if(breached),
            count_if(resolved),
            count_if(resolved & (Complaint.breached == False)),  # noqa: E712
            count_if(resolved & (Complaint.first_contact_resolution == True)),  # noqa: E712
            fn.COALESCE(
                fn.SUM(Case(None, [(resolved, Complaint.satisfaction)], None)),
                0,
            ),
            count_if(resolved & Complaint.satisfaction.is_null(False)),
        )
        .where(in_period)
        .group_by(Complaint.category)
        .tuples()
    )
    total = CategoryFigures(category="*")
    per: dict[str, CategoryFigures] = {}
    for cat, *numbers in query:
        cf = CategoryFigures(cat, *(int(n or 0) for n in numbers))
        per[cat] = cf
        for name in (
            "count",
            "open",
            "breached",
            "resolved",
            "within_deadline",
            "first_contact",
            "satisfaction_sum",
            "satisfaction_count",
        ):
            setattr(total, name, getattr(total, name) + getattr(cf, name))
    order = {c: i for i, c in enumerate(CATEGORIES)}
    by_category = sorted(per.values(), key=lambda cf: (-cf.count, order.get(cf.category, 99)))

    durations = [
        resolved_at - opened_at
        for opened_at, resolved_at in Complaint.select(Complaint.opened_at, Complaint.resolved_at)
        .where(in_period & resolved)
        .tuples()
    ]
    open_count, overdue_count = (
        Complaint.select(
            count_if(Complaint.status.in_(OPEN_STATUSES)),
            count_if(overdue),
        )
        .tuples()
        .get()
    )
    return ComplaintFigures(
        since=since,
        days=days,
        open_count=int(open_count or 0),
        overdue_count=int(overdue_count or 0),
        total=total,
        median_resolution=median(durations) if durations else None,
        by_category=by_category,
    )
