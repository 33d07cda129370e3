"""The morning queue: one agenda grouped and ordered by urgency, feeding both the Today screen
and ``crm-tui today``.

Every group is a bounded query (LIMIT, indexes): open reminders through the partial index
``reminder_open_due``, renewals through ``policy_active_end``; nothing loops over all rows.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ..clock import now as clock_now
from ..db import agenda as agenda_sql
from ..db.dialect import prepared_plans
from ..db.models import Interaction
from ..i18n import N_, _, format_date, format_datetime, format_money, ngettext
from ..i18n.collate import sort_key
from . import reminders as rem
from . import renewals as ren
from .labels import label
from .settings import get_setting, get_settings

GROUP_LIMIT = 50
BIRTHDAY_OUTCOME = "birthday_greeted"

GROUPS: list[tuple[str, str]] = [
    ("overdue", N_("Overdue")),
    ("today", N_("Due today")),
    ("renewals", N_("Renewals")),
    ("birthdays", N_("Birthdays")),
    ("stay_in_touch", N_("Stay in touch")),
    ("complaints", N_("Complaints")),
    ("claims", N_("Claims")),
    ("instalments", N_("Instalments")),
]


@dataclass
class AgendaItem:
    kind: str  # reminder | renewal | birthday | stay_in_touch | complaint | claim | instalment
    ref_id: int  # reminder / policy / customer / complaint / claim / instalment id
    customer_id: int | None
    customer_name: str
    title: str
    when: date | datetime | None = None
    late: bool = False
    policy_id: int | None = None
    data: Any = None  # the row the item came from

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.ref_id}"


@dataclass
class AgendaGroup:
    code: str
    title: str  # msgid
    items: list[AgendaItem] = field(default_factory=list)
    more: bool = False  # more lines than shown (the count is "50+" unless ``total`` is known)
    total: int | None = None  # the exact number of lines, shown and not (renewals)
    at_least: bool = False  # ``total`` is a floor: counting stopped there (SCREEN_COUNT_CAP)

    @property
    def count_text(self) -> str:
        if self.total is not None:
            return f"{self.total}+" if self.at_least else str(self.total)
        return f"{len(self.items)}+" if self.more else str(len(self.items))


@dataclass
class Agenda:
    today: date
    groups: list[AgendaGroup]

    @property
    def total(self) -> int:
        """Lines to handle: a group's exact count where known (renewals), else its lines."""
        return sum(len(g.items) if g.total is None else g.total for g in self.groups)

    @property
    def total_text(self) -> str:
        """``174``, or ``111+`` while a group is counted only up to its limit."""
        more = any((g.more and g.total is None) or g.at_least for g in self.groups)
        return f"{self.total}+" if more else str(self.total)

    @property
    def is_clear(self) -> bool:
        return self.total == 0

    def group(self, code: str) -> AgendaGroup:
        return next(g for g in self.groups if g.code == code)


# -- groups -------------------------------------------------------------------------------


def _reminder_items(
    code: str, today: date, now: datetime, limit: int, mine: str | None = None
) -> tuple[list, bool]:
    rows, more = rem.due_reminders(code, today, limit=limit, mine=mine)
    items = []
    for r in rows:
        late = code == "overdue" or (r.has_time and r.due_at < now)
        items.append(
            AgendaItem(
                kind="reminder",
                ref_id=r.id,
                customer_id=r.customer_id,
                customer_name=r.customer_name or "",
                title=r.title,
                when=r.due_at,
                late=late,
                policy_id=r.policy_id,
                data=r,
            )
        )
    return items, more


@dataclass
class BirthdayRow:
    customer_id: int
    name: str
    birthday: date
    on: date  # the day it is celebrated this time (28 Feb for 29 Feb in common years)
    age: int | None


