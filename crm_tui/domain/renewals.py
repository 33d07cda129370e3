"""Policy and contract renewals: alerts at lead times, and handling (renewed, lost, postponed).

A policy (status ``active`` with an ``end_date``) is *at a lead time* when the days left
until its end fall in that lead's window: with leads 90/60/30/15/7/1 the 30-day alert covers
16-30 days left, the 1-day alert 0-1 days left, and ended-but-unhandled policies (up to
``LAPSE_DAYS`` after the end) sit at lead 0. Each lead is shown once: dismissing it (or
postponing) writes a ``RenewalAlert`` row for that lead, and the policy comes back only when it
enters the next window. Renewed or lost policies are no longer active and never come back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from ..clock import now as clock_now
from ..clock import today as clock_today
from ..db import agenda as agenda_sql
from ..db import search
from ..db.models import Customer, Policy, Reminder, RenewalAlert, db
from ..i18n import _
from .errors import NotFound, ValidationError
from .interactions import follow_up_day, parse_follow_up
from .labels import label
from .parsing import parse_date, parse_money
from .settings import DEFAULTS, get_setting, set_setting
from .who import current_user, record

LAPSE_DAYS = 30  # how long an ended, unhandled policy keeps showing (lead 0)
LOST_REASONS = ["price", "service", "competitor", "moved", "other"]


def lead_table(value: dict | None = None) -> dict[str, list[int]]:
    """The ``renewal_lead_days`` setting, cleaned: line -> lead days, largest first."""
    if value is None:
        value = get_setting("renewal_lead_days")
    if not isinstance(value, dict):
        value = DEFAULTS["renewal_lead_days"]
    table: dict[str, list[int]] = {}
    for line, leads in value.items():
        try:
            cleaned = sorted({int(x) for x in leads if int(x) > 0}, reverse=True)
        except (TypeError, ValueError):
            continue
        if cleaned:
            table[str(line)] = cleaned
    table.setdefault("*", list(DEFAULTS["renewal_lead_days"]["*"]))
    return table


MAX_LEADS = 10
MAX_LEAD_DAYS = 365


def format_leads(leads: list[int]) -> str:
    """``90, 60, 30, 15, 7, 1``: lead days as the settings form shows them."""
    return ", ".join(str(x) for x in sorted(leads, reverse=True))


def parse_leads(text: str) -> list[int]:
    """Typed lead days (``90, 60, 30`` or ``90 60 30``), largest first, without repeats."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
    try:
        leads = sorted({int(p) for p in parts}, reverse=True)
    except ValueError:
        leads = []
    if not leads or any(not 1 <= x <= MAX_LEAD_DAYS for x in leads) or len(leads) > MAX_LEADS:
        raise ValidationError(
            _(
                "Type days before the end date, separated by commas, e.g. 90, 30, 7"
                " (whole numbers from 1 to {max}, at most {count}).",
                max=MAX_LEAD_DAYS,
                count=MAX_LEADS,
            )
        )
    return leads


def save_lead_table(texts: dict[str, str]) -> dict[str, list[int]]:
    """Store the lead times from the settings form: ``texts`` maps ``*`` (every line without
    its own) and product lines to typed days; an empty line falls back to ``*``. Nothing is
    saved unless every entry is valid (errors keyed by line)."""
    errors: dict[str, str] = {}
    table: dict[str, list[int]] = {}
    for line, text in texts.items():
        if not (text or "").strip():
            if line == "*":
                errors[line] = _("The default lead times are required, e.g. 90, 60, 30, 15, 7, 1.")
            continue
        try:
            table[line] = parse_leads(text)
        except ValidationError as exc:
            errors[line] = str(exc)
    if errors:
        raise ValidationError(errors)
    set_setting("renewal_lead_days", table)
    return lead_table(table)


def current_lead(days_left: int, leads: list[int]) -> int | None:
    """The lead whose window holds ``days_left`` (0 once ended), None when too early."""
    if days_left < 0:
        return 0 if days_left >= -LAPSE_DAYS else None
    inside = [lead for lead in leads if days_left <= lead]
    return min(inside) if inside else None


@dataclass
class RenewalRow:
    policy_id: int
    customer_id: int
    customer_name: str
    line: str
    kind: str
    provider: str | None
    number: str | None
    plate: str | None
    end_date: date
    days_left: int
    lead: int | None
    premium: Decimal | None
    currency: str
    postponed_to: date | None = None

    @property
    def line_label(self) -> str:
        return label("line", self.line)


_COLUMNS = [
    Policy.id,
    Policy.customer,
    Customer.name,
    Policy.line,
    Policy.kind,
    Policy.provider,
    Policy.number,
    Policy.plate,
    Policy.end_date,
    Policy.premium,
    Policy.currency,
    Policy.renewal_postponed_to,
]


