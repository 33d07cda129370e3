"""Demo generator: state, small tools, the column lists of each table and the fixed first
customers."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime

from ..db.bulk import bulk_insert, next_id
from ..db.models import (
    Claim,
    ClaimEvent,
    CommissionEntry,
    Complaint,
    ComplaintEvent,
    Consent,
    Customer,
    CustomerTag,
    Instalment,
    InsuredPerson,
    Interaction,
    Phone,
    PointsEntry,
    Policy,
    Purchase,
    Reminder,
    Survey,
    Vehicle,
    db,
)
from ..db.search import fold
from .words import (
    CITIES,
    COMPANY_SUFFIXES,
    COMPLAINT_CATEGORIES,
    COMPLAINT_CHANNELS,
    CONSENT_METHODS,
    INTERACTIONS,
    LOST_REASONS,
    MAIL_DOMAINS,
    PRIORITIES,
    PURCHASE_CATEGORIES,
    SOURCES,
    STATUS_WEIGHTS,
)

DAY = 1440  # minutes


def cumulative(pairs):
    values = [p[0] for p in pairs]
    cum = []
    total = 0
    for p in pairs:
        total += p[-1]
        cum.append(total)
    return values, cum


def fake_tckn(rng: random.Random) -> str:
    d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d11 = (sum(d) + d10) % 10
    return "".join(map(str, d)) + str(d10) + str(d11)


def fake_vkn(rng: random.Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(9)]
    total = 0
    for i in range(9):
        tmp = (digits[i] + 10 - (i + 1)) % 10
        total += 9 if tmp == 9 else (tmp * (2 ** (10 - (i + 1)))) % 9
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def slug(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


CUSTOMER_COLS = (
    "id kind name company national_id tax_number tax_office email address city district "
    "birthday source referred_by ladder_override contact_every_days last_contact_at notes "
    "created_at updated_at archived_at version"
).split()
PHONE_COLS = ["id", "customer", "label", "e164", "digits", "is_primary"]
TAG_COLS = ["customer", "tag"]
CONSENT_COLS = "customer channel granted at method reference iys_registered recorded_at".split()
POLICY_COLS = (
    "id customer kind line provider number plate start_date end_date premium commission "
    "currency status renewed_from lost_reason renewal_postponed_to renewal_handled_at notes "
    "created_at updated_at vehicle uavt_code address"
).split()
VEHICLE_COLS = (
    "id customer plate ruhsat_serial chassis_no engine_no brand model year usage "
    "created_at updated_at"
).split()
INSURED_COLS = "policy customer name national_id relation birthday created_at".split()
PURCHASE_COLS = "id customer date amount description category created_at".split()
POINTS_COLS = "customer at kind points purchase note".split()
COMPLAINT_COLS = (
    "id customer policy purchase opened_at channel category priority subject description "
    "owner status deadline_at waiting_since breached resolved_at closed_at resolution "
    "first_contact_resolution satisfaction created_at updated_at assigned_to"
).split()
EVENT_COLS = "complaint at kind from_status to_status note author".split()
REMINDER_COLS = (
    "customer policy complaint title notes due_at has_time kind rrule recur_from status "
    "snoozed_count done_at created_at updated_at"
).split()
INTERACTION_COLS = "customer at channel direction summary outcome duration_min created_at".split()
SURVEY_COLS = "customer at kind score comment complaint".split()
CLAIM_COLS = (
    "id customer policy loss_date kind place insurer_file_no status status_since "
    "expected_amount paid_amount follow_up_on notes closed_at created_at updated_at"
).split()
CLAIM_EVENT_COLS = "claim at kind from_status to_status note author".split()
INSTALMENT_COLS = (
    "customer policy purchase n count due_date amount paid_on paid_amount method note "
    "created_at updated_at"
).split()
COMMISSION_COLS = "policy kind date amount note created_at created_by".split()

TABLES = (
    (Customer, CUSTOMER_COLS, "customers"),
    (Phone, PHONE_COLS, "phones"),
    (CustomerTag, TAG_COLS, "customer_tags"),
    (Consent, CONSENT_COLS, "consents"),
    (Vehicle, VEHICLE_COLS, "vehicles"),
    (Policy, POLICY_COLS, "policies"),
    (InsuredPerson, INSURED_COLS, "insured_persons"),
    (Purchase, PURCHASE_COLS, "purchases"),
    (PointsEntry, POINTS_COLS, "points"),
    (Complaint, COMPLAINT_COLS, "complaints"),
    (ComplaintEvent, EVENT_COLS, "complaint_events"),
    (Reminder, REMINDER_COLS, "reminders"),
    (Interaction, INTERACTION_COLS, "interactions"),
    (Survey, SURVEY_COLS, "surveys"),
    (Claim, CLAIM_COLS, "claims"),
    (ClaimEvent, CLAIM_EVENT_COLS, "claim_events"),
    (Instalment, INSTALMENT_COLS, "instalments"),
    (CommissionEntry, COMMISSION_COLS, "commission_entries"),
)

# Fixed first customers, so demos and tests can rely on them (see DESIGN.md: lookup).
ANCHORS = (
    ("person", "Şükrü", "Öztürk", "m"),
    ("person", "Işık", "Yılmaz", "f"),
    ("person", "İbrahim", "Ağaoğlu", "m"),
    ("person", "Gülşen", "Çağlar", "f"),
    ("business", "Çağlayan", "Otomotiv", "Ltd. Şti."),
)


class GeneratorBase:
    """The generator's state and small tools; the topics are mixins on top (see generator)."""

    def __init__(self, rng: random.Random, today: date, now: datetime, tag_ids: list[int]):
        self.rng = rng
        self.today = today
        self.t0 = today.toordinal()
        self.now_m = self.t0 * DAY + now.hour * 60 + now.minute
        self.tag_ids = tag_ids
        self.base = self.t0 - 7000
        self.iso = [date.fromordinal(self.base + i).isoformat() for i in range(9000)]
        self.hm = [f" {m // 60:02d}:{m % 60:02d}:00" for m in range(DAY)]
        self.phones: set[str] = set()
        self.emails: set[str] = set()
        self.ids: set[str] = set()
        self.plates: set[str] = set()
        self.next = {
            "customer": next_id(Customer),
            "phone": next_id(Phone),
            "policy": next_id(Policy),
            "purchase": next_id(Purchase),
            "complaint": next_id(Complaint),
            "claim": next_id(Claim),
            "vehicle": next_id(Vehicle),
        }
        self.person: tuple[str, str] = ("", "m")  # surname and sex of the customer being made
        self.family_shown = False
        self.first_customer = self.next["customer"]
        self.city_w = cumulative([(c, c[1]) for c in CITIES])
        self.domain_w = cumulative(MAIL_DOMAINS)
        self.source_w = cumulative(SOURCES)
        self.suffix_w = cumulative(COMPANY_SUFFIXES)
        self.lost_w = cumulative(LOST_REASONS)
        self.cat_w = cumulative([(c, c[1]) for c in PURCHASE_CATEGORIES])
        self.inter_w = cumulative([(c, c[2]) for c in INTERACTIONS])
        self.cchan_w = cumulative(COMPLAINT_CHANNELS)
        self.prio_w = cumulative(PRIORITIES)
        self.status_w = cumulative(STATUS_WEIGHTS)
        self.ccat_w = cumulative(COMPLAINT_CATEGORIES)
        self.consent_w = cumulative([(m[:2], m[2]) for m in CONSENT_METHODS])
        self.complaint_count = 0
        self.person_count = 0
        self.reset()

    # -- small tools ------------------------------------------------------------------
    def pick(self, weighted):
        values, cum = weighted
        return self.rng.choices(values, cum_weights=cum)[0]

    def d(self, ordinal: int) -> str:
        i = ordinal - self.base
        if 0 <= i < len(self.iso):
            return self.iso[i]
        return date.fromordinal(ordinal).isoformat()

    def ts(self, minute: int) -> str:
        return self.d(minute // DAY) + self.hm[minute % DAY]

    def work_minute(self, ordinal: int, lo: int = 9 * 60, hi: int = 19 * 60) -> int:
        """A moment during opening hours of that day, never after now."""
        m = ordinal * DAY + self.rng.randrange(lo, hi)
        if m >= self.now_m:
            m = self.now_m - self.rng.randrange(5, 120)
        return m

    def reset(self) -> None:
        self.rows: dict[str, list] = {name: [] for _m, _c, name in TABLES}

    def flush(self, counts: dict[str, int]) -> None:
        with db.atomic():
            for model, cols, name in TABLES:
                rows = self.rows[name]
                if rows:
                    bulk_insert(model, cols, rows, raw=True)
                    counts[name] = counts.get(name, 0) + len(rows)
        self.reset()

    def unique(self, seen: set, make: Callable[[], str]) -> str:
        value = make()
        while value in seen:
            value = make()
        seen.add(value)
        return value
