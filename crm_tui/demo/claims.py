"""Demo generator: claims (hasar dosyaları) on current policies, most of them settled and
closed, some open at every step of the insurer's workflow."""

from __future__ import annotations

import random

from .base import DAY, GeneratorBase

# chance that a current policy of the line had a loss this year, and the loss types
CLAIM_LINES: dict[str, tuple[float, tuple[str, ...]]] = {
    "trafik": (0.05, ("collision", "collision", "liability")),
    "kasko": (0.09, ("collision", "collision", "collision", "glass", "glass", "theft", "flood")),
    "konut": (0.03, ("flood", "flood", "fire", "theft", "glass")),
    "isyeri": (0.04, ("fire", "flood", "theft", "glass")),
    "dask": (0.002, ("earthquake",)),
    "saglik": (0.12, ("health",)),
    "hayat": (0.01, ("health",)),
}
PLACES = {
    "collision": ("E-5 Avcılar", "Kızılay kavşağı", "TEM Kavacık", "Site otoparkı", "Bağdat Cd."),
    "liability": ("Park halindeyken", "Kavşak, sağdan çarpma"),
    "glass": ("Otoyol, taş sıçraması", "Ev önü"),
    "theft": ("Ev önü", "AVM otoparkı", "İşyeri"),
    "flood": ("Bodrum kat", "Mutfak, tesisat", "Üst kat komşudan su"),
    "fire": ("Mutfak", "Depo", "Elektrik panosu"),
    "earthquake": ("Konut",),
    "health": ("Özel hastane", "Poliklinik"),
}
# the workflow path of a claim that went to payment, and one that was turned down
PAID_PATH = ("reported", "expert_assigned", "documents_awaited", "approved", "paid", "closed")
REJECTED_PATH = ("reported", "expert_assigned", "rejected", "closed")
FOLLOW_DAYS = {
    "reported": 3,
    "expert_assigned": 7,
    "documents_awaited": 7,
    "approved": 10,
    "rejected": 3,
    "paid": 3,
}
NOTES = {
    "expert_assigned": "Eksper atandı, randevu verildi",
    "documents_awaited": "Ehliyet, ruhsat ve tutanak bekleniyor",
    "approved": "Sigorta şirketi onayladı",
    "paid": "Ödeme müşterinin hesabına geçti",
    "rejected": "Teminat dışı: poliçe şartları",
    "closed": "Müşteri bilgilendirildi, dosya kapandı",
}
AMOUNTS = {  # expected amount in lira, (low, high)
    "collision": (4_000, 90_000),
    "liability": (5_000, 60_000),
    "glass": (2_500, 18_000),
    "theft": (15_000, 400_000),
    "flood": (3_000, 60_000),
    "fire": (10_000, 250_000),
    "earthquake": (50_000, 600_000),
    "health": (1_500, 45_000),
}


class Claims(GeneratorBase):
    def maybe_claim(self, cid: int, pid: int, line: str) -> None:
        """Sometimes a claim on the current policy ``pid``; the anchors' first car always
        has one open (the demo shows a file in progress on a known card)."""
        # a generator of its own, seeded by the policy: the claims draw nothing from the
        # shared one, so the rest of the demo (and its snapshots) is the same as without them
        rng = random.Random(pid * 1_000_003 + cid)
        chance, kinds = CLAIM_LINES.get(line, (0.0, ("other",)))
        anchor = cid < self.first_customer + 3 and line == "kasko"
        if not anchor and rng.random() >= chance:
            return
        kind = rng.choice(kinds)
        age = rng.randint(2, 25) if anchor else rng.randint(1, 240)  # days since the loss
        loss = self.t0 - age
        rejected = rng.random() < 0.12
        path = REJECTED_PATH if rejected else PAID_PATH
        if age > 90:
            steps = len(path)  # old files are done
        else:
            # newer files stand somewhere along the way: the younger, the earlier
            reach = max(1, min(len(path) - 1, age // 12 + rng.randint(0, 2)))
            steps = rng.randint(1, reach)
        lo, hi = AMOUNTS.get(kind, (2_000, 20_000))
        expected = rng.randint(lo, hi) * 100
        claim_id = self.next["claim"]
        self.next["claim"] += 1
        minute = min(self.now_m - 60, (loss + rng.randint(0, 2)) * DAY + rng.randrange(540, 1140))
        events = []
        status = path[0]
        for i in range(steps):
            status = path[i]
            if i:
                minute = min(self.now_m - 30, minute + rng.randint(1, 9) * DAY)
            events.append(
                (
                    claim_id,
                    self.ts(minute),
                    "status",
                    path[i - 1] if i else None,
                    status,
                    NOTES.get(status),
                    "demo",
                )
            )
        paid = None
        if "paid" in path[:steps]:
            paid = int(expected * rng.uniform(0.7, 1.0)) // 100 * 100
        follow = None
        closed_at = None
        if status == "closed":
            closed_at = self.ts(minute)
        else:
            follow = self.d(max(self.t0 - 4, minute // DAY + FOLLOW_DAYS[status]))
        self.rows["claims"].append(
            (
                claim_id,
                cid,
                pid,
                self.d(loss),
                kind,
                rng.choice(PLACES.get(kind, ("-",))),
                f"H-{self.today.year}-{claim_id * 7919 % 1_000_000:06d}",
                status,
                self.ts(minute),
                expected,
                paid,
                follow,
                None,
                closed_at,
                events[0][1],
                self.ts(minute),
            )
        )
        self.rows["claim_events"].extend(events)
