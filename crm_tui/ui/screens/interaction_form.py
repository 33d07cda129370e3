"""Log an interaction; for calls, the next follow-up is one digit away (call wrap-up)."""

from __future__ import annotations

from typing import Any

from ...domain.customers import customer_name
from ...domain.errors import ValidationError
from ...domain.interactions import InteractionInput, log_interaction, parse_follow_up
from ...domain.labels import choices
from ...domain.parsing import parse_datetime
from ...i18n import N_, _, format_date
from ..dialogs.form import Field, FormScreen


class InteractionFormScreen(FormScreen):
    TITLE = N_("Log interaction")

    def __init__(self, customer_id: int, channel: str = "phone", direction: str = "in") -> None:
        self.customer_id = customer_id
        self._channel = channel
        self._direction = direction
        self._customer_name = customer_name(customer_id) or ""
        super().__init__()

    def title_text(self) -> str:
        return _("Log interaction with {name}", name=self._customer_name)

    def fields(self) -> list[Field]:
        return [
            Field(
                "summary",
                N_("Summary"),
                placeholder=N_("What was it about?"),
            ),
            Field(
                "follow_up",
                N_("Next follow-up"),
                placeholder="0",
                hint=N_(
                    "0 none · 1 tomorrow · 2 in a week · 3 in a month · or a date (25/11/2026, +3d)"
                ),
            ),
            Field(
                "channel",
                N_("Channel"),
                kind="select",
                options=[c for c in choices("channel") if c[1] != "call"],
                value=self._channel,
                allow_blank=False,
            ),
            Field(
                "direction",
                N_("Direction"),
                kind="select",
                options=choices("direction"),
                value=self._direction,
                allow_blank=False,
            ),
            Field("outcome", N_("Outcome")),
            Field("duration_min", N_("Minutes")),
            Field(
                "at",
                N_("When"),
                placeholder=N_("empty: now"),
                hint=N_("For a contact logged later: 21/11/2026 14:30, yesterday, -2d."),
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        choice, typed = parse_follow_up(values.get("follow_up"))
        at = None
        if (values.get("at") or "").strip():
            try:
                at = parse_datetime(values["at"])
            except ValidationError as exc:
                raise ValidationError({"at": str(exc)}) from exc
        data = InteractionInput(
            at=at,
            channel=values.get("channel") or "phone",
            direction=values.get("direction") or "in",
            summary=values.get("summary") or "",
            outcome=values.get("outcome"),
            duration_min=values.get("duration_min"),
            follow_up=choice,
            follow_up_date=typed,
        )
        try:
            interaction, reminder = log_interaction(self.customer_id, data)
        except ValidationError as exc:
            errors = dict(exc.errors)
            for key in ("follow_up_date",):
                if key in errors:
                    errors["follow_up"] = errors.pop(key)
            raise ValidationError(errors) from exc
        if reminder is not None:
            self.app.notify(
                _("Follow-up set for {date}.", date=format_date(reminder.due_at)),
            )
        return interaction.id
