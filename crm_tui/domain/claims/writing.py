"""Claims: opening a file on a policy, editing it, status changes and notes (each an event
with who and when)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from ...clock import now as clock_now
from ...db.models import Claim, ClaimEvent, Policy, db
from ...i18n import _, format_date
from ..concurrency import check_version
from ..errors import NotFound, ValidationError
from ..labels import label
from ..parsing import parse_date, parse_money
from ..settings import get_setting
from ..who import current_user, record
from .rules import FILE_NO_MAX, FOLLOW_UP_DAYS, PLACE_MAX, STATUSES, TRANSITIONS, kinds_for


@dataclass
class ClaimInput:
    loss_date: str | date | None = None
    kind: str = "other"
    place: str | None = None
    insurer_file_no: str | None = None
    expected_amount: str | Decimal | None = None
    paid_amount: str | Decimal | None = None
    follow_up_on: str | date | None = None
    notes: str | None = None


def _text(value: str | None) -> str | None:
    return " ".join((value or "").split()) or None


def _day(errors: dict, name: str, value: str | date | None, today: date) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if not value.strip():
        return None
    try:
        return parse_date(value, today)
    except ValidationError as exc:
        errors[name] = str(exc)
        return None


def _money(errors: dict, name: str, value: str | Decimal | None) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = parse_money(value)
    except ValidationError as exc:
        errors[name] = str(exc)
        return None
    if amount < 0:
        errors[name] = _("The amount cannot be negative.")
        return None
    return amount


def validate(data: ClaimInput, line: str | None, today: date) -> dict:
    """The values to store, or ``ValidationError`` naming each wrong field."""
    errors: dict[str, str] = {}
    values: dict = {}
    loss = _day(errors, "loss_date", data.loss_date, today)
    if loss is None and "loss_date" not in errors:
        errors["loss_date"] = _("The date of loss is required.")
    elif loss is not None and loss > today:
        errors["loss_date"] = _(
            "The date of loss cannot be in the future ({date}).", date=format_date(loss)
        )
    values["loss_date"] = loss
    allowed = kinds_for(line)
    if data.kind not in allowed:
        errors["kind"] = _(
            "For this policy choose one of: {choices}.",
            choices=", ".join(label("claim_kind", k) for k in allowed),
        )
    values["kind"] = data.kind
    values["place"] = _text(data.place)
    values["insurer_file_no"] = _text(data.insurer_file_no)
    if values["place"] and len(values["place"]) > PLACE_MAX:
        errors["place"] = _("At most {max} characters.", max=PLACE_MAX)
    if values["insurer_file_no"] and len(values["insurer_file_no"]) > FILE_NO_MAX:
        errors["insurer_file_no"] = _("At most {max} characters.", max=FILE_NO_MAX)
    values["expected_amount"] = _money(errors, "expected_amount", data.expected_amount)
    values["paid_amount"] = _money(errors, "paid_amount", data.paid_amount)
    values["follow_up_on"] = _day(errors, "follow_up_on", data.follow_up_on, today)
    values["notes"] = (data.notes or "").strip() or None
    if errors:
        raise ValidationError(errors)
    return values


def default_follow_up(status: str, today: date) -> date | None:
    """The day a claim in ``status`` comes back on Today (rules.FOLLOW_UP_DAYS)."""
    if status == "closed":
        return None
    days = FOLLOW_UP_DAYS.get(status)
    if status == "documents_awaited":
        try:
            days = max(1, int(get_setting("claim_documents_days") or 7))
        except (TypeError, ValueError):
            days = 7
    return today + timedelta(days=days or 7)


def open_claim(policy_id: int, data: ClaimInput, now: datetime | None = None) -> Claim:
    """A new claim on ``policy_id`` (the policy's customer), status reported, first event."""
    now = now or clock_now()
    row = Policy.select(Policy.customer, Policy.line).where(Policy.id == policy_id).tuples()
    found = row.first()
    if found is None:
        raise ValidationError({"policy": _("Choose the policy the claim is on.")})
    customer_id, line = found
    values = validate(data, line, now.date())
    if values["follow_up_on"] is None:
        values["follow_up_on"] = default_follow_up("reported", now.date())
    with db.atomic():
        claim = Claim.create(
            customer=customer_id,
            policy=policy_id,
            status="reported",
            status_since=now,
            created_at=now,
            updated_at=now,
            **values,
        )
        ClaimEvent.create(
            claim=claim, at=now, kind="status", to_status="reported", author=current_user()
        )
        record("claim_opened", customer_id, {"claim": claim.id}, at=now)
    return claim


def _load(claim_id: int) -> Claim:
    claim = Claim.get_or_none(Claim.id == claim_id)
    if claim is None:
        raise NotFound(_("Claim {id} not found.", id=claim_id))
    return claim


def update_claim(
    claim_id: int,
    data: ClaimInput,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Claim:
    """Edit a claim's details; changed notes are kept in the history as a note event."""
    now = now or clock_now()
    with db.atomic():
        claim = _load(claim_id)
        check_version(claim, expected_version, _("This claim was changed elsewhere."))
        line = (
            Policy.select(Policy.line).where(Policy.id == claim.policy_id).scalar()
            if claim.policy_id
            else None
        )
        values = validate(data, line, now.date())
        if claim.status == "closed":
            values["follow_up_on"] = None
        if values["notes"] and values["notes"] != claim.notes:
            ClaimEvent.create(
                claim=claim, at=now, kind="note", note=values["notes"], author=current_user()
            )
        Claim.update(updated_at=now, version=claim.version + 1, **values).where(
            Claim.id == claim_id
        ).execute()
        record("claim_changed", claim.customer_id, {"claim": claim_id}, at=now)
    return _load(claim_id)


def refuse_message(from_status: str, to_status: str) -> str:
    allowed = TRANSITIONS.get(from_status, ())
    return _(
        "A claim that is “{current}” cannot move to “{target}”. Allowed: {allowed}.",
        current=label("claim_status", from_status),
        target=label("claim_status", to_status),
        allowed=", ".join(label("claim_status", s) for s in allowed) or "—",
    )


def change_status(
    claim_id: int,
    to_status: str,
    note: str | None = None,
    follow_up_on: str | date | None = None,
    paid_amount: str | Decimal | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ClaimEvent:
    """Move a claim along the workflow (rules.TRANSITIONS only), with a note; sets the next
    follow-up day (given, or the status's default) and, when paid, the amount paid."""
    now = now or clock_now()
    if to_status not in STATUSES:
        raise ValidationError({"status": _("Unknown status {status}.", status=to_status)})
    errors: dict[str, str] = {}
    follow = _day(errors, "follow_up_on", follow_up_on, now.date())
    paid = _money(errors, "paid_amount", paid_amount)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        claim = _load(claim_id)
        check_version(claim, expected_version, _("This claim was changed elsewhere."))
        if to_status not in TRANSITIONS.get(claim.status, ()):
            raise ValidationError({"status": refuse_message(claim.status, to_status)})
        if to_status == "paid" and paid is None and claim.paid_amount is None:
            raise ValidationError({"paid_amount": _("Enter the amount the insurer paid.")})
        changes: dict = {
            "status": to_status,
            "status_since": now,
            "updated_at": now,
            "version": claim.version + 1,
            "follow_up_on": None
            if to_status == "closed"
            else (follow or default_follow_up(to_status, now.date())),
            "closed_at": now if to_status == "closed" else None,
        }
        if paid is not None:
            changes["paid_amount"] = paid
        Claim.update(**changes).where(Claim.id == claim_id).execute()
        event = ClaimEvent.create(
            claim=claim_id,
            at=now,
            kind="status",
            from_status=claim.status,
            to_status=to_status,
            note=(note or "").strip() or None,
            author=current_user(),
        )
        record(
            "claim_status",
            claim.customer_id,
            {"claim": claim_id, "from": claim.status, "to": to_status},
            at=now,
        )
    return event


def add_note(claim_id: int, note: str, now: datetime | None = None) -> ClaimEvent:
    """A note in the claim's history (who and when)."""
    now = now or clock_now()
    text = (note or "").strip()
    if not text:
        raise ValidationError({"note": _("Write the note first: it cannot be empty.")})
    with db.atomic():
        claim = _load(claim_id)
        Claim.update(updated_at=now).where(Claim.id == claim_id).execute()
        return ClaimEvent.create(
            claim=claim.id, at=now, kind="note", note=text, author=current_user()
        )


def set_follow_up(claim_id: int, day: str | date | None, now: datetime | None = None) -> Claim:
    """The next-action day of an open claim (empty: none)."""
    now = now or clock_now()
    errors: dict[str, str] = {}
    follow = _day(errors, "follow_up_on", day, now.date())
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        _load(claim_id)
        Claim.update(follow_up_on=follow, updated_at=now).where(Claim.id == claim_id).execute()
    return _load(claim_id)
