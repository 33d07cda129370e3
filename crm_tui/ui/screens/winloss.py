"""Win/loss analysis: renewed versus lost in a period (the last 12 months by default), by
line (retention), by reason (most premium lost first), by insurer, by month, and in detail
(reason × line × insurer × month). Keys 1–5 switch the view."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ...domain import winloss
from ...domain.labels import label
from ...i18n import N_, _, format_date, format_money, format_percent
from ..widgets.keyfooter import KeyFooter
from ..widgets.safetable import SafeTable
from .base import FollowsLanguage

VIEWS = {
    "line": N_("By line"),
    "reason": N_("By reason"),
    "insurer": N_("By insurer"),
    "month": N_("By month"),
    "detail": N_("Detail"),
}


def _pct(value) -> str:
    return "–" if value is None else format_percent(value / 100, 1)


class WinLossScreen(FollowsLanguage):
    AUTO_FOCUS = "#wl-table"
    BINDINGS = [
        Binding("1", "view('line')", N_("Lines"), id="winloss.lines"),
        Binding("2", "view('reason')", N_("Reasons"), id="winloss.reasons"),
        Binding("3", "view('insurer')", N_("Insurers"), id="winloss.insurers"),
        Binding("4", "view('month')", N_("Months"), id="winloss.months"),
        Binding("5", "view('detail')", N_("Detail"), id="winloss.detail"),
        Binding("escape", "app.pop_screen", N_("Back"), id="winloss.back"),
    ]

    def __init__(
        self,
        first: date | None = None,
        last: date | None = None,
        line: str | None = None,
        insurer: str | None = None,
    ) -> None:
        super().__init__()
        self.first, self.last, self.line, self.insurer = first, last, line, insurer
        self.view = "line"
        self.result: winloss.WinLoss | None = None

    def compose(self) -> ComposeResult:
        yield Static(_("Win/loss analysis"), id="wl-title")
        yield Static("", id="wl-total")
        yield SafeTable(id="wl-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter(compact=True)

    @property
    def crm(self) -> Any:
        """The app as CrmApp (its ``db`` runner), untyped as Textual's ``App``."""
        return self.app

    def on_mount(self) -> None:
        self.reload()

    @work(exclusive=True, group="winloss")
    async def reload(self) -> None:
        self.result = await self.crm.db(
            winloss.analysis, self.first, self.last, self.line, self.insurer
        )
        self._show()

    def action_view(self, view: str) -> None:
        self.view = view
        self._show()

    def _show(self) -> None:
        r = self.result
        if r is None:
            return
        t = r.total
        title = _(
            "Win/loss {first} – {last} · {view}",
            first=format_date(r.first),
            last=format_date(r.last),
            view=_(VIEWS[self.view]),
        )
        if self.line:
            title += " · " + label("line", self.line)
        if self.insurer:
            title += " · " + self.insurer
        self.query_one("#wl-title", Static).update(title)
        self.query_one("#wl-total", Static).update(
            _(
                "Renewed {renewed} · lost {lost} · retention {rate} · kept {kept} · lost {money}",
                renewed=t.renewed,
                lost=t.lost,
                rate=_pct(t.retention),
                kept=format_money(t.kept),
                money=format_money(t.lost_premium),
            )
        )
        table = self.query_one("#wl-table", DataTable)
        table.clear(columns=True)
        if self.view == "detail":
            for title_, width in (
                (_("Outcome"), 9),
                (_("Reason"), 12),
                (_("Line"), 14),
                (_("Insurer"), 10),
                (_("Month"), 7),
                (_("Pol."), 5),
                (_("Premium"), 12),
            ):
                table.add_column(title_, width=width)
            groups = sorted(r.groups, key=lambda g: (-g.lost, -g.kept, g.month))
            for g in groups:
                table.add_row(
                    _("renewed") if g.outcome == "renewed" else _("lost"),
                    winloss.reason_label(g.reason) if g.reason else "",
                    label("line", g.line),
                    g.insurer or "",
                    g.month,
                    str(g.count),
                    format_money(g.kept if g.outcome == "renewed" else g.lost),
                )
            return
        tallies = {
            "line": r.by_line,
            "reason": r.by_reason,
            "insurer": r.by_insurer,
            "month": r.by_month,
        }[self.view]
        names = {
            "line": lambda k: label("line", k),
            "reason": winloss.reason_label,
            "insurer": lambda k: k or "–",
            "month": lambda k: k,
        }[self.view]
        for title_, width in (
            (_("Name"), 16),
            (_("Renewed"), 8),
            (_("Lost"), 6),
            (_("Retention"), 9),
            (_("Kept"), 13),
            (_("Lost premium"), 13),
        ):
            table.add_column(title_, width=width)
        for x in tallies:
            table.add_row(
                names(x.key),
                str(x.renewed),
                str(x.lost),
                _pct(x.retention),
                format_money(x.kept),
                format_money(x.lost_premium),
            )

    def on_language_changed(self) -> None:
        self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        await self.recompose()
        self._show()
