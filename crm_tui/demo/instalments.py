"""Demo generator: payment plans (taksit) on current policies and larger purchases; the
instalments due so far mostly collected, a few late (the demo's Today shows some overdue)."""

from __future__ import annotations

import random
from datetime import date

from dateutil.relativedelta import relativedelta

from .base import DAY, GeneratorBase

# chance that a current policy of the line is paid in instalments, and the counts offered
PLAN_LINES: dict[str, tuple[float, tuple[int, ...]]] = {
    "kasko": (0.45, (4, 6, 9, 9)),
    "konut": (0.2, (3, 6)),
    "isyeri": (0.4, (4, 6, 9)),
    "saglik": (0.5, (6, 9, 12)),
    "hayat": (0.3, (12,)),
}
METHODS = ("kart", "kart", "kart", "havale", "havale", "nakit", "cek")
PURCHASE_PLAN_MIN = 1_500_000  # kuruş: purchases from 15.000 TL may be paid in instalments


class Instalments(GeneratorBase):
    def maybe_policy_plan(self, cid: int, pid: int, line: str, start: int, premium: int) -> None:
        # a generator of its own, seeded by the policy (as claims): the rest of the demo
        # draws the same numbers as without plans
        rng = random.Random(pid * 7_000_003 + 11)
        chance, counts = PLAN_LINES.get(line, (0.0, (1,)))
        if premium < 100_000 or rng.random() >= chance:
            return
        self._plan(rng, cid, start, premium, rng.choice(counts), policy=pid)

    def maybe_purchase_plan(self, cid: int, purchase_id: int, day: int, minor: int) -> None:
        rng = random.Random(purchase_id * 5_000_011 + 7)
        if minor < PURCHASE_PLAN_MIN or self.t0 - day > 400 or rng.random() >= 0.25:
            return
        self._plan(rng, cid, day, minor, rng.choice((3, 6, 9)), purchase=purchase_id)

    def _plan(
        self,
        rng: random.Random,
        cid: int,
        start: int,
        total: int,
        count: int,
        policy: int | None = None,
        purchase: int | None = None,
    ) -> None:
        base, rest = divmod(total, count)  # the remainder on the first, as the domain does
        first = date.fromordinal(start)
        late_payer = rng.random() < 0.04  # lets the last due ones slip
        created = self.ts(min(self.now_m - 60, start * DAY + 10 * 60))
        for i in range(count):
            due = (first + relativedelta(months=i)).toordinal()
            amount = base + (rest if i == 0 else 0)
            paid_on = paid = method = None
            if due < self.t0 and not (late_payer and self.t0 - due < 45):
                paid_on = self.d(min(self.t0, due + rng.randint(-5, 6)))
                paid, method = amount, rng.choice(METHODS)
            self.rows["instalments"].append(
                (
                    cid,
                    policy,
                    purchase,
                    i + 1,
                    count,
                    self.d(due),
                    amount,
                    paid_on,
                    paid,
                    method,
                    None,
                    created,
                    created,
                )
            )
