"""Writing commission lines: a receipt, the sub-agent's share, the clawback of a policy
cancelled before its end (pro rata, written as a negative line when it is cancelled)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ...clock import today as clock_today
from ...db.models import AuditLog, CommissionEntry, Policy, db
from ...i18n import _, format_date
from ..errors import NotFound, ValidationError
from ..parsing import parse_date, parse_money
from ..roles import can, require, server_refusal
from ..who import current_user, record
from .rates import expected_of

KINDS = ("received", "clawback", "subagent")
# A receipt dated ahead of today by more than this is a typing mistake (a date the
# insurer's statement gives may be a day or two ahead of the desk's clock).
MAX_DAYS_AHEAD = 3
CENT = Decimal("0.01")


def _policy(policy_id: int) -> Policy:
    policy = Policy.get_or_none(Policy.id == policy_id)
    if policy is None:
        raise NotFound(_("Policy {id} not found.", id=policy_id))
    return policy


def record_receipt(
    policy_id: int,
    on: str | date,
    amount: str,
    note: str | None = None,
    today: date | None = None,
) -> CommissionEntry:
    """The insurer paid ``amount`` of the policy's commission on ``on``."""
    require("see_commission")
    today = today or clock_today()
    errors: dict[str, str] = {}
    day = today
    try:
        day = on if isinstance(on, date) else parse_date(on, today)
        if day > today + timedelta(days=MAX_DAYS_AHEAD):
            errors["date"] = _(
                "A receipt cannot be dated after {day}.",
                day=format_date(today + timedelta(days=MAX_DAYS_AHEAD)),
            )
    except ValidationError as exc:
        errors["date"] = str(exc)
    value = Decimal(0)
    try:
        value = parse_money(amount)
        if value <= 0:
            errors["amount"] = _("The amount must be more than zero.")
    except ValidationError as exc:
        errors["amount"] = str(exc)
    if errors:
        raise ValidationError(errors)
    with server_refusal("see_commission"), db.atomic():
        policy = _policy(policy_id)
        entry = CommissionEntry.create(
            policy=policy_id,
            kind="received",
            date=day,
            amount=value,
            note=(note or "").strip() or None,
            created_by=current_user(),
        )
        record("commission_received", policy.customer_id, {"policy": policy_id})
    return entry