def birthdays(today: date, days: int | None = None, limit: int = GROUP_LIMIT) -> list[BirthdayRow]:
    """Birthdays from today through the next ``days`` (setting ``birthday_window_days``, 7),
    not yet greeted, soonest first and by name within a day. 29 February is celebrated on
    28 February in common years.

    One query per day in calendar order, each ended by the LIMIT, so a day with hundreds of
    birthdays costs no more than ``limit`` index entries (``db.agenda.birthdays_on``)."""
    if days is None:
        days = _window(get_setting("birthday_window_days"))
    # a greeting up to ``days`` ago was for this year's birthday (greeted early)
    since = datetime.combine(today - timedelta(days=days), datetime.min.time())
    rows: list[BirthdayRow] = []
    for i in range(days + 1):
        if len(rows) >= limit:
            break
        day = today + timedelta(days=i)
        keys = [f"{day.month:02d}-{day.day:02d}"]
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            keys.append("02-29")
        batch = agenda_sql.birthdays_on(keys, BIRTHDAY_OUTCOME, since, limit - len(rows))
        # the index walks names in byte order (Ş after Z); a day is shown in Turkish order
        rows.extend(
            BirthdayRow(cid, name, birthday, day, _age(birthday, day))
            for cid, name, birthday in sorted(batch, key=lambda r: sort_key(r[1]))
        )
    return rows


def _window(value: object) -> int:
    """The ``birthday_window_days`` setting, cleaned (7 when unset or not a day count)."""
    try:
        days = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 7
    return min(max(days, 0), 60)


def _age(birthday: date, on: date) -> int | None:
    # a year of 1900 or before stands for "year not known" (kept as before)
    return on.year - birthday.year if birthday.year > 1900 else None


def mark_greeted(customer_id: int, now: datetime | None = None) -> Interaction:
    """Birthday greeted: recorded as an outgoing interaction, so it shows in the customer's
    history and resets the stay-in-touch clock; the birthday leaves the queue for this year."""
    return rem.log_contact(
        customer_id,
        summary=_("Birthday greeting"),
        channel="phone",
        direction="out",
        outcome=BIRTHDAY_OUTCOME,
        now=now,
    )


def complaints_due(
    now: datetime,
    limit: int = GROUP_LIMIT + 1,
    within_hours: object = None,
    mine: str | None = None,
) -> list | None:
    """Complaints past or near their deadline. ``within_hours``: the
    ``complaint_near_deadline_hours`` setting when already read."""
    from .complaints import due_for_today  # when asked: Today's start-up does not need it

    hours = within_hours if isinstance(within_hours, int | float) else None
    return list(due_for_today(now=now, within_hours=hours, limit=limit, mine=mine))


def claims_due(today: date, limit: int = GROUP_LIMIT + 1) -> list:
    """Open claims whose follow-up day has come (``domain.claims.due_for_today``)."""
    from .claims import due_for_today  # when asked: Today's start-up does not need it

    return due_for_today(today, limit=limit)


def instalments_due(today: date, limit: int = GROUP_LIMIT + 1, call_days: Any = None) -> list:
    """Unpaid instalments overdue or due within the call days (``domain.instalments``): the
    "call before the due date" is this group, not reminder rows (instalments/rules.py).
    ``call_days``: the ``instalment_call_days`` setting when already read."""
    from .instalments import due_for_today
    from .instalments.reading import call_days_of

    days = None if call_days is None else call_days_of(call_days)
    return due_for_today(today, days=days, limit=limit)


# -- the agenda ---------------------------------------------------------------------------


def agenda(
    today: date | None = None,
    now: datetime | None = None,
    limit: int = GROUP_LIMIT,
    mine: str | None = None,
) -> Agenda:
    """Every group of the Today queue, most urgent first; each group holds at most ``limit``
    lines (``more`` tells there are further ones).

    ``mine`` (a user's name): "Mine" instead of "Everyone's": reminders and complaints
    assigned to that user or to nobody (an unassigned one is everyone's, so it stays in
    sight of every desk). Renewals, birthdays and stay-in-touch are not assigned: they
    are everyone's and shown in both. The same ten queries run at every reload: on
    PostgreSQL they keep their plans (``prepared_plans``)."""
    with prepared_plans():
        return _agenda(today, now, limit, mine)


