"""The customer card's content as text: its sections and their columns, the header, a
section's rows and the notes. No widgets: the card screen shows what these return."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from ...clock import today as clock_today
from ...domain.card import CardData
from ...domain.labels import label
from ...domain.parsing import format_phone
from ...domain.purchases import tier_label
from ...i18n import N_, _, format_date, format_datetime, format_money, format_number
from ..markup import escape  # every "[" (Textual markup reads further than Rich)

TABS: list[tuple[str, str]] = [
    ("timeline", N_("Timeline")),
    ("policies", N_("Policies")),
    ("claims", N_("Claims")),
    ("reminders", N_("Reminders")),
    ("complaints", N_("Complaints")),
    ("purchases", N_("Purchases & points")),
    ("surveys", N_("Surveys")),
    ("vehicles", N_("Vehicles")),
    ("notes", N_("Notes")),
]
TAB_KEYS = [key for key, _t in TABS]
# shorter titles for narrow terminals (80 columns)
SHORT_TITLES = {
    "timeline": N_("Timeline"),
    "policies": N_("Policy"),
    "claims": N_("Claim"),
    "reminders": N_("Reminder"),
    "complaints": N_("Complaint"),
    "purchases": N_("Purchase"),
    "surveys": N_("Survey"),
    "vehicles": N_("Vehicle"),
    "notes": N_("Note"),
}


def _flow(items: list[str], width: int, sep: str = " · ") -> list[str]:
    """Join header items (markup) into lines of at most ``width`` cells, breaking only
    between items ("Open complaints: 1" never splits); a too long item gets a line."""
    lines: list[str] = []
    line, used = "", 0
    for item in items:
        size = Text.from_markup(item).cell_len
        if line and used + len(sep) + size > width:
            lines.append(line)
            line, used = "", 0
        line, used = (line + sep + item, used + len(sep) + size) if line else (item, size)
    if line:
        lines.append(line)
    return lines


# (msgid, width or 0 to share the rest, right-aligned)
COLUMNS: dict[str, list[tuple[str, int, bool]]] = {
    "timeline": [(N_("Date"), 10, False), (N_("What"), 24, False), (N_("Details"), 0, False)],
    "policies": [
        (N_("Line"), 0, False),
        (N_("Number"), 14, False),
        (N_("Provider"), 0, False),
        (N_("Ends"), 10, False),
        (N_("Premium"), 12, True),
        (N_("Status"), 10, False),
    ],
    "vehicles": [
        (N_("Plate"), 11, False),
        (N_("Vehicle"), 0, False),
        (N_("Year"), 4, True),
        (N_("Usage"), 11, False),
        (N_("Chassis no"), 17, False),
    ],
    "claims": [
        (N_("Loss"), 10, False),
        (N_("Type"), 0, False),
        (N_("File no"), 14, False),
        (N_("Expected"), 12, True),
        (N_("Status"), 17, False),
    ],
    "reminders": [
        (N_("Due"), 16, False),
        (N_("Reminder"), 0, False),
        (N_("Kind"), 14, False),
        (N_("Assigned to"), 10, False),
        (N_("Status"), 10, False),
    ],
    "complaints": [
        (N_("Opened"), 10, False),
        (N_("Subject"), 0, False),
        (N_("Priority"), 8, False),
        (N_("Assigned to"), 10, False),
        (N_("Status"), 16, False),
    ],
    "purchases": [
        (N_("Date"), 10, False),
        (N_("What"), 12, False),
        (N_("Amount"), 13, True),
        (N_("Description"), 0, False),
        (N_("Points"), 7, True),
    ],
    "surveys": [
        (N_("Date"), 10, False),
        (N_("Kind"), 5, False),
        (N_("Score"), 5, True),
        (N_("Comment"), 0, False),
    ],
}

# Which columns give way when a narrow terminal cannot show them all (highest first); the
# others (dates, amounts) are shown whole or the list would not fit at all.
GIVE_WAY: dict[str, dict[str, int]] = {
    "policies": {N_("Number"): 3, N_("Provider"): 2},
    "reminders": {N_("Kind"): 2, N_("Assigned to"): 1},
    "complaints": {N_("Assigned to"): 1},
    "claims": {N_("File no"): 2, N_("Expected"): 1},
    "vehicles": {N_("Chassis no"): 2, N_("Usage"): 1},
    "purchases": {N_("Points"): 1},
}

EMPTY = {
    "timeline": N_("Nothing yet: press i to log a call or visit."),
    "policies": N_("No policies or contracts: press p to add one."),
    "reminders": N_("No reminders: press r to add one."),
    "claims": N_("No claims: press h to open one on a policy."),
    "vehicles": N_("No vehicles: press v to add one."),
    "complaints": N_("No complaints."),
    "purchases": N_("No purchases yet: press b to record one."),
    "surveys": N_("No satisfaction answers: press s to record one."),
}

DONE_COMPLAINT = ("resolved", "closed")


def _mark(granted: bool | None) -> str:
    if granted is None:
        return "[dim]–[/]"
    return "[green]✓[/]" if granted else "[red]✗[/]"


def _one_line(text: str | None, limit: int = 200) -> str:
    return " ".join((text or "").split())[:limit]


def header_text(d: CardData, width: int) -> str:
    """The card's header (markup): name, contact, about, figures and consent lines, each
    wrapped between items to ``width`` cells."""
    c = d.customer
    first = f"[b]{escape(c.name)}[/b]"
    if c.company:
        first += f" · {escape(c.company)}"
    first += f"  [dim]#{c.id}[/]"
    if d.archived:
        first += "  [reverse red] " + _("ARCHIVED") + " [/]"
    contact = []
    for p in d.phones:
        shown = format_phone(p.e164)
        if len(d.phones) > 1:
            shown += f" [dim]({escape(label('phone_label', p.label))})[/]"
        contact.append(shown)
    if c.email:
        contact.append(escape(c.email))
    if c.city:
        contact.append(escape(c.city + (f" / {c.district}" if c.district else "")))
    about = []
    if d.age is not None:
        about.append(_("Age {age} (birthday {date})", age=d.age, date=format_date(c.birthday)))
        if d.next_birthday is not None:
            days = (d.next_birthday - clock_today()).days
            if days == 0:
                about.append("[b]" + _("Birthday today!") + "[/]")
            elif 0 < days <= 7:
                about.append("[b]" + _("Birthday in {n} days", n=days) + "[/]")
    if d.tags:
        about.append(_("Tags: {tags}", tags=escape(", ".join(d.tags))))
    about.append(_("Customer since {date}", date=format_date(c.created_at)))
    if d.referred_by_name:
        about.append(_("Referred by {name}", name=escape(d.referred_by_name)))
    lo = d.loyalty
    waiting = "…"
    if lo is None:
        stage = waiting
    else:
        stage = label("ladder", lo.stage) if lo.stage else "–"
        if lo.stage_is_manual:
            stage = _("{stage} (set by hand)", stage=stage)
    figures = [
        _("Stage: {stage}", stage=stage),
        _("Points: {points}", points=format_number(d.points)),
    ]
    if lo is None:
        figures.append(_("Lifetime value: {amount}", amount=waiting))
    else:
        if lo.tier:
            figures.append(_("Tier: {tier}", tier=tier_label(lo.tier)))
        # the figures of the Loyalty screen (one definition each; what they count is in the
        # ladder form, "what the card has no room for", in the words the Loyalty screen uses)
        figures.append(_("Revenue: {amount}", amount=format_money(lo.revenue)))
        if lo.ltv is not None or lo.ltv_note:
            amount = "–" if lo.ltv is None else format_money(lo.ltv)
            ltv = _("Lifetime value: {amount}", amount=amount)
            figures.append(ltv + (f" [dim]({escape(lo.ltv_note)})[/]" if lo.ltv_note else ""))
    if d.balance:
        figures.append("[b]" + _("Balance due: {amount}", amount=format_money(d.balance)) + "[/]")
    open_c = _("Open complaints: {n}", n=d.open_complaints)
    figures.append(f"[b red]{open_c}[/]" if d.open_complaints else open_c)
    if d.next_reminder is not None:
        r = d.next_reminder
        when = format_datetime(r.due_at) if r.has_time else format_date(r.due_at)
        text = _("Next: {date} {title}", date=when, title=escape(r.title))
        overdue = r.due_at.date() < clock_today()
        figures.append(f"[b red]{text}[/]" if overdue else text)
    consent = []
    for s in d.consents:
        item = f"{label('consent_channel', s.channel)} {_mark(s.granted)}"
        if s.at is not None:
            item += f" [dim]{format_date(s.at)}[/]"
        if s.iys_status == "RET":
            item += " [b red]" + _("İYS RET") + "[/]"
        elif s.iys_status == "ONAY":
            item += " [dim]" + _("İYS ONAY") + "[/]"
        consent.append(item)
    consent[0] = _("Consent:") + " " + consent[0]
    consent.append(
        _("information text {what}", what=d.info_shown)
        if d.info_shown
        else "[dim]" + _("information text not shown") + "[/]"
    )
    if c.contact_every_days:
        consent.append(_("keep in touch every {n} days", n=c.contact_every_days))
    lines = [first]
    for items in (contact, about, figures):
        lines.extend(_flow(items, width))
    lines.extend(_flow(consent, width, sep=" · "))
    return "\n".join(lines)


def section_row(section: str, item: Any) -> tuple[tuple[str, ...], str, bool]:
    """(cells, "kind:id" of the row, dimmed) of one item of ``section``."""
    if section == "timeline":
        detail = item.detail
        if item.kind == "interaction":
            what = label("channel", item.title)
        elif item.kind == "purchase":
            what = _("Purchase")
            detail = f"{format_money(item.amount)} {item.detail}".strip()
        elif item.kind == "complaint":
            what = _("Complaint ({status})", status=label("complaint_status", item.title))
        elif item.kind == "message":
            channel, _sep, status = item.title.partition(":")
            what = _(  # the column is narrow: "WhatsApp: link opened"
                "{channel}: {status}",
                channel=label("channel", channel),
                status=label("message_status", status),
            )
        elif item.kind == "claim":
            what = _("Claim ({status})", status=label("claim_status", item.title))
            detail = label("claim_kind", item.detail)
        elif item.title == "start":
            what = _("Policy started")
            detail = label("line", item.detail)
        else:
            what = _("Policy ended ({status})", status=label("policy_status", item.title))
            detail = label("line", item.detail)
        cells: tuple[str, ...] = (format_date(item.at), what, _one_line(detail))
        return cells, f"{item.kind}:{item.ref_id}", False
    if section == "policies":
        cells = (
            label("line", item.line),
            item.number or "",
            item.provider or "",
            format_date(item.end_date),
            format_money(item.premium),
            label("policy_status", item.status),
        )
        return cells, f"policy:{item.id}", item.status != "active"
    if section == "reminders":
        when = format_datetime(item.due_at) if item.has_time else format_date(item.due_at)
        cells = (
            when,
            _one_line(item.title),
            label("reminder_kind", item.kind),
            _one_line(item.assigned_to or "–"),
            label("reminder_status", item.status),
        )
        return cells, f"reminder:{item.id}", item.status != "open"
    if section == "vehicles":
        cells = (
            item.plate or "",
            " ".join(x for x in (item.brand, item.model) if x),
            "" if item.year is None else str(item.year),
            label("vehicle_usage", item.usage),
            item.chassis_no or "",
        )
        return cells, f"vehicle:{item.id}", False
    if section == "claims":
        cells = (
            format_date(item.loss_date),
            label("claim_kind", item.kind),
            item.insurer_file_no or "",
            format_money(item.expected_amount),
            label("claim_status", item.status),
        )
        return cells, f"claim:{item.id}", item.status == "closed"
    if section == "complaints":
        cells = (
            format_date(item.opened_at),
            _one_line(item.subject),
            label("priority", item.priority),
            _one_line(item.owner or "–"),  # the owner is the assignee
            label("complaint_status", item.status),
        )
        return cells, f"complaint:{item.id}", item.status in DONE_COMPLAINT
    if section == "purchases":
        what = _("Purchase") if item.kind == "purchase" else label("points_kind", item.kind)
        points = ""
        if item.points:
            points = ("+" if item.points > 0 else "") + format_number(item.points)
        cells = (
            format_date(item.at),
            what,
            format_money(item.amount),
            _one_line(item.description),
            points,
        )
        kind = "purchase" if item.kind == "purchase" else "points"
        return cells, f"{kind}:{item.ref_id}", False
    if section == "surveys":
        cells = (
            format_date(item.at),
            label("survey_kind", item.kind),
            str(item.score),
            _one_line(item.comment),
        )
        return cells, f"survey:{item.id}", False
    return (), "", False


def section_rows(section: str, items: list) -> tuple[list, list, list]:
    cells, keys, dim = [], [], []
    for i, item in enumerate(items):
        c, k, d = section_row(section, item)
        cells.append(c)
        keys.append(k)
        if d:
            dim.append(i)
    return cells, keys, dim


def notes_text(d: CardData) -> str:
    """The Notes section: notes, address, phones, source, referrals, consent history."""
    c = d.customer
    parts = [c.notes or _("No notes.")]
    if c.address:
        parts.append(_("Address: {address}", address=c.address))
    if d.phones:
        phones = ", ".join(
            f"{format_phone(p.e164)} ({label('phone_label', p.label)})" for p in d.phones
        )
        parts.append(_("Phones: {phones}", phones=phones))
    if c.source:
        parts.append(_("Source: {source}", source=label("source", c.source)))
    if d.referrals:
        parts.append(_("Referred: {names}", names=", ".join(f"{n} (#{i})" for i, n in d.referrals)))
    consent_lines = []
    for s in d.consents:
        if s.granted is None:
            continue
        state = _("given") if s.granted else _("refused")
        how = f", {label('consent_method', s.method)}" if s.method else ""
        if s.iys_source:
            how += f", {label('iys_source', s.iys_source)}"
        if s.iys_status:
            how += ", " + _("İYS: {status}", status=s.iys_status)
        consent_lines.append(
            f"{label('consent_channel', s.channel)}: {state} {format_date(s.at)}{how}"
        )
    if consent_lines:
        parts.append(_("Consent: {list}", list="; ".join(consent_lines)))
    return "\n\n".join(parts)
