"""Loyalty: the ladder's stages, the RFM segments and risks, quintile scores."""

from __future__ import annotations

from bisect import bisect_left

from ...db.loyalty_rules import STAGES  # noqa: F401  (the ladder is defined there)
from ...i18n import N_, _

SEGMENTS = (
    "champions",
    "loyal",
    "potential",
    "new",
    "promising",
    "need_attention",
    "about_to_sleep",
    "at_risk",
    "cant_lose",
    "hibernating",
)
SEGMENT_LABELS = {
    "champions": N_("Champions"),
    "loyal": N_("Loyal customers"),
    "potential": N_("Potential loyalists"),
    "new": N_("New customers"),
    "promising": N_("Promising"),
    "need_attention": N_("Need attention"),
    "about_to_sleep": N_("About to sleep"),
    "at_risk": N_("At risk"),
    "cant_lose": N_("Can't lose them"),
    "hibernating": N_("Hibernating"),
}
SEGMENT_HINTS = {
    "champions": N_("bought recently and often"),
    "loyal": N_("buy often"),
    "potential": N_("recent, bought a few times"),
    "new": N_("first purchase just now"),
    "promising": N_("recent, bought once"),
    "need_attention": N_("average on both"),
    "about_to_sleep": N_("fading, bought rarely"),
    "at_risk": N_("bought often, but long ago"),
    "cant_lose": N_("best buyers, gone quiet"),
    "hibernating": N_("long ago and rarely"),
}


def _build_segment_map() -> dict[tuple[int, int], str]:
    """The common RFM map on recency (R) and frequency (F) scores."""
    out: dict[tuple[int, int], str] = {}
    for r in range(1, 6):
        for f in range(1, 6):
            if r <= 2:
                seg = "hibernating" if f <= 2 else "at_risk" if f <= 4 else "cant_lose"
            elif r == 3:
                seg = "about_to_sleep" if f <= 2 else "need_attention" if f == 3 else "loyal"
            elif r == 4:
                seg = "promising" if f == 1 else "potential" if f <= 3 else "loyal"
            else:
                seg = "new" if f == 1 else "potential" if f <= 3 else "champions"
            out[(r, f)] = seg
    return out


SEGMENT_MAP = _build_segment_map()

RISKS = ("at_risk", "cant_lose", "lapsed", "complaints", "no_contact")
RISK_LABELS = {
    "at_risk": N_("At risk (RFM)"),
    "cant_lose": N_("Can't lose them (RFM)"),
    "lapsed": N_("Policy lapsed (12 months)"),
    "complaints": N_("Open complaint"),
    "no_contact": N_("No contact for a long time"),
}
NO_CONTACT_DAYS = 180  # when neither the customer nor the settings say otherwise


def segment_label(code: str | None) -> str:
    if not code:
        return "–"
    return _(SEGMENT_LABELS.get(code, code))


def segment_for(r: int, f: int) -> str:
    return SEGMENT_MAP[(r, f)]


def segment_range(segment: str, score: str) -> str:
    """The R (``score="r"``) or F scores of a segment's cells: ``1–2``, ``5``."""
    values = [r if score == "r" else f for (r, f), seg in SEGMENT_MAP.items() if seg == segment]
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}–{high}"


# -- quintile scores --------------------------------------------------------------------------


def quintile_score(value, sorted_values: list) -> int:
    """1 + ⌊5 × (values strictly below ``value``) / N⌋; ``sorted_values`` ascending, with
    "higher is better" (for recency pass dates: later is better)."""
    n = len(sorted_values)
    if n == 0:
        return 1
    return 1 + (5 * bisect_left(sorted_values, value)) // n


def quintile_cuts(sorted_values: list) -> list:
    """The four values a score has to be strictly above to reach 2, 3, 4 and 5.

    score ≥ k ⇔ at least ⌈(k−1)N/5⌉ values are strictly below ⇔ value > sorted[⌈(k−1)N/5⌉−1].
    """
    n = len(sorted_values)
    if n == 0:
        return []
    return [sorted_values[-(-(k - 1) * n // 5) - 1] for k in range(2, 6)]
