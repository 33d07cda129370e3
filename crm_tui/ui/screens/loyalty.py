"""Loyalty section: headline figures, ladder, RFM segments, at-risk customers, top customers
by lifetime value, referrals and monthly charts. Every count opens the list of those
customers; every customer opens the card. Computed off the UI thread."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from ...domain import loyalty
from ...domain.labels import label
from ...i18n import N_, _, format_money, format_number, format_percent
from .base import SectionScreen
from .customer_list import CustomerListScreen

BAR_WIDTH = 16


def short_money(amount: Decimal) -> str:
    """Whole currency units (figures and tables): 1.234.567 ₺ / ₺1,234,567."""
    text = format_money(Decimal(round(amount)))
    for tail in (",00", ".00"):
        text = text.replace(tail, "")
    return text


def _nice_step(raw: float) -> float:
    """1, 2 or 5 × a power of ten, at least 1 (whole numbers on the chart axes)."""
    import math

    if raw <= 1:
        return 1
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def nps_text(value: float | None) -> str:
    return "–" if value is None else format_number(round(value), 0)


class LoyaltyScreen(SectionScreen):
    SECTION = "loyalty"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]
    BINDINGS = [
        Binding("r", "refresh", N_("Refresh"), id="loyalty.refresh"),
        Binding("c", "campaign", N_("Campaign lists"), id="loyalty.campaign"),
        Binding("enter", "open", N_("Open list"), id="loyalty.open", show=True),
    ]
    DEFAULT_CSS = """
    LoyaltyScreen #loyalty-body { height: 1fr; }
    LoyaltyScreen .box-title { text-style: bold; padding: 1 1 0 1; height: auto; }
    LoyaltyScreen .note { color: $text-muted; padding: 0 1; height: auto; }
    LoyaltyScreen DataTable { height: auto; max-height: 14; margin: 0 1; }
    LoyaltyScreen #figures { margin: 0; }
    LoyaltyScreen .pair { height: auto; }
    LoyaltyScreen.-narrow .pair { layout: vertical; }
    LoyaltyScreen .pair > Vertical { width: 1fr; height: auto; }
    LoyaltyScreen .charts { height: 16; }
    LoyaltyScreen PlotextPlot { height: 16; width: 1fr; }
    LoyaltyScreen #loyalty-empty { height: auto; padding: 1 2; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.data: loyalty.Overview | None = None
        self._targets: dict[str, list] = {}

    # -- layout -----------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="loyalty-body", can_focus=False):
            yield Static(
                _("Last 12 months · Enter on a count lists those customers · r refresh"),
                classes="note",
                id="loyalty-note",
            )
            yield DataTable(id="figures", cursor_type="cell")
            with Horizontal(classes="pair"):
                with Vertical():
                    yield Static(_("Loyalty ladder"), classes="box-title")
                    yield DataTable(id="ladder", cursor_type="row")
                with Vertical():
                    yield Static(
                        _("RFM segments (5 = best)"),
                        classes="box-title",
                    )
                    yield DataTable(id="segments", cursor_type="row")
            with Horizontal(classes="pair"):
                with Vertical():
                    yield Static(_("Customers at risk"), classes="box-title")
                    yield DataTable(id="risks", cursor_type="row")
                with Vertical():
                    yield Static(_("Top customers by lifetime value"), classes="box-title")
                    yield DataTable(id="top", cursor_type="row")
            yield Static(_("Referrals"), classes="box-title")
            yield Static("", classes="note", id="referral-note")
            yield DataTable(id="referrers", cursor_type="row")
            with Horizontal(classes="charts"):
                yield PlotextPlot(id="revenue-chart")
                yield PlotextPlot(id="new-chart")
            yield Static(self._definitions(), classes="note", id="definitions")

    def _definitions(self) -> str:
        return "\n".join(
            [
                _(
                    "Active customer: not archived, with at least one purchase or policy. "
                    "Revenue: purchases and policy premiums."
                ),
                _(
                    "RFM: R = how recently, F = how often, M = how much; each scored 1–5 by "
                    "quintiles over active customers, 5 = best; equal values share the "
                    "lower score."
                ),
                _(
                    "Lifetime value: shops = average purchase × purchases a year × expected "
                    "years; policies = yearly commission × r / (1 + i − r), r = renewal rate, "
                    "i = discount rate."
                ),
                _(
                    "Retention: customers who bought in the 12 months before and bought "
                    "again in the last 12. NPS = % promoters (9–10) − % detractors (0–6). "
                    "CSAT = share of 4 and 5 answers."
                ),
            ]
        )

    def on_mount(self) -> None:
        self.load()

    def on_language_changed(self) -> None:
        async def rebuild() -> None:
            await self.recompose()
            if self.data is not None:
                self.show(self.data)
            else:
                self.load()

        self.call_later(rebuild)

    # -- loading ------------------------------------------------------------------
    @work(exclusive=True, group="loyalty-load")
    async def load(self) -> None:
        body = self.query_one("#loyalty-body")
        body.loading = True
        try:
            data = await self.app.run_in_db_thread(loyalty.overview)
        except Exception as exc:  # noqa: BLE001 - show the reason, keep the app alive
            body.loading = False
            self.app.notify_error(_("Loyalty figures could not be computed: {reason}", reason=exc))
            return
        body.loading = False
        self.data = data
        self.show(data)
        if self.focused is None or not isinstance(self.focused, DataTable):
            self.query_one("#figures", DataTable).focus()

    def action_refresh(self) -> None:
        self.load()

    # -- rendering ------------------------------------------------------------------
    def _table(self, table_id: str, columns: list[str]) -> DataTable:
        table = self.query_one(f"#{table_id}", DataTable)
        table.clear(columns=True)
        for col in columns:
            table.add_column(col)
        return table

    def show(self, data: loyalty.Overview) -> None:
        self._targets = {}
        h = data.headline
        figures = self._table(
            "figures",
            [
                _("Active customers"),
                _("Bought in 12 months"),
                _("Retention"),
                _("Renewal rate"),
                _("NPS"),
                _("CSAT"),
                _("Revenue (12 months)"),
            ],
        )
        figures.add_row(
            format_number(h.active),
            format_number(h.bought_12m),
            format_percent(h.retention),
            format_percent(h.renewal_rate),
            nps_text(h.nps),
            format_percent(h.csat),
            short_money(h.revenue_12m),
            key="figures",
        )
        self._targets["figures"] = [
            ("active", None, _("Active customers")),
            ("bought_12m", None, _("Bought in the last 12 months")),
            None,
            None,
            None,
            None,
            None,
        ]

        ladder = self._table("ladder", [_("Stage"), _("Customers"), ""])
        biggest = max((n for n, _m in data.ladder.values()), default=0) or 1
        targets = []
        for stage in loyalty.STAGES:
            n, manual = data.ladder.get(stage, (0, 0))
            count = format_number(n)
            if manual:
                count += " " + _("({n} manual)", n=format_number(manual))
            bar = "█" * max(1 if n else 0, round(BAR_WIDTH * n / biggest))
            ladder.add_row(label("ladder", stage), count, Text(bar, style="green"))
            targets.append(("stage", stage, _("Stage: {stage}", stage=label("ladder", stage))))
        self._targets["ladder"] = targets

        segments = self._table("segments", [_("Segment"), _("Customers"), _("Revenue")])
        targets = []
        for seg in loyalty.SEGMENTS:
            n, revenue = data.segments.get(seg, (0, Decimal(0)))
            segments.add_row(loyalty.segment_label(seg), format_number(n), short_money(revenue))
            targets.append(
                (
                    "segment",
                    seg,
                    _(
                        "Segment: {segment} ({hint})",
                        segment=loyalty.segment_label(seg),
                        hint=_(loyalty.SEGMENT_HINTS[seg]),
                    ),
                )
            )
        self._targets["segments"] = targets

        risks = self._table("risks", [_("Why"), _("Customers")])
        targets = []
        for kind in loyalty.RISKS:
            risks.add_row(_(loyalty.RISK_LABELS[kind]), format_number(data.risks.get(kind, 0)))
            targets.append(("risk", kind, _(loyalty.RISK_LABELS[kind])))
        self._targets["risks"] = targets

        top = self._table("top", [_("Customer"), _("Lifetime value")])
        for t in data.top:
            top.add_row(t.name, short_money(t.ltv))
        self._targets["top"] = [("card", t.id, t.name) for t in data.top]

        self.query_one("#referral-note", Static).update(
            _(
                "{n} customers came by referral; {buyers} of them bought, for {revenue}.",
                n=format_number(data.referred),
                buyers=format_number(data.referred_buyers),
                revenue=short_money(data.referred_revenue),
            )
        )
        refs = self._table(
            "referrers", [_("Referred by"), _("Referred"), _("Bought"), _("Their revenue")]
        )
        for r in data.referrers:
            refs.add_row(
                r.name, format_number(r.referred), format_number(r.buyers), short_money(r.revenue)
            )
        self._targets["referrers"] = [
            ("referrer", r.id, _("Referred by {name}", name=r.name)) for r in data.referrers
        ]
        self._plot(data)

    def _plot(self, data: loyalty.Overview) -> None:
        months = [m.month[5:7] + "." + m.month[2:4] for m in data.months]
        for plot_id, values, title, color in (
            (
                "revenue-chart",
                [float(m.revenue) for m in data.months],
                _("Revenue per month"),
                "green",
            ),
            (
                "new-chart",
                [m.new_customers for m in data.months],
                _("New customers per month"),
                "blue",
            ),
        ):
            plot = self.query_one(f"#{plot_id}", PlotextPlot)
            plt = plot.plt
            plt.clear_data()
            plt.clear_figure()
            plt.title(title)
            plt.bar(months, values, color=color)
            top = max(values, default=0)
            if top > 0:
                step = _nice_step(top / 4)
                ticks = [step * i for i in range(int(top // step) + 2)]
                plt.yticks(ticks, [format_number(round(t)) for t in ticks])
            plot.refresh()

    # -- drilling down ---------------------------------------------------------------
    def _target_for(self, table: DataTable):
        targets = self._targets.get(table.id or "")
        if not targets or not table.row_count:
            return None
        if table.id == "figures":
            col = table.cursor_coordinate.column
            return targets[col] if col < len(targets) else None
        row = table.cursor_coordinate.row
        return targets[row] if row < len(targets) else None

    def _drill(self, table: DataTable) -> None:
        target = self._target_for(table)
        if target is None:
            if table.id == "figures":
                self.notify(_("This figure has no customer list; see the notes below."))
            return
        group, key, title = target
        if group == "card":
            self.app.open_customer(int(key))
            return
        today = self.data.today if self.data else None
        self.app.push_screen(
            CustomerListScreen(title, loader=partial(loyalty.customer_ids, group, key, today))
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._drill(event.data_table)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self._drill(event.data_table)

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            self._drill(focused)

    def action_campaign(self) -> None:
        from .campaign import CampaignScreen

        self.app.push_screen(CampaignScreen())
