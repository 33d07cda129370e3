"""Demo generator: the vehicles behind the motor policies, the building (UAVT code and
address) of DASK/konut policies, and the insured persons of health policies (families).

Each draws from a generator of its own, seeded by the plate, customer or policy: the rest
of the demo (people, policies, claims) is the same as before vehicles existed."""

from __future__ import annotations

import random

from .base import DAY, GeneratorBase, fake_tckn

# brand → models (the common cars on Turkish roads), and the usage of a vehicle
CARS = {
    "Renault": ("Clio", "Megane", "Taliant", "Captur"),
    "Fiat": ("Egea", "Doblo", "Fiorino", "Linea"),
    "Toyota": ("Corolla", "C-HR", "Yaris"),
    "Volkswagen": ("Passat", "Golf", "Polo", "Caddy"),
    "Hyundai": ("i20", "Tucson", "Bayon"),
    "Ford": ("Focus", "Transit Custom", "Courier", "Puma"),
    "Dacia": ("Duster", "Sandero"),
    "Opel": ("Corsa", "Astra"),
    "Peugeot": ("2008", "3008", "Rifter"),
    "Togg": ("T10X",),
}
BUSINESS_CARS = {"Ford": ("Transit", "Cargo"), "Mercedes-Benz": ("Sprinter", "Actros")}
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # ISO 3779: no I, O, Q
STREETS = (
    "Atatürk Cad.",
    "Cumhuriyet Mah. Gül Sok.",
    "İstiklal Cad.",
    "Bahçelievler Mah. 7. Sok.",
    "Fatih Mah. Lale Sok.",
    "Yeni Mah. Çınar Sok.",
    "Mimar Sinan Cad.",
)
CHILDREN = ("Zeynep", "Elif", "Yusuf", "Eymen", "Defne", "Ömer", "Asel", "Kerem", "Ada", "Mert")
SPOUSES = {
    "m": ("Ayşe", "Fatma", "Emine", "Derya", "Sibel"),
    "f": ("Mehmet", "Ali", "Murat", "Hakan"),
}


class Vehicles(GeneratorBase):
    def vehicle(self, cid: int, plate: str, business: bool) -> int:
        """A vehicle row for a plate; returns its id."""
        rng = random.Random(f"vehicle {plate}")
        vid = self.next["vehicle"]
        self.next["vehicle"] += 1
        cars = BUSINESS_CARS if business and rng.random() < 0.5 else CARS
        brand = rng.choice(sorted(cars))
        model = rng.choice(cars[brand])
        year = self.today.year - rng.choice((0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15))
        if business:
            usage = "kamyon" if brand == "Mercedes-Benz" else rng.choice(("ticari", "hususi"))
        else:
            usage = (
                "hususi" if rng.random() < 0.93 else rng.choice(("taksi", "ticari", "motosiklet"))
            )
        vin = "".join(rng.choice(VIN_CHARS) for _ in range(17))
        serial = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVYZ") for _ in range(2))
        created = self.ts(self.t0 * DAY - rng.randint(30, 2000) * DAY + 10 * 60)
        self.rows["vehicles"].append(
            (
                vid,
                cid,
                plate,
                f"{serial}{rng.randint(100000, 999999)}",
                vin,
                f"{rng.choice(('K9K', 'H4M', '1ND', 'CJZ', 'M9R'))}{rng.randint(100000, 999999)}",
                brand,
                model,
                year,
                usage,
                created,
                created,
            )
        )
        return vid

    def building(self, cid: int) -> tuple[str, str]:
        """The UAVT code and address of the customer's home (DASK and konut)."""
        rng = random.Random(f"building {cid}")
        uavt = str(rng.randint(1_000_000_000, 9_999_999_999))
        address = f"{rng.choice(STREETS)} No: {rng.randint(1, 140)} D: {rng.randint(1, 24)}"
        return uavt, address

    def family(self, cid: int, pid: int, surname: str, sex: str, force: bool) -> None:
        """The insured persons of a health policy: the holder, often a spouse and children
        (a family TSS). ``force``: the demo's first health policy of a person is a family of
        four, so there is always one to show."""
        rng = random.Random(pid * 7_919 + cid)
        if not force and rng.random() < 0.4:
            return
        if force:  # the family policy to show is a TSS (tamamlayıcı sağlık)
            rows_p = self.rows["policies"]
            by_id = {row[0]: i for i, row in enumerate(rows_p)}
            chain: int | None = pid
            while chain is not None:  # the current term and the terms it renewed
                at = by_id[chain]
                rows_p[at] = (*rows_p[at][:3], "tss", *rows_p[at][4:])
                chain = rows_p[at][13]  # renewed_from
        rows = self.rows["insured_persons"]
        moment = self.ts(self.now_m - rng.randint(60, 300 * 24 * 60))
        rows.append((pid, cid, None, None, "kendisi", None, moment))
        year = self.today.year
        spouse = rng.choice(SPOUSES.get(sex, SPOUSES["m"]))
        born = f"{year - rng.randint(28, 55)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        rows.append((pid, None, f"{spouse} {surname}", fake_tckn(rng), "es", born, moment))
        kids = 2 if force else rng.choice((0, 1, 2, 3))
        for name in rng.sample(CHILDREN, kids):
            born = f"{year - rng.randint(1, 17)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            rows.append((pid, None, f"{name} {surname}", fake_tckn(rng), "cocuk", born, moment))
