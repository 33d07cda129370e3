"""Demo generator: commission. Rates per insurer and line (around the line's usual rate,
a little different at each insurer); on the policies, receipts for most terms that began
over six weeks ago, some still outstanding, a sub-agent's share now and then, and a
clawback on policies cancelled before their end."""

from __future__ import annotations

import random
from datetime import date

from ..db.models import CommissionRate
from .base import GeneratorBase
from .words import LINES

RECEIVED_AFTER = 45  # days: a term younger than this is still waiting for its commission


def insert_rates(valid_from: date) -> int:
    """The rate table, once (a database that has rates keeps them)."""
    if CommissionRate.select().exists():
        return 0
    rows = []
    for line, (_lo, _hi, rate, providers) in LINES.items():
        for provider in providers:
            # seeded by name: the same insurer gets the same rate on every run
            offset = random.Random(f"{provider}/{line}").choice((-2, -1, -0.5, 0, 0.5, 1, 2))
            percent = max(1.0, round(rate * 100 + offset, 1))
            rows.append(
                {"insurer": provider, "line": line, "rate": percent, "valid_from": valid_from}
            )
    CommissionRate.insert_many(rows).execute()
    return len(rows)


class Commission(GeneratorBase):
    clawbacks = 0

    def commission_lines(
        self, pid: int, start: int, end: int, status: str, commission: int
    ) -> None:
        """The lines of one policy term (``commission`` in kuruş, dates as ordinals)."""
        # a generator of its own, seeded by the policy: the rest of the demo is unchanged
        rng = random.Random(pid * 7_919 + 17)
        rows = self.rows["commission_entries"]
        created = self.ts(self.now_m - 60)
        if status == "cancelled" and (self.clawbacks == 0 or rng.random() < 0.3):
            # cancelled before its end: the insurer takes the unearned part back
            cancelled = min(self.t0 - 1, end - rng.randint(30, 200))
            if start < cancelled < end:
                self.clawbacks += 1
                amount = -round(commission * (end - cancelled) / (end - start))
                rows.append((pid, "clawback", self.d(cancelled), amount, None, created, "demo"))
        if start <= self.t0 - RECEIVED_AFTER and rng.random() < 0.85:
            paid = self.t0 - 1 if start + 60 >= self.t0 else start + rng.randint(20, 60)
            part = commission if rng.random() < 0.9 else commission * 6 // 10
            rows.append((pid, "received", self.d(paid), part, None, created, "demo"))
        if rng.random() < 0.06:
            share = commission // 5
            rows.append((pid, "subagent", self.d(start), share, "20 %", created, "demo"))


__all__ = ["Commission", "insert_rates"]
