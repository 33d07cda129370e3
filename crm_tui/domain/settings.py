"""Business settings stored in the database (shared by every desk on the same file)."""

from __future__ import annotations

import json
from typing import Any

from ..db.dialect import upsert
from ..db.models import Setting, db

DEFAULTS: dict[str, Any] = {
    "business_name": "",
    "currency": "TRY",
    # Renewal reminders: days before the end date, per product line ("*" = default).
    "renewal_lead_days": {"*": [90, 60, 30, 15, 7, 1]},
    # Complaint service levels: hours (urgent) or working days.
    "service_levels": {
        "urgent": {"hours": 4},
        "high": {"working_days": 1},
        "normal": {"working_days": 3},
        "low": {"days": 7},
    },
    "complaint_near_deadline_hours": 24,
    "points_per_100": 1,  # loyalty points earned per 100 currency units
    "tier_thresholds": {"silver": 5000, "gold": 20000, "platinum": 50000},
    "ltv_expected_years": 3,
    "ltv_discount_rate": 0.10,
    "stay_in_touch_default_days": None,
    "birthday_window_days": 7,
    # Claims: days a claim may wait for documents before it comes back on Today.
    "claim_documents_days": 7,
    # Instalments: days before a due date an unpaid instalment comes on Today (call first).
    "instalment_call_days": 3,
    # Undo (ctrl+z): minutes after a change during which it can still be undone.
    "undo_minutes": 5,
    # Attachments: the largest file accepted, in MB.
    "attachment_max_mb": 20,
}


def get_setting(key: str) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return DEFAULTS.get(key)
    return json.loads(row.value)


def get_settings(*keys: str) -> dict[str, Any]:
    """Several settings in one query (defaults for those not stored)."""
    values = {key: DEFAULTS.get(key) for key in keys}
    for key, value in (
        Setting.select(Setting.key, Setting.value).where(Setting.key.in_(keys)).tuples()
    ):
        values[key] = json.loads(value)
    return values


def set_setting(key: str, value: Any) -> None:
    with db.atomic():
        upsert(Setting, [Setting.key], key=key, value=json.dumps(value, ensure_ascii=False))


def all_settings() -> dict[str, Any]:
    values = dict(DEFAULTS)
    for row in Setting.select():
        values[row.key] = json.loads(row.value)
    return values
