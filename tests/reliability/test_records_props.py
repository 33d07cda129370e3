"""Property tests for every other form a user fills in: reminders (and their snooze and
typed times), policies, renewals (renew, postpone), complaints (open, resolve with a
satisfaction score), purchases and points, interactions with a follow-up, surveys, the
import column override, vCard files.

For any typed text each save either succeeds whole or raises ``ValidationError`` whose
keys name fields of that form, with a message for each, and writes nothing; never another
exception. The parsers underneath (dates, money, phones...) have their own properties in
test_parsing_props.py.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from crm_tui.db import close_database, open_database
from crm_tui.db.models import (
    Complaint,
    ComplaintEvent,
    Interaction,
    PointsEntry,
    Policy,
    Purchase,
    Reminder,
    Survey,
)
from crm_tui.domain import (
    complaints,
    interactions,
    policies,
    purchases,
    reminders,
    renewals,
    surveys,
)
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.domain.errors import ValidationError

PROPS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)

# What people type: anything, plus the near misses that reach deeper code paths.
TYPED = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "1.250,50",
            "1,250.50",
            "12,5",
            "1e9",
            "NaN",
            "inf",
            "9" * 40,
            "22.11.2026",
            "31.02.2026",
            "21.11.2026",
            "yarın",
            "+3g",
            "+2 hafta",
            "bugün 14:30",
            "25:61",
            "14:30",
            "34 ABC 123",
            "kasko",
            "trafik",
            "active",
            "urgent",
            "nps",
            "csat",
            "phone",
            "in",
            "Şükrü Işık",
            '"NEAR(a b)" OR *',
            "\x00",
        ]
    ),
)


def mostly(*good: object) -> st.SearchStrategy:
    """Usually a good value, sometimes anything: saves succeed often enough that the
    whole write path runs, and every field is still tried with junk."""
    valid = st.sampled_from(good)  # (one_of would merge repeated branches: pick 4 in 5)
    return st.integers(0, 4).flatmap(lambda n: TYPED if n == 0 else valid)


DATES = ("22.11.2026", "01.12.2025", "yarın", "+3g", "+1 yıl", "2026-12-31", "3.1.27")
FUTURE = ("yarın", "+3g", "+2 hafta", "25.12.2026", "2027-01-05", "pazartesi", "yarın 14:30")
MONEY = ("1.250,50", "0", "12,5", "1250", "₺ 3.000", "99.999.999,99", "")
CHANNELS = ("phone", "email", "visit", "sms", "whatsapp", "web")


@pytest.fixture(scope="module")
def records_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("records") / "records.sqlite3"
    open_database(path)
    owner = create_customer(
        CustomerInput(name="Gülşen Öztürk", phones=[("mobile", "0532 1234567")])
    )
    policy = policies.create_policy(
        owner.id, policies.PolicyInput(line="kasko", start_date=date(2025, 12, 1)), today=DAY
    )
    purchases.record_purchase(owner.id, "1.000,00", on=DAY, today=DAY, now=NOW)
    complaint = complaints.open_complaint(owner.id, "Teslimat gecikti", now=NOW)
    reminder = reminders.create_reminder(reminders.ReminderInput(title="Ara", due=DAY), today=DAY)
    close_database()
    return path, {
        "customer": owner.id,
        "policy": policy.id,
        "complaint": complaint.id,
        "reminder": reminder.id,
    }


@pytest.fixture
def records(records_db):
    path, ids = records_db
    open_database(path)
    yield ids
    close_database()


COUNTED = [Reminder, Policy, Purchase, PointsEntry, Complaint, ComplaintEvent, Interaction, Survey]


def counts() -> tuple[int, ...]:
    return tuple(m.select().count() for m in COUNTED)


def refused_cleanly(exc: ValidationError, fields: set[str], before: tuple[int, ...]) -> None:
    event("refused")  # see the mix with --hypothesis-show-statistics
    assert exc.errors, "a refusal without a message"
    assert all(str(m).strip() for m in exc.errors.values()), exc.errors
    unknown = set(exc.errors) - fields - {"_"}
    assert not unknown, f"errors for fields the form does not have: {unknown}"
    assert counts() == before, "a refused save wrote something"


REMINDER_FIELDS = {
    "title",
    "due",
    "time",
    "notes",
    "repeat",
    "every",
    "recur_from",
    "kind",
    "customer",
    "link",
}


@PROPS
@given(
    title=mostly("Ara", "Teklif gönder", "  Poliçe yenile  "),
    due=mostly(*DATES),
    time=mostly("", "14:30", "9", "09.15"),
    repeat=mostly(*[c for c, _l in reminders.RECURRENCE_CHOICES]),
    recur_from=st.sampled_from(["calendar", "completion", "", "x"]),
    every=mostly("", "1", "10", "366", "0", "367", "iki"),
)
def test_reminder_form(records, title, due, time, repeat, recur_from, every):
    before = counts()
    data = reminders.ReminderInput(
        title=title, due=due, time=time, repeat=repeat, recur_from=recur_from, every=every
    )
    try:
        saved = reminders.create_reminder(data, today=DAY)
    except ValidationError as exc:
        refused_cleanly(exc, REMINDER_FIELDS, before)
    else:
        event("saved")
        assert saved.title == title.strip() and saved.status == "open"
        assert counts()[0] == before[0] + 1


@PROPS
@given(mostly(*FUTURE))
def test_snooze_to_a_typed_day_and_typed_times(records, text):
    before = counts()
    try:
        moved = reminders.snooze(records["reminder"], "date", text, now=NOW)
    except ValidationError as exc:
        refused_cleanly(exc, {"date", "until", "when"}, before)
    else:
        event("saved")
        assert moved.due_at > NOW
    try:
        when, has_time = reminders.parse_when(text, NOW)
    except ValidationError as exc:
        assert str(exc).strip()
    else:
        event("saved")
        assert isinstance(when, datetime) and isinstance(has_time, bool)
    try:
        reminders.resolve_customer(text)
    except ValidationError as exc:
        assert str(exc).strip()


POLICY_FIELDS = set(policies.PolicyInput.__dataclass_fields__)


@PROPS
@given(
    line=mostly("kasko", "trafik", "dask", "saglik"),
    kind=mostly("policy", "warranty", "service"),
    plate=mostly("", "34 ABC 123", "06abc1234", "35 a 12"),
    start=mostly(*DATES),
    end=mostly("", "31.12.2027", "01.01.2020"),
    premium=mostly(*MONEY),
    commission=mostly(*MONEY),
    status=mostly("active", "lapsed", "cancelled"),
)
def test_policy_form(records, line, kind, plate, start, end, premium, commission, status):
    before = counts()
    data = policies.PolicyInput(
        line=line,
        kind=kind,
        plate=plate,
        start_date=start,
        end_date=end,
        premium=premium,
        commission=commission,
        status=status,
    )
    try:
        saved = policies.create_policy(records["customer"], data, today=DAY)
    except ValidationError as exc:
        refused_cleanly(exc, POLICY_FIELDS, before)
    else:
        event("saved")
        assert saved.end_date is None or saved.end_date > saved.start_date
        assert saved.premium is None or saved.premium >= 0


@PROPS
@given(
    premium=mostly(*MONEY),
    start=mostly("", *DATES),
    end=mostly("", "01.12.2027", "22.11.2026"),
    number=mostly("", "KSK-2026-1", "ÇĞ/42"),
    until=mostly(*FUTURE),
)
def test_renew_and_postpone(records, premium, start, end, number, until):
    """Against a policy that stays active: the renewal is rolled back after checking it,
    so every example sees the same policy."""
    from crm_tui.db.models import db

    before = counts()
    try:
        with db.atomic() as txn:
            new = renewals.renew(
                records["policy"], premium=premium, start=start, end=end, number=number, now=NOW
            )
            assert new.end_date > new.start_date and new.status == "active"
            assert Policy.get_by_id(records["policy"]).status == "renewed"
            event("saved")
            txn.rollback()
    except ValidationError as exc:
        refused_cleanly(exc, {"premium", "start_date", "end_date", "number"}, before)
    try:
        with db.atomic() as txn:
            reminder = renewals.postpone(records["policy"], until, today=DAY, now=NOW)
            assert reminder.due_at.date() > DAY
            event("saved")
            txn.rollback()
    except ValidationError as exc:
        refused_cleanly(exc, {"until"}, before)
    assert counts() == before


COMPLAINT_FIELDS = {"subject", "channel", "category", "priority", "owner", "description"}


@PROPS
@given(
    subject=mostly("Teslimat gecikti", "Fatura hatalı", " Ürün kırık "),
    channel=mostly(*complaints.CHANNELS),
    category=mostly(*complaints.CATEGORIES),
    priority=mostly(*complaints.PRIORITIES),
    owner=mostly("", "Ayşe", "Mehmet Bey"),
)
def test_complaint_form(records, subject, channel, category, priority, owner):
    before = counts()
    try:
        c = complaints.open_complaint(
            records["customer"],
            subject,
            channel=channel,
            category=category,
            priority=priority,
            owner=owner,
            now=NOW,
        )
    except ValidationError as exc:
        refused_cleanly(exc, COMPLAINT_FIELDS, before)
    else:
        event("saved")
        assert c.status == "new" and c.deadline_at > NOW
        assert ComplaintEvent.select().where(ComplaintEvent.complaint == c.id).count() == 1


@PROPS
@given(
    resolution=mostly("Ürün değiştirildi", "İade yapıldı"),
    satisfaction=mostly("", "1", "5", "3 "),
    note=mostly("", "Müşteri arandı"),
)
def test_resolving_a_complaint(records, resolution, satisfaction, note):
    from crm_tui.db.models import db

    before = counts()
    try:
        with db.atomic() as txn:
            c = complaints.change_status(
                records["complaint"],
                "resolved",
                note,
                resolution=resolution,
                satisfaction=satisfaction,
                now=NOW,
            )
            assert c.status == "resolved" and c.resolution
            event("saved")
            txn.rollback()
    except ValidationError as exc:
        refused_cleanly(exc, {"resolution", "satisfaction", "note", "status"}, before)
    assert counts() == before


@PROPS
@given(
    amount=mostly("1.250,50", "12,5", "99", "0,01", "100000"),
    points=mostly("1", "5", "+3", "-2", "10"),
    note=mostly("Hediye çeki", "Düzeltme"),
)
def test_purchases_and_points(records, amount, points, note):
    cid = records["customer"]
    before = counts()
    balance = purchases.points_balance(cid)
    try:
        result = purchases.record_purchase(cid, amount, on=DAY, today=DAY, now=NOW)
    except ValidationError as exc:
        refused_cleanly(exc, {"amount", "date"}, before)
    else:
        event("saved")
        assert result.purchase.amount > 0
        assert result.balance == balance + result.points
    for action, fields in (
        (purchases.redeem_points, {"points"}),
        (purchases.adjust_points, {"points", "note"}),
    ):
        before, balance = counts(), purchases.points_balance(cid)
        try:
            entry = action(cid, points, note=note, now=NOW)
        except ValidationError as exc:
            refused_cleanly(exc, fields, before)
        else:
            event("saved")
            assert entry.points != 0
        assert purchases.points_balance(cid) >= 0


INTERACTION_FIELDS = {
    "channel",
    "direction",
    "summary",
    "outcome",
    "duration_min",
    "follow_up",
    "follow_up_date",
    "follow_up_note",
}


@PROPS
@given(
    channel=mostly(*CHANNELS),
    direction=mostly("in", "out"),
    summary=mostly("Fiyat sordu", " Kasko teklifi istedi "),
    duration=mostly("", "5", "0", "90"),
    follow_up_text=mostly("", "0", "1", "2", "3", *FUTURE),
)
def test_interaction_form(records, channel, direction, summary, duration, follow_up_text):
    before = counts()
    choice, typed = interactions.parse_follow_up(follow_up_text)
    assert choice in interactions.FOLLOW_UPS
    data = interactions.InteractionInput(
        channel=channel,
        direction=direction,
        summary=summary,
        duration_min=duration,
        follow_up=choice,
        follow_up_date=typed,
    )
    try:
        interaction, reminder = interactions.log_interaction(records["customer"], data, now=NOW)
    except ValidationError as exc:
        refused_cleanly(exc, INTERACTION_FIELDS, before)
    else:
        event("saved")
        assert interaction.summary == summary.strip()
        assert (reminder is None) == (choice == "none")


@PROPS
@given(
    kind=mostly("nps", "csat"),
    score=mostly("0", "5", "10", "1", " 3 "),
    comment=mostly("", "Çok memnunum"),
)
def test_survey_form(records, kind, score, comment):
    before = counts()
    try:
        s = surveys.record_survey(records["customer"], kind, score, comment=comment, now=NOW)
    except ValidationError as exc:
        refused_cleanly(exc, {"kind", "score", "comment"}, before)
    else:
        event("saved")
        low, high = surveys.RANGES[kind]
        assert low <= s.score <= high


@settings(PROPS, max_examples=120)
@given(st.text(max_size=40), st.lists(st.text(max_size=12), min_size=1, max_size=5))
def test_import_column_override(text, headers):
    from crm_tui.domain.import_mapping import check_mapping, guess_mapping, parse_override

    mapping = guess_mapping(headers)
    try:
        result = parse_override(text, headers, mapping, "customers")
        check_mapping(result, "customers")
    except ValidationError as exc:
        assert str(exc).strip()
    else:
        event("saved")
        assert len(result) == len(headers)


VCARD_LINE = mostly(
    "FN:Şükrü Işık",
    "N:Işık;Şükrü;;;",
    "FN:Ayşe Çelik",
    "TEL;TYPE=CELL:+90 532 123 45 67",
    "TEL;TYPE=HOME:0 (212) 444 55 66",
    "TEL:not a number",
    "EMAIL:ayse@example.com",
    "EMAIL:a@b",
    "BDAY:1980-02-30",
    "BDAY:19801122",
    "ORG:Öztürk Kırtasiye",
    "NOTE:satır\\nsonu",
    "ADR:;;Atatürk Cd. 5;İzmir;;35000;TR",
    "=C3=87",
    "PHOTO;ENCODING=b:AAAA",
    "BEGIN:VCARD",
    "END:VCARD",
)


@PROPS
@given(st.lists(st.lists(VCARD_LINE, max_size=6), max_size=4), st.booleans())
def test_any_vcard_file(records, tmp_path_factory, cards, closed):
    """Cards of good and broken lines (a last card maybe left open)."""
    from crm_tui.domain import importers

    lines = []
    for i, card in enumerate(cards):
        lines += ["BEGIN:VCARD", "VERSION:3.0", *card]
        if closed or i < len(cards) - 1:
            lines.append("END:VCARD")
    path = tmp_path_factory.mktemp("vcf") / "contacts.vcf"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    try:
        table = importers.read_file(path)
        plan = importers.plan_import(table)
    except (importers.ImportFileError, ValidationError) as exc:
        event("refused")
        assert str(exc).strip()
    else:
        event("planned" if plan.create else "nothing to import")
        assert len(plan.create) + len(plan.refused) + len(plan.duplicates) <= len(table.rows)
