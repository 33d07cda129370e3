"""Recording a purchase (earns loyalty points) and redeeming or adjusting points."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ...clock import today as clock_today
from ...domain import purchases
from ...domain.labels import label
from ...domain.parsing import parse_date
from ...i18n import N_, _, format_date, format_number
from ..dialogs.form import Field, FormScreen


class PurchaseFormScreen(FormScreen):
    """Record a purchase; ctrl+r switches to redeeming points."""

    TITLE = N_("New purchase")
    BINDINGS = [
        *FormScreen.BINDINGS,
        Binding("ctrl+r", "points", N_("Redeem points"), id="purchase.points"),
    ]

    def __init__(self, customer_id: int) -> None:
        self.customer_id = customer_id
        super().__init__()

    def fields(self) -> list[Field]:
        rate = purchases.points_rate()
        return [
            Field(
                "amount",
                N_("Amount"),
                placeholder=N_("e.g. 1.250,00"),
                hint=_("Earns {rate} points per 100.", rate=format_number(rate)),
            ),
            Field("date", N_("Date"), value=format_date(clock_today())),
            Field("description", N_("Description")),
            Field("category", N_("Category"), placeholder=N_("e.g. shoes, service, kasko")),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        from ...domain.errors import ValidationError

        try:
            on = parse_date(values["date"], clock_today())
        except ValidationError as exc:
            raise ValidationError({"date": str(exc)}) from exc
        result = purchases.record_purchase(
            self.customer_id,
            values["amount"],
            on=on,
            description=values["description"],
            category=values["category"],
        )
        self.app.notify(
            _(
                "Purchase saved: {points} points earned, balance {balance}.",
                points=result.points,
                balance=result.balance,
            )
        )
        return result

    def action_points(self) -> None:
        self.dismiss(None)
        self.app.push_screen(PointsFormScreen(self.customer_id))


class PointsFormScreen(FormScreen):
    """Redeem points (or, with a reason, correct the balance up or down)."""

    TITLE = N_("Points")

    def __init__(self, customer_id: int) -> None:
        self.customer_id = customer_id
        super().__init__()

    def title_text(self) -> str:
        balance = purchases.points_balance(self.customer_id)
        return _("Points · balance {balance}", balance=format_number(balance))

    def fields(self) -> list[Field]:
        return [
            Field(
                "mode",
                N_("What"),
                kind="select",
                value="redeem",
                options=[(_("Redeem"), "redeem"), (_("Adjust (+/−)"), "adjust")],
                allow_blank=False,
            ),
            Field(
                "points",
                N_("Points"),
                placeholder=N_("e.g. 250"),
                hint=N_("Adjust takes a signed number: 50 adds, -50 takes away."),
            ),
            Field("note", N_("Note"), hint=N_("Required when adjusting.")),
        ]

    def compose_extra(self) -> ComposeResult:
        """The latest ledger entries, so the balance can be checked before changing it."""
        entries = purchases.points_history(self.customer_id, limit=6)
        if not entries:
            yield Static(_("No points yet."), classes="field-hint")
            return
        lines = [_("Latest entries:")]
        for e in entries:
            lines.append(
                "  ".join(
                    [
                        format_date(e.at),
                        label("points_kind", e.kind),
                        f"{e.points:+d}",
                        e.note or "",
                    ]
                ).rstrip()
            )
        yield Static("\n".join(lines), id="points-ledger", classes="field-hint")

    def save(self, values: dict[str, Any]) -> Any:
        if values["mode"] == "adjust":
            entry = purchases.adjust_points(self.customer_id, values["points"], values["note"])
        else:
            entry = purchases.redeem_points(self.customer_id, values["points"], values["note"])
        self.app.notify(
            _(
                "Points saved; balance {balance}.",
                balance=format_number(purchases.points_balance(self.customer_id)),
            )
        )
        return entry
