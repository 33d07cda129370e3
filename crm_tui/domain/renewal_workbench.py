"""The renewal workbench: the renewals of a period, filtered, and acted on several at once.

A row is a policy ending in the period that is still to be renewed (``active``) or whose
renewal was handled (``renewed``, ``lost``). The state an office works by:

* ``open``: active, no offer sent, not postponed past today;
* ``offered``: the renewal offer went to the customer (``renewal_offered_at``, step 13);
* ``postponed``: active, decision put off to a later day (``renewal_postponed_to``);
* ``renewed`` / ``lost``: handled (policy status ``renewed`` / ``lapsed``).

The premium change of a row: the renewal's premium against this policy's once renewed;
before that, this policy's premium against the one it renewed (``renewed_from``), i.e.
what the customer saw change last time. No premium on either side: no change (unknown).

Bulk actions (assign, remind, mark offered) take a list of policy ids and are all or
nothing: one transaction, refused whole when any of the policies is no longer open; each
policy gets its row in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from peewee import JOIN, fn

from ..clock import now as clock_now
from ..clock import today as clock_today
from ..db.models import Customer, Policy, Reminder, db
from ..i18n import _
from .errors import ValidationError
from .interactions import follow_up_day, parse_follow_up
from .labels import label
from .parsing import parse_date
from .who import current_user, record, user_name

STATES = ["open", "offered", "postponed", "renewed", "lost"]
# premium change bands: code -> [low, high) in percent (None: unbounded)
BANDS: dict[str, tuple[Decimal | None, Decimal | None]] = {
    "down": (None, Decimal(0)),
    "flat": (Decimal(0), Decimal(10)),
    "up10": (Decimal(10), Decimal(25)),
    "up25": (Decimal(25), None),
}
BAND_NAMES = ["down", "flat", "up10", "up25", "unknown"]
MAX_ROWS = 500
BEFORE_DAYS = 30  # the default period: ended a month ago ...
AHEAD_DAYS = 90  # ... to three months ahead


@dataclass
class WorkbenchFilter:
    date_from: date | None = None
    date_to: date | None = None
    line: str | None = None
    insurer: str | None = None
    state: str | None = None  # one of STATES or "todo" (not yet handled), None: all
    band: str | None = None  # one of BAND_NAMES, None: all
    user: str | None = None  # assigned to; "-" nobody

    def period(self, today: date | None = None) -> tuple[date, date]:
        today = today or clock_today()
        return (
            self.date_from or today - timedelta(days=BEFORE_DAYS),
            self.date_to or today + timedelta(days=AHEAD_DAYS),
        )


@dataclass
class WorkbenchRow:
    policy_id: int
    customer_id: int
    customer_name: str
    line: str
    provider: str | None
    number: str | None
    end_date: date
    premium: Decimal | None
    currency: str
    state: str
    assigned_to: str | None
    change: Decimal | None  # percent, one decimal

    @property
    def line_label(self) -> str:
        return label("line", self.line)

    @property
    def state_label(self) -> str:
        return state_text(self.state)


def state_label(self) -> str:
    return state_text(self.state)


STATE_LABELS = {
    "open": "open",
    "offered": "offered",
    "postponed": "postponed",
    "renewed": "renewed",
    "lost": "lost",
}


def state_text(code: str) -> str:
    return {
        "open": _("open"),
        "offered": _("offered"),
        "postponed": _("postponed"),
        "renewed": _("renewed"),
        "lost": _("lost"),
        "todo": _("to do (open, offered, postponed)"),
    }.get(code, code)


def band_label(code: str) -> str:
    return {
        "down": _("premium down"),
        "flat": _("0–10 % up"),
        "up10": _("10–25 % up"),
        "up25": _("25 % or more up"),
        "unknown": _("change unknown"),
    }.get(code, code)


def band_of(change: Decimal | None) -> str:
    if change is None:
        return "unknown"
    for code, (low, high) in BANDS.items():
        if (low is None or change >= low) and (high is None or change < high):
            return code
    return "unknown"  # pragma: no cover - the bands cover every number


def _minor(value) -> Decimal | None:
    return None if value is None else (Decimal(int(value)) / 100).quantize(Decimal("0.01"))


def _change(old: Decimal | None, new: Decimal | None) -> Decimal | None:
    if old is None or new is None or old <= 0:
        return None
    return ((new - old) * 100 / old).quantize(Decimal("0.1"))


def _state_where(state: str, today: date):
    active = Policy.status == "active"
    if state == "renewed":
        return Policy.status == "renewed"
    if state == "lost":
        return Policy.status == "lapsed"
    if state == "todo":  # open, offered or postponed: what is still to be done
        return active
    if state == "offered":
        return active & Policy.renewal_offered_at.is_null(False)
    postponed = Policy.renewal_postponed_to.is_null(False) & (Policy.renewal_postponed_to > today)
    if state == "postponed":
        return active & Policy.renewal_offered_at.is_null(True) & postponed
    return active & Policy.renewal_offered_at.is_null(True) & ~postponed  # open


def _state(status: str, offered: datetime | None, postponed: date | None, today: date) -> str:
    if status == "renewed":
        return "renewed"
    if status == "lapsed":
        return "lost"
    if offered is not None:
        return "offered"
    if postponed is not None and postponed > today:
        return "postponed"
    return "open"


def workbench(
    flt: WorkbenchFilter | None = None,
    today: date | None = None,
    limit: int = MAX_ROWS,
    offset: int = 0,
) -> tuple[list[WorkbenchRow], bool]:
    """The renewals of the filter's period, ending first; (rows, more than ``limit``) from
    row ``offset`` on."""
    flt = flt or WorkbenchFilter()
    today = today or clock_today()
    first, last = flt.period(today)
    prev = Policy.alias("prev")
    nxt = Policy.alias("nxt")
    next_premium = (
        nxt.select(fn.MAX(nxt.premium)).where(nxt.renewed_from == Policy.id).alias("next_premium")
    )
    query = (
        Policy.select(
            Policy.id,
            Policy.customer,
            Customer.name,
            Policy.line,
            Policy.provider,
            Policy.number,
            Policy.plate,
            Policy.end_date,
            Policy.premium,
            Policy.currency,
            Policy.status,
            Policy.renewal_offered_at,
            Policy.renewal_postponed_to,
            Policy.renewal_assigned_to,
            prev.premium.alias("prev_premium"),
            next_premium,
        )
        .join(Customer, on=(Policy.customer == Customer.id))
        .join_from(Policy, prev, JOIN.LEFT_OUTER, on=(Policy.renewed_from == prev.id))
        .where(
            Policy.status.in_(["active", "renewed", "lapsed"]),
            Policy.end_date >= first,
            Policy.end_date <= last,
        )
        .order_by(Policy.end_date, Policy.id)
    )
    if flt.line:
        query = query.where(Policy.line == flt.line)
    if flt.insurer:
        query = query.where(Policy.provider == flt.insurer)
    if flt.state:
        query = query.where(_state_where(flt.state, today))
    if flt.user == "-":
        query = query.where(Policy.renewal_assigned_to.is_null(True))
    elif flt.user:
        query = query.where(fn.lower(Policy.renewal_assigned_to) == flt.user.lower())
    if not flt.band:  # the band is computed here: without it the database stops at the limit
        query = query.offset(offset).limit(limit + 1)
    skip = offset if flt.band else 0
    rows: list[WorkbenchRow] = []
    for r in query.dicts().iterator():
        premium = r["premium"]
        renewal = _minor(r["next_premium"])
        if r["status"] == "renewed" and renewal is not None:
            change = _change(premium, renewal)
        else:
            change = _change(r["prev_premium"], premium)
        if flt.band and band_of(change) != flt.band:
            continue
        if skip:
            skip -= 1
            continue
        rows.append(
            WorkbenchRow(
                policy_id=r["id"],
                customer_id=r["customer"],
                customer_name=r["name"],
                line=r["line"],
                provider=r["provider"],
                number=r["number"] or r["plate"],
                end_date=r["end_date"],
                premium=premium,
                currency=r["currency"],
                state=_state(
                    r["status"], r["renewal_offered_at"], r["renewal_postponed_to"], today
                ),
                assigned_to=r["renewal_assigned_to"],
                change=change,
            )
        )
        if len(rows) > limit:
            break
    return rows[:limit], len(rows) > limit


def _open_policies(policy_ids: list[int]) -> list[Policy]:
    """The chosen policies, all still active, or ValidationError (nothing is changed)."""
    ids = sorted(set(policy_ids))
    if not ids:
        raise ValidationError(_("Choose at least one renewal."))
    policies = list(Policy.select().where(Policy.id.in_(ids), Policy.status == "active"))
    if len(policies) != len(ids):
        missing = len(ids) - len(policies)
        raise ValidationError(
            _(
                "{n} of the chosen renewals are no longer open; nothing was changed.",
                n=missing,
            )
        )
    return policies


def bulk_assign(policy_ids: list[int], user: str | None, now: datetime | None = None) -> int:
    """Give the renewals to ``user`` (blank: nobody); their open renewal reminders follow."""
    now = now or clock_now()
    name = user_name(user, field="user")
    with db.atomic():
        policies = _open_policies(policy_ids)
        ids = [p.id for p in policies]
        Policy.update(renewal_assigned_to=name, updated_at=now).where(Policy.id.in_(ids)).execute()
        Reminder.update(assigned_to=name, updated_at=now).where(
            Reminder.policy.in_(ids), Reminder.status == "open", Reminder.kind == "renewal"
        ).execute()
        for p in policies:
            record("renewal_assigned", p.customer_id, {"policy": p.id, "to": name}, at=now)
    return len(ids)


def bulk_mark_offered(policy_ids: list[int], now: datetime | None = None) -> int:
    """The renewal offer went out for each of these policies."""
    now = now or clock_now()
    with db.atomic():
        policies = _open_policies(policy_ids)
        Policy.update(renewal_offered_at=now, updated_at=now).where(
            Policy.id.in_([p.id for p in policies])
        ).execute()
        for p in policies:
            record("renewal_offered", p.customer_id, {"policy": p.id}, at=now)
    return len(policies)


def parse_day(text: str | date, today: date) -> date:
    """A reminder's day as typed: 1 tomorrow, 2 in a week, 3 in a month, or a date."""
    if isinstance(text, date):
        day = text
    else:
        choice, _typed = parse_follow_up(text)
        try:
            if choice in ("tomorrow", "week", "month"):
                day = follow_up_day(choice, None, today) or today
            else:
                day = parse_date(text, today)
        except ValidationError as exc:
            raise ValidationError({"day": str(exc)}) from exc
    if day < today:
        raise ValidationError({"day": _("Choose today or a later day.")})
    return day


def bulk_remind(
    policy_ids: list[int], day: str | date, now: datetime | None = None
) -> list[Reminder]:
    """A renewal reminder on ``day`` (9:00) for each policy, for whoever works the renewal
    (else the current user)."""
    now = now or clock_now()
    when = parse_day(day, now.date())
    made = []
    with db.atomic():
        for p in _open_policies(policy_ids):
            title = _(
                "Renewal: {line} {number}",
                line=label("line", p.line),
                number=p.number or p.plate or "",
            ).strip()
            reminder = Reminder.create(
                customer=p.customer_id,
                policy=p.id,
                title=title,
                due_at=datetime.combine(when, time(9, 0)),
                kind="renewal",
                assigned_to=p.renewal_assigned_to or current_user(),
                created_at=now,
                updated_at=now,
            )
            record(
                "renewal_reminder",
                p.customer_id,
                {"policy": p.id, "reminder": reminder.id, "day": when.isoformat()},
                at=now,
            )
            made.append(reminder)
    return made


def insurers() -> list[str]:
    """The insurers of the book's policies, for the filter."""
    rows = Policy.select(Policy.provider).where(Policy.provider.is_null(False)).distinct()
    return sorted({r.provider for r in rows if r.provider}, key=str.casefold)
