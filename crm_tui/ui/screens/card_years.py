"""``y`` on the card: the customer's purchases or premiums by year as a bar chart (``g``
switches), with the same figures in a table below it: the text fallback, shown alone when
the terminal is too small for a chart or after ``t``."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from ...domain import loyalty
from ...i18n import N_, _, format_money
from .loyalty_charts import charts_fit
from .loyalty_rows import compact, nice_step

SERIES = (("purchases", N_("Purchases by year")), ("premiums", N_("Premiums by year")))


class CustomerYearsScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", N_("Back"), id="years.back"),
        Binding("g", "next_series", N_("Purchases/premiums"), id="years.series"),
        Binding("t", "toggle_chart", N_("Chart/table"), id="years.table"),
    ]

    def __init__(self, customer_id: int, name: str) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.name_text = name
        self.years: list[loyalty.YearFigure] | None = None
        self.series = 0
        self.chart_on = True

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.name_text, classes="title", markup=False)
            yield PlotextPlot(id="years-chart")
            yield DataTable(id="years-table", cursor_type="row")
            yield Static(_("g purchases/premiums · t chart/table · Esc back"), classes="note")

    async def on_mount(self) -> None:
        app: Any = self.app  # CrmApp: runs the query off the UI thread
        self.years = await app.db(loyalty.customer_years, self.customer_id)
        table = self.query_one("#years-table", DataTable)
        table.add_columns(_("Year"), _("Purchases"), _("Premiums"))
        for y in reversed(self.years):  # the latest first
            table.add_row(
                str(y.year),
                Text(format_money(y.purchases), justify="right"),
                Text(format_money(y.premiums), justify="right"),
            )
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def draw(self) -> None:
        chart = self.query_one("#years-chart", PlotextPlot)
        fit = charts_fit(self.app.size.width, self.app.size.height) and bool(self.years)
        chart.display = fit and self.chart_on
        if not chart.display or not self.years:
            return
        key, title = SERIES[self.series]
        values = [float(getattr(y, key)) for y in self.years]
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(_(title))
        positions = [float(k) for k in range(1, len(values) + 1)]
        plt.bar(positions, values, color="green" if key == "purchases" else "blue", width=0.6)
        step_x = max(1, len(positions) // 8)  # at most about eight year labels
        plt.xticks(positions[::step_x], [str(y.year) for y in self.years][::step_x])
        top = max(values, default=0)
        if top > 0:
            step = nice_step(top / 3)
            ticks = [step * i for i in range(int(top // step) + 1)]
            plt.yticks(ticks, [compact(t) for t in ticks])
        chart.refresh()

    @property
    def series_key(self) -> str:
        return SERIES[self.series][0]

    def action_next_series(self) -> None:
        self.series = (self.series + 1) % len(SERIES)
        self.draw()

    def action_toggle_chart(self) -> None:
        self.chart_on = not self.chart_on
        self.draw()
