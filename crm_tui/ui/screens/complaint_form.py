"""Open a complaint (or edit its details); the service levels (deadlines) form."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from ...domain import complaints as cp
from ...domain import who
from ...domain.labels import choices, label
from ...domain.workdays import LAST_KNOWN_YEAR
from ...i18n import N_, _, format_date, format_datetime, format_number
from ..dialogs.form import Field, FormScreen
from .reminder_form import assignee_field


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else format_number(value, 1)


LEVEL_TEXTS = {  # unit -> (singular, plural) msgids
    "hours": (N_("{n} hour"), N_("{n} hours")),
    "working_hours": (N_("{n} working hour"), N_("{n} working hours")),
    "working_days": (N_("{n} working day"), N_("{n} working days")),
    "days": (N_("{n} day"), N_("{n} days")),
}


def level_text(amount: float, unit: str) -> str:
    """``4 hours``, ``1 working day``, ``1,5 working days``: a level as the user set it."""
    one, many = LEVEL_TEXTS[unit]
    return _(one if amount == 1 else many, n=_n(amount))


def service_level_hint() -> str:
    """``Deadline: Urgent 4 hours · High 1 working day · ...`` from the settings."""
    levels = cp.complaint_settings().levels
    parts = [f"{label('priority', p)} {level_text(*levels[p])}" for p in reversed(cp.PRIORITIES)]
    return _("Deadline: {levels}", levels=" · ".join(parts))


class ComplaintFormScreen(FormScreen):
    """New complaint for ``customer_id`` (optionally about a policy or purchase), or the
    details of complaint ``complaint_id``. Dismisses with the complaint id."""

    TITLE = N_("New complaint")

    def __init__(
        self,
        customer_id: int,
        policy_id: int | None = None,
        purchase_id: int | None = None,
        complaint_id: int | None = None,
    ) -> None:
        self.customer_id = customer_id
        self.policy_id = policy_id
        self.purchase_id = purchase_id
        self.complaint_id = complaint_id
        self.links = cp.link_choices(customer_id)
        self.complaint = cp.get_complaint(complaint_id) if complaint_id else None
        self.record_version = self.complaint.version if self.complaint else None
        super().__init__()

    def reload_record(self) -> None:
        self.complaint = cp.get_complaint(self.complaint_id)
        self.record_version = self.complaint.version

    def title_text(self) -> str:
        if self.complaint is not None:
            return _(
                "Complaint #{id} — {customer}",
                id=self.complaint.id,
                customer=self.links.customer_name,
            )
        return _("New complaint — {customer}", customer=self.links.customer_name)

    def fields(self) -> list[Field]:
        c = self.complaint
        fields = [
            Field(
                "subject",
                N_("Subject"),
                value=c.subject if c else "",
                placeholder=N_("in a few words: what went wrong"),
            ),
            Field(
                "channel",
                N_("Channel"),
                kind="select",
                value=c.channel if c else "phone",
                options=[(t, code) for t, code in choices("channel") if code in cp.CHANNELS],
                allow_blank=False,
            ),
            Field(
                "category",
                N_("Category"),
                kind="select",
                value=c.category if c else "other",
                options=choices("complaint_category"),
                allow_blank=False,
            ),
            Field(
                "priority",
                N_("Priority"),
                kind="select",
                value=c.priority if c else "normal",
                options=choices("priority"),
                allow_blank=False,
                hint=service_level_hint(),
            ),
            # who handles it: the owner is the assignee (domain/assignment.py)
            assignee_field(
                (c.owner or "") if c else who.current_user(), who.known_users(), name="owner"
            ),
            Field(
                "description",
                N_("Description"),
                kind="textarea",
                value=(c.description or "") if c else "",
            ),
        ]
        if c is None and self.links.policies:
            fields.append(
                Field(
                    "policy",
                    N_("Policy"),
                    kind="select",
                    value=self.policy_id,
                    options=[(text, pid) for pid, text in self.links.policies],
                )
            )
        if c is None and self.links.purchases:
            fields.append(
                Field(
                    "purchase",
                    N_("Purchase"),
                    kind="select",
                    value=self.purchase_id,
                    options=[(text, pid) for pid, text in self.links.purchases],
                )
            )
        return fields

    def save(self, values: dict[str, Any]) -> Any:
        if self.complaint is not None:
            return cp.update_complaint(
                self.complaint.id,
                values["subject"],
                values["description"],
                values["channel"],
                values["category"],
                values["priority"],
                values["owner"],
                expected_version=self.record_version,
            ).id
        complaint = cp.open_complaint(
            self.customer_id,
            values["subject"],
            description=values["description"],
            channel=values["channel"],
            category=values["category"],
            priority=values["priority"],
            owner=values["owner"],
            policy_id=values.get("policy", self.policy_id),
            purchase_id=values.get("purchase", self.purchase_id),
        )
        # Said here so it is the same from the list, a card or Today.
        self.app.notify(
            _(
                "Complaint #{id} opened; deadline {deadline}.",
                id=complaint.id,
                deadline=format_datetime(complaint.deadline_at),
            )
        )
        return complaint.id


LEVEL_ORDER = ("urgent", "high", "normal", "low")
PRIORITY_TITLES = {  # the msgids of the priority labels
    "urgent": N_("Urgent"),
    "high": N_("High"),
    "normal": N_("Normal"),
    "low": N_("Low"),
}


class ServiceLevelsForm(FormScreen):
    """The complaint service levels (how long each priority may take, counted in hours,
    working hours, working days or days), the holiday calendar and how early a complaint
    shows on Today. Dismisses with the saved ``ComplaintSettings``."""

    TITLE = N_("Complaint service levels")
    # One line per priority (compact inputs) so the dialog fits an 80x24 terminal;
    # error lines take room only while they say something.

    def __init__(self) -> None:
        self.current = cp.complaint_settings()
        super().__init__()

    def fields(self) -> list[Field]:
        units = [(cp.unit_label(u), u) for u in cp.UNITS]
        out: list[Field] = []
        for priority in LEVEL_ORDER:
            amount, unit = self.current.levels[priority]
            out.append(Field(f"{priority}_amount", PRIORITY_TITLES[priority], value=_n(amount)))
            out.append(
                Field(
                    f"{priority}_unit",
                    PRIORITY_TITLES[priority],
                    kind="select",
                    value=unit,
                    options=units,
                    allow_blank=False,
                )
            )
        out += [
            Field(
                "skip_holidays",
                N_("Public holidays"),
                kind="checkbox",
                value=self.current.skip_holidays,
                hint=N_("Not counted as working time (known up to {year})"),
            ),
            Field(
                "holidays",
                N_("Extra holidays"),
                value=", ".join(format_date(d) for d in self.current.extra_holidays),
                placeholder=N_("e.g. 28/10/2027, 31/12/2027"),
                hint=N_("Other closed days: bridge days, your own holidays"),
            ),
            Field(
                "near_hours",
                N_("On Today, hours"),
                value=_n(self.current.near_deadline_hours),
                hint=N_("Shows on Today this many hours before the deadline"),
            ),
        ]
        return out

    def compose(self) -> ComposeResult:
        by_name = {f.name: f for f in self._fields}
        with Vertical(id="form-box"):
            yield Static(
                self.title_text(), id="form-title", markup=False
            )  # plain text, as every form title
            yield Static(
                _("Time allowed per priority; changes apply to complaints opened from now on."),
                id="sl-intro",
            )
            with VerticalScroll(id="form-fields"):
                for priority in LEVEL_ORDER:
                    amount = self._widget(by_name[f"{priority}_amount"])
                    unit = self._widget(by_name[f"{priority}_unit"])
                    amount.add_class("level-amount")
                    unit.add_class("level-unit")
                    amount.compact = unit.compact = True
                    with Horizontal(classes="form-row level-row"):
                        yield Label(_(PRIORITY_TITLES[priority]), classes="form-label")
                        yield amount
                        yield unit
                    yield Static("", id=f"e-{priority}_amount", classes="field-error")
                    yield Static("", id=f"e-{priority}_unit", classes="field-error")
                for name in ("skip_holidays", "holidays", "near_hours"):
                    f = by_name[name]
                    widget = self._widget(f)
                    if isinstance(widget, Input):
                        widget.compact = True
                        if name == "near_hours":
                            widget.add_class("level-amount")
                    with Horizontal(classes="form-row level-row -gap"):
                        yield Label(_(f.label), classes="form-label")
                        yield widget
                    hint = _(f.hint, year=LAST_KNOWN_YEAR) if "{year}" in f.hint else _(f.hint)
                    yield Static(hint, classes="field-hint")
                    yield Static("", id=f"e-{f.name}", classes="field-error")
            with Vertical(id="form-bottom"):
                yield Static("", id="form-error")
                yield Static(self.keys_line(), id="form-keys")

    def clear_errors(self) -> None:
        super().clear_errors()
        for widget in self.query(".field-error"):
            widget.remove_class("-shown")
        for widget in self.query(".-bad"):
            widget.remove_class("-bad")

    def show_errors(self, errors: dict[str, str]) -> None:
        super().show_errors(errors)
        for name in errors:
            for widget in self.query(f"#e-{name}"):
                widget.add_class("-shown")
        # The app's red border for a bad field does not fit a one-line input: tint it.
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
            widget.add_class("-bad")

    def save(self, values: dict[str, Any]) -> Any:
        return cp.save_complaint_settings(
            {p: (values[f"{p}_amount"], values[f"{p}_unit"]) for p in LEVEL_ORDER},
            skip_holidays=values["skip_holidays"],
            extra_holidays=values["holidays"],
            near_deadline_hours=values["near_hours"],
        )


__all__ = ["ComplaintFormScreen", "ServiceLevelsForm"]
