"""The reminder form (new or edit) and the small date questions of reminder actions."""

from __future__ import annotations

from typing import Any

from ...clock import today as clock_today
from ...domain import reminders as rem
from ...domain import who
from ...domain.customers import get_customer
from ...domain.errors import NotFound, ValidationError
from ...domain.parsing import date_hint
from ...i18n import N_, _, format_date
from ..dialogs.form import Field, FormScreen
from ..dialogs.prompt import PromptScreen


class ReminderFormScreen(FormScreen):
    """New reminder (optionally for a customer, policy or complaint) or edit an existing one.
    Dismisses with the saved reminder's id, or None when cancelled."""

    TITLE = N_("New reminder")

    def __init__(
        self,
        customer_id: int | None = None,
        reminder_id: int | None = None,
        policy_id: int | None = None,
        complaint_id: int | None = None,
        title: str = "",
    ) -> None:
        self.reminder_id = reminder_id
        self.reminder = rem.get_reminder(reminder_id) if reminder_id else None
        r = self.reminder
        self.record_version = r.version if r else None
        self.customer_id = r.customer_id if r else customer_id
        self.policy_id = r.policy_id if r else policy_id
        self.complaint_id = r.complaint_id if r else complaint_id
        self.customer_name = ""
        if self.customer_id:
            try:
                self.customer_name = get_customer(self.customer_id).name
            except NotFound:
                self.customer_id = None
        self.initial_title = title
        self.users = who.known_users()
        # a new reminder is its creator's (domain/assignment.py); an old one keeps its own
        self.assignee = (r.assigned_to or "") if r else who.current_user()
        super().__init__()

    def title_text(self) -> str:
        return _("Edit reminder") if self.reminder else _("New reminder")

    def reload_record(self) -> None:
        self.reminder = rem.get_reminder(self.reminder_id)
        self.record_version = self.reminder.version

    def fields(self) -> list[Field]:
        r = self.reminder
        due = format_date(r.due_at) if r else _("tomorrow")
        time_text = r.due_at.strftime("%H:%M") if r and r.has_time else ""
        repeat = rem.choice_of(r.rrule) if r else ""
        return [
            Field("title", N_("What to do"), value=r.title if r else self.initial_title),
            Field("due", N_("Due date"), value=due, hint=N_("22/11/2026, tomorrow, +3d, +2w, +1m")),
            Field("time", N_("Time (optional)"), value=time_text, placeholder="09:30"),
            Field(
                "repeat",
                N_("Repeats"),
                kind="select",
                value=repeat,
                options=[(_(label), code) for code, label in rem.RECURRENCE_CHOICES],
                allow_blank=False,
            ),
            Field(
                "every",
                N_("How often (N)"),
                value=str(rem.every_of(r.rrule) or "") if r else "",
                placeholder="N",
                hint=N_("For “Every N days/weeks/months”: how many, e.g. 10."),
            ),
            Field(
                "recur_from",
                N_("Next time"),
                kind="select",
                value=(r.recur_from if r and r.recur_from else "calendar"),
                options=[(_(label), code) for code, label in rem.RECUR_FROM_CHOICES],
                allow_blank=False,
            ),
            Field(
                "customer",
                N_("Customer"),
                value=self.customer_name,
                placeholder=N_("name or phone (optional)"),
            ),
            Field(
                "link",
                N_("Linked to"),
                kind="select",
                value=self._link_value(),
                options=[(text, code) for code, text in self._links()],
                hint=N_("a policy or complaint of this customer (optional)"),
            ),
            assignee_field(self.assignee, self.users),
            Field("notes", N_("Notes"), kind="textarea", value=(r.notes or "") if r else ""),
        ]

    def _links(self) -> list[tuple[str, str]]:
        links = rem.link_options(self.customer_id)
        current = self._link_value()
        if current and current not in {code for code, _text in links}:
            # linked to a policy or complaint that is closed by now: keep showing it
            kind, _sep, ident = current.partition(":")
            text = _("Policy {id}", id=ident) if kind == "policy" else _("Complaint {id}", id=ident)
            links.insert(0, (current, text))
        return links

    def _link_value(self) -> str:
        if self.policy_id:
            return f"policy:{self.policy_id}"
        if self.complaint_id:
            return f"complaint:{self.complaint_id}"
        return ""

    def save(self, values: dict[str, Any]) -> Any:
        customer_text = (values.get("customer") or "").strip()
        customer_id = None
        errors: dict[str, str] = {}
        if customer_text:
            if self.customer_id and customer_text == self.customer_name:
                customer_id = self.customer_id
            else:
                try:
                    customer_id = rem.resolve_customer(customer_text)
                except ValidationError as exc:
                    errors["customer"] = str(exc)
        link = values.get("link") or ""
        kind, _sep, ident = link.partition(":")
        policy_id = int(ident) if kind == "policy" else None
        complaint_id = int(ident) if kind == "complaint" else None
        data = rem.ReminderInput(
            title=values.get("title") or "",
            due=values.get("due") or "",
            time=values.get("time") or "",
            notes=values.get("notes") or "",
            customer_id=customer_id,
            policy_id=policy_id,
            complaint_id=complaint_id,
            repeat=values.get("repeat") or "",
            every=values.get("every") or "",
            recur_from=values.get("recur_from") or "calendar",
            kind=self.reminder.kind if self.reminder else "manual",
            assigned_to=values.get("assigned_to") or "",  # blank: nobody (everyone's)
        )
        if errors:  # nothing is written: report every bad field at once
            try:
                rem.validate(data, clock_today())
            except ValidationError as exc:
                errors = {**exc.errors, **errors}
            raise ValidationError(errors)
        if self.reminder_id:
            saved = rem.update_reminder(
                self.reminder_id, data, expected_version=self.record_version
            )
        else:
            saved = rem.create_reminder(data)
        return saved.id


def assignee_field(value: str, users: list[str], name: str = "assigned_to") -> Field:
    """ "Assigned to": a known user (→ completes the name typed) or any other; blank is
    nobody, and then the row is everyone's."""
    return Field(
        name,
        N_("Assigned to"),
        value=value,
        placeholder=N_("nobody (everyone's)"),
        suggestions=users,
        hint=N_("→ completes a known user; blank: nobody"),
    )


class DateQuestion(PromptScreen):
    """One typed date (optionally with a time)."""

    FIELD = "date"
    LABEL = N_("Date")
    HINT = N_("22/11/2026, tomorrow, +3d, +2w, +1m")

    def fallback_message(self) -> str:
        return date_hint()


class PathQuestion(PromptScreen):
    """The .ics file to write; dismisses with the checked ``Path``."""

    FIELD = "path"
    LABEL = N_("File")
    HINT = N_("Open reminders and renewal dates of the next 365 days.")

    def __init__(self, title: str, value: str = "") -> None:
        from ...domain.ical import check_target

        super().__init__(title, check_target, value=value)
