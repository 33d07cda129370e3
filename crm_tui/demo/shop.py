"""Demo generator: purchases with their loyalty points, and warranties sold with them."""

from __future__ import annotations

from .base import DAY, GeneratorBase
from .instalments import Instalments
from .words import WARRANTY_BRANDS


class Shop(Instalments, GeneratorBase):
    def shopping(self, cid: int, since: int, out: list, policies: list) -> int:
        rng = self.rng
        n = min(120, int(rng.paretovariate(1.5) * 5.6))
        start = max(since, self.t0 - 1095)
        span = self.t0 - start
        moments = sorted(self.work_minute(start + int(span * rng.random())) for _ in range(n))
        rows = self.rows["purchases"]
        points = self.rows["points"]
        balance = 0
        for at in moments:
            day = at // DAY
            pid = self.next["purchase"]
            self.next["purchase"] += 1
            category, _w, lo, hi, items = self.pick(self.cat_w)
            item = rng.choice(items)
            years_ago = (self.t0 - day) / 365
            amount = rng.uniform(lo, hi) * (0.3 + 0.7 * rng.random()) / (1.4**years_ago)
            if category == "Servis":
                minor = max(1, round(amount / 50)) * 5000
            else:
                minor = max(1, int(amount)) * 100 - rng.choice((1, 1, 10, 100))
            rows.append((pid, cid, self.d(day), minor, item, category, self.ts(at)))
            out.append((pid, day))
            self.maybe_purchase_plan(cid, pid, day, minor)
            earned = minor // 10000
            if earned:
                balance += earned
                points.append((cid, self.ts(at), "earn", earned, pid, None))
            if balance >= 100 and rng.random() < 0.08:
                spend = min(balance, rng.choice((50, 100, 200, 500)))
                balance -= spend
                points.append(
                    (cid, self.ts(at + 1), "redeem", -spend, None, "Alışverişte puan kullanıldı")
                )
            if category == "Beyaz eşya" and rng.random() < 0.2:
                self.warranty(cid, pid, day, minor, item)
        if moments and rng.random() < 0.02:
            at = self.work_minute(self.t0 - rng.randint(1, 200))
            points.append((cid, self.ts(at), "adjust", 50, None, "Doğum günü hediyesi puanı"))
        return moments[0] // DAY if moments else self.t0

    def warranty(self, cid: int, purchase_id: int, day: int, minor: int, item: str) -> None:
        rng = self.rng
        pid = self.next["policy"]
        self.next["policy"] += 1
        years = rng.choice((2, 3))
        end = day + 365 * (2 + years)  # manufacturer's 2 years, then the extension
        price = int(minor * rng.uniform(0.06, 0.1)) // 100 * 100
        self.rows["policies"].append(
            (
                pid,
                cid,
                "warranty",
                "warranty",
                rng.choice(WARRANTY_BRANDS),
                f"GR-{purchase_id:07d}",
                None,
                self.d(day),
                self.d(end),
                price,
                int(price * 0.2),
                "TRY",
                "active" if end >= self.t0 else "lapsed",
                None,
                None,
                None,
                None,
                f"{item} için uzatılmış garanti",
                self.ts(self.work_minute(day)),
                self.ts(self.work_minute(day)),
                None,
                None,
                None,
            )
        )
