"""Loyalty aggregates in SQLite: every GROUP BY over purchases and policies lives here.

- ``customer_stats`` (per customer: purchases, policies, totals, first and last dates, renewals,
  lapses, active policies and their commission) and ``purchase_daily`` (revenue per day) are
  kept up to date by triggers (migration step 3), so the overview never reads the million
  purchase rows. ``customer_stats.active`` mirrors "not archived, not erased".
- The RFM quintile cut points are read at offsets of three partial indexes on customer_stats
  (no sort), and a single customer's scores are three index counts.
- The overview counts the book from partial indexes of ``customer_stats`` in their own
  order (``book``, steps 22-23): groups of equal (last date, count), first dates, ladder
  terms; ``customer_stats`` mirrors who referred the customer, their last contact and
  rhythm, and counts those they referred who bought. Only a manual stage and policies past
  their end date are per customer (``temp.loyalty_extra``, built by ``extra``); the
  highest lifetime values are found among the first customers of two indexes by a bound
  (``Scored.top_ltv``).
- The drill-down lists and campaigns score every customer for ``today`` (``Scored``: RFM
  cell, ladder stage, lifetime value, at-risk flags over the totals and the whole
  ``loyalty_extra``).

The ladder and lifetime-value rules are defined once, in ``db.loyalty_rules`` (outside this
package: a migration step renders them too): small expressions over
named terms (a customer's figures) and parameters (settings, the book's renewal rate), which
``Scored`` renders as SQL over the stored totals and ``crm_tui.domain.loyalty`` evaluates in
Python for one customer (the card). What each side binds to the terms is checked customer by
customer (``test_python_and_sql_agree_on_lifetime_value_and_ladder_for_every_customer`` on a
varied book, ``test_overview_drill_downs_and_cards_agree_on_demo_data``), the renderer against
the evaluator by ``test_the_rules_render_as_sql_that_computes_what_python_evaluates``. The
segment map stays in the domain (the SQL takes its cells as numbers). A policy in force
without a commission: the domain says its value is unknown, the SQL counts it as 0 (for
ordering).

Money comes back in minor units (kuruş) as integers, or as floats for lifetime values (used for
ordering only; exact Decimal values are computed by the domain per customer).

Modules: ``totals`` (the stored
totals, bulk filling, RFM reads), ``book`` (the overview's counts from indexes),
``referrals`` (referral totals, best referrers), ``extra`` (the per-customer helper
table), ``scored`` (the scored customers for a day), ``drilldown`` (the lists and
retention over them), ``queries`` (figures over the base tables, campaigns), ``trends``
(the monthly series).
"""

from __future__ import annotations

from .book import (
    Cells,
    RfmGroups,
    first_bought,
    ladder_corrections,
    ladder_groups,
    not_contacted,
    risk_counts,
    without_totals,
)
from .drilldown import group_condition, retention, retention_gaps, risk_condition
from .extra import OPEN_COMPLAINT
from .queries import (
    answers_since,
    consent_split,
    customers_with_category,
    customers_with_policy_line,
    referred_revenue,
    renewal_counts,
    revenue_by_day,
)
from .referrals import referral_totals, top_referrers
from .scored import Scored
from .totals import (
    count_below,
    customer_stats,
    many_stats,
    overall_renewal_rate,
    scored_count,
    totals_computed_at_the_end,
    value_at,
)
from .trends import nps_months, premiums_by_year, purchases_by_year, renewal_months

__all__ = [
    "Cells",
    "first_bought",
    "ladder_corrections",
    "ladder_groups",
    "not_contacted",
    "referral_totals",
    "risk_counts",
    "top_referrers",
    "without_totals",
    "RfmGroups",
    "OPEN_COMPLAINT",
    "Scored",
    "answers_since",
    "consent_split",
    "count_below",
    "customer_stats",
    "customers_with_category",
    "customers_with_policy_line",
    "group_condition",
    "many_stats",
    "nps_months",
    "premiums_by_year",
    "purchases_by_year",
    "overall_renewal_rate",
    "referred_revenue",
    "renewal_counts",
    "renewal_months",
    "retention",
    "retention_gaps",
    "revenue_by_day",
    "risk_condition",
    "scored_count",
    "totals_computed_at_the_end",
    "value_at",
]
