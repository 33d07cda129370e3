"""The morning mail: Today's agenda as plain text, sent to the user (``crm-tui today --mail``).
No consent is involved: the mail goes to the desk's own address, not to a customer."""

from __future__ import annotations

from ...i18n import _, format_date
from ...safe_text import drop_controls
from .. import today as td
from . import smtp


def agenda_text(limit: int = 50) -> tuple[str, str]:
    """(subject, body) of today's agenda in the current language."""
    agenda = td.agenda(limit=limit)
    td.count_more(agenda)
    day = format_date(agenda.today, "full")
    subject = _("Today: {day}", day=day)
    lines = [day, ""]
    if agenda.is_clear:
        lines.append(_("Nothing is due today. The day is clear."))
    for group in agenda.groups:
        if not group.items:
            continue
        lines.append(f"{_(group.title)} ({group.count_text})")
        for item in group.items:
            when = td.when_text(item, agenda.today)
            name = drop_controls(item.customer_name or "–")
            lines.append(f"  {when}  {name}  {drop_controls(td.detail_text(item))}".rstrip())
        lines.append("")
    return subject, "\n".join(lines).rstrip() + "\n"


def send_agenda(to: str, config: smtp.SmtpConfig | None = None, limit: int = 50) -> str:
    subject, body = agenda_text(limit)
    return smtp.send(config or smtp.load_config(), to, subject, body)
