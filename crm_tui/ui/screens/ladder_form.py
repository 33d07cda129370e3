"""A customer's loyalty: the ladder stage (set by hand, or back to the one the data
suggests), with the RFM scores, lifetime value and its formula, tier, referrals and latest
answers behind it. Opened from the customer card (``l``)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Static

from ...domain import loyalty
from ...domain.customers import get_customer
from ...domain.labels import label
from ...domain.purchases import tier_label
from ...i18n import N_, _, format_money, format_number
from ..dialogs.form import Field, FormScreen

SUGGESTED = "auto"  # the select's value for "no manual stage"


class LadderFormScreen(FormScreen):
    TITLE = N_("Loyalty ladder stage")

    def __init__(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.summary = loyalty.customer_summary(customer_id)
        self.customer_name = get_customer(customer_id).name
        super().__init__()

    def title_text(self) -> str:
        s = self.summary
        lines = [_("Loyalty of {name}", name=self.customer_name)]
        if s.stage_is_manual:
            lines.append(_("Now set by hand: {stage}.", stage=label("ladder", s.stage)))
        else:
            lines.append(_("Now: {stage} (suggested).", stage=label("ladder", s.stage)))
        lines.append(
            _(
                "The data suggests {stage}: {reason}.",
                stage=label("ladder", s.suggested_stage),
                reason=loyalty.stage_reason(s),
            )
        )
        return "\n".join(lines)

    def compose_extra(self) -> ComposeResult:
        """What the card has no room for: the scores and formulas behind the figures."""
        s = self.summary
        facts = []
        if s.rfm is not None:
            r, f, m = s.rfm
            facts.append(
                _(
                    "RFM: R {r} · F {f} · M {m} (5 = best) · {segment}",
                    r=r,
                    f=f,
                    m=m,
                    segment=loyalty.segment_label(s.segment),
                )
            )
        facts.append(
            _(
                "Revenue {amount}: {meaning}",
                amount=format_money(s.revenue),
                meaning=_(loyalty.REVENUE_MEANING),
            )
        )
        if s.ltv is not None or s.ltv_formula:
            facts.append(
                _(
                    "Lifetime value {amount} ({meaning}): {formula}",
                    amount="–" if s.ltv is None else format_money(s.ltv),
                    meaning=_(loyalty.LTV_MEANING),
                    formula=s.ltv_formula,
                )
            )
        facts.append(
            _(
                "Tier {tier} · spent {spend} in 12 months · {points} points",
                tier=tier_label(s.tier),
                spend=format_money(s.spend_12m),
                points=format_number(s.points),
            )
        )
        if s.referred:
            facts.append(
                _(
                    "Referred {n} customers; {buyers} bought, for {revenue}.",
                    n=format_number(s.referred),
                    buyers=format_number(s.referred_buyers),
                    revenue=format_money(s.referred_revenue),
                )
            )
        answers = []
        if s.latest_nps is not None:
            answers.append(_("latest NPS answer {score}", score=s.latest_nps))
        if s.latest_csat is not None:
            answers.append(_("latest CSAT answer {score}", score=s.latest_csat))
        if answers:
            facts.append(" · ".join(answers))
        yield Static("\n".join(facts), id="loyalty-facts", classes="facts")

    def fields(self) -> list[Field]:
        s = self.summary
        options: list[tuple[str, Any]] = [
            (
                _("As suggested ({stage})", stage=label("ladder", s.suggested_stage)),
                SUGGESTED,
            )
        ]
        options += [(label("ladder", code), code) for code in loyalty.STAGES]
        return [
            Field(
                "stage",
                N_("Stage"),
                kind="select",
                value=s.stage if s.stage_is_manual else SUGGESTED,
                options=options,
                allow_blank=False,
                hint=N_("A stage set by hand is kept until you choose “As suggested”."),
            )
        ]

    def save(self, values: dict[str, Any]) -> Any:
        stage = values["stage"]
        manual = None if stage in (None, SUGGESTED) else stage
        loyalty.set_ladder_override(self.customer_id, manual)
        if manual is None:
            self.app.notify(
                _(
                    "Manual stage removed: {stage}, as the data suggests.",
                    stage=label("ladder", self.summary.suggested_stage),
                )
            )
        else:
            self.app.notify(_("Stage set by hand: {stage}.", stage=label("ladder", manual)))
        return manual or SUGGESTED
