"""Loyalty: ladder, RFM, lifetime value, satisfaction, referrals, at-risk lists, campaigns.

Definitions (shown to users in the Loyalty screen and used everywhere):

- Revenue: purchases plus policy premiums (a policy counts at its start date; cancelled
  policies do not count). A renewal is a new policy, so it counts as buying again.
- Active customer: not archived, with at least one purchase or policy.
- RFM: recency (last purchase/policy date), frequency (number of purchases and policies),
  monetary (revenue). Each scored 1-5 by quintiles over active customers, 5 = best.
  Ties share the lower score: score = 1 + ⌊5 × worse / N⌋ with N active customers and
  ``worse`` the number of them with a strictly worse value. So equal values always get
  equal scores, and when everybody bought once everybody has F = 1.
- Segments on R and F (the common RFM map; see ``SEGMENT_MAP``).
- Ladder suggestion: no purchase → prospect, always (the upper rungs are all buying
  customers); otherwise the highest rule that holds: referred someone who bought → advocate;
  latest NPS 9-10 or latest CSAT 5 → supporter; two or more purchases/policies (repeat
  purchases), or two active policies in force → client; one → customer. ``suspect`` is only
  ever set by hand. A manual stage (``Customer.ladder_override``) wins, is shown as manual,
  and can be removed.
- Lifetime value: shops: average purchase × purchases per year × expected years
  (setting ``ltv_expected_years``), where purchases per year = purchases / years since the
  first purchase (at least one year). Policies: yearly commission of the policies in force ×
  r / (1 + i − r), r = renewed / (renewed + lapsed) of the customer's policies (the whole
  book's rate when the customer has none yet; one year's commission when nobody has any),
  i = setting ``ltv_discount_rate``. A customer with both gets the sum. When no policy in force
  has its commission entered, their value is unknown (``Ltv.note`` says why), never 0.
  What revenue and lifetime value count is said in ``REVENUE_MEANING`` / ``LTV_MEANING``,
  shown by the Loyalty screen and the card.
- The ladder suggestion and the lifetime value are defined once, in
  ``crm_tui.db.loyalty_rules`` (``LADDER``, ``LTV_PARTS``): the card evaluates them here,
  the overview's SQL is rendered from them.
- NPS = % promoters (9-10) − % detractors (0-6), CSAT = share of 4s and 5s; both from the
  answers of the last 12 months; a resolved complaint's satisfaction (1-5) counts as CSAT.
  No answers → None (shown as "–").
"""

from __future__ import annotations

from .campaigns import (  # noqa: F401
    CHANNELS,
    GROUPS,
    CampaignExport,
    CustomerRow,
    campaign_customers,
    campaign_filters,
    consent_counts,
    customer_ids,
    customer_rows,
    export_campaign,
    stage_choices,
)
from .customer import (  # noqa: F401
    CustomerLoyalty,
    customer_ltv,
    customer_rfm,
    customer_summary,
    set_ladder_override,
    stage_reason,
    suggest_stage,
)
from .overview import (  # noqa: F401
    Headline,
    MonthFigure,
    Overview,
    Referrer,
    TopCustomer,
    forget_cached_overview,
    no_contact_days,
    overview,
)
from .segments import (  # noqa: F401
    NO_CONTACT_DAYS,
    RISK_LABELS,
    RISKS,
    SEGMENT_HINTS,
    SEGMENT_LABELS,
    SEGMENT_MAP,
    SEGMENTS,
    STAGES,
    quintile_cuts,
    quintile_score,
    segment_for,
    segment_label,
    segment_range,
)
from .settings import (  # noqa: F401
    TIERS,
    LoyaltySettings,
    loyalty_settings,
    save_loyalty_settings,
)
from .value import (  # noqa: F401
    CENT,
    LTV_MEANING,
    REVENUE_MEANING,
    Ltv,
    csat_score,
    nps_score,
    policy_ltv,
    satisfaction,
    shop_ltv,
)
from .years import YearFigure, customer_years  # noqa: F401
