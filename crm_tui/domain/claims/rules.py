"""Claims (hasar dosyası): statuses, the workflow, loss types per product line, follow-ups.

Follow-up (what brings a claim back on Today): every status change sets the claim's
``follow_up_on`` to the day the agent should look at the file again, unless the user gives
a next-action date of their own. The defaults follow what an agent does next:

- reported: 3 days: has the insurer named an expert (eksper)?
- expert assigned: 7 days: has the expert's report come in?
- documents awaited: ``claim_documents_days`` (setting, 7): chase the missing documents;
- approved: 10 days: has the insurer paid?
- rejected / paid: 3 days: tell the customer, then close the file;
- closed: no follow-up.
"""

from __future__ import annotations

STATUSES = (
    "reported",
    "expert_assigned",
    "documents_awaited",
    "approved",
    "rejected",
    "paid",
    "closed",
)
OPEN_STATUSES = STATUSES[:-1]

# The allowed status changes. Documents can be asked for again after the expert, and the
# expert can be sent again after documents; a file is closed after payment or rejection
# (or withdrawn at once: reported → closed).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "reported": ("expert_assigned", "documents_awaited", "approved", "rejected", "closed"),
    "expert_assigned": ("documents_awaited", "approved", "rejected"),
    "documents_awaited": ("expert_assigned", "approved", "rejected"),
    "approved": ("paid", "rejected"),
    "rejected": ("closed",),
    "paid": ("closed",),
    "closed": (),
}

KINDS = (
    "collision",
    "theft",
    "fire",
    "flood",
    "earthquake",
    "glass",
    "health",
    "liability",
    "other",
)

# The loss types that make sense for a line (others: every type).
KINDS_BY_LINE: dict[str, tuple[str, ...]] = {
    "trafik": ("collision", "liability", "other"),
    "kasko": ("collision", "theft", "fire", "flood", "earthquake", "glass", "other"),
    "dask": ("earthquake",),
    "konut": ("fire", "flood", "theft", "earthquake", "glass", "liability", "other"),
    "isyeri": ("fire", "flood", "theft", "earthquake", "glass", "liability", "other"),
    "saglik": ("health",),
    "tss": ("health",),
    "hayat": ("health", "other"),
    "ferdi_kaza": ("health", "other"),
    "seyahat": ("health", "theft", "other"),
}

FOLLOW_UP_DAYS: dict[str, int | None] = {
    "reported": 3,
    "expert_assigned": 7,
    "documents_awaited": None,  # the claim_documents_days setting
    "approved": 10,
    "rejected": 3,
    "paid": 3,
    "closed": None,
}

PLACE_MAX = 200
FILE_NO_MAX = 60
LIST_LIMIT = 200


def kinds_for(line: str | None) -> tuple[str, ...]:
    """The loss types offered for a policy of ``line``."""
    return KINDS_BY_LINE.get(line or "", KINDS)
