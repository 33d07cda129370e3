"""Step 25: drop ``survey_kind_at`` (step 22).

Step 22 added it for the monthly NPS, which step 24 reads from ``survey_daily`` instead. On
SQLite it was worse than unused: the card's "latest NPS answer of this customer" (customer,
kind, newest first) walked it in time order, testing the customer of every NPS answer
(633 ms at 1,000,000 customers, where the customer's own index answers in a millisecond).
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    db.execute_sql("DROP INDEX IF EXISTS survey_kind_at")
