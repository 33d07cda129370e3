"""One typed value (a date, a file, a note): the form with a single field. A subclass
names its field (``FIELD``, ``LABEL``, ``HINT``, ``PLACEHOLDER``) and passes the action."""

from __future__ import annotations

from typing import Any

from ...domain.errors import ValidationError
from ...i18n import _
from .form import Field, FormScreen


class PromptScreen(FormScreen):
    """One typed value; ``action(text)`` does the work (its result dismisses the form) and
    may raise ValidationError, shown under the field."""

    FIELD = "value"
    LABEL = ""  # msgid
    HINT = ""  # msgid
    PLACEHOLDER = ""  # msgid

    def __init__(self, title: str, action, hint: str = "", value: str = "") -> None:
        self._title = title
        self._action = action
        self._hint = hint
        self._value = value
        super().__init__()

    def title_text(self) -> str:
        return self._title

    def fields(self) -> list[Field]:
        return [
            Field(
                self.FIELD,
                self.LABEL,
                value=self._value,
                hint=self._hint or self.HINT,
                placeholder=self.PLACEHOLDER,
            )
        ]

    def save(self, values: dict[str, Any]) -> Any:
        try:
            return self._action(values.get(self.FIELD) or "")
        except ValidationError as exc:
            # the domain names its field ("date", "until", "path"): show it under this one
            message = "; ".join(exc.errors.values()) or self.fallback_message()
            raise ValidationError({self.FIELD: message}) from exc

    def fallback_message(self) -> str:
        return _(self.HINT) if self.HINT else ""
