"""Commission rates (owner only): the rates so far, and a form that adds one (insurer,
line, rate, valid from) or changes the one of the same insurer, line and first day.
Opened from the Loyalty screen (``k``) or the palette."""

from __future__ import annotations

from typing import Any

from ...domain import commission as cm
from ...domain.labels import choices, label
from ...i18n import N_, _, format_date, format_number
from ..dialogs.form import Field, FormScreen
from ..markup import escape

SHOWN_RATES = 3  # what fits 80×24 with the four fields


class CommissionRatesScreen(FormScreen):
    TITLE = N_("Commission rates")

    def __init__(self, rates: list[cm.RateRow]) -> None:
        self.rates = rates
        super().__init__()

    def title_text(self) -> str:
        return _("Commission rates (shared by every desk)")

    def _rates_text(self) -> str:
        """The rates so far, under the insurer's field (the top of the form is what 80×24
        always shows); escaped, as a hint is markup."""
        if not self.rates:
            return escape(
                _("No rates yet: a policy's commission is then the amount entered on it.")
            )
        text = "\n".join(
            f"{r.insurer[:18]:<18} {label('line', r.line)[:24]:<24} "
            f"{format_number(r.rate):>5} % {_('from')} {format_date(r.valid_from)}"
            for r in self.rates[:SHOWN_RATES]
        )
        if len(self.rates) > SHOWN_RATES:
            text += "\n" + _("… and {n} more", n=len(self.rates) - SHOWN_RATES)
        return escape(text)

    def fields(self) -> list[Field]:
        insurers = sorted({r.insurer for r in self.rates})
        return [
            Field("insurer", N_("Insurer"), suggestions=insurers, hint=self._rates_text()),
            Field(
                "line",
                N_("Line"),
                kind="select",
                value="kasko",
                options=choices("line"),
                allow_blank=False,
            ),
            Field("rate", N_("Rate %"), placeholder=N_("e.g. 12,5")),
            Field(
                "valid_from",
                N_("Valid from"),
                placeholder=N_("empty: always (by the policy's start day)"),
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        row = cm.save_rate(values["insurer"], values["line"], values["rate"], values["valid_from"])
        self.app.notify(_("Commission rate saved."))
        return row.id


__all__ = ["CommissionRatesScreen"]
