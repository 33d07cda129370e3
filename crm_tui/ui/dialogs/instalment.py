"""Instalment forms: a payment plan on a policy or a purchase (total, count, first due day,
interval), and a payment (tahsilat) of one instalment (day, amount, method)."""

from __future__ import annotations

from typing import Any

from ...clock import today as clock_today
from ...domain import instalments as ins
from ...domain.labels import choices
from ...i18n import N_, _, format_date, format_money
from .form import Field, FormScreen


def _plain_amount(amount: Any) -> str:
    """An amount as the user types it back (``1.234,50`` in Turkish): format_money without
    the currency sign."""
    return format_money(amount).replace("₺", "").replace("TRY", "").strip()


class PlanForm(FormScreen):
    """A plan on ``policy_id`` or ``purchase_id``; ``replace``: make the existing one again.
    Dismisses with the number of instalments."""

    TITLE = N_("Payment plan (instalments)")

    def __init__(
        self,
        policy_id: int | None = None,
        purchase_id: int | None = None,
        total: Any = None,
        replace: bool = False,
    ) -> None:
        self.policy_id = policy_id
        self.purchase_id = purchase_id
        self.total = total
        self.replace = replace
        super().__init__()

    def title_text(self) -> str:
        return _("Change the payment plan") if self.replace else _(self.TITLE)

    def fields(self) -> list[Field]:
        return [
            Field(
                "total",
                N_("Total"),
                value=_plain_amount(self.total) if self.total else "",
                placeholder=N_("e.g. 12.500,00"),
            ),
            Field(
                "count",
                N_("Instalments"),
                value="",
                placeholder=N_("e.g. 9"),
                hint=N_("Equal instalments; the kuruş left over go on the first"),
            ),
            Field(
                "first_due",
                N_("First due date"),
                value=format_date(clock_today()),
                placeholder=N_("e.g. 15.12.2026"),
            ),
            Field("interval_months", N_("Every (months)"), value="1"),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        data = ins.PlanInput(
            total=values.get("total"),
            count=values.get("count"),
            first_due=values.get("first_due"),
            interval_months=values.get("interval_months"),
        )
        rows = ins.create_plan(
            data, policy_id=self.policy_id, purchase_id=self.purchase_id, replace=self.replace
        )
        return len(rows)


class PaidForm(FormScreen):
    """A payment of instalment ``row`` (an ``InstalmentRow``); dismisses with its id."""

    TITLE = N_("Instalment paid")

    def __init__(self, row: ins.InstalmentRow) -> None:
        self.row = row
        self.record_version = row.version
        super().__init__()

    def title_text(self) -> str:
        return _(
            "Instalment {n}/{count} of {name}, due {date}: {amount}",
            n=self.row.n,
            count=self.row.count,
            name=self.row.customer_name,
            date=format_date(self.row.due_date),
            amount=format_money(self.row.left),
        )

    def fields(self) -> list[Field]:
        return [
            Field("paid_on", N_("Paid on"), value=format_date(clock_today())),
            Field(
                "amount",
                N_("Amount"),
                value=_plain_amount(self.row.left),
                hint=N_("Less than the instalment: a part payment, the rest stays due"),
            ),
            Field(
                "method",
                N_("Method"),
                kind="select",
                value="nakit",
                options=choices("payment_method"),
                allow_blank=False,
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        return ins.mark_paid(
            self.row.id,
            paid_on=values.get("paid_on"),
            amount=values.get("amount"),
            method=values.get("method") or "nakit",
            expected_version=self.record_version,
        ).id
