"""Step 13: the renewal workbench and the win/loss analysis (issue 16 item 5).

- ``policy.renewal_offered_at``: when the renewal offer went to the customer ("offered",
  a state between open and renewed/lost; the policy stays ``active``).
- ``policy.renewal_assigned_to``: the desk user who works this renewal (as
  ``reminder.assigned_to``); NULL is nobody in particular.

The win/loss analysis reads the renewed and lost policies of a period by their end date,
grouped by line, insurer and reason: ``policy_winloss_cover`` holds every column it reads,
so a year of a 100,000-customer book is one index range without visiting the table, and
``policy_renewal_premium`` gives each renewed policy its renewal's premium the same way.

On PostgreSQL ``policy`` is granted column by column (step 6 hides ``commission``), so
staff get the two new columns through ``pg_roles.grant_all()``; ``policy`` already has
step 7's live trigger.
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

INDEXES = (
    "CREATE INDEX policy_winloss_cover ON policy"
    " (status, end_date, line, provider, lost_reason, premium, id)"
    " WHERE status IN ('renewed', 'lapsed')",
    # the premium of a policy's renewal without visiting the table
    "CREATE INDEX policy_renewal_premium ON policy (renewed_from_id, premium)"
    " WHERE renewed_from_id IS NOT NULL",
    "CREATE INDEX policy_renewal_assigned ON policy (renewal_assigned_to, end_date)"
    " WHERE status = 'active' AND renewal_assigned_to IS NOT NULL",
)


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    stamp = "TIMESTAMP" if dialect.name == "postgresql" else "DATETIME"
    db.execute_sql(f'ALTER TABLE "policy" ADD COLUMN "renewal_offered_at" {stamp}')
    db.execute_sql('ALTER TABLE "policy" ADD COLUMN "renewal_assigned_to" TEXT')
    for stmt in INDEXES:
        db.execute_sql(stmt)
    if dialect.name != "postgresql":
        return
    from .. import pg_roles

    if pg_roles.groups_exist():  # column grants on policy: staff read and write the new ones
        pg_roles.grant_all()
