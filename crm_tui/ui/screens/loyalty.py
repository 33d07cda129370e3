"""Loyalty section: headline figures, ladder, at-risk customers, RFM segments, top customers by
lifetime value, referrals and monthly charts. Every count opens the list of those customers;
every customer opens the card. Computed off the UI thread while a loading indicator shows."""

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
from ..faults import user_message
from ..widgets.safetable import SafeTable
from .base import SectionScreen
from .customer_list import CustomerListScreen
from .loyalty_charts import REVENUE, SERIES, Series, charts_fit, plot
from .loyalty_rows import (
    BAR_WIDTH,
    LTV_KINDS,
    clip,
    columns_width,
    definitions,
    figure_rows,
    fit_words,
    month_name,
    short_money,
)

# Seconds before the loading indicator shows (a cached overview comes sooner).
LOADING_DELAY = 0.08


class LoyaltyScreen(SectionScreen):
    SECTION = "loyalty"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]
    BINDINGS = [
        Binding("enter", "open", N_("Open list"), id="loyalty.open", show=True),
        Binding("r", "refresh", N_("Refresh"), id="loyalty.refresh"),
        Binding("c", "campaign", N_("Campaign lists"), id="loyalty.campaign"),
        Binding("s", "settings", N_("Settings"), id="loyalty.settings"),
        Binding("k", "commission_rates", N_("Commission rates"), id="loyalty.rates", show=False),
        Binding("o", "card", N_("Open card"), id="loyalty.card", show=False),
        Binding("g", "next_series", N_("Next chart"), id="loyalty.chart", show=False),
        Binding("t", "toggle_charts", N_("Charts/table"), id="loyalty.charts", show=False),
        # The tables size to their rows, so these keys scroll the whole page instead.
        Binding(
            "pagedown",
            "page(1)",
            N_("Page down"),
            id="loyalty.page_down",
            show=False,
            priority=True,
        ),
        Binding(
            "pageup", "page(-1)", N_("Page up"), id="loyalty.page_up", show=False, priority=True
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: loyalty.Overview | None = None
        self._targets: dict[str, list] = {}
        self._wide = True
        self._shown_width = 0  # the width the tables were last filled for
        self._series = 0  # the right chart's series (loyalty_charts.SERIES)
        self._charts_on = True  # t: the table alone

    # -- layout -----------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="loyalty-body", can_focus=False):
            yield Static(
                _("Enter lists the customers · o opens a card · Tab next table · PgDn/PgUp scroll"),
                classes="note",
                id="loyalty-note",
            )
            figure = Static("", classes="note", id="commission-figure")
            figure.display = False  # the owner's only, shown once computed
            yield figure
            yield SafeTable(id="figures", cursor_type="row")
            with Horizontal(classes="pair"):
                with Vertical():
                    yield Static(_("Loyalty ladder"), classes="box-title")
                    yield SafeTable(id="ladder", cursor_type="row")
                with Vertical():
                    yield Static(_("Customers at risk"), classes="box-title")
                    yield SafeTable(id="risks", cursor_type="row")
            yield Static(_("RFM segments (scores 1–5 by quintiles, 5 = best)"), classes="box-title")
            yield SafeTable(id="segments", cursor_type="row")
            yield Static(_("Top customers by lifetime value"), classes="box-title")
            yield SafeTable(id="top", cursor_type="row")
            yield Static(_("Referrals"), classes="box-title")
            yield Static("", classes="note", id="referral-note")
            yield SafeTable(id="referrers", cursor_type="row")
            with Horizontal(classes="charts", id="loyalty-charts"):
                yield PlotextPlot(id="revenue-chart")
                yield PlotextPlot(id="trend-chart")
            yield Static(_("Month by month"), classes="box-title")
            yield Static(
                _(
                    "New and lost customers (a policy ending that month lapsed), the renewal "
                    "rate of the policies ending that month, NPS of that month's answers."
                ),
                classes="note",
                id="months-note",
            )
            yield SafeTable(id="months", cursor_type="row")
            yield Static(_("How these are computed"), classes="box-title")
            yield Static(definitions(), classes="note", id="definitions")

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
        # Opened again with nothing changed, the overview comes from its cache in a few
        # milliseconds: the loading indicator shows only when it is really computed.
        spinner = self.set_timer(LOADING_DELAY, lambda: setattr(body, "loading", True))
        try:
            try:
                data = await self.app.db(loyalty.overview)
            finally:  # also when a newer load cancelled this one
                spinner.stop()
        except Exception as exc:
            if user_message(exc) is None:
                raise  # a program error ends the app with its traceback, so it gets fixed
            # the storage failed (locked too long, damaged, unreadable): say why, stay alive
            body.loading = False
            self.app.notify_error(_("Loyalty figures could not be computed: {reason}", reason=exc))
            return
        body.loading = False
        self.data = data
        self.show(data)
        self._load_commission()
        if self.focused is None or not isinstance(self.focused, DataTable):
            self.query_one("#figures", DataTable).focus()

    @work(exclusive=True, group="loyalty-commission")
    async def _load_commission(self) -> None:
        from ...domain.commission import outstanding_for_owner

        total = await self.app.db(outstanding_for_owner)
        figure = self.query_one("#commission-figure", Static)
        figure.display = total is not None
        if total is not None:
            figure.update(
                _(
                    "Outstanding commission: {amount} (k: commission rates)",
                    amount=format_money(total),
                )
            )

    def action_commission_rates(self) -> None:
        self.app.action_commission_rates()

    def action_refresh(self) -> None:
        self.load()

    def action_page(self, direction: int) -> None:
        body = self.query_one("#loyalty-body", VerticalScroll)
        if direction > 0:
            body.scroll_page_down()
        else:
            body.scroll_page_up()

    # -- rendering ------------------------------------------------------------------
    def _table(self, table_id: str, columns: list[str]) -> DataTable:
        table = self.query_one(f"#{table_id}", DataTable)
        table.clear(columns=True)
        for col in columns:
            table.add_column(col)
        return table

    def on_resize(self) -> None:
        # Narrow terminals get fewer columns (no overflowing tables): refill on a change.
        if self.data is not None and self._shown_width != self.size.width:
            self.show(self.data)
        elif self.data is not None:  # taller or shorter: the charts may fit now, or not
            self._plot(self.data)

    def _is_wide(self) -> bool:
        return self.size.width >= 96

    def _table_room(self) -> int:
        """Columns a full-width table can use: less the page scrollbar and the margins."""
        return self.size.width - 4

    def show(self, data: loyalty.Overview) -> None:
        self._wide = self._is_wide()
        self._shown_width = self.size.width
        self._targets = {}
        self._show_figures(data)
        self._show_ladder(data)
        self._show_risks(data)
        self._show_segments(data)
        self._show_top(data)
        self._show_referrals(data)
        self._plot(data)
        self._show_months(data)

    def _show_figures(self, data: loyalty.Overview) -> None:
        columns = [_("Figure"), _("Value"), _("Based on")]
        rows = list(figure_rows(data))
        # what is left for the basis on a narrow terminal: words give way, figures stay whole
        room = self._table_room() - columns_width(columns[:2], [list(r[:2]) for r in rows]) - 2
        table = self._table("figures", columns)
        self._targets["figures"] = []
        for name, value, basis, target in rows:
            shown = fit_words(basis, room)
            table.add_row(name, Text(value, style="bold", justify="right"), shown)
            self._targets["figures"].append(target)

    def _show_ladder(self, data: loyalty.Overview) -> None:
        table = self._table("ladder", [_("Stage"), _("Customers"), ""])
        biggest = max((n for n, _m in data.ladder.values()), default=0) or 1
        targets = []
        for stage in loyalty.STAGES:
            n, manual = data.ladder.get(stage, (0, 0))
            count = format_number(n)
            if manual:
                count += " " + _("({n} by hand)", n=format_number(manual))
            bar = "█" * max(1 if n else 0, round(BAR_WIDTH * n / biggest))
            table.add_row(label("ladder", stage), count, Text(bar, style="green"))
            targets.append(("stage", stage, _("Stage: {stage}", stage=label("ladder", stage))))
        self._targets["ladder"] = targets

    def _show_risks(self, data: loyalty.Overview) -> None:
        table = self._table("risks", [_("Why"), _("Customers")])
        targets = []
        for kind in loyalty.RISKS:
            table.add_row(_(loyalty.RISK_LABELS[kind]), format_number(data.risks.get(kind, 0)))
            targets.append(("risk", kind, _(loyalty.RISK_LABELS[kind])))
        self._targets["risks"] = targets

    def _show_segments(self, data: loyalty.Overview) -> None:
        columns = [_("Segment"), _("R"), _("F"), _("Customers"), _("Share"), _("Revenue")]
        active = data.headline.active or 1
        rows: list[list] = []
        targets = []
        for seg in loyalty.SEGMENTS:
            n, revenue = data.segments.get(seg, (0, Decimal(0)))
            rows.append(
                [
                    loyalty.segment_label(seg),
                    loyalty.segment_range(seg, "r"),
                    loyalty.segment_range(seg, "f"),
                    format_number(n),
                    format_percent(n / active),
                    Text(short_money(revenue), justify="right"),
                ]
            )
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
        # Too narrow for every column: R, F and the share give way whole, never the revenue
        # (cropped by the table's edge ₺6,259,599 read ₺6,259).
        for drop in (_("F"), _("R"), _("Share")):
            if columns_width(columns, rows) <= self._table_room():
                break
            i = columns.index(drop)
            del columns[i]
            for row in rows:
                del row[i]
        # What each segment means, as far as the width allows (the list title says it too).
        room = self._table_room() - columns_width(columns, rows) - 2
        if room >= 12:
            columns.append(_("Means"))
            for row, seg in zip(rows, loyalty.SEGMENTS, strict=True):
                row.append(clip(_(loyalty.SEGMENT_HINTS[seg]), room))
        table = self._table("segments", columns)
        for row in rows:
            table.add_row(*row)
        self._targets["segments"] = targets

    def _show_top(self, data: loyalty.Overview) -> None:
        columns = [_("Customer"), _("Lifetime value"), _("Formula")]
        rest = [
            [short_money(t.ltv), _(LTV_KINDS[t.kind]) if t.kind in LTV_KINDS else ""]
            for t in data.top
        ]
        # names give way to the amounts (the table's edge cropped them at 60 columns)
        name_room = self._table_room() - columns_width(columns[1:], rest) - 2
        table = self._table("top", columns)
        for t in data.top:
            table.add_row(
                clip(t.name, max(8, min(40 if self._wide else 30, name_room))),
                Text(short_money(t.ltv), justify="right"),
                _(LTV_KINDS[t.kind]) if t.kind in LTV_KINDS else "",
            )
        self._targets["top"] = [("card", t.id, t.name) for t in data.top]

    def _show_referrals(self, data: loyalty.Overview) -> None:
        self.query_one("#referral-note", Static).update(
            _(
                "{n} customers came by referral; {buyers} of them bought, for {revenue}.",
                n=format_number(data.referred),
                buyers=format_number(data.referred_buyers),
                revenue=short_money(data.referred_revenue),
            )
        )
        columns = [_("Referred by"), _("Referred"), _("Bought"), _("Revenue brought")]
        rest = [
            [format_number(r.referred), format_number(r.buyers), short_money(r.revenue)]
            for r in data.referrers
        ]
        # names give way to the amounts (the table's edge cropped them at 60 columns)
        name_room = self._table_room() - columns_width(columns[1:], rest) - 2
        table = self._table("referrers", columns)
        for r in data.referrers:
            table.add_row(
                clip(r.name, max(8, min(40 if self._wide else 30, name_room))),
                format_number(r.referred),
                format_number(r.buyers),
                Text(short_money(r.revenue), justify="right"),
            )
        self._targets["referrers"] = [
            ("referrer", r.id, _("Referred by {name}", name=r.name)) for r in data.referrers
        ]

    def _show_months(self, data: loyalty.Overview) -> None:
        table = self._table(
            "months",
            [_("Month"), _("Revenue"), _("New"), _("Lost"), _("Renewal rate"), _("NPS")],
        )
        # under 72 columns "11.2026" instead of "November 2026": the six figures still fit
        short = self.size.width < 72
        for m in reversed(data.months):  # the latest first, as in the other lists
            table.add_row(
                f"{m.month[5:7]}.{m.month[:4]}" if short else month_name(m.month),
                Text(short_money(m.revenue), justify="right"),
                format_number(m.new_customers),
                format_number(m.lost_customers),
                format_percent(m.renewal_rate),
                "–" if m.nps is None else str(m.nps),
            )
        self._targets["months"] = [
            (
                "new_month",
                m.month,
                _("First purchase in {month}", month=month_name(m.month)),
            )
            for m in reversed(data.months)
        ]

    def _plot(self, data: loyalty.Overview) -> None:
        fit = charts_fit(self.app.size.width, self.app.size.height) and self._charts_on
        self.query_one("#loyalty-charts").display = fit
        if not fit:
            return  # the "Month by month" table below holds the same figures
        plot(self.query_one("#revenue-chart", PlotextPlot), data.months, REVENUE)
        series = SERIES[self._series]
        plot(self.query_one("#trend-chart", PlotextPlot), data.months, series, _("g: next"))

    @property
    def chart_series(self) -> Series:
        """The series the right chart shows (g switches)."""
        return SERIES[self._series]

    def action_next_series(self) -> None:
        self._series = (self._series + 1) % len(SERIES)
        if self.data is not None:
            self._plot(self.data)

    def action_toggle_charts(self) -> None:
        self._charts_on = not self._charts_on
        if self.data is not None:
            self._plot(self.data)
        if not self._charts_on:
            self.notify(_("Charts hidden: the figures are in the table “Month by month”."))

    # -- drilling down ---------------------------------------------------------------
    def _target_for(self, table: DataTable):
        targets = self._targets.get(table.id or "")
        if not targets or not table.row_count:
            return None
        row = table.cursor_coordinate.row
        return targets[row] if row < len(targets) else None

    def _drill(self, table: DataTable) -> None:
        target = self._target_for(table)
        if target is None:
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

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            self._drill(focused)

    def action_card(self) -> None:
        """The card of the customer on the row (top customers, referrers)."""
        focused = self.focused
        if not isinstance(focused, DataTable) or not focused.row_count:
            return
        row = focused.cursor_coordinate.row
        if focused.id == "top" and self.data and row < len(self.data.top):
            self.app.open_customer(self.data.top[row].id)
        elif focused.id == "referrers" and self.data and row < len(self.data.referrers):
            self.app.open_customer(self.data.referrers[row].id)
        else:
            self.notify(_("Choose a customer in the top customers or referrers table."))

    def action_campaign(self) -> None:
        from .campaign import CampaignScreen

        self.app.push_screen(CampaignScreen())

    def action_settings(self) -> None:
        from .loyalty_settings import LoyaltySettingsScreen

        def saved(result) -> None:
            if result is not None:
                self.load()

        self.app.push_screen(LoyaltySettingsScreen(), saved)