def set_subagent(policy_id: int, share: str, today: date | None = None) -> Decimal | None:
    """The sub-agent's (tali acente) share of a policy: ``20%`` of the expected commission
    or an amount; empty removes it. Returns the amount kept."""
    require("see_commission")
    text = (share or "").strip()
    with server_refusal("see_commission"), db.atomic():
        policy = _policy(policy_id)
        CommissionEntry.delete().where(
            CommissionEntry.policy == policy_id, CommissionEntry.kind == "subagent"
        ).execute()
        if not text:
            return None
        note = None
        if text.endswith("%"):
            try:
                percent = parse_money(text[:-1])
            except ValidationError as exc:
                raise ValidationError({"subagent": str(exc)}) from exc
            if not Decimal(0) < percent <= Decimal(100):
                raise ValidationError({"subagent": _("A share is between 0 and 100 %.")})
            expected = expected_of(policy) or Decimal(0)
            amount = (expected * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
            note = f"{percent.normalize()} %"
        else:
            try:
                amount = parse_money(text)
            except ValidationError as exc:
                raise ValidationError({"subagent": str(exc)}) from exc
            if amount <= 0:
                raise ValidationError({"subagent": _("The amount must be more than zero.")})
        CommissionEntry.create(
            policy=policy_id,
            kind="subagent",
            date=today or clock_today(),
            amount=amount,
            note=note,
            created_by=current_user(),
        )
    return amount


def clawback_amount(expected: Decimal, start: date, end: date, cancelled_on: date) -> Decimal:
    """The negative share of ``expected`` for the days the policy no longer runs: days
    remaining / days of the term (all of it when cancelled before the start)."""
    term = (end - start).days
    if term <= 0 or cancelled_on >= end or expected <= 0:
        return Decimal(0)
    remaining = min((end - cancelled_on).days, term)
    return -(expected * remaining / term).quantize(CENT, rounding=ROUND_HALF_UP)


def clawback_on_cancel(policy_id: int, cancelled_on: date) -> CommissionEntry | None:
    """Called when a policy becomes cancelled (``policies.update_policy``): the clawback
    line, once. Staff can neither read the commission nor write its lines: their
    cancellation leaves a ``clawback_due`` row in the audit log, which the owner's next
    look turns into the line (``settle_clawbacks``)."""
    if not can("see_commission"):
        policy = _policy(policy_id)
        record("clawback_due", policy.customer_id, {"policy": policy_id, "on": str(cancelled_on)})
        return None
    with server_refusal("see_commission"):
        policy = _policy(policy_id)
        return _write_clawback(policy, cancelled_on)


def _write_clawback(policy: Policy, cancelled_on: date) -> CommissionEntry | None:
    if policy.end_date is None:
        return None
    if (
        CommissionEntry.select()
        .where(CommissionEntry.policy == policy.id, CommissionEntry.kind == "clawback")
        .exists()
    ):
        return None
    expected = expected_of(policy)
    if not expected:
        return None
    amount = clawback_amount(expected, policy.start_date, policy.end_date, cancelled_on)
    if not amount:
        return None
    return CommissionEntry.create(
        policy=policy.id,
        kind="clawback",
        date=cancelled_on,
        amount=amount,
        note=_("cancelled on {day}", day=format_date(cancelled_on)),
        created_by=current_user(),
    )


def clawback_on_uncancel(policy_id: int) -> int:
    """Called when a cancelled policy becomes active again (``policies.update_policy``): the
    cancellation is undone, so the clawback was never owed and its line is removed (not
    reversed with a positive line, which would show a receipt that never happened). Staff
    may not touch commission lines: they leave ``clawback_void`` in the audit log and the
    owner's next look removes the line (``settle_clawbacks``). Returns lines removed."""
    if not can("see_commission"):
        policy = _policy(policy_id)
        record("clawback_void", policy.customer_id, {"policy": policy_id})
        return 0
    with server_refusal("see_commission"):
        return _remove_clawback(policy_id)


def _remove_clawback(policy_id: int) -> int:
    return int(
        CommissionEntry.delete()
        .where(CommissionEntry.policy == policy_id, CommissionEntry.kind == "clawback")
        .execute()
    )


def settle_clawbacks() -> int:
    """The clawbacks of policies staff cancelled (``clawback_due`` in the audit log), on the
    day they were cancelled. Returns how many were written."""
    if not can("see_commission"):
        return 0
    written = 0
    with server_refusal("see_commission"), db.atomic():
        void = AuditLog.select(AuditLog.detail).where(AuditLog.action == "clawback_void")
        for row in void.iterator():
            pid = json.loads(row.detail or "{}").get("policy")
            policy = Policy.get_or_none(Policy.id == pid) if isinstance(pid, int) else None
            if policy is not None and policy.status != "cancelled":
                _remove_clawback(pid)
        # the newest cancellation's day first: a policy cancelled, restored and cancelled again
        due = (
            AuditLog.select(AuditLog.detail)
            .where(AuditLog.action == "clawback_due")
            .order_by(AuditLog.id.desc())
        )
        done = {
            e.policy_id
            for e in CommissionEntry.select(CommissionEntry.policy_id).where(
                CommissionEntry.kind == "clawback"
            )
        }
        for row in due.iterator():
            detail = json.loads(row.detail or "{}")
            pid = detail.get("policy")
            if not isinstance(pid, int) or pid in done:
                continue
            policy = Policy.get_or_none(Policy.id == pid)
            if policy is None or policy.status != "cancelled":
                continue  # gone, or no longer cancelled (the cancellation was undone)
            if _write_clawback(policy, date.fromisoformat(detail["on"])):
                written += 1
            done.add(pid)
    return written
