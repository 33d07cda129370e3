"""Commission (issue 16 item 1): what a policy should earn (its entered commission, else the
insurer's rate on the line × the premium), what the insurer paid, what is outstanding, the
clawback of a policy cancelled early and the sub-agent's share. Owner only: every function
checks ``roles.can("see_commission")`` (on PostgreSQL the server refuses staff as well).
Rates in ``rates``, writes in ``writing``, reading and totals in ``reading``."""

from __future__ import annotations

from .rates import RateRow, delete_rate, list_rates, rate_for, save_rate
from .reading import (
    PolicyCommissionView,
    ReportRow,
    outstanding_for_owner,
    outstanding_total,
    policy_view,
    report_rows,
    totals_by_month,
)
from .writing import (
    KINDS,
    MAX_DAYS_AHEAD,
    clawback_amount,
    clawback_on_cancel,
    clawback_on_uncancel,
    record_receipt,
    set_subagent,
    settle_clawbacks,
)

__all__ = [
    "KINDS",
    "MAX_DAYS_AHEAD",
    "PolicyCommissionView",
    "RateRow",
    "ReportRow",
    "clawback_amount",
    "clawback_on_cancel",
    "clawback_on_uncancel",
    "delete_rate",
    "list_rates",
    "outstanding_for_owner",
    "outstanding_total",
    "policy_view",
    "rate_for",
    "record_receipt",
    "report_rows",
    "save_rate",
    "set_subagent",
    "settle_clawbacks",
    "totals_by_month",
]
