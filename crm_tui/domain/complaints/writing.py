"""Complaints: opening, editing, status changes with their events, notes, breaches."""

from __future__ import annotations

from datetime import datetime

from ...clock import now as clock_now
from ...db.models import Complaint, ComplaintEvent, Customer, Policy, Purchase, db
from ...i18n import N_, _
from ..assignment import note_complaint
from ..concurrency import check_version
from ..errors import ConflictError, ValidationError
from ..labels import label
from ..undo import undoable
from ..who import current_user, record, user_name
from .deadlines import Clock, deadline_from_events, is_overdue, overdue_expr
from .reading import allowed_transitions, events, get_complaint
from .rules import (
    CATEGORIES,
    CHANNELS,
    DONE_STATUSES,
    OPEN_STATUSES,
    PRIORITIES,
    STATUSES,
    SUBJECT_MAX,
)

# -- writing --------------------------------------------------------------------------


def _choice(errors: dict, name: str, value: str | None, allowed: tuple[str, ...], kind: str):
    if value in allowed:
        return value
    errors[name] = _(
        "Choose one of: {choices}.", choices=", ".join(label(kind, code) for code in allowed)
    )
    return None


def _validate(
    errors: dict,
    subject: str | None,
    channel: str | None,
    category: str | None,
    priority: str | None,
) -> dict:
    values: dict = {}
    subject = " ".join((subject or "").split())
    if not subject:
        errors["subject"] = _("A subject is required: what is the complaint about?")
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = _(
            "The subject is too long ({n} characters, at most {max}).",
            n=len(subject),
            max=SUBJECT_MAX,
        )
    values["subject"] = subject
    values["channel"] = _choice(errors, "channel", channel, CHANNELS, "channel")
    values["category"] = _choice(errors, "category", category, CATEGORIES, "complaint_category")
    values["priority"] = _choice(errors, "priority", priority, PRIORITIES, "priority")
    return values


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def open_complaint(
    customer_id: int,
    subject: str,
    description: str | None = None,
    channel: str = "phone",
    category: str = "other",
    priority: str = "normal",
    owner: str | None = None,
    policy_id: int | None = None,
    purchase_id: int | None = None,
    now: datetime | None = None,
) -> Complaint:
    """Record a new complaint with its deadline and a first history event."""
    now = now or clock_now()
    errors: dict[str, str] = {}
    values = _validate(errors, subject, channel, category, priority)
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        errors["customer"] = _("Choose the customer who complains.")
    if policy_id is not None:
        policy = Policy.get_or_none(Policy.id == policy_id)
        if policy is None or policy.customer_id != customer_id:
            errors["policy"] = _("That policy does not belong to this customer.")
    if purchase_id is not None:
        purchase = Purchase.get_or_none(Purchase.id == purchase_id)
        if purchase is None or purchase.customer_id != customer_id:
            errors["purchase"] = _("That purchase does not belong to this customer.")
    try:
        # the owner is who handles it: a desk user's name (step 5's ``assigned_to``)
        owner = user_name(owner, field="owner")
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    clock = Clock.load()
    with db.atomic():
        complaint = Complaint.create(
            customer=customer_id,
            policy=policy_id,
            purchase=purchase_id,
            opened_at=now,
            owner=owner,
            assigned_to=owner,
            description=_clean(description),
            status="new",
            deadline_at=clock.deadline(values["priority"], now),
            created_at=now,
            updated_at=now,
            **values,
        )
        ComplaintEvent.create(
            complaint=complaint,
            at=now,
            kind="status",
            from_status=None,
            to_status="new",
            author=current_user(),
        )
        note_complaint(complaint.id, customer_id, None, owner, at=now)
    return complaint


