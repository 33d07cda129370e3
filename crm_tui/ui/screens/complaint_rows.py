"""The Complaints list and figures as text: a complaint's cells at a width, the figures
above the list, a category's line. No widgets: the screen shows what these return."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text

from ...domain import complaints as cp
from ...domain.labels import label
from ...i18n import N_, _, format_date, format_datetime, format_number, format_percent, ngettext
from ..markup import escape  # every "[" (Textual markup reads further than Rich)

# The list's short status names (the detail shows the full ones).
SHORT_STATUS = {
    "new": N_("New"),
    "in_progress": N_("In progress"),
    "waiting": N_("Waiting"),
    "resolved": N_("Resolved"),
    "closed": N_("Closed"),
}
PRIORITY_MARKS = {"urgent": "‼ ", "high": "! "}  # shown before the subject
ID_W, STATUS_W, DEADLINE_W, DEADLINE_WIDE, ASSIGNEE_W = 5, 12, 22, 30, 12


def short_datetime(value) -> str:
    """``21.11 08:00``: day, month and time (the year is clear from context)."""
    if value is None:
        return ""
    return f"{format_date(value)[:5]} {format_datetime(value, with_date=False)}"


def short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def column_widths(width: int) -> tuple[int, int, int, int]:
    """Widths of the customer, subject, deadline and assignee columns at the current width:
    the fixed columns, a cell padding of 2 per column and the scroll bar take the rest. On a
    wide screen the deadline gets room for "paused, 14 h 29 min overdue" in full, and the
    assignee a column of its own (0: none; at 80 columns the subject needs the room, the
    detail screen and the card show who handles it)."""
    wide = width >= 100
    deadline = DEADLINE_WIDE if wide else DEADLINE_W
    assignee = ASSIGNEE_W if wide else 0
    columns = 6 if wide else 5
    avail = max(16, width - (ID_W + STATUS_W + deadline + assignee) - columns * 2 - 2)
    name = max(8, avail * 2 // 5)
    return name, avail - name, deadline, assignee


def row_cells(row: cp.ComplaintRow, widths: tuple[int, int, int, int]) -> list:
    """The cells of one complaint in the list: id, customer, subject, status, deadline
    and, when there is room, who handles it."""
    name_w, subject_w, deadline_w, assignee_w = widths
    if row.status in cp.OPEN_STATUSES:
        deadline = cp.deadline_text(row.status, row.time_left)
        if len(deadline) > deadline_w and row.status == "waiting":
            # "paused, 1 h 53 min left" was cut to "…kal…" at 80 columns: the status column
            # says it waits (paused), the time is shown whole
            deadline = cp.deadline_text("in_progress", row.time_left)
    elif row.resolved_at:
        deadline = _("resolved {when}", when=short_datetime(row.resolved_at))
    else:
        deadline = ""
    style = "bold red" if row.overdue else ""
    if (
        not row.overdue
        and row.time_left is not None
        and row.status != "waiting"
        and row.time_left < timedelta(hours=4)
    ):
        style = "bold yellow"
    status = _(SHORT_STATUS.get(row.status, row.status))
    if row.breached and row.status in cp.DONE_STATUSES:
        status = short(status, STATUS_W - 2) + " ⚑"  # resolved, but after the deadline
    else:
        status = short(status, STATUS_W)
    mark = PRIORITY_MARKS.get(row.priority, "")
    # names and subjects are stored text: Text, never markup ("[@click=…]" would act)
    subject = Text(short(row.subject, subject_w - len(mark)), no_wrap=True, end="")
    if mark:
        subject = Text.assemble((mark, "bold red"), subject, no_wrap=True, end="")
    cells = [
        str(row.id).rjust(ID_W),
        Text(short(row.customer_name, name_w), no_wrap=True, end=""),
        subject,
        status,
        Text(short(deadline, deadline_w), style=style) if style else short(deadline, deadline_w),
    ]
    if assignee_w:
        cells.append(Text(short(row.owner or "–", assignee_w), no_wrap=True, end=""))
    return cells


def figures_text(f: cp.ComplaintFigures | None, counts: dict[str, int]) -> str:
    """The two lines above the list: open by status, then the last 90 days' figures."""
    by_status = " · ".join(
        f"{_(SHORT_STATUS[status])} {counts.get(status, 0)}" for status in cp.OPEN_STATUSES
    )
    open_text = _("[b]Open {open}[/b]", open=counts.get("open", 0))
    overdue_text = _("[b red]overdue {overdue}[/]", overdue=counts.get("overdue", 0))
    first = f"{open_text} ({escape(by_status)}) · {overdue_text}"
    if f is None:
        return first + "\n" + escape(_("Figures of the last 90 days are being counted…"))
    t = f.total
    median = cp.duration_text(f.median_resolution) if f.median_resolution is not None else "–"
    csat = (
        ngettext(
            "{avg}/5 ({n} answer)",
            "{avg}/5 ({n} answers)",
            t.satisfaction_count,
            avg=format_number(t.satisfaction_avg, 1),
        )
        if t.satisfaction_avg is not None
        else "–"
    )
    second = _(
        "Last {days} days: {count} complaints · breached {breached} · median resolution"
        " {median} · on time {on_time} · first contact {fcr} · satisfaction {csat}",
        days=f.days,
        count=t.count,
        breached=f.breached_count,
        median=median,
        on_time=format_percent(t.within_deadline_share),
        fcr=format_percent(t.first_contact_rate),
        csat=csat,
    )
    return f"{first}\n{escape(second)}"


def category_cells(cf: cp.CategoryFigures) -> list:
    """One line of the figures by category (``*`` is the total)."""
    name = _("All categories") if cf.category == "*" else label("complaint_category", cf.category)
    return [
        name,
        Text(str(cf.count), justify="right"),
        Text(str(cf.open), justify="right"),
        Text(str(cf.breached), justify="right"),
        Text(format_percent(cf.within_deadline_share), justify="right"),
        Text(format_percent(cf.first_contact_rate), justify="right"),
        Text(
            format_number(cf.satisfaction_avg, 1) if cf.satisfaction_avg else "–",
            justify="right",
        ),
    ]
