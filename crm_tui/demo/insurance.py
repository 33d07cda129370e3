"""Demo generator: vehicles and chains of policies renewed year after year."""

from __future__ import annotations

from .base import GeneratorBase
from .claims import Claims
from .commission import Commission
from .instalments import Instalments
from .vehicles import Vehicles
from .words import LINES, PLATE_LETTERS


class Insurance(Vehicles, Claims, Commission, Instalments, GeneratorBase):
    def plate(self, code: str) -> str:
        rng = self.rng
        letters = PLATE_LETTERS

        def make() -> str:
            n = rng.random()
            if n < 0.2:
                return f"{code} {rng.choice(letters)} {rng.randint(1000, 9999)}"
            if n < 0.6:
                return f"{code} {''.join(rng.choices(letters, k=2))} {rng.randint(100, 9999)}"
            return f"{code} {''.join(rng.choices(letters, k=3))} {rng.randint(10, 999)}"

        return self.unique(self.plates, make)

    def insurance(self, cid: int, kind: str, plate_code: str, current: list) -> tuple[int, int]:
        rng = self.rng
        products: list[tuple[str, str | None]] = []
        vehicle_ids: dict[str, int] = {}
        r = rng.random()
        vehicles = 0
        if kind == "business":
            vehicles = rng.choice((0, 1, 1, 2, 3, 5))
        else:
            vehicles = 0 if r < 0.33 else 1 if r < 0.88 else 2
        for _v in range(vehicles):
            plate = self.plate(plate_code)
            vehicle_ids[plate] = self.vehicle(cid, plate, kind == "business")
            products.append(("trafik", plate))
            if rng.random() < 0.55:
                products.append(("kasko", plate))
        if kind == "business":
            if rng.random() < 0.75:
                products.append(("isyeri", None))
            if rng.random() < 0.25:
                products.append(("saglik", None))
        else:
            if rng.random() < 0.32:
                products.append(("dask", None))
                if rng.random() < 0.55:
                    products.append(("konut", None))
            if rng.random() < 0.12:
                products.append(("saglik", None))
            if rng.random() < 0.08:
                products.append(("hayat", None))
        if not products:
            products.append(("dask", None))
        earliest = self.t0
        for line, product_plate in products:
            before = len(current)
            extra: tuple = (None, None, None)
            if product_plate is not None:
                extra = (vehicle_ids[product_plate], None, None)
            elif line in ("dask", "konut"):
                extra = (None, *self.building(cid))
            earliest = min(earliest, self.chain(cid, line, product_plate, current, extra))
            for pid, status in current[before:]:
                if status == "active":
                    self.maybe_claim(cid, pid, line)
                if line == "saglik" and kind == "person":
                    self.family(cid, pid, *self.person, force=not self.family_shown)
                    self.family_shown = True
        return vehicles, earliest

    def chain(
        self, cid: int, line: str, plate: str | None, current: list, extra: tuple = (None,) * 3
    ) -> int:
        """Yearly terms of one product, oldest first; returns the first start ordinal."""
        rng = self.rng
        lo, hi, rate, providers = LINES[line]
        provider = rng.choice(providers)
        r = rng.random()
        if r < 0.14:
            end = self.t0 - rng.randint(1, 60)  # ended recently
        elif r < 0.44:
            end = self.t0 + rng.randint(1, 90)  # renewal season
        else:
            end = self.t0 + rng.randint(91, 335)
        r = rng.random()
        terms = 1 if r < 0.5 else 2 if r < 0.8 else rng.randint(3, 4)
        base_premium = rng.uniform(lo, hi)
        previous = None
        first_start = end
        for k in range(terms - 1, -1, -1):  # k = years before the current term
            t_end = end - 365 * k
            t_start = t_end - 365
            first_start = min(first_start, t_start)
            pid = self.next["policy"]
            self.next["policy"] += 1
            premium = int(base_premium / (1.35**k) * 100)
            if provider != "Türkiye Sigorta" and rng.random() < 0.1:
                provider = rng.choice(providers)  # moved to another insurer at renewal
            commission = int(premium * (rate + rng.uniform(-0.01, 0.01)))
            lost = postponed = handled = None
            if k > 0:
                status = "renewed"
                handled = self.ts(self.work_minute(t_end - rng.randint(1, 20)))
            elif t_end < self.t0:
                s = rng.random()
                if s < 0.45:
                    status = "lapsed"
                    lost = self.pick(self.lost_w)
                    handled = self.ts(self.work_minute(min(self.t0, t_end + rng.randint(0, 10))))
                elif s < 0.6:
                    status = "cancelled"
                    lost = self.pick(self.lost_w)
                else:
                    status = "active"  # ended, renewal not handled yet
            else:
                status = "active"
                if t_end - self.t0 <= 30 and rng.random() < 0.05:
                    postponed = self.d(self.t0 + rng.randint(1, 7))
            created = self.work_minute(t_start - rng.randint(0, 10))
            self.rows["policies"].append(
                (
                    pid,
                    cid,
                    "policy",
                    line,
                    provider,
                    f"{rng.randint(1, 9)}{(pid * 618_033_989 + 271_828_183) % 1_000_000_000:09d}",
                    plate,
                    self.d(t_start),
                    self.d(t_end),
                    premium,
                    commission,
                    "TRY",
                    status,
                    previous,
                    lost,
                    postponed,
                    handled,
                    None,
                    self.ts(created),
                    handled or self.ts(created),
                    *extra,  # vehicle, UAVT code, address
                )
            )
            self.commission_lines(pid, t_start, t_end, status, commission)
            previous = pid
            if k == 0:
                current.append((pid, status))
                if status == "active":
                    self.maybe_policy_plan(cid, pid, line, t_start, premium)
        return first_start
