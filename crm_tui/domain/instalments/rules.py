"""Instalments (taksit): the rules of a payment plan.

- A plan belongs to one policy or one purchase (never both) and is its instalments: ``n`` of
  ``count``, the first due on the day given, the next ones every ``interval`` months on the
  same day of the month (31 January + 1 month = 28/29 February, then 31 March again).
- The total is split into equal instalments in kuruş; the rounding remainder (at most
  count − 1 kuruş) goes on the FIRST instalment, as Turkish banks and insurers do, so the
  later ones are the round figure the customer remembers.
- A plan can be changed (made again) or deleted only while nothing of it is paid.
- Payments (tahsilat): an instalment can be paid in part: ``paid_amount`` adds up the
  payments and the instalment stays open (on Today, in the balance with what is left) until
  it is paid in full; ``paid_on`` is then the day of the last payment. A payment may not be
  more than what is left of the instalment. Each part payment is written into the note.
- "Call before the due date": no reminder rows are made. Today lists the unpaid instalments
  due within ``instalment_call_days`` days (setting, 3) next to the overdue ones, straight
  from the partial index ``instalment_unpaid_due`` (PostgreSQL: ``instalment_unpaid_due_id``): nothing to create, move or delete
  when a plan changes.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

METHODS = ("nakit", "kart", "havale", "cek", "other")
MAX_COUNT = 36
MAX_INTERVAL = 12
NOTE_MAX = 500
DEFAULT_CALL_DAYS = 3


def split(total_kurus: int, count: int) -> list[int]:
    """``total_kurus`` in ``count`` instalments, the remainder on the first."""
    base, rest = divmod(total_kurus, count)
    return [base + rest] + [base] * (count - 1)


def due_dates(first: date, count: int, interval_months: int = 1) -> list[date]:
    """Due days: ``first``, then every ``interval_months`` months on its day of the month."""
    return [first + relativedelta(months=i * interval_months) for i in range(count)]
