"""The Loyalty charts: revenue on the left; on the right one series at a time (new and
lost customers, renewal rate, NPS), switched with ``g``. Below them the "Month by month"
table holds the same figures as text: the fallback when the terminal is too small for a
readable chart (or when ``t`` hides the charts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual_plotext import PlotextPlot

from ...i18n import N_, _, format_number, format_percent
from .loyalty_rows import compact, nice_step

# Below this the charts are unreadable: the table alone is shown.
MIN_WIDTH, MIN_HEIGHT = 80, 24


@dataclass(frozen=True)
class Series:
    key: str
    title: str  # msgid
    color: str
    value: Callable[[Any], float | None]  # from a MonthFigure
    label: Callable[[float], str]  # an axis label


SERIES = (
    Series(
        "new",
        N_("New customers per month"),
        "blue",
        lambda m: m.new_customers,
        lambda v: format_number(round(v)),
    ),
    Series(
        "lost",
        N_("Lost customers per month"),
        "red",
        lambda m: m.lost_customers,
        lambda v: format_number(round(v)),
    ),
    Series(
        "renewal",
        N_("Renewal rate per month"),
        "cyan",
        lambda m: m.renewal_rate,
        lambda v: format_percent(v),
    ),
    Series("nps", N_("NPS per month"), "magenta", lambda m: m.nps, lambda v: str(round(v))),
)
REVENUE = Series("revenue", N_("Revenue per month"), "green", lambda m: float(m.revenue), compact)


def charts_fit(width: int, height: int) -> bool:
    return width >= MIN_WIDTH and height >= MIN_HEIGHT


def plot(widget: PlotextPlot, months: list[Any], series: Series, hint: str = "") -> None:
    """Bars of ``series`` over the months (a month without a figure: no bar)."""
    labels = [m.month[5:7] + "." + m.month[2:4] for m in months]
    values = [series.value(m) for m in months]
    plt = widget.plt
    plt.clear_data()
    plt.clear_figure()
    plt.title(_(series.title) + (f"  ({hint})" if hint else ""))
    positions = [float(k) for k in range(1, len(months) + 1)]
    shown = [(p, float(v)) for p, v in zip(positions, values, strict=True) if v is not None]
    if shown:
        plt.bar([p for p, _v in shown], [v for _p, v in shown], color=series.color, width=0.6)
    # Every other month on the axis: twelve labels do not fit a half-width chart.
    plt.xticks(positions[::2], labels[::2])
    low = min([v for _p, v in shown] + [0])
    top = max([v for _p, v in shown] + [0])
    if series.key == "renewal":
        ticks = [0.0, 0.25, 0.5, 0.75, 1.0]
        plt.ylim(0, 1)
        plt.yticks(ticks, [series.label(t) for t in ticks])
    elif top - low > 0:
        step = nice_step((top - low) / 3)
        start = -(int(-low // step)) * step if low < 0 else 0
        ticks = [start + step * i for i in range(int((top - start) // step) + 1)]
        plt.yticks(ticks, [series.label(t) for t in ticks])
    widget.refresh()
