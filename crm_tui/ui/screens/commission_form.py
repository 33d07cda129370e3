"""A policy's commission (owner only): the lines so far (expected, received, clawback, the
sub-agent's share, outstanding) above a form that records a receipt from the insurer and
sets the sub-agent's share. Opened from the card (``K`` on a policy row)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Static

from ...clock import today as clock_today
from ...domain import commission as cm
from ...domain.errors import ValidationError
from ...domain.labels import label
from ...i18n import N_, _, format_date, format_money, format_number
from ...safe_text import printable
from ..dialogs.form import Field, FormScreen
from ..markup import escape

KIND_WORDS = {"received": N_("received"), "clawback": N_("clawback"), "subagent": N_("sub-agent")}
SHOWN_ENTRIES = 2  # the newest lines; the form must fit 80×24 with its three fields


def commission_lines(view: cm.PolicyCommissionView) -> list[str]:
    b = view.balance
    if view.entered:
        source = _("entered on the policy")
    elif view.rate is not None:
        source = _("{rate} % of the premium", rate=format_number(view.rate))
    else:
        source = _("no rate for this insurer and line")
    lines = [_("Expected {amount} ({source})", amount=format_money(b.expected or 0), source=source)]
    for e in view.entries[-SHOWN_ENTRIES:]:
        amount = -e.amount if e.kind == "subagent" else e.amount
        lines.append(
            f"  {format_date(e.date)}  {_(KIND_WORDS.get(e.kind, e.kind)):<10} "
            f"{format_money(amount):>12}  {e.note or ''}".rstrip()
        )
    lines.append(
        _(
            "Received {received} · outstanding {outstanding} · net {net}",
            received=format_money(b.received),
            outstanding=format_money(b.outstanding),
            net=format_money(b.net),
        )
    )
    return lines


class CommissionFormScreen(FormScreen):
    """Record a receipt on ``view``'s policy. Dismisses with the policy id."""

    TITLE = N_("Commission")

    def __init__(self, view: cm.PolicyCommissionView) -> None:
        self.view = view
        super().__init__()

    def title_text(self) -> str:
        v = self.view
        return _(
            "Commission — {line} {insurer}",
            line=label("line", v.line),
            insurer=printable(v.insurer or ""),
        )

    def compose_extra(self) -> ComposeResult:
        yield Static(escape("\n".join(commission_lines(self.view))), id="commission-lines")

    def fields(self) -> list[Field]:
        sub = next((e for e in self.view.entries if e.kind == "subagent"), None)
        return [
            Field(
                "date",
                N_("Received on"),
                value=format_date(clock_today()),
                placeholder=N_("e.g. 03.11.2026, yesterday"),
            ),
            Field(
                "amount",
                N_("Amount received"),
                placeholder=N_("e.g. 1.250,00"),
            ),
            Field(
                "subagent",
                N_("Sub-agent share"),
                value=(sub.note or str(sub.amount)) if sub else "",
                placeholder=N_("e.g. 20% or 150,00; empty: none"),
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        pid = self.view.policy_id
        sub = next((e for e in self.view.entries if e.kind == "subagent"), None)
        old_share = (sub.note or str(sub.amount)) if sub else ""
        share = (values["subagent"] or "").strip()
        amount = (values["amount"] or "").strip()
        if not amount and share == old_share:
            raise ValidationError({"amount": _("Enter the amount the insurer paid.")})
        if amount:
            cm.record_receipt(pid, values["date"], amount)
        if share != old_share:
            cm.set_subagent(pid, share)
        self.app.notify(_("Commission saved."))
        return pid


__all__ = ["CommissionFormScreen", "commission_lines"]
