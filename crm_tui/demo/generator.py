"""Demo dataset: a realistic Turkish small business that is also an insurance agency.

``generate(customers=300, seed=42, today=None)`` fills an (empty) database with customers
(people and companies), phones, e-mail addresses, ID and tax numbers, consent history,
tags, referrals, policies with renewal chains, purchases and loyalty points,
interactions, reminders, complaints with their history, and surveys. Everything is
relative to ``today`` (default: ``crm_tui.clock.today()``, so ``CRM_TUI_TODAY`` freezes
it) and fully determined by ``seed``: the same arguments give the same rows, ids included.

It is built for volume: rows are generated per chunk of customers as stored values
(money in minor units, ISO text for dates) and written with ``db.bulk.bulk_insert``,
one transaction per chunk, so memory stays bounded. Proportions per customer are fixed
(about 2 policies, 3 reminders, 5 interactions, 10 purchases and 0.2 complaints), so
``generate(customers=100_000)`` (or ``scale``) makes a benchmark-sized database.
Timestamps are handled as integer minutes since ``date.min`` for speed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import date, datetime, time

from ..db import analytics
from ..db.bulk import bulk_insert, next_id
from ..db.models import Customer, Setting, Tag, db
from ..db.search import rebuild_index
from .base import ANCHORS, DAY, fake_tckn, fake_vkn, slug
from .commission import insert_rates
from .complaints import Complaints
from .contact import Contact
from .insurance import Insurance
from .people import People
from .shop import Shop
from .words import (
    CUSTOMER_NOTES,
    EMPLOYERS,
    FEMALE,
    LADDER,
    MALE,
    NEIGHBOURHOODS,
    SECTORS,
    SOLE_TRADERS,
    STREETS,
    SURNAMES,
    TAGS,
    TAX_OFFICES,
)

DEFAULT_CUSTOMERS = 300
CHUNK = 2000  # customers generated and written per transaction


class _Generator(People, Insurance, Shop, Complaints, Contact):
    """The topics composed: ``customer(index)`` writes one customer with their phones,
    policies, purchases, complaints, surveys, interactions and reminders."""

    # -- one customer -----------------------------------------------------------------
    def customer(self, index: int) -> None:
        rng = self.rng
        cid = self.next["customer"]
        self.next["customer"] += 1
        city, _w, districts, area_codes, plate_code = self.pick(self.city_w)
        district = rng.choice(districts)
        company = None
        national_id = tax_number = tax_office = None
        birthday = None
        contact = None
        if index < len(ANCHORS):
            kind, first, last, extra = ANCHORS[index]
            if kind == "business":
                name = f"{first} {last} {extra}"
                contact = f"{rng.choice(MALE)} {first}"
        else:
            kind = "business" if rng.random() < 0.18 else "person"
            extra = "m" if rng.random() < 0.5 else "f"
            first = rng.choice(MALE if extra == "m" else FEMALE)
            last = rng.choice(SURNAMES)
            if kind == "business":
                contact = f"{rng.choice(MALE + FEMALE)} {last}"
                if rng.random() < 0.12:
                    name = f"{last} {rng.choice(SOLE_TRADERS)}"
                else:
                    name = f"{last} {rng.choice(SECTORS)} {self.pick(self.suffix_w)}"
            elif rng.random() < 0.08:  # two given names: Mehmet Ali, Ayşe Gül
                second = rng.choice(MALE if extra == "m" else FEMALE)
                if second != first:
                    first = f"{first} {second}"
        if kind == "person":
            name = f"{first} {last}"
            self.person_count += 1
            if rng.random() < 0.1:
                company = rng.choice(EMPLOYERS)
            if rng.random() < 0.6:
                national_id = self.unique(self.ids, lambda: fake_tckn(rng))
            birthday = self.birth(index)
        else:
            tax_number = self.unique(self.ids, lambda: fake_vkn(rng))
            tax_office = rng.choice(TAX_OFFICES)

        # since when a customer; activities may start earlier (chains of policies)
        since = self.t0 - int(1800 * rng.random() ** 1.3) - 3
        earliest = since

        # phones
        phone_rows = self.rows["phones"]
        numbers = []
        if kind == "business":
            numbers.append(("work", self.landline(area_codes)))
            if rng.random() < 0.7:
                numbers.append(("mobile", self.mobile()))
        elif rng.random() < 0.96 or index < len(ANCHORS):
            numbers.append(("mobile", self.mobile()))
            r = rng.random()
            if r < 0.12:
                numbers.append(("mobile", self.mobile()))
            elif r < 0.2:
                numbers.append(("home", self.landline(area_codes)))
        for i, (label, e164) in enumerate(numbers):
            pid = self.next["phone"]
            self.next["phone"] += 1
            # every demo number is +90 and ten national digits
            phone_rows.append((pid, cid, label, e164, e164[3:], int(i == 0)))

        # e-mail
        email = None
        if kind == "business":
            email = self.unique_email(
                f"info@{slug(name.split(' ')[0] + name.split(' ')[1])}.com.tr"
            )
        elif rng.random() < 0.75 or index < len(ANCHORS):
            f, l_ = slug(first.split(" ")[0]), slug(last)
            style = rng.random()
            local = (
                f"{f}.{l_}"
                if style < 0.5
                else f"{f}{l_}"
                if style < 0.7
                else f"{f[0]}{l_}"
                if style < 0.85
                else f"{f}.{l_}{rng.randint(60, 99)}"
            )
            email = self.unique_email(f"{local}@{self.pick(self.domain_w)}")

        address = (
            f"{rng.choice(NEIGHBOURHOODS)} Mah. {rng.choice(STREETS)} "
            f"No: {rng.randint(1, 180)}"
            + (f" D: {rng.randint(1, 24)}" if kind == "person" and rng.random() < 0.7 else "")
        )

        # referral
        referred_by = None
        source = self.pick(self.source_w)
        if cid - self.first_customer > 10 and rng.random() < 0.15:
            referred_by = rng.randrange(self.first_customer, cid)
            source = "referral"

        tags = set()
        if kind == "business":
            tags.add(2)  # Kurumsal
        if rng.random() < 0.4:
            tags.update(rng.sample(range(len(TAGS)), rng.choice((1, 1, 2, 3))))

        # consent history
        self.consents(cid, since, email is not None, bool(numbers))

        # activity
        vehicles = 0
        insured = index < len(ANCHORS) or rng.random() < 0.43
        policies: list[tuple[int, str]] = []  # (id, status) of current terms
        if insured:
            self.person = (last, extra if kind == "person" else "m")
            vehicles, e = self.insurance(cid, kind, plate_code, policies)
            earliest = min(earliest, e)
            if vehicles >= 3:
                tags.add(3)  # Filo
        purchases: list[tuple[int, int]] = []  # (id, ordinal)
        if index < len(ANCHORS) or rng.random() < 0.7:
            e = self.shopping(cid, since, purchases, policies)
            earliest = min(earliest, e)
        complaints = self.complaints(cid, index, policies, purchases)
        last_contact = self.interactions(cid, since)
        self.reminders(cid, policies, complaints)
        self.surveys(cid, since)

        for t in sorted(tags):
            self.rows["customer_tags"].append((cid, self.tag_ids[t]))

        created = earliest * DAY + rng.randrange(9 * 60, 18 * 60)
        updated = created + rng.randrange(0, max(1, self.now_m - created))
        archived = None
        if index >= len(ANCHORS) and rng.random() < 0.02:
            archived = self.ts(updated)
        notes = rng.choice(CUSTOMER_NOTES) if rng.random() < 0.2 else None
        if contact:
            notes = f"Yetkili: {contact}" + (f". {notes}" if notes else "")
        self.rows["customers"].append(
            (
                cid,
                kind,
                name,
                company,
                national_id,
                tax_number,
                tax_office,
                email,
                address,
                city,
                district,
                birthday,
                source,
                referred_by,
                rng.choice(LADDER) if rng.random() < 0.03 else None,
                rng.choice((30, 60, 90, 180)) if rng.random() < 0.08 else None,
                self.ts(last_contact) if last_contact else None,
                notes,
                self.ts(created),
                self.ts(updated),
                archived,
                1,
            )
        )


def _ensure_tags() -> list[int]:
    existing = {t.name: t.id for t in Tag.select()}
    missing = [name for name in TAGS if name not in existing]
    if missing:
        start = next_id(Tag)
        rows = [(start + i, name) for i, name in enumerate(missing)]
        bulk_insert(Tag, ["id", "name"], rows, raw=True)
        existing.update({name: tid for tid, name in rows})
    return [existing[name] for name in TAGS]


def generate(
    customers: int = DEFAULT_CUSTOMERS,
    seed: int = 42,
    today: date | None = None,
    scale: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Fill the open database with demo data; returns the number of rows per table.

    ``scale`` multiplies ``customers`` (and with it everything else): ``scale=100`` on the
    default gives 30,000 customers. Same arguments, same data. ``progress(done, total)``
    is called after each chunk of customers.
    """
    from .. import clock

    if scale is not None:
        customers = max(1, round(customers * scale))
    if today is None:
        now = clock.now()
        today = now.date()
    else:
        now = datetime.combine(today, time(10, 0))
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    with db.atomic():
        tag_ids = _ensure_tags()
        insert_rates(date(today.year - 6, 1, 1))  # before the oldest demo term
        if Setting.get_or_none(Setting.key == "business_name") is None:
            value = json.dumps("Yıldız Sigorta ve Ticaret (demo)", ensure_ascii=False)
            Setting.insert(key="business_name", value=value).execute()
    gen = _Generator(rng, today, now, tag_ids)
    with analytics.totals_computed_at_the_end():
        for index in range(customers):
            gen.customer(index)
            if index % 100 == 50:
                gen.general_task()
            if (index + 1) % CHUNK == 0:
                gen.flush(counts)
                if progress:
                    progress(index + 1, customers)
        gen.flush(counts)
    if progress and customers % CHUNK:
        progress(customers, customers)
    rebuild_index()
    return counts


def is_empty() -> bool:
    return not Customer.select().exists()
