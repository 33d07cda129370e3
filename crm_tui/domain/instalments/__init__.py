"""Instalments and collections (taksit, tahsilat; issue 16 item 2): a payment plan on a
policy or a purchase, payments, a customer's balance, the ones due on Today. Rules (rounding,
part payments, the call before a due date) in ``rules``; writes in ``writing``, reads in
``reading``."""

from __future__ import annotations

from .reading import (
    InstalmentRow,
    balance,
    call_days,
    customer_instalments,
    due_for_today,
    get_instalment,
    plan,
    plan_start,
    report_rows,
)
from .rules import METHODS, due_dates, split
from .writing import PlanInput, create_plan, delete_plan, mark_paid, undo_paid, validate_plan

__all__ = [
    "METHODS",
    "InstalmentRow",
    "PlanInput",
    "balance",
    "call_days",
    "create_plan",
    "customer_instalments",
    "delete_plan",
    "due_dates",
    "due_for_today",
    "get_instalment",
    "mark_paid",
    "plan",
    "plan_start",
    "report_rows",
    "split",
    "undo_paid",
    "validate_plan",
]
