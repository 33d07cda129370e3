"""A plan's instalments (taksitler) on a policy or a purchase: due day, amount, what was
paid, when and how. ``d`` records a payment, ``e`` makes the plan again and ``x`` deletes it
(both only while nothing is paid), Escape goes back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ...clock import today as clock_today
from ...domain import instalments as ins
from ...i18n import N_, _, format_date, format_money
from ..dialogs.confirm import ConfirmScreen
from ..dialogs.instalment import PaidForm, PlanForm
from ..faults import act
from ..widgets.keyfooter import KeyFooter
from ..widgets.safetable import SafeTable


class InstalmentPlanScreen(ModalScreen[Any]):
    """Dismisses with True when something changed (the card then reads its header again)."""

    BINDINGS = [
        Binding("d", "paid", N_("Paid"), id="plan.paid"),
        Binding("e", "change", N_("Change plan"), id="plan.change"),
        Binding("x", "delete", N_("Delete plan"), id="plan.delete"),
        Binding("escape", "back", N_("Back"), id="plan.back"),
    ]

    def __init__(self, policy_id: int | None = None, purchase_id: int | None = None) -> None:
        super().__init__()
        self.policy_id = policy_id
        self.purchase_id = purchase_id
        self.rows: dict[str, ins.InstalmentRow] = {}
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Static("", id="plan-title")
        yield SafeTable(id="plan-table", cursor_type="row")
        yield Static("", id="plan-total")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#plan-table", DataTable)
        for title, key, width in (
            (_("No."), "n", 6),
            (_("Due"), "due", 10),
            (_("Amount"), "amount", 13),
            (_("Paid"), "paid", 13),
            (_("Paid on"), "paid_on", 10),
            (_("Method"), "method", 12),
        ):
            table.add_column(title, key=key, width=width)
        self.reload()

    @work(exclusive=True, group="plan")
    async def reload(self) -> None:
        app: Any = self.app
        rows = await app.db(ins.plan, self.policy_id, self.purchase_id)
        self._show(rows)

    def _show(self, rows: list[ins.InstalmentRow]) -> None:
        table = self.query_one("#plan-table", DataTable)
        keep = table.cursor_row
        table.clear()
        self.rows = {}
        today = clock_today()
        for r in rows:
            self.rows[str(r.id)] = r
            due = Text(format_date(r.due_date))
            if not r.is_paid and r.due_date < today:
                due.stylize("bold red")
            table.add_row(
                f"{r.n}/{r.count}",
                due,
                Text(format_money(r.amount), justify="right"),
                Text(format_money(r.paid_amount), justify="right"),
                format_date(r.paid_on) if r.paid_on else "",
                r.method_label,
                key=str(r.id),
            )
        what = rows[0].what if rows else ""
        self.query_one("#plan-title", Static).update(
            Text(" · ".join(x for x in (_("Instalments"), what) if x), style="bold")
        )
        total = sum((r.amount for r in rows), start=Decimal(0))
        left = sum((r.left for r in rows if not r.is_paid), start=Decimal(0))
        self.query_one("#plan-total", Static).update(
            _(
                "Total {total} · still due {left}",
                total=format_money(total),
                left=format_money(left),
            )
            if rows
            else _("No plan.")
        )
        if rows:
            table.move_cursor(row=min(max(keep, 0), len(rows) - 1))

    def current(self) -> ins.InstalmentRow | None:
        table = self.query_one("#plan-table", DataTable)
        if not self.rows or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return self.rows.get(key or "")

    def _saved(self, result: Any) -> None:
        if result is not None:
            self.changed = True
            self.reload()

    def action_paid(self) -> None:
        row = self.current()
        if row is None:
            return
        if row.is_paid:
            self.app.notify(_("This instalment is paid already."))
            return
        self.app.push_screen(PaidForm(row), self._saved)

    def action_change(self) -> None:
        rows = list(self.rows.values())
        total = sum((r.amount for r in rows), start=Decimal(0)) if rows else None
        self.app.push_screen(
            PlanForm(self.policy_id, self.purchase_id, total=total, replace=bool(rows)),
            self._saved,
        )

    def action_delete(self) -> None:
        if not self.rows:
            return

        def deleted(_result: Any) -> None:
            self.changed = True
            self.app.notify(_("Payment plan deleted."))
            self.dismiss(True)

        def confirmed(yes: bool | None) -> None:
            if yes:
                act(self, ins.delete_plan, self.policy_id, self.purchase_id, then=deleted)

        self.app.push_screen(ConfirmScreen(_("Delete this payment plan?")), confirmed)

    def action_back(self) -> None:
        self.dismiss(True if self.changed else None)


__all__ = ["InstalmentPlanScreen"]