def _agenda(today: date | None, now: datetime | None, limit: int, mine: str | None) -> Agenda:
    now = now or clock_now()
    if today is None:
        today = now.date()
    elif now.date() != today:
        now = datetime.combine(today, now.time())
    groups = {code: AgendaGroup(code, title) for code, title in GROUPS}
    settings = get_settings(
        "renewal_lead_days",
        "birthday_window_days",
        "complaint_near_deadline_hours",
        "instalment_call_days",
    )

    for code in ("overdue", "today"):
        items, more = _reminder_items(code, today, now, limit, mine)
        groups[code].items, groups[code].more = items, more

    due = ren.renewals_due(
        today, limit=limit + 1, table=ren.lead_table(settings["renewal_lead_days"])
    )
    groups["renewals"].more = len(due) > limit
    # exact when all are listed; else ``count_more`` counts them after the first paint
    # (up to SCREEN_COUNT_CAP on the screen: docs/PERFORMANCE.md)
    groups["renewals"].total = None if len(due) > limit else len(due)
    groups["renewals"].items = [
        AgendaItem(
            kind="renewal",
            ref_id=r.policy_id,
            customer_id=r.customer_id,
            customer_name=r.customer_name,
            title=" ".join(x for x in (r.line_label, r.number or r.plate or "") if x),
            when=r.end_date,
            late=r.days_left < 0,
            policy_id=r.policy_id,
            data=r,
        )
        for r in due[:limit]
    ]

    bdays = birthdays(today, days=_window(settings["birthday_window_days"]), limit=limit + 1)
    groups["birthdays"].more = len(bdays) > limit
    groups["birthdays"].items = [
        AgendaItem(
            kind="birthday",
            ref_id=b.customer_id,
            customer_id=b.customer_id,
            customer_name=b.name,
            title=_("Birthday"),
            when=b.on,
            data=b,
        )
        for b in bdays[:limit]
    ]

    touch = rem.stay_in_touch_due(today, limit=limit + 1)
    groups["stay_in_touch"].more = len(touch) > limit
    groups["stay_in_touch"].items = [
        AgendaItem(
            kind="stay_in_touch",
            ref_id=t.customer_id,
            customer_id=t.customer_id,
            customer_name=t.name,
            title=_("Stay in touch every {days} days", days=t.every_days),
            when=t.due,
            late=t.due < today,
            data=t,
        )
        for t in touch[:limit]
    ]

    complaints = (
        complaints_due(now, limit + 1, settings["complaint_near_deadline_hours"], mine) or []
    )
    groups["complaints"].more = len(complaints) > limit
    groups["complaints"].items = [
        AgendaItem(
            kind="complaint",
            ref_id=c.id,
            customer_id=c.customer_id,
            customer_name=c.customer_name or "",
            title=c.subject,
            when=c.deadline_at,
            late=bool(c.overdue),
            data=c,
        )
        for c in complaints[:limit]
    ]
    claims = claims_due(today, limit + 1)
    groups["claims"].more = len(claims) > limit
    groups["claims"].items = [
        AgendaItem(
            kind="claim",
            ref_id=c.id,
            customer_id=c.customer_id,
            customer_name=c.customer_name,
            title=c.kind_label,
            when=c.follow_up_on,
            late=c.follow_up_on is not None and c.follow_up_on < today,
            policy_id=c.policy_id,
            data=c,
        )
        for c in claims[:limit]
    ]
    due_inst = instalments_due(today, limit + 1, settings["instalment_call_days"])
    groups["instalments"].more = len(due_inst) > limit
    groups["instalments"].items = [
        AgendaItem(
            kind="instalment",
            ref_id=i.id,
            customer_id=i.customer_id,
            customer_name=i.customer_name,
            title=i.what,
            when=i.due_date,
            late=i.due_date < today,
            policy_id=i.policy_id,
            data=i,
        )
        for i in due_inst[:limit]
    ]
    return Agenda(today=today, groups=[groups[code] for code, _t in GROUPS])


# The Today screen counts the renewals due up to this many and shows "1000+" beyond: the
# count reads every policy in the window (340,000 at 1,000,000 customers: seconds), and the
# screen counts again after every change. The renewal workbench has the exact number.
SCREEN_COUNT_CAP = 1000


def count_more(agenda: Agenda, cap: int | None = None) -> bool:
    """Fill in the exact count of the renewals group when it lists fewer than are due (the
    count then goes down by one as each is handled); with ``cap``, at most ``cap`` and
    ``at_least`` beyond. Returns True when it counted."""
    group = agenda.group("renewals")
    if group.total is not None:
        return False
    leads = ren.lead_table(get_setting("renewal_lead_days"))
    counted = ren.renewals_due_count(
        agenda.today, table=leads, cap=None if cap is None else cap + 1
    )
    group.at_least = cap is not None and counted > cap
    group.total = min(counted, cap) if cap is not None else counted
    return True