def update_complaint(
    complaint_id: int,
    subject: str,
    description: str | None,
    channel: str,
    category: str,
    priority: str,
    owner: str | None,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """Edit the details. A new priority rebuilds the deadline from the history.
    ``expected_version``: the version the form was opened with; when the complaint changed
    since (edited, moved on, noted at another desk) ``ConflictError``."""
    now = now or clock_now()
    errors: dict[str, str] = {}
    values = _validate(errors, subject, channel, category, priority)
    try:
        owner = user_name(owner, field="owner")
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        c = get_complaint(complaint_id)
        check_version(
            c,
            expected_version,
            _("This complaint was changed at another desk while you were editing it."),
        )
        c.version += 1
        _mark_breach(c, now)
        old_priority = c.priority
        changes = _detail_changes(c, values, _clean(description), owner)
        note_complaint(c.id, c.customer_id, c.assigned_to, owner, at=now)
        if changes:
            # Every change is in the history, not only status moves.
            ComplaintEvent.create(
                complaint=c, at=now, kind="note", note="; ".join(changes), author=current_user()
            )
        c.subject = values["subject"]
        c.channel = values["channel"]
        c.category = values["category"]
        c.priority = values["priority"]
        c.description = _clean(description)
        c.owner = c.assigned_to = owner
        c.updated_at = now
        if old_priority != c.priority:
            ComplaintEvent.create(
                complaint=c,
                at=now,
                kind="note",
                note=_(
                    "Priority changed from {old} to {new}.",
                    old=label("priority", old_priority),
                    new=label("priority", c.priority),
                ),
                author=current_user(),
            )
            if c.status in OPEN_STATUSES:
                c.deadline_at = deadline_from_events(
                    c.priority, c.opened_at, events(c.id), Clock.load()
                )
                ComplaintEvent.create(
                    complaint=c,
                    at=now,
                    kind="deadline",
                    note=c.deadline_at.isoformat(),
                    author=current_user(),
                )
                _mark_breach(c, now)
        c.save()
    return c


def _detail_changes(
    c: Complaint, values: dict, description: str | None, owner: str | None
) -> list[str]:
    """``Owner: – → Mert`` for each detail that changes (the priority has its own note)."""
    changes = []

    def shown(kind: str | None, value: str | None) -> str:
        if not value:
            return "–"
        return label(kind, value) if kind else value

    for name, kind, old, new in (
        (N_("Subject"), None, c.subject, values["subject"]),
        (N_("Channel"), "channel", c.channel, values["channel"]),
        (N_("Category"), "complaint_category", c.category, values["category"]),
        (N_("Assigned to"), None, c.owner, owner),
    ):
        if (old or None) != (new or None):
            changes.append(f"{_(name)}: {shown(kind, old)} → {shown(kind, new)}")
    if (c.description or None) != description:
        changes.append(_("Description changed"))
    return changes


def _mark_breach(c: Complaint, now: datetime) -> None:
    if not c.breached and is_overdue(c, now):
        c.breached = True


def _load_for_change(complaint_id: int, expected_status: str | None) -> Complaint:
    c = get_complaint(complaint_id)
    if expected_status is not None and c.status != expected_status:
        raise ConflictError(
            _(
                "This complaint was changed elsewhere: it is now “{status}”.",
                status=label("complaint_status", c.status),
            )
        )
    return c


def refuse_message(from_status: str, to_status: str) -> str:
    allowed = allowed_transitions(from_status)
    return _(
        "A complaint that is “{current}” cannot move to “{target}”. Allowed: {allowed}.",
        current=label("complaint_status", from_status),
        target=label("complaint_status", to_status),
        allowed=", ".join(label("complaint_status", s) for s in allowed) or "–",
    )


@undoable(
    N_("status change of complaint “{subject}”"),
    lambda complaint_id, *a, **k: [(Complaint, complaint_id)],
    lambda before: {"subject": before["subject"]},
)
def change_status(
    complaint_id: int,
    to_status: str,
    note: str | None = None,
    *,
    resolution: str | None = None,
    first_contact: bool | None = None,
    satisfaction: int | str | None = None,
    expected_status: str | None = None,
    now: datetime | None = None,
) -> Complaint:
    """Move a complaint along the workflow; refuses changes ``TRANSITIONS`` does not allow.

    Moving to ``resolved`` needs ``resolution`` (how it was solved); ``first_contact`` and
    ``satisfaction`` (1–5, when the customer was asked) are stored with it.
    ``expected_status``: the status the user saw (a different one raises ``ConflictError``).
    """
    now = now or clock_now()
    if to_status not in STATUSES:
        raise ValidationError({"status": _("Unknown status {status}.", status=to_status)})
    sat_value: int | None = None
    if to_status == "resolved":
        errors: dict[str, str] = {}
        if not _clean(resolution):
            errors["resolution"] = _("Describe how the complaint was resolved.")
        if satisfaction not in (None, ""):
            try:
                sat_value = int(str(satisfaction).strip())
            except ValueError:
                sat_value = 0
            if not 1 <= sat_value <= 5:
                errors["satisfaction"] = _(
                    "Satisfaction is a whole number from 1 (very unhappy) to 5 (very happy),"
                    " or empty when not asked."
                )
        if errors:
            raise ValidationError(errors)
    with db.atomic():
        c = _load_for_change(complaint_id, expected_status)
        current = c.status
        if to_status == current:
            raise ValidationError(
                {
                    "status": _(
                        "The complaint is already “{status}”.",
                        status=label("complaint_status", current),
                    )
                }
            )
        if to_status not in allowed_transitions(current):
            raise ValidationError({"status": refuse_message(current, to_status)})
        _mark_breach(c, now)
        clock = Clock.load()
        deadline_moved = False
        if current == "waiting" and c.waiting_since is not None:
            c.deadline_at = clock.extend(c.priority, c.deadline_at, c.waiting_since, now)
            c.waiting_since = None
            deadline_moved = True
        if to_status == "waiting":
            c.waiting_since = now
        if to_status == "resolved":
            if c.deadline_at is not None and now > c.deadline_at:
                c.breached = True
            c.resolved_at = now
            c.resolution = _clean(resolution)
            c.first_contact_resolution = bool(first_contact)
            c.satisfaction = sat_value
        elif to_status == "closed":
            c.closed_at = now
        elif current in DONE_STATUSES:  # reopen
            c.resolved_at = None
            c.closed_at = None
            c.first_contact_resolution = False
            c.deadline_at = clock.deadline(c.priority, now)
            deadline_moved = True
        c.status = to_status
        c.updated_at = now
        c.save()
        event_note = _clean(note)
        if to_status == "resolved":
            # The history keeps what this resolution was; a later reopen and second
            # resolution replace the fields on the complaint itself.
            facts = []
            if c.first_contact_resolution:
                facts.append(_("solved at the first contact"))
            if sat_value is not None:
                facts.append(_("satisfaction {n}/5", n=sat_value))
            event_note = "\n".join(x for x in (c.resolution, " · ".join(facts), event_note) if x)
        ComplaintEvent.create(
            complaint=c,
            at=now,
            kind="status",
            from_status=current,
            to_status=to_status,
            note=event_note,
            author=current_user(),
        )
        record(
            "complaint_status",
            c.customer_id,
            {"complaint": c.id, "from": current, "to": to_status},
            at=now,
        )
        if deadline_moved and c.status in OPEN_STATUSES:
            ComplaintEvent.create(
                complaint=c,
                at=now,
                kind="deadline",
                note=c.deadline_at.isoformat(),
                author=current_user(),
            )
    return c


def resolve(
    complaint_id: int,
    resolution: str,
    first_contact: bool = False,
    satisfaction: int | str | None = None,
    note: str | None = None,
    expected_status: str | None = None,
    now: datetime | None = None,
) -> Complaint:
    return change_status(
        complaint_id,
        "resolved",
        note,
        resolution=resolution,
        first_contact=first_contact,
        satisfaction=satisfaction,
        expected_status=expected_status,
        now=now,
    )


def reopen(
    complaint_id: int,
    note: str | None = None,
    expected_status: str | None = None,
    now: datetime | None = None,
) -> Complaint:
    c = get_complaint(complaint_id)
    if c.status not in DONE_STATUSES:
        raise ValidationError(
            {
                "status": _(
                    "Only a resolved or closed complaint can be reopened; this one is “{status}”.",
                    status=label("complaint_status", c.status),
                )
            }
        )
    return change_status(
        complaint_id, "in_progress", note, expected_status=expected_status, now=now
    )


def add_note(complaint_id: int, note: str, now: datetime | None = None) -> ComplaintEvent:
    """A note in the history; allowed at any point, also after closing."""
    now = now or clock_now()
    text = _clean(note)
    if not text:
        raise ValidationError({"note": _("Write the note first: it cannot be empty.")})
    with db.atomic():
        c = get_complaint(complaint_id)
        if not c.breached and is_overdue(c, now):
            Complaint.update(breached=True).where(Complaint.id == c.id).execute()
        Complaint.update(updated_at=now).where(Complaint.id == c.id).execute()
        return ComplaintEvent.create(
            complaint=c, at=now, kind="note", note=text, author=current_user()
        )


def mark_breaches(now: datetime | None = None) -> int:
    """Store ``breached`` on open complaints that are overdue now; returns how many."""
    now = now or clock_now()
    with db.atomic():
        return (
            Complaint.update(breached=True)
            .where(overdue_expr(now) & (Complaint.breached == False))  # noqa: E712
            .execute()
        )
