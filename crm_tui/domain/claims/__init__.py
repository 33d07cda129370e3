"""Claims (hasar dosyası, issue 16 item 3): a loss on a policy, followed through the
insurer's workflow to payment and closing. Rules in ``rules``, writes in ``writing``,
reads in ``reading``."""

from __future__ import annotations

from .reading import (
    ClaimRow,
    allowed_transitions,
    claim_notes,
    customer_claims,
    due_for_today,
    events,
    get_claim,
    insurers,
    list_claims,
    report_rows,
)
from .rules import KINDS, OPEN_STATUSES, STATUSES, TRANSITIONS, kinds_for
from .writing import (
    ClaimInput,
    add_note,
    change_status,
    default_follow_up,
    open_claim,
    refuse_message,
    set_follow_up,
    update_claim,
)

__all__ = [
    "KINDS",
    "OPEN_STATUSES",
    "STATUSES",
    "TRANSITIONS",
    "ClaimInput",
    "ClaimRow",
    "add_note",
    "allowed_transitions",
    "change_status",
    "claim_notes",
    "customer_claims",
    "default_follow_up",
    "due_for_today",
    "events",
    "get_claim",
    "insurers",
    "kinds_for",
    "list_claims",
    "open_claim",
    "refuse_message",
    "report_rows",
    "set_follow_up",
    "update_claim",
]
