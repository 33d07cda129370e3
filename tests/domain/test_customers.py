"""Customers: validation, duplicates, merge, archive, edits, interactions, policies, the card."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from crm_tui.db.models import (
    AuditLog,
    Complaint,
    Consent,
    Customer,
    CustomerTag,
    Interaction,
    Phone,
    PointsEntry,
    Policy,
    Purchase,
    Reminder,
    Survey,
)
from crm_tui.domain.card import load_card
from crm_tui.domain.customers import (
    CustomerInput,
    archive_customer,
    create_customer,
    customer_input,
    find_by_phone,
    find_duplicates,
    get_customer,
    merge_customers,
    parse_form,
    restore_customer,
    search_customers,
    tags_of,
    update_customer,
)
from crm_tui.domain.errors import ConflictError, ValidationError
from crm_tui.domain.interactions import InteractionInput, log_interaction, parse_follow_up
from crm_tui.domain.policies import PolicyInput, create_policy, list_policies, update_policy

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0)
TCKN = "10000000146"
VKN = "1234567890"


def form(**kw):
    values = {"name": "Şükrü Çağlar", "kind": "person"}
    values.update(kw)
    return values


# -- validation ----------------------------------------------------------------------------------


def test_every_bad_field_is_reported_at_once(db_path):
    with pytest.raises(ValidationError) as exc:
        parse_form(
            {
                "name": "  ",
                "phone": "12",
                "phone1": "abc",
                "email": "sukru@",
                "national_id": "12345678901",
                "tax_number": "123",
                "birthday": "31.02.1980",
                "contact_every_days": "sık",
                "referred_by": "kimse yok",
            },
            today=TODAY,
        )
    errors = exc.value.errors
    assert set(errors) == {
        "name",
        "phone",
        "phone1",
        "email",
        "national_id",
        "tax_number",
        "birthday",
        "contact_every_days",
        "referred_by",
    }
    assert "0532 123 45 67" in errors["phone"]
    assert "name@example.com" in errors["email"]
    assert "11-digit" in errors["national_id"]
    assert "10-digit" in errors["tax_number"]
    assert "not a real calendar date" in errors["birthday"]
    assert Customer.select().count() == 0


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("22.11.1980", date(1980, 11, 22)),
        ("22/11/80", date(1980, 11, 22)),
        ("1980-11-22", date(1980, 11, 22)),
        ("dün", date(2026, 11, 21)),
        ("-3g", date(2026, 11, 19)),
    ],
)
def test_birthday_formats(db_path, typed, expected):
    data = parse_form(form(birthday=typed), today=TODAY)
    assert data.birthday == expected


@pytest.mark.parametrize("typed", ["yarın", "tomorrow", "+3g", "+3d", "22.11.2027"])
def test_birthday_in_future_refused(db_path, typed):
    with pytest.raises(ValidationError) as exc:
        parse_form(form(birthday=typed), today=TODAY)
    assert "future" in exc.value.errors["birthday"]


def test_phone_stored_e164_and_other_fields(db_path):
    data = parse_form(
        form(
            phone="0532 123 45 67",
            phone1="(0212) 444 55 66",
            email=" Sukru@Example.COM ",
            national_id=TCKN,
            tax_number=VKN,
            tags="vip, kasko, VIP",
            contact_every_days="90",
            city="İzmir",
        ),
        today=TODAY,
    )
    c = create_customer(data, today=TODAY)
    assert [p.e164 for p in c.phones.order_by(Phone.id)] == ["+905321234567", "+902124445566"]
    assert c.phones.order_by(Phone.id)[0].digits == "5321234567"
    assert c.email == "sukru@example.com"
    assert c.national_id == TCKN and c.tax_number == VKN
    assert tags_of(c.id) == ["kasko", "vip"]
    assert c.contact_every_days == 90
    assert c.city == "İzmir"
    assert find_by_phone("+90 532 123 45 67")[0].id == c.id


def test_three_phones_with_their_labels(db_path):
    data = parse_form(
        form(
            phone="0532 123 45 67",
            phone_label="work",
            phone1="0212 444 55 66",
            phone1_label="home",
            phone2="0555 000 11 22",
            phone2_label="mobile",
        ),
        today=TODAY,
    )
    c = create_customer(data, today=TODAY)
    rows = [(p.label, p.e164, p.is_primary) for p in c.phones.order_by(Phone.id)]
    assert rows == [
        ("work", "+905321234567", True),
        ("home", "+902124445566", False),
        ("mobile", "+905550001122", False),
    ]
    # the form shows them back in national format, labels kept
    shown, _version = customer_input(c.id)
    assert shown.phones == [
        ("work", "0532 123 45 67"),
        ("home", "(0212) 444 55 66"),
        ("mobile", "0555 000 11 22"),
    ]


def test_third_phone_checked_too(db_path):
    with pytest.raises(ValidationError) as exc:
        parse_form(form(phone2="0555 00"), today=TODAY)
    assert set(exc.value.errors) == {"phone2"}


def test_consent_per_channel_with_date(db_path):
    from crm_tui.clock import today as clock_today
    from crm_tui.domain.customers import consent_states
    from crm_tui.domain.privacy import consent_history

    data = parse_form(
        form(
            consent_sms="yes",
            consent_sms_at="01.11.2026",
            consent_email="no",
            consent_call="",
            consent_method="written",
        ),
        today=TODAY,
    )
    c = create_customer(data, today=TODAY)
    assert consent_states(c.id) == {
        "sms": (True, date(2026, 11, 1)),
        "email": (False, clock_today()),  # no date typed: recorded now
        "call": None,
    }
    history = consent_history(c.id)
    assert {h.method for h in history} == {"written"}
    # the same values again (an edit that does not touch the consents) write nothing
    again, version = customer_input(c.id)
    again.consents = {"sms": (True, date(2026, 11, 1)), "email": (False, None)}
    update_customer(c.id, again, expected_version=version, today=TODAY)
    assert len(consent_history(c.id)) == 2
    # a withdrawal is a new history row; the older one stays
    again, version = customer_input(c.id)
    again.consents = {"sms": (False, date(2026, 11, 20))}
    update_customer(c.id, again, expected_version=version, today=TODAY)
    assert consent_states(c.id)["sms"] == (False, date(2026, 11, 20))
    assert len(consent_history(c.id)) == 3


def test_consent_fields_checked(db_path):
    with pytest.raises(ValidationError) as exc:
        parse_form(
            form(
                consent_sms="yes",
                consent_sms_at="23.11.2026",
                consent_email="",
                consent_email_at="01.01.2026",
                consent_call="no",
                consent_call_at="dün gece",
            ),
            today=TODAY,
        )
    errors = exc.value.errors
    assert set(errors) == {"consent_sms_at", "consent_email", "consent_call_at"}
    assert "future" in errors["consent_sms_at"]
    assert "given or refused" in errors["consent_email"]
    assert "22.11.2026" in errors["consent_call_at"]  # says what a date looks like
    assert Customer.select().count() == 0


def test_referred_by_name_or_number(db_path):
    ref = create_customer(CustomerInput(name="Ayşe Tavsiye"))
    data = parse_form(form(referred_by="ayse tav"), today=TODAY)
    assert data.referred_by_id == ref.id
    data = parse_form(form(referred_by=f"#{ref.id} Ayşe Tavsiye"), today=TODAY)
    assert data.referred_by_id == ref.id
    with pytest.raises(ValidationError) as exc:
        parse_form(form(referred_by="#999"), today=TODAY)
    assert "999" in exc.value.errors["referred_by"]
    with pytest.raises(ValidationError) as exc:
        parse_form(form(referred_by=f"#{ref.id}"), exclude_id=ref.id, today=TODAY)
    assert "refer themselves" in exc.value.errors["referred_by"]


# -- edits and conflicts -----------------------------------------------------------------------


def test_update_with_version_check(db_path):
    c = create_customer(CustomerInput(name="Ali Veli", phones=[("mobile", "05321112233")]))
    data, version = customer_input(c.id)
    assert data.phones == [("mobile", "0532 111 22 33")]
    data.city = "Bursa"
    updated = update_customer(c.id, data, expected_version=version)
    assert updated.version == version + 1 and updated.city == "Bursa"
    # a second desk still holds the old version
    data.city = "Ankara"
    with pytest.raises(ConflictError):
        update_customer(c.id, data, expected_version=version)
    assert get_customer(c.id).city == "Bursa"
    # overwriting on purpose (the user chose it) works
    update_customer(c.id, data, expected_version=None)
    assert get_customer(c.id).city == "Ankara"


def test_edit_reindexes_search(db_path):
    c = create_customer(CustomerInput(name="Eski Ad"))
    data, version = customer_input(c.id)
    data.name = "Yeni İsim"
    update_customer(c.id, data, expected_version=version)
    assert [h.id for h in search_customers("yeni isim")] == [c.id]
    assert search_customers("eski") == []


# -- duplicates ------------------------------------------------------------------------------------


def test_duplicates_by_phone_email_and_ids(db_path):
    a = create_customer(
        CustomerInput(
            name="Ayşe Bir",
            phones=[("mobile", "0532 123 45 67")],
            email="ayse@example.com",
            national_id=TCKN,
            tax_number=VKN,
        )
    )
    new = CustomerInput(name="Ayşe İki", phones=[("mobile", "+905321234567")])
    dups = find_duplicates(new)
    assert [(d.id, d.reason, d.value) for d in dups] == [(a.id, "phone", "0532 123 45 67")]
    new = CustomerInput(name="X", email="AYSE@example.com ", national_id=TCKN, tax_number=VKN)
    assert {d.reason for d in find_duplicates(new)} == {"email", "national_id", "tax_number"}
    assert find_duplicates(CustomerInput(name="Y", phones=[("mobile", "0533 000 00 00")])) == []
    assert find_duplicates(new, exclude_id=a.id) == []
    archive_customer(a.id)
    assert find_duplicates(new)[0].archived


# -- archive ---------------------------------------------------------------------------------------


def test_archive_and_restore(db_path):
    c = create_customer(CustomerInput(name="Arşiv Adayı", phones=[("mobile", "05321234567")]))
    archived = archive_customer(c.id, now=NOW)
    assert archived.archived_at == NOW and archived.version == c.version + 1
    assert search_customers("arsiv") == []
    assert find_by_phone("05321234567") == []
    restored = restore_customer(c.id)
    assert restored.archived_at is None
    assert [h.id for h in search_customers("arsiv")] == [c.id]


# -- merge -------------------------------------------------------------------------------------------


def test_merge_moves_everything(db_path):
    keep = create_customer(
        CustomerInput(name="Mehmet Yılmaz", phones=[("mobile", "0532 111 22 33")], tags=["vip"])
    )
    gone = create_customer(
        CustomerInput(
            name="M. Yılmaz",
            phones=[("mobile", "0532 111 22 33"), ("work", "0212 444 55 66")],
            email="mehmet@example.com",
            national_id=TCKN,
            city="İzmir",
            notes="eski kart",
            tags=["kasko", "vip"],
        )
    )
    friend = create_customer(CustomerInput(name="Arkadaş", referred_by_id=gone.id))
    log_interaction(gone.id, InteractionInput(summary="aradı"), now=NOW)
    pol = create_policy(
        gone.id, PolicyInput(line="kasko", number="K-1", plate="35ABC123", start_date="01.01.2026")
    )
    pur = Purchase.create(customer=gone.id, date=TODAY, amount=Decimal("100"))
    comp = Complaint.create(customer=gone.id, subject="geç kaldı")
    Reminder.create(customer=gone.id, title="ara", due_at=NOW)
    PointsEntry.create(customer=gone.id, kind="earn", points=10, purchase=pur.id)
    Survey.create(customer=gone.id, kind="nps", score=9)
    Consent.create(customer=gone.id, channel="sms", granted=True)

    merged = merge_customers(gone.id, keep.id, now=NOW)

    for model in (Interaction, Policy, Purchase, Complaint, Reminder, PointsEntry, Survey, Consent):
        assert model.select().where(model.customer == gone.id).count() == 0, model
        assert model.select().where(model.customer == keep.id).count() >= 1, model
    assert sorted(p.e164 for p in Phone.select().where(Phone.customer == keep.id)) == [
        "+902124445566",
        "+905321112233",
    ]
    assert Phone.select().where(Phone.customer == gone.id).count() == 0
    assert tags_of(keep.id) == ["kasko", "vip"]
    assert CustomerTag.select().where(CustomerTag.customer == gone.id).count() == 0
    assert get_customer(friend.id).referred_by_id == keep.id
    assert merged.email == "mehmet@example.com" and merged.city == "İzmir"
    assert merged.national_id == TCKN and "eski kart" in merged.notes
    assert merged.last_contact_at == NOW
    source = get_customer(gone.id)
    assert source.archived_at == NOW
    assert AuditLog.select().where(AuditLog.action == "merge").count() == 1
    # lookup finds the kept card by the moved phone and the moved policy
    assert [h.id for h in search_customers("0212 444 55 66")] == [keep.id]
    assert [h.id for h in search_customers("35abc")] == [keep.id]
    assert Policy.get_by_id(pol.id).customer_id == keep.id
    assert Complaint.get_by_id(comp.id).customer_id == keep.id


def test_merge_into_itself_refused(db_path):
    c = create_customer(CustomerInput(name="Tek"))
    with pytest.raises(ValidationError):
        merge_customers(c.id, c.id)


# -- interactions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "due"),
    [
        ("1", date(2026, 11, 23)),
        ("2", date(2026, 11, 29)),
        ("3", date(2026, 12, 22)),
        ("25.11.2026", date(2026, 11, 25)),
        ("+3g", date(2026, 11, 25)),
        ("yarın", date(2026, 11, 23)),
    ],
)
def test_call_with_follow_up(db_path, typed, due):
    c = create_customer(CustomerInput(name="Arayan Müşteri"))
    choice, text = parse_follow_up(typed)
    inter, reminder = log_interaction(
        c.id,
        InteractionInput(
            summary="Teklif istedi", duration_min="5", follow_up=choice, follow_up_date=text
        ),
        now=NOW,
    )
    assert inter.channel == "phone" and inter.duration_min == 5
    assert reminder.kind == "callback" and reminder.due_at.date() == due
    assert (reminder.title, reminder.notes) == ("Call back: Teklif istedi", "Teklif istedi")
    assert reminder.customer_id == c.id and reminder.status == "open"
    assert get_customer(c.id).last_contact_at == NOW


def test_interaction_without_follow_up_and_bad_input(db_path):
    c = create_customer(CustomerInput(name="Sessiz"))
    for typed in ("", "0"):
        assert parse_follow_up(typed) == ("none", None)
    _i, reminder = log_interaction(c.id, InteractionInput(summary="selam"), now=NOW)
    assert reminder is None
    with pytest.raises(ValidationError) as exc:
        log_interaction(
            c.id,
            InteractionInput(
                summary=" ", duration_min="uzun", follow_up="date", follow_up_date="dün"
            ),
            now=NOW,
        )
    assert set(exc.value.errors) == {"summary", "duration_min", "follow_up_date"}
    with pytest.raises(ValidationError) as exc:
        log_interaction(
            c.id, InteractionInput(summary="x", follow_up="date", follow_up_date="31.02"), now=NOW
        )
    assert "follow_up_date" in exc.value.errors
    assert Interaction.select().count() == 1 and Reminder.select().count() == 0


def test_older_interaction_keeps_newer_last_contact(db_path):
    c = create_customer(CustomerInput(name="Sıralı"))
    log_interaction(c.id, InteractionInput(summary="yeni"), now=NOW)
    log_interaction(c.id, InteractionInput(summary="eski", at=datetime(2026, 1, 1)), now=NOW)
    assert get_customer(c.id).last_contact_at == NOW


# -- policies ----------------------------------------------------------------------------------------


def test_policy_create_update_validate(db_path):
    c = create_customer(CustomerInput(name="Sigortalı"))
    p = create_policy(
        c.id,
        PolicyInput(
            line="trafik",
            number="T-9",
            plate="06abc12",
            start_date="01.12.2025",
            premium="1.234,50",
        ),
        today=TODAY,
    )
    assert p.plate == "06 ABC 12" and p.end_date == date(2026, 12, 1)
    assert p.premium == Decimal("1234.50")
    with pytest.raises(ValidationError) as exc:
        create_policy(
            c.id,
            PolicyInput(line="", plate="ABC", start_date="yok", end_date="x", premium="-5"),
            today=TODAY,
        )
    assert set(exc.value.errors) == {"line", "plate", "start_date", "end_date", "premium"}
    with pytest.raises(ValidationError) as exc:
        update_policy(
            p.id, PolicyInput(line="trafik", start_date="01.12.2025", end_date="01.01.2025")
        )
    assert "after the start" in exc.value.errors["end_date"]
    update_policy(p.id, PolicyInput(line="trafik", number="T-10", start_date="01.12.2025"))
    assert [h.id for h in search_customers("T-10")] == [c.id]
    assert search_customers("T-9") == []
    assert [x.id for x in list_policies(c.id)] == [p.id]


# -- card -----------------------------------------------------------------------------------------------


def test_card_reads_everything(db_path):
    c = create_customer(
        CustomerInput(
            name="Kart Sahibi",
            phones=[("mobile", "0532 123 45 67")],
            birthday=date(1980, 11, 25),
            tags=["vip"],
        )
    )
    log_interaction(c.id, InteractionInput(summary="aradı", follow_up="week"), now=NOW)
    create_policy(c.id, PolicyInput(line="kasko", start_date="01.01.2026"))
    Purchase.create(customer=c.id, date=date(2026, 10, 1), amount=Decimal("250"))
    PointsEntry.create(customer=c.id, kind="earn", points=25)
    Complaint.create(customer=c.id, subject="bozuk", opened_at=datetime(2026, 11, 1), status="new")
    Complaint.create(
        customer=c.id, subject="eski", opened_at=datetime(2025, 12, 1), status="closed"
    )
    Consent.create(customer=c.id, channel="sms", granted=True, at=datetime(2025, 1, 1))
    Consent.create(customer=c.id, channel="sms", granted=False, at=datetime(2026, 1, 1))
    Survey.create(customer=c.id, kind="csat", score=4)

    card = load_card(c.id, today=TODAY)
    assert card.age == 45 and card.next_birthday == date(2026, 11, 25)
    assert card.tags == ["vip"]
    assert card.open_complaints == 1
    assert card.next_reminder.kind == "callback"
    assert card.loyalty.points == 25
    consent = {s.channel: s.granted for s in card.consents}
    assert consent == {"sms": False, "email": None, "call": None}
    kinds = [t.kind for t in card.timeline]
    assert kinds == ["interaction", "complaint", "purchase", "policy", "complaint"]
    assert [t.at for t in card.timeline] == sorted((t.at for t in card.timeline), reverse=True)
    assert len(card.policies) == 1 and len(card.surveys) == 1
    # the purchase, and the points earned without a purchase as a line of their own
    assert [p.kind for p in card.purchases] == ["earn", "purchase"]
    assert card.purchases[1].amount == Decimal("250.00") and card.purchases[0].points == 25
