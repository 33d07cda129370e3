"""Follow-up reminders: create, edit, done (with recurrence), snooze, cancel, list; and the
"stay in touch" rhythm of customers.

Datetimes are naive local wall-clock times (like every timestamp in the database). A reminder
without a time of day is stored at 09:00 with ``has_time = False``.

Recurrence is an RFC 5545 RRULE (``Reminder.rrule``) expanded with dateutil:

* ``recur_from = "calendar"``: the next due date follows the rule. Rules built here always
  name the day (``BYDAY``/``BYMONTHDAY``/``BYMONTH``), so a snoozed reminder does not drift,
  and month-end days use ``BYMONTHDAY=31,-1;BYSETPOS=1`` (the 31st, or the last day of shorter
  months; 29 February falls back to the 28th in common years).
* ``recur_from = "completion"``: the next due date is counted from the day the reminder was
  done (``FREQ`` and ``INTERVAL`` only), with ``relativedelta`` (31 Jan + 1 month = 28 Feb).
"""

from __future__ import annotations

from .editing import (  # noqa: F401
    SNOOZE_CHOICES,
    ReminderInput,
    cancel,
    complete,
    create_reminder,
    get_reminder,
    link_options,
    parse_when,
    reopen,
    snooze,
    snooze_target,
    update_reminder,
    validate,
)
from .listing import (  # noqa: F401
    FILTERS,
    ReminderRow,
    StayInTouchRow,
    count_filters,
    customer_reminders,
    day_bounds,
    due_bounds,
    due_reminders,
    list_reminders,
    log_contact,
    resolve_customer,
    stay_in_touch_due,
)
from .recurrence import (  # noqa: F401
    DEFAULT_TIME,
    EVERY_MAX,
    PAGE_SIZE,
    RECUR_FROM_CHOICES,
    RECURRENCE_CHOICES,
    build_rrule,
    choice_of,
    describe_rule,
    every_of,
    next_occurrence,
    parse_every,
    rule_parts,
    validate_rule,
)
