"""The Loyalty section as text: money and axis labels, the headline figures, what they mean,
month names, clipping. No widgets: the screen shows what these return."""

from __future__ import annotations

from decimal import Decimal

from ...domain import loyalty
from ...i18n import N_, _, babel_locale, format_number, format_percent, ngettext
from .customer_list import whole_money

BAR_WIDTH = 14
LTV_KINDS = {"shop": N_("shop"), "policy": N_("policies"), "both": N_("shop + policies")}


def short_money(amount: Decimal) -> str:
    """Whole currency units (figures and tables): 1.234.567 ₺ / ₺1,234,567."""
    return whole_money(amount)


def compact(value: float) -> str:
    """Axis labels: 2 Mn / 2M, 15 B / 15K."""
    from babel.numbers import format_compact_decimal

    return format_compact_decimal(value, locale=babel_locale(), fraction_digits=1)


def nice_step(raw: float) -> float:
    """1, 2 or 5 × a power of ten, at least 1 (whole numbers on the chart axes)."""
    import math

    if raw <= 1:
        return 1
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def answers(n: int) -> str:
    return ngettext("{count} answer", "{count} answers", n, count=format_number(n))


def nps_text(value: float | None) -> str:
    return _("no answers") if value is None else format_number(round(value), 0)


def csat_text(value: float | None) -> str:
    return _("no answers") if value is None else format_percent(value)


def definitions() -> str:
    """How the figures are defined (shown under them)."""
    return "\n".join(
        [
            _("Active customer: not archived, with at least one purchase or policy.")
            + " "
            + _("Revenue: {meaning}.", meaning=_(loyalty.REVENUE_MEANING)),
            _(
                "RFM: R = how recently, F = how often, M = how much; each scored 1–5 by "
                "quintiles over active customers, 5 = best; equal values share the "
                "lower score. Segments follow R and F."
            ),
            _("Lifetime value: {meaning}.", meaning=_(loyalty.LTV_MEANING))
            + " "
            + _(
                "Shops = average purchase × purchases a year × expected "
                "years; policies = yearly commission × r / (1 + i − r), r = renewal rate, "
                "i = discount rate."
            ),
            _(
                "Retention: customers who bought in the 12 months before and bought "
                "again in the last 12. NPS = % promoters (9–10) − % detractors (0–6). "
                "CSAT = share of 4 and 5 answers, resolved complaints included."
            ),
        ]
    )


def figure_rows(data: loyalty.Overview) -> list[tuple[str, str, str, tuple]]:
    """The headline figures: (name, value, what it is based on, drill-down target)."""
    h = data.headline
    return [
        (
            _("Active customers"),
            format_number(h.active),
            ngettext(
                "of {count} customer",
                "of {count} customers",
                data.customers,
                count=format_number(data.customers),
            ),
            ("active", None, _("Active customers")),
        ),
        (
            _("Bought in 12 months"),
            format_number(h.bought_12m),
            _("since {date}", date=short_date(data)),
            ("bought_12m", None, _("Bought in the last 12 months")),
        ),
        (
            _("12-month retention"),
            format_percent(h.retention),
            _(
                "{kept} of {base} back",
                kept=format_number(h.retained),
                base=format_number(h.retention_base),
            ),
            ("lost", None, _("Bought the year before, not in the last 12 months")),
        ),
        (
            _("Renewal rate"),
            format_percent(h.renewal_rate),
            ngettext(
                "{count} policy due",
                "{count} policies due",
                h.renewals,
                count=format_number(h.renewals),
            ),
            ("risk", "lapsed", _(loyalty.RISK_LABELS["lapsed"])),
        ),
        (
            _("NPS"),
            nps_text(h.nps),
            answers(h.nps_answers),
            ("detractors", None, _("Latest NPS answer 0–6 (detractors)")),
        ),
        (
            _("CSAT"),
            csat_text(h.csat),
            answers(h.csat_answers),
            ("unsatisfied", None, _("Latest CSAT answer 1–3")),
        ),
        (
            _("Revenue"),
            short_money(h.revenue_12m),
            _("purchases and policy premiums"),
            ("bought_12m", None, _("Bought in the last 12 months")),
        ),
        (
            _("Came by referral"),
            format_number(data.referred),
            _(
                "{buyers} bought, for {revenue}",
                buyers=format_number(data.referred_buyers),
                revenue=short_money(data.referred_revenue),
            ),
            ("referred", None, _("Came by referral")),
        ),
    ]


def columns_width(columns: list[str], rows: list[list]) -> int:
    """Width a DataTable gives these columns (content plus one cell of padding each side)."""
    widths = [len(c) for c in columns]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(str(cell)))
    return sum(w + 2 for w in widths)


def month_name(month: str) -> str:
    """``2026-03`` → ``Mart 2026`` / ``March 2026``."""
    from datetime import date

    from babel.dates import format_date

    year, number = (int(x) for x in month.split("-"))
    return format_date(date(year, number, 1), "LLLL y", locale=babel_locale())


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def short_date(data: loyalty.Overview) -> str:
    from dateutil.relativedelta import relativedelta

    from ...i18n import format_date

    return format_date(data.today - relativedelta(years=1) + relativedelta(days=1))


def fit_words(text: str, width: int) -> str:
    """``text`` in ``width`` cells, words left out from the end (``… for ₺4,799,596`` never
    becomes ``for ₺4,799``: a figure is shown whole or not at all)."""
    if len(text) <= width:
        return text
    words = text.split(" ")
    while words and len(" ".join(words)) + 1 > width:
        words.pop()
    return (" ".join(words).rstrip(",;:·") + "…") if words else ""