def agenda_of(mine_only: bool = False) -> Agenda:
    """The agenda of Today's view: "Mine" (this desk's user's and nobody's) or everyone's."""
    from .who import current_user

    return agenda(mine=current_user() if mine_only else None)


def agenda_counted(mine_only: bool = False) -> Agenda:
    """The agenda with counts (for a reload, which runs off the UI thread anyway), the
    renewals counted up to ``SCREEN_COUNT_CAP``."""
    result = agenda_of(mine_only)
    count_more(result, SCREEN_COUNT_CAP)
    return result


# -- texts shared by the TUI and the CLI ----------------------------------------------------


def when_text(item: AgendaItem, today: date) -> str:
    """The 'when' column: '3 days overdue', '14:30', 'in 30 days', 'today', 'Fri 27.11.'."""
    when = item.when
    if when is None:
        return ""
    day = when.date() if isinstance(when, datetime) else when
    delta = (day - today).days
    if item.kind == "reminder":
        if delta < 0:
            return ngettext("{n} day overdue", "{n} days overdue", -delta)
        if isinstance(when, datetime) and item.data is not None and item.data.has_time:
            return when.strftime("%H:%M")  # the same in Turkish and English
        return _("today")
    if item.kind == "renewal":
        if delta < 0:
            return ngettext("ended {n} day ago", "ended {n} days ago", -delta)
        if delta == 0:
            return _("ends today")
        return ngettext("{n} day left", "{n} days left", delta)
    if item.kind == "birthday":
        if delta == 0:
            return _("today")
        if delta == 1:
            return _("tomorrow")
        return format_date(day)
    if item.kind == "stay_in_touch":
        if delta < 0:
            return ngettext("contact {n} day late", "contact {n} days late", -delta)
        return _("due today")
    if item.kind == "claim":
        if delta < 0:
            return ngettext("follow-up {n} day late", "follow-up {n} days late", -delta)
        return _("follow up today")
    if item.kind == "instalment":
        if delta <= 0:
            return ngettext("{n} day overdue", "{n} days overdue", -delta) if delta else _("today")
        return ngettext("due in {n} day", "due in {n} days", delta)
    if item.kind == "complaint":
        if item.late:
            return _("deadline passed")
        return format_datetime(when) if isinstance(when, datetime) else format_date(day)
    return format_date(day)


def detail_text(item: AgendaItem) -> str:
    """The 'what' column with the details a user needs to act."""
    data = item.data
    if item.kind == "reminder":
        text = item.title
        if data is not None and data.rrule:
            text += " ↻"
        return text
    if item.kind == "renewal":
        parts = [item.title]
        if data.provider:
            parts.append(data.provider)
        if data.end_date:
            parts.append(_("ends {date}", date=format_date(data.end_date)))
        return " · ".join(parts)
    if item.kind == "birthday":
        if data.age:
            return _("Birthday, turns {age}", age=data.age)
        return _("Birthday")
    if item.kind == "stay_in_touch":
        if data.last_contact:
            return _(
                "Last contact {date} (every {days} days)",
                date=format_date(data.last_contact),
                days=data.every_days,
            )
        return _("Never contacted (every {days} days)", days=data.every_days)
    if item.kind == "complaint":
        return f"{item.title} · {label('priority', data.priority)}"
    if item.kind == "claim":
        parts = [item.title, data.status_label]
        if data.provider:
            parts.append(data.provider)
        if data.insurer_file_no:
            parts.append(data.insurer_file_no)
        return " · ".join(parts)
    if item.kind == "instalment":
        head = f"{format_money(data.left)} {data.n}/{data.count}"
        return " · ".join(x for x in (head, item.title) if x)
    return item.title


def group_title(group: AgendaGroup) -> str:
    return _(group.title)


__all__ = [
    "GROUPS",
    "SCREEN_COUNT_CAP",
    "Agenda",
    "AgendaGroup",
    "AgendaItem",
    "agenda",
    "birthdays",
    "count_more",
    "detail_text",
    "mark_greeted",
    "when_text",
]
