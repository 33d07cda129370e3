"""Demo dataset and bulk insert: deterministic, realistic, consistent, fast."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

import peewee
import pytest
from dateutil.rrule import rrulestr

from crm_tui.db import close_database, open_database, sqlfn
from crm_tui.db.bulk import bulk_insert, next_id
from crm_tui.db.models import (
    Complaint,
    ComplaintEvent,
    Consent,
    Customer,
    CustomerTag,
    Interaction,
    Phone,
    PointsEntry,
    Policy,
    PolicyCommission,
    Purchase,
    Reminder,
    Survey,
    Tag,
    db,
)
from crm_tui.domain import demo
from crm_tui.domain.customers import search_customers
from crm_tui.domain.parsing import (
    is_valid_tckn,
    is_valid_vkn,
    national_digits,
    parse_email,
    parse_phone,
)

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """One default-size demo database shared by the read-only checks below."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    open_database(path)
    counts = demo.generate(today=TODAY)
    close_database()
    return path, counts


@pytest.fixture
def data(demo_db):
    path, counts = demo_db
    open_database(path)
    yield counts
    close_database()


def _dump(path) -> dict[str, list[tuple]]:
    # schema_history records when each step ran (the wall clock), not demo data
    open_database(path)
    try:
        tables = [
            r[0]
            for r in db.execute_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE '%fts%' AND name != 'schema_history' ORDER BY name"
            )
        ]
        # every column as the order: WITHOUT ROWID tables (survey_daily) have no rowid
        return {
            t: sorted(db.execute_sql(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }
    finally:
        close_database()


# -- determinism and volume ---------------------------------------------------------------


def test_same_seed_same_data_other_seed_other_data(tmp_path):
    dumps = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        path = tmp_path / f"{name}.sqlite3"
        open_database(path)
        demo.generate(customers=60, seed=seed, today=TODAY)
        close_database()
        dumps.append(_dump(path))
    assert dumps[0] == dumps[1]
    assert dumps[0]["customer"] != dumps[2]["customer"]
    assert len(dumps[0]["customer"]) == 60


def test_counts_and_proportions(data):
    counts = data
    assert not demo.is_empty()
    n = Customer.select().count()
    assert n == counts["customers"] == 300
    per = {
        "policies": (Policy, 1.5, 3.0),
        "reminders": (Reminder, 2.2, 4.5),
        "interactions": (Interaction, 3.5, 7.0),
        "purchases": (Purchase, 7.0, 13.0),
        "complaints": (Complaint, 0.1, 0.4),
    }
    for name, (model, lo, hi) in per.items():
        count = model.select().count()
        assert count == counts[name]
        assert lo * n <= count <= hi * n, (name, count)
    businesses = Customer.select().where(Customer.kind == "business").count()
    assert 0.1 * n <= businesses <= 0.3 * n
    assert (
        PointsEntry.select().where(PointsEntry.kind == "earn").count() > 0.8 * counts["purchases"]
    )
    assert PointsEntry.select().where(PointsEntry.kind == "redeem").exists()
    assert Survey.select().where(Survey.kind == "nps").exists()
    assert Survey.select().where(Survey.kind == "csat").exists()
    assert Tag.select().count() >= 10 and CustomerTag.select().exists()
    assert _foreign_key_problems() == []


def _foreign_key_problems() -> list:
    """Rows whose foreign key points nowhere (PostgreSQL refuses them at every write)."""
    if sqlfn.is_postgres():
        return []
    return db.execute_sql("PRAGMA foreign_key_check").fetchall()


def test_scale_multiplies_customers_and_reuses_existing_rows(db_path):
    demo.generate(customers=10, scale=2, today=TODAY)
    assert Customer.select().count() == 20
    tags = Tag.select().count()
    demo.generate(customers=5, seed=1, today=TODAY)  # a second run appends
    assert Customer.select().count() == 25
    assert Tag.select().count() == tags
    assert _foreign_key_problems() == []


def test_default_today_follows_frozen_clock(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2027-03-05")
    demo.generate(customers=6)
    isik = Customer.get(Customer.name == "Işık Yılmaz")
    assert (isik.birthday.month, isik.birthday.day) == (3, 5)
    assert Interaction.select().order_by(Interaction.at.desc()).first().at <= datetime(
        2027, 3, 5, 10, 0
    )


# -- realistic content ----------------------------------------------------------------------


def test_turkish_names_and_companies(data):
    names = [c.name for c in Customer.select(Customer.name)]
    text = " ".join(names)
    for letter in "şğçöüıİŞÇÖÜ":
        assert letter in text, letter
    assert "Şükrü Öztürk" in names and "Işık Yılmaz" in names and "İbrahim Ağaoğlu" in names
    companies = [c.name for c in Customer.select().where(Customer.kind == "business")]
    assert any(c.endswith("Ltd. Şti.") for c in companies)
    assert any(c.endswith("A.Ş.") for c in companies)
    cities = {c.city for c in Customer.select(Customer.city)}
    assert {"İstanbul", "Ankara", "İzmir", "Bursa", "Antalya", "Konya", "Eskişehir"} <= cities


def test_phones_are_valid_e164_with_national_digits(data):
    per_customer = Counter()
    primaries = Counter()
    for ph in Phone.select():
        assert re.fullmatch(r"\+90\d{10}", ph.e164), ph.e164
        assert parse_phone(ph.e164) == ph.e164
        assert ph.digits == national_digits(ph.e164)
        if ph.label == "mobile":
            assert ph.digits.startswith("5")
        per_customer[ph.customer_id] += 1
        primaries[ph.customer_id] += ph.is_primary
    assert all(v == 1 for v in primaries.values())
    assert any(v == 2 for v in per_customer.values())
    assert len({ph.e164 for ph in Phone.select()}) == Phone.select().count()


def test_ids_and_emails_valid(data):
    tckns = [c.national_id for c in Customer.select() if c.national_id]
    assert len(tckns) > 100 and all(is_valid_tckn(t) for t in tckns)
    vkns = [c.tax_number for c in Customer.select() if c.tax_number]
    assert vkns and all(is_valid_vkn(v) for v in vkns)
    emails = [c.email for c in Customer.select() if c.email]
    assert len(emails) == len(set(emails)) > 150
    for email in emails:
        assert email.isascii() and parse_email(email) == email


def test_birthdays_referrals_rhythm_consent(data):
    births = [c.birthday for c in Customer.select() if c.birthday]
    assert any((b.month, b.day) == (11, 22) for b in births)
    week = {
        ((TODAY + timedelta(days=i)).month, (TODAY + timedelta(days=i)).day) for i in range(1, 8)
    }
    assert any((b.month, b.day) in week for b in births)
    assert date(1988, 2, 29) in births
    referred = list(Customer.select().where(Customer.referred_by.is_null(False)))
    assert referred and all(c.referred_by_id < c.id for c in referred)
    assert all(c.source == "referral" for c in referred)
    assert Customer.select().where(Customer.contact_every_days.is_null(False)).exists()
    channels = {(c.channel, c.granted) for c in Consent.select()}
    assert {("sms", True), ("email", True), ("call", True), ("sms", False)} <= channels
    assert all(c.method for c in Consent.select())


def test_last_contact_is_newest_interaction(data):
    newest: dict[int, datetime] = {}
    for i in Interaction.select(Interaction.customer, Interaction.at):
        assert i.at <= NOW
        newest[i.customer_id] = max(newest.get(i.customer_id, i.at), i.at)
    for c in Customer.select(Customer.id, Customer.last_contact_at):
        assert c.last_contact_at == newest.get(c.id)
    channels = {i.channel for i in Interaction.select(Interaction.channel)}
    assert {"phone", "visit", "email", "whatsapp"} <= channels
    assert {i.direction for i in Interaction.select(Interaction.direction)} == {"in", "out"}


def test_policies_renewal_chains_and_dates(data):
    policies = {p.id: p for p in Policy.select()}
    statuses = Counter(p.status for p in policies.values())
    assert {"active", "renewed", "lapsed", "cancelled"} <= set(statuses)
    lines = {p.line for p in policies.values()}
    assert {"trafik", "kasko", "dask", "konut", "saglik", "hayat", "isyeri"} <= lines
    soon = [
        p
        for p in policies.values()
        if p.status == "active" and p.end_date and TODAY < p.end_date <= TODAY + timedelta(days=90)
    ]
    assert len(soon) > 50
    assert any(p.status == "active" and p.end_date < TODAY for p in policies.values())
    renewed = [p for p in policies.values() if p.renewed_from_id]
    assert renewed
    for p in renewed:
        prev = policies[p.renewed_from_id]
        assert prev.status == "renewed" and prev.customer_id == p.customer_id
        assert prev.end_date == p.start_date and prev.line == p.line
    for p in policies.values():
        assert isinstance(p.premium, Decimal) and p.premium > 0
        if p.kind == "policy":
            commission = PolicyCommission.get_by_id(p.id).commission
            assert Decimal("0.08") <= commission / p.premium <= Decimal("0.17")
            assert p.provider
        if p.line in ("trafik", "kasko"):
            assert re.fullmatch(r"\d{2} [A-Z]{1,3} \d{2,4}", p.plate), p.plate
        if p.status in ("lapsed", "cancelled") and p.kind == "policy":
            assert p.lost_reason
    numbers = [p.number for p in policies.values()]
    assert len(numbers) == len(set(numbers))


def test_purchases_and_points(data):
    assert Purchase.select().where(Purchase.date < TODAY - timedelta(days=700)).exists()
    assert not Purchase.select().where(Purchase.date > TODAY).exists()
    assert all(p.amount > 0 for p in Purchase.select())
    balance: dict[int, int] = defaultdict(int)
    for e in PointsEntry.select().order_by(PointsEntry.at, PointsEntry.id):
        balance[e.customer_id] += e.points
        assert balance[e.customer_id] >= 0
        if e.kind == "earn":
            assert e.purchase_id and e.points > 0
        if e.kind == "redeem":
            assert e.points < 0


def test_reminders_cover_the_agenda(data):
    rems = list(Reminder.select())
    start, end = datetime(2026, 11, 22), datetime(2026, 11, 23)
    open_ = [r for r in rems if r.status == "open"]
    assert any(r.due_at < start for r in open_), "overdue"
    assert any(start <= r.due_at < end for r in open_), "today"
    assert any(r.due_at >= end for r in open_), "later"
    assert {r.status for r in rems} == {"open", "done", "cancelled"}
    assert all(r.done_at for r in rems if r.status == "done")
    assert {"manual", "callback"} <= {r.kind for r in rems}
    recurring = [r for r in rems if r.rrule]
    assert recurring and {r.recur_from for r in recurring} <= {"calendar", "completion"}
    for r in recurring:
        rrulestr(r.rrule, dtstart=r.due_at)
    assert any(r.customer_id is None for r in rems)
    assert any(r.policy_id for r in rems) and any(r.complaint_id for r in rems)
    overdue = sum(1 for r in open_ if r.due_at < start)
    assert overdue < 60, "the Today screen of the demo stays readable"


def test_complaints_every_status_with_history(data):
    complaints = list(Complaint.select())
    assert {c.status for c in complaints} == {"new", "in_progress", "waiting", "resolved", "closed"}
    assert {"low", "normal", "high", "urgent"} == {c.priority for c in complaints}
    assert len({c.category for c in complaints}) >= 5
    assert any(c.breached for c in complaints) and not all(c.breached for c in complaints)
    open_ = [c for c in complaints if c.status in ("new", "in_progress")]
    assert any(c.deadline_at > NOW for c in open_), "some still within their deadline"
    events = defaultdict(list)
    for e in ComplaintEvent.select().order_by(ComplaintEvent.at, ComplaintEvent.id):
        events[e.complaint_id].append(e)
    for c in complaints:
        assert c.deadline_at and c.deadline_at > c.opened_at
        history = events[c.id]
        assert history[0].to_status == "new" and history[0].from_status is None
        status_events = [e for e in history if e.kind == "status"]
        assert status_events[-1].to_status == c.status
        assert all(e.at <= NOW for e in history)
        if c.status in ("resolved", "closed"):
            assert c.resolution and 1 <= c.satisfaction <= 5
            assert c.first_contact_resolution is not None
            assert c.opened_at <= c.resolved_at <= NOW
        if c.status == "closed":
            assert c.resolved_at <= c.closed_at <= NOW
        if c.status == "waiting":
            assert c.waiting_since
    assert any(c.first_contact_resolution for c in complaints)
    for s in Survey.select():
        assert (0 <= s.score <= 10) if s.kind == "nps" else (1 <= s.score <= 5)


def test_search_finds_demo_customers_by_folded_name_and_phone(data):
    for query, name in (
        ("sukru", "Şükrü Öztürk"),
        ("isik", "Işık Yılmaz"),
        ("IŞIK", "Işık Yılmaz"),
        ("ibrahim agaoglu", "İbrahim Ağaoğlu"),
        ("caglayan", "Çağlayan Otomotiv Ltd. Şti."),
    ):
        assert name in [h.name for h in search_customers(query)], query
    phone = Phone.select().where(Phone.customer == 1).first()
    hits = search_customers("0" + phone.digits)
    assert hits and hits[0].id == 1
    plate = Policy.select().where(Policy.plate.is_null(False)).first()
    assert plate.customer_id in [h.id for h in search_customers(plate.plate)]


# -- bulk insert ----------------------------------------------------------------------------


def test_bulk_insert_converts_like_the_models(db_path):
    cid = next_id(Customer)
    n = bulk_insert(
        Customer,
        ["id", "name", "birthday", "created_at", "updated_at"],
        [(cid, "Öykü Ilıcak", date(1990, 5, 17), datetime(2026, 1, 2, 3, 4, 5), NOW)],
    )
    assert n == 1
    bulk_insert(
        Purchase,
        ["customer", "date", "amount", "created_at"],
        [
            (cid, date(2026, 11, 1), Decimal("1234.565"), NOW),
            (Customer.get_by_id(cid), date(2026, 11, 2), "99.9", NOW),
        ],
    )
    bulk_insert(
        Phone,
        ["customer", "e164", "digits", "is_primary"],
        [(cid, "+905321112233", "5321112233", True)],
    )
    c = Customer.get_by_id(cid)
    assert c.birthday == date(1990, 5, 17) and c.created_at == datetime(2026, 1, 2, 3, 4, 5)
    assert [p.amount for p in Purchase.select().order_by(Purchase.id)] == [
        Decimal("1234.57"),
        Decimal("99.90"),
    ]
    raw = db.execute_sql("SELECT amount, date FROM purchase ORDER BY id").fetchall()
    assert [tuple(sqlfn.as_stored(v) for v in row) for row in raw] == [
        (123457, "2026-11-01"),
        (9990, "2026-11-02"),
    ]
    assert Phone.get().is_primary is True


def test_bulk_insert_is_all_or_nothing(db_path):
    with pytest.raises((sqlite3.IntegrityError, peewee.IntegrityError)):
        bulk_insert(
            Phone,
            ["customer", "e164", "digits"],
            [(None, "+905321112233", "5321112233")],  # no customer: NOT NULL fails
        )
    with pytest.raises((sqlite3.IntegrityError, peewee.IntegrityError)):
        bulk_insert("customer", ["id", "name"], [(1, "A"), (1, "B")])  # duplicate id
    assert Customer.select().count() == 0 and Phone.select().count() == 0
    with pytest.raises(ValueError):
        bulk_insert(Customer, ["nope"], [(1,)])


# -- bench dataset ---------------------------------------------------------------------------


def test_bench_dataset_small_run(tmp_path, capsys):
    from bench import dataset

    out = tmp_path / "bench.sqlite3"
    assert (
        dataset.main(["--customers", "200", "--out", str(out), "--today", "2026-11-22", "--quiet"])
        == 0
    )
    printed = capsys.readouterr().out
    assert re.search(r"customers\s+200\b", printed)
    assert "seconds" in printed and "rows_per_second" in printed
    assert dataset.main(["--customers", "200", "--out", str(out)]) == 2  # no overwrite
    result = dataset.build(out, 200, seed=42, today=TODAY, force=True, quiet=True)
    assert result["customers"] == 200 and result["policies"] > 200
    open_database(out)
    try:
        assert Customer.select().count() == 200
        assert search_customers("sukru")
    finally:
        close_database()