def _rows(tuples, today: date, table: dict[str, list[int]]) -> list[RenewalRow]:
    rows = []
    for (
        pid,
        cid,
        name,
        line,
        kind,
        provider,
        number,
        plate,
        end,
        premium,
        cur,
        post,
    ) in tuples:
        days_left = (end - today).days
        lead = current_lead(days_left, table.get(line, table["*"]))
        rows.append(
            RenewalRow(
                pid,
                cid,
                name,
                line,
                kind,
                provider,
                number,
                plate,
                end,
                days_left,
                lead,
                premium,
                cur,
                post,
            )
        )
    return rows


def renewals_due(
    today: date | None = None, limit: int = 50, table: dict[str, list[int]] | None = None
) -> list[RenewalRow]:
    """Policies at a lead time whose alert for that lead was not handled yet, ending first.
    ``table``: the lead times (``lead_table()`` when not given)."""
    today = today or clock_today()
    table = table or lead_table()
    max_lead = max(max(v) for v in table.values())
    rows = agenda_sql.renewals_due(
        today,
        first=today - timedelta(days=LAPSE_DAYS),
        last=today + timedelta(days=max_lead),
        table=table,
        # some lines start later than the widest lead: drop policies outside every window
        only_in_window=any(max(v) < max_lead for v in table.values()),
        limit=limit,
    )
    return _rows(rows, today, table)


def renewals_due_count(
    today: date | None = None,
    table: dict[str, list[int]] | None = None,
    cap: int | None = None,
) -> int:
    """How many policies ``renewals_due`` lists without a limit (Today's count); with ``cap``,
    at most ``cap`` (counting stops there)."""
    today = today or clock_today()
    table = table or lead_table()
    max_lead = max(max(v) for v in table.values())
    return agenda_sql.renewals_due_count(
        today,
        first=today - timedelta(days=LAPSE_DAYS),
        last=today + timedelta(days=max_lead),
        table=table,
        only_in_window=any(max(v) < max_lead for v in table.values()),
        cap=cap,
    )


def upcoming(
    today: date | None = None, days: int = 90, offset: int = 0, limit: int = 100
) -> tuple[list[RenewalRow], bool]:
    """Active policies ending in the next ``days`` (and ended ones not yet handled), paged."""
    today = today or clock_today()
    table = lead_table()
    query = (
        Policy.select(*_COLUMNS)
        .join(Customer, on=(Policy.customer == Customer.id))
        .where(
            Policy.status == "active",
            Policy.end_date >= today - timedelta(days=LAPSE_DAYS),
            Policy.end_date <= today + timedelta(days=days),
        )
        .order_by(Policy.end_date, Policy.id)
        .offset(offset)
        .limit(limit + 1)
    )
    rows = _rows(query.tuples(), today, table)
    return rows[:limit], len(rows) > limit


def get_policy(policy_id: int) -> Policy:
    policy = Policy.get_or_none(Policy.id == policy_id)
    if policy is None:
        raise NotFound(_("Policy {id} not found.", id=policy_id))
    return policy


def _active(policy_id: int) -> Policy:
    policy = get_policy(policy_id)
    if policy.status != "active":
        raise ValidationError(
            _(
                "This policy is already {status}.",
                status=label("policy_status", policy.status).lower(),
            )
        )
    return policy


def _close_renewal_reminders(policy_id: int, now: datetime) -> None:
    Reminder.update(status="done", done_at=now, updated_at=now).where(
        Reminder.policy == policy_id, Reminder.status == "open", Reminder.kind == "renewal"
    ).execute()


def _record_alert(policy: Policy, today: date, now: datetime) -> int | None:
    if policy.end_date is None:
        return None
    leads = lead_table().get(policy.line) or lead_table()["*"]
    lead = current_lead((policy.end_date - today).days, leads)
    if lead is not None:
        RenewalAlert.insert(
            policy=policy.id, lead_days=lead, handled_at=now
        ).on_conflict_ignore().execute()
    return lead


def dismiss(policy_id: int, today: date | None = None, now: datetime | None = None) -> int | None:
    """Mark the current lead's alert as seen; the policy returns at its next lead time."""
    today = today or clock_today()
    now = now or clock_now()
    with db.atomic():
        return _record_alert(_active(policy_id), today, now)


def term_of(policy: Policy) -> relativedelta:
    """The policy's term: whole months/years when it spans them, else days; one year by default."""
    if policy.start_date and policy.end_date and policy.end_date > policy.start_date:
        rd = relativedelta(policy.end_date, policy.start_date)
        if rd.days == 0:
            return relativedelta(years=rd.years, months=rd.months)
        return relativedelta(days=(policy.end_date - policy.start_date).days)
    return relativedelta(years=1)


