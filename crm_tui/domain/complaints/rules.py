"""Complaints: the channels, categories, priorities, statuses and the workflow table."""

from __future__ import annotations

from datetime import timedelta

CHANNELS = ("phone", "visit", "email", "whatsapp", "web", "social", "complaint_site")
CATEGORIES = ("product", "service", "billing", "delivery", "staff", "claim", "other")
PRIORITIES = ("low", "normal", "high", "urgent")
STATUSES = ("new", "in_progress", "waiting", "resolved", "closed")
OPEN_STATUSES = ("new", "in_progress", "waiting")
RUNNING_STATUSES = ("new", "in_progress")  # the service clock runs
DONE_STATUSES = ("resolved", "closed")

# The allowed status changes. resolved/closed → in_progress is "reopen".
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("in_progress", "waiting", "resolved"),
    "in_progress": ("waiting", "resolved"),
    "waiting": ("in_progress", "resolved"),
    "resolved": ("closed", "in_progress"),
    "closed": ("in_progress",),
}

SUBJECT_MAX = 200
MAX_LEVEL = timedelta(days=90)  # the longest service level a user can set
DEFAULT_LIMIT = 50
DUE_LIMIT = 50
