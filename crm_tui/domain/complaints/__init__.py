"""Complaints: opening, the status workflow, service deadlines, history and figures.

Workflow (``TRANSITIONS`` is the whole table; anything else is refused):
new → in_progress | waiting | resolved; in_progress → waiting | resolved;
waiting ("waiting on customer") → in_progress | resolved; resolved → closed;
resolved | closed → in_progress ("reopen").

Every change writes a ``ComplaintEvent`` (kind ``status``); notes are events of kind
``note``; when the deadline moves (after a pause or a priority change) an event of kind
``deadline`` records the new deadline as an ISO timestamp in its ``note``.

Deadlines come from the priority's service level (setting ``service_levels``):
``{"hours": n}`` or ``{"days": n}`` run on the calendar clock, ``{"working_days": n}``
(or ``{"working_hours": n}``) on the working clock of :mod:`workdays` (weekends and
Turkish public holidays do not count). While a complaint waits on the customer its
clock is paused: ``waiting_since`` holds the start of the pause and, when the complaint
leaves "waiting", ``deadline_at`` is pushed forward by the paused time measured on the
same clock. A reopened complaint gets a fresh deadline from the moment it was reopened.

A complaint is *breached* when it is still open after its deadline or resolved late;
``breached`` is stored at every change and never cleared (it stays after resolution
and after reopening). Figures also count open complaints that are overdue right now.
"""

from __future__ import annotations

from .deadlines import (  # noqa: F401
    Clock,
    ServiceLevel,
    deadline_for,
    deadline_from_events,
    deadline_text,
    duration_text,
    is_overdue,
    service_levels,
    time_left,
    working_calendar,
)
from .figures import (  # noqa: F401
    CategoryFigures,
    ComplaintFigures,
    complaint_figures,
)
from .reading import (  # noqa: F401
    STATUS_FILTERS,
    ComplaintDue,
    ComplaintPage,
    ComplaintRow,
    LinkChoices,
    allowed_transitions,
    due_for_today,
    events,
    get_complaint,
    link_choices,
    list_complaints,
    list_for_customer,
    status_counts,
)
from .rules import (  # noqa: F401
    CATEGORIES,
    CHANNELS,
    DEFAULT_LIMIT,
    DONE_STATUSES,
    DUE_LIMIT,
    MAX_LEVEL,
    OPEN_STATUSES,
    PRIORITIES,
    RUNNING_STATUSES,
    STATUSES,
    SUBJECT_MAX,
    TRANSITIONS,
)
from .settings import (  # noqa: F401
    MAX_NEAR_HOURS,
    UNIT_LABELS,
    UNITS,
    ComplaintSettings,
    complaint_settings,
    parse_holidays,
    save_complaint_settings,
    unit_label,
)
from .writing import (  # noqa: F401
    add_note,
    change_status,
    mark_breaches,
    open_complaint,
    refuse_message,
    reopen,
    resolve,
    update_complaint,
)

__all__ = [
    "CATEGORIES",
    "CHANNELS",
    "OPEN_STATUSES",
    "PRIORITIES",
    "STATUSES",
    "TRANSITIONS",
    "Clock",
    "ComplaintDue",
    "ComplaintFigures",
    "ComplaintPage",
    "ComplaintRow",
    "add_note",
    "change_status",
    "complaint_figures",
    "ComplaintSettings",
    "complaint_settings",
    "deadline_for",
    "deadline_text",
    "due_for_today",
    "duration_text",
    "list_complaints",
    "list_for_customer",
    "open_complaint",
    "reopen",
    "resolve",
    "save_complaint_settings",
]