@dataclass
class RenewalProposal:
    start_date: date
    end_date: date
    premium: Decimal | None
    number: str | None


def propose(policy_id: int) -> RenewalProposal:
    """Default values of the renewal form: dates moved by the policy's term, same premium."""
    policy = get_policy(policy_id)
    start = policy.end_date or clock_today()
    return RenewalProposal(
        start_date=start,
        end_date=start + term_of(policy),
        premium=policy.premium,
        number=policy.number,
    )


def renew(
    policy_id: int,
    premium: str | Decimal | None = None,
    start: str | date | None = None,
    end: str | date | None = None,
    number: str | None = None,
    now: datetime | None = None,
) -> Policy:
    """Create the next policy (linked by ``renewed_from``), mark the old one renewed."""
    now = now or clock_now()
    errors: dict[str, str] = {}
    proposal = propose(policy_id)
    start_date, end_date = proposal.start_date, proposal.end_date
    try:
        if isinstance(start, str) and start.strip():
            start_date = parse_date(start, now.date())
        elif isinstance(start, date):
            start_date = start
    except ValidationError as exc:
        errors["start_date"] = str(exc)
    try:
        if isinstance(end, str) and end.strip():
            end_date = parse_date(end, now.date())
        elif isinstance(end, date):
            end_date = end
        elif start is not None and "start_date" not in errors:
            end_date = start_date + term_of(get_policy(policy_id))
    except ValidationError as exc:
        errors["end_date"] = str(exc)
    if not errors and end_date <= start_date:
        errors["end_date"] = _("The end date must be after the start date.")
    amount = proposal.premium
    if isinstance(premium, Decimal):
        amount = premium
    elif isinstance(premium, str):
        if premium.strip():
            try:
                amount = parse_money(premium)
            except ValidationError as exc:
                errors["premium"] = str(exc)
        else:
            amount = None
    if amount is not None and amount < 0:
        errors["premium"] = _("The premium cannot be negative.")
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        old = _active(policy_id)
        new = Policy.create(
            customer=old.customer_id,
            kind=old.kind,
            line=old.line,
            provider=old.provider,
            number=(number or "").strip() or old.number,
            plate=old.plate,
            start_date=start_date,
            end_date=end_date,
            premium=amount,
            currency=old.currency,
            status="active",
            renewed_from=old.id,
            created_at=now,
            updated_at=now,
        )
        Policy.update(status="renewed", renewal_handled_at=now, updated_at=now).where(
            Policy.id == old.id
        ).execute()
        _close_renewal_reminders(old.id, now)
        search.index_customers([old.customer_id])
        record("policy_renewed", old.customer_id, {"policy": old.id, "new": new.id}, at=now)
    return new


def mark_lost(policy_id: int, reason: str, now: datetime | None = None) -> None:
    """Not renewed: status ``lapsed`` with the reason kept for the win/loss analysis."""
    now = now or clock_now()
    if reason not in LOST_REASONS:
        raise ValidationError(
            {"reason": _("Choose a reason: price, service, competitor, moved or other.")}
        )
    with db.atomic():
        policy = _active(policy_id)
        record("policy_lost", policy.customer_id, {"policy": policy_id, "reason": reason}, at=now)
        Policy.update(
            status="lapsed", lost_reason=reason, renewal_handled_at=now, updated_at=now
        ).where(Policy.id == policy_id).execute()
        _close_renewal_reminders(policy_id, now)


def postpone(
    policy_id: int,
    until: str | date,
    today: date | None = None,
    now: datetime | None = None,
) -> Reminder:
    """Decide later: hide the renewal until ``until`` and put a renewal reminder on that day."""
    now = now or clock_now()
    today = today or now.date()
    if isinstance(until, str):
        # the call form's shortcuts too: 1 tomorrow, 2 in a week, 3 in a month
        choice, _typed = parse_follow_up(until)
        try:
            if choice in ("tomorrow", "week", "month"):
                until = follow_up_day(choice, None, today) or today
            else:
                until = parse_date(until, today)
        except ValidationError as exc:
            raise ValidationError({"until": str(exc)}) from exc
    if until <= today:
        raise ValidationError({"until": _("Choose a day after today.")})
    with db.atomic():
        policy = _active(policy_id)
        Policy.update(renewal_postponed_to=until, updated_at=now).where(
            Policy.id == policy_id
        ).execute()
        _record_alert(policy, today, now)
        _close_renewal_reminders(policy_id, now)
        title = _(
            "Renewal: {line} {number}",
            line=label("line", policy.line),
            number=policy.number or policy.plate or "",
        ).strip()
        return Reminder.create(
            customer=policy.customer_id,
            policy=policy_id,
            title=title,
            due_at=datetime.combine(until, time(9, 0)),
            kind="renewal",
            assigned_to=current_user(),  # who postponed it comes back to it
        )
