"""Loyalty settings: the points earn rate, the tier thresholds, the lifetime-value assumptions
and when a customer counts as "not contacted for a long time". Shared by every desk on the
database; opened from the Loyalty screen (``s``)."""

from __future__ import annotations

from typing import Any

from ...domain import loyalty
from ...i18n import N_, _, format_number
from ..dialogs.form import Field, FormScreen

TIER_FIELDS = {
    "silver": N_("Silver from"),
    "gold": N_("Gold from"),
    "platinum": N_("Platinum from"),
}


class LoyaltySettingsScreen(FormScreen):
    TITLE = N_("Loyalty settings")

    def fields(self) -> list[Field]:
        current = loyalty.loyalty_settings()
        tiers = [
            Field(
                tier,
                TIER_FIELDS[tier],
                value=format_number(current.tiers.get(tier)),
                hint=N_("Spend in the last 12 months (purchases and premiums).")
                if tier == "silver"
                else "",
            )
            for tier in loyalty.TIERS
        ]
        return [
            Field(
                "points_per_100",
                N_("Points per 100"),
                value=format_number(current.points_per_100),
                hint=N_("Points a purchase earns for every 100 of its amount (0: none)."),
            ),
            *tiers,
            Field(
                "ltv_expected_years",
                N_("Expected years"),
                value=format_number(current.ltv_expected_years),
                hint=N_("Shop lifetime value: how many years a customer keeps buying."),
            ),
            Field(
                "ltv_discount_rate",
                N_("Discount rate %"),
                value=format_number(current.ltv_discount_rate * 100),
                hint=N_("Policy lifetime value: i in commission × r / (1 + i − r); 10 is 10 %."),
            ),
            Field(
                "no_contact_days",
                N_("No contact after"),
                value=str(current.no_contact_days),
                hint=N_("Days without contact before a buying customer is at risk."),
            ),
        ]

    def title_text(self) -> str:
        return _("Loyalty settings (shared by every desk)")

    def save(self, values: dict[str, Any]) -> Any:
        result = loyalty.save_loyalty_settings(values)
        self.app.notify(_("Loyalty settings saved."))
        return result
