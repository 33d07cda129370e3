"""SQL expressions the complaints list needs that depend on SQLite (date arithmetic and
the ``crm_fold`` function registered on every connection), kept here so the domain stays
portable."""

from __future__ import annotations

from datetime import datetime

from peewee import Case, Expression, Field, fn

from .models import Complaint
from .search import fold


def effective_deadline(now: datetime) -> Expression:
    """The deadline as it stands ``now`` (Julian day): a complaint waiting on the customer
    has its clock paused, so its deadline moves forward with the wait still running."""
    deadline = fn.julianday(Complaint.deadline_at)
    paused = deadline - fn.julianday(Complaint.waiting_since) + fn.julianday(now)
    return Case(None, [(Complaint.waiting_since.is_null(False), paused)], deadline)


def folded_contains(column: Field, text: str) -> Expression:
    """``column`` contains ``text`` ignoring case and Turkish letters (``cizgi`` finds
    *Çizgi*, ``isik`` finds *IŞIK*)."""
    return fn.crm_fold(column).contains(fold(text))
