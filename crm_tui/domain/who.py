"""Who works at this desk, and the record of who did what (issue 15, ``audit_log``).

The user is, on PostgreSQL, the login the desk connected with (``current_user``: the
server vouches for it, so nothing set here replaces it); on a SQLite file the name given
by ``--user NAME`` or the settings file (``user = "Ayşe"``), set once at start by the
command line (``set_user``), else the operating system's login name.

``record(action, customer_id, detail)`` writes one ``AuditLog`` row with that user; every
change the log keeps goes through it (imports, exports, erasures, restores, merges,
interactions, reminders done or snoozed, policy changes, complaint status changes).
``detail`` holds ids, kinds and file names, never a person's data (an erasure clears the
details of the person's rows: ``privacy``).
"""

from __future__ import annotations

import getpass
import json
from datetime import date, datetime, time
from typing import Any

from peewee import fn

from ..clock import now as clock_now
from ..db.connection import database_login
from ..db.models import AppUser, AuditLog, Complaint, Policy, Reminder
from ..i18n import N_, _
from .errors import ValidationError

_user: str | None = None


def set_user(name: str | None) -> None:
    """The name this desk works under on a SQLite file (``--user``, the settings file);
    None or blank: the operating system's login."""
    global _user
    _user = " ".join(name.split()) if name and name.strip() else None


def os_login() -> str:
    """The operating system's login name ("?" when it cannot be told)."""
    try:
        return getpass.getuser() or "?"
    except (OSError, KeyError, ImportError):  # no USER/LOGNAME and no passwd entry
        return "?"


def current_user() -> str:
    """Who is working: the PostgreSQL login, else the name set at start, else the OS's."""
    return database_login() or _user or os_login()


def record(
    action: str,
    customer_id: int | None = None,
    detail: str | dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditLog:
    """One row of the audit log with the current user; a dict ``detail`` is stored as JSON."""
    if isinstance(detail, dict):
        detail = json.dumps(detail, ensure_ascii=False)
    return AuditLog.create(
        at=at or clock_now(),
        action=action,
        customer_id=customer_id,
        detail=detail,
        user=current_user(),
    )


def audit_rows(
    user: str | None = None,
    customer_id: int | None = None,
    since: date | None = None,
    limit: int | None = None,
) -> list[AuditLog]:
    """The log, newest first; ``user`` matched without regard to case, ``since`` from the
    start of that day."""
    query = AuditLog.select().order_by(AuditLog.at.desc(), AuditLog.id.desc())
    if user:
        query = query.where(fn.lower(AuditLog.user) == user.strip().lower())
    if customer_id is not None:
        query = query.where(AuditLog.customer_id == customer_id)
    if since is not None:
        query = query.where(AuditLog.at >= datetime.combine(since, time()))
    if limit:
        query = query.limit(limit)
    return list(query)


# -- the users a desk can name ------------------------------------------------------------

# The audit rows looked at for names: the newest ones (a DISTINCT over a log of 100,000
# rows reads all of them; whoever works here now has written one of the last few thousand).
RECENT_AUDIT_ROWS = 5000
USER_NAME_MAX = 80


def known_users() -> list[str]:
    """The users to offer when assigning: the current user, those who wrote the recent
    audit rows, the book's users (``crm-tui users``), and every name reminders and
    complaints are assigned to; one spelling per name (compared without regard to case),
    sorted."""
    recent = (
        AuditLog.select(AuditLog.user)
        .where(AuditLog.user.is_null(False))
        .order_by(AuditLog.id.desc())
        .limit(RECENT_AUDIT_ROWS)
    )
    names = [current_user()]
    names += [r.user for r in AuditLog.select(recent.c.user.alias("user")).from_(recent).distinct()]
    names += [u.name for u in AppUser.select(AppUser.name)]
    names += [
        r.assigned_to
        for r in Reminder.select(Reminder.assigned_to)
        .where(Reminder.assigned_to.is_null(False))
        .distinct()
    ]
    names += [
        c.assigned_to
        for c in Complaint.select(Complaint.assigned_to)
        .where(Complaint.assigned_to.is_null(False))
        .distinct()
    ]
    names += [
        p.renewal_assigned_to
        for p in Policy.select(Policy.renewal_assigned_to)
        .where(Policy.renewal_assigned_to.is_null(False), Policy.status == "active")
        .distinct()
    ]
    seen: dict[str, str] = {}
    for name in names:
        name = " ".join((name or "").split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return sorted(seen.values(), key=str.casefold)


def user_name(text: str | None, field: str = "assigned_to") -> str | None:
    """A typed user name as stored: spaces tidied, a known user's own spelling when it
    matches one without regard to case ("AYSE" -> "ayse"); blank: None (nobody)."""
    name = " ".join((text or "").split())
    if not name:
        return None
    if len(name) > USER_NAME_MAX:
        raise ValidationError(
            {field: _("A user name has at most {n} characters.", n=USER_NAME_MAX)}
        )
    for known in known_users():
        if known.casefold() == name.casefold():
            return known
    return name


# What each action is called in the list (``crm-tui audit``).
ACTIONS = {
    "interaction": N_("interaction logged"),
    "reminder_done": N_("reminder done"),
    "reminder_snoozed": N_("reminder snoozed"),
    "policy_created": N_("policy added"),
    "policy_changed": N_("policy changed"),
    "policy_renewed": N_("policy renewed"),
    "policy_lost": N_("policy lost"),
    "complaint_status": N_("complaint status changed"),
    "import": N_("import"),
    "export": N_("export"),
    "kvkk_export": N_("KVKK data export"),
    "kvkk_erase": N_("KVKK erasure"),
    "restore": N_("restore from a backup"),
    "merge": N_("customers merged"),
    "reminder_assigned": N_("reminder assigned"),
    "complaint_assigned": N_("complaint assigned"),
    "commission_received": N_("commission received"),
    "clawback_due": N_("commission clawback due"),
    "renewal_assigned": N_("renewal assigned"),
    "renewal_offered": N_("renewal offered"),
    "renewal_reminder": N_("renewal reminder set"),
    "clawback_void": N_("commission clawback void (cancellation undone)"),
    "undo": N_("change undone"),
    "attachment_added": N_("attachment added"),
    "attachment_removed": N_("attachment removed"),
}


def action_text(action: str) -> str:
    return _(ACTIONS[action]) if action in ACTIONS else action
