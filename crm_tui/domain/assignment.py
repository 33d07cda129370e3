"""Who is to handle a reminder or a complaint (issue 15): ``assigned_to``, a desk user's
name (``who.current_user``), or None for nobody in particular.

What an office expects, and so what the app does:

* A reminder or complaint made at a desk (its form) starts assigned to whoever made it:
  the person who promised the call-back is the one to make it. The form shows the name,
  so it can be given to someone else or cleared (nobody) before saving. A recurring
  reminder's next occurrence keeps its assignee; a call-back from a logged interaction
  goes to the user who logged it.
* Rows from before assignments existed (and those cleared) are everyone's: Today's
  "Mine" shows them to every desk (``today.agenda(mine=...)``), so nothing old drops out
  of sight when the office switches to "Mine".
* A complaint's ``owner`` ("who handles it", free text from the start) is the same idea:
  the two are kept equal (step 5 copied the owners over).

Every change of assignee is a row of the audit log (``reminder_assigned``,
``complaint_assigned``) naming the new assignee.
"""

from __future__ import annotations

from datetime import datetime

from ..clock import now as clock_now
from ..db.models import Complaint, Reminder, db
from ..i18n import _
from .errors import NotFound
from .who import record, user_name


def _customer_of(row: Reminder | Complaint) -> int | None:
    """The customer id a row holds (the foreign key's value, without loading the customer)."""
    return row.__data__.get("customer")


def note_reminder(reminder: Reminder, before: str | None, at: datetime | None = None) -> None:
    """Record a reminder's new assignee when it differs from ``before``."""
    if reminder.assigned_to != before:
        record(
            "reminder_assigned",
            _customer_of(reminder),
            {"reminder": reminder.id, "to": reminder.assigned_to},
            at=at,
        )


def note_complaint(
    complaint_id: int,
    customer_id: int,
    before: str | None,
    after: str | None,
    at: datetime | None = None,
) -> None:
    """Record a complaint's new assignee when it differs from ``before``."""
    if after != before:
        record("complaint_assigned", customer_id, {"complaint": complaint_id, "to": after}, at=at)


def assign_reminder(reminder_id: int, user: str | None, now: datetime | None = None) -> Reminder:
    """Give a reminder to ``user`` (a typed name; blank or None: nobody)."""
    now = now or clock_now()
    name = user_name(user)
    with db.atomic():
        reminder = Reminder.get_or_none(Reminder.id == reminder_id)
        if reminder is None:
            raise NotFound(_("Reminder {id} not found.", id=reminder_id))
        before = reminder.assigned_to
        if name != before:
            Reminder.update(assigned_to=name, updated_at=now, version=Reminder.version + 1).where(
                Reminder.id == reminder_id
            ).execute()
            reminder = Reminder.get_by_id(reminder_id)
            note_reminder(reminder, before, at=now)
    return reminder


def assign_complaint(complaint_id: int, user: str | None, now: datetime | None = None) -> Complaint:
    """Give a complaint to ``user`` (blank or None: nobody); its owner follows."""
    now = now or clock_now()
    name = user_name(user)
    with db.atomic():
        complaint = Complaint.get_or_none(Complaint.id == complaint_id)
        if complaint is None:
            raise NotFound(_("Complaint {id} not found.", id=complaint_id))
        before = complaint.assigned_to
        if name != before:
            Complaint.update(
                assigned_to=name, owner=name, updated_at=now, version=Complaint.version + 1
            ).where(Complaint.id == complaint_id).execute()
            customer_id = _customer_of(complaint)
            assert customer_id is not None  # a complaint always has its customer
            note_complaint(complaint_id, customer_id, before, name, at=now)
            complaint = Complaint.get_by_id(complaint_id)
    return complaint
