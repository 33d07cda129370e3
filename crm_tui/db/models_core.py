"""The core models: customers and what belongs to them (part of ``models``).

The models are bound to a ``DatabaseProxy`` so the file is chosen at run time
(``crm_tui.db.connection.open_database``). Money is stored as integer minor units
(kuruş/cents) so SQL sums are exact; Python sees ``Decimal``.
"""

from __future__ import annotations

from datetime import date

from peewee import (
    BooleanField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
)

from .model_base import BaseModel, CharField, MoneyField, TextField, now


class Setting(BaseModel):
    """Business settings shared by every desk using the same database file."""

    key = CharField(primary_key=True)
    value = TextField()  # JSON


class Customer(BaseModel):
    kind = CharField(default="person")  # person | business
    name = CharField()
    company = CharField(null=True)
    national_id = CharField(null=True, index=True)  # TCKN (11 digits, checksum)
    tax_number = CharField(null=True, index=True)  # VKN (10 digits)
    tax_office = CharField(null=True)
    email = CharField(null=True, index=True)
    address = TextField(null=True)
    city = CharField(null=True, index=True)
    district = CharField(null=True)
    birthday = DateField(null=True)
    source = CharField(null=True)  # walk-in, referral, web, import...
    referred_by = ForeignKeyField("self", null=True, backref="referrals", on_delete="SET NULL")
    ladder_override = CharField(null=True)  # manual loyalty-ladder stage; None = suggested
    contact_every_days = IntegerField(null=True)  # "stay in touch" rhythm
    last_contact_at = DateTimeField(null=True, index=True)  # newest interaction, for ranking
    notes = TextField(null=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    archived_at = DateTimeField(null=True)
    anonymized_at = DateTimeField(null=True)
    version = IntegerField(default=1)  # optimistic concurrency between two desks


class Phone(BaseModel):
    customer_id: int  # for the type checker: peewee adds the *_id accessors at runtime
    customer = ForeignKeyField(Customer, backref="phones", on_delete="CASCADE")
    label = CharField(default="mobile")  # mobile | home | work | other
    e164 = CharField(index=True)
    digits = CharField(index=True)  # national significant number, for suffix lookup
    is_primary = BooleanField(default=False)


class Tag(BaseModel):
    name = CharField(unique=True)


class CustomerTag(BaseModel):
    customer = ForeignKeyField(Customer, backref="customer_tags", on_delete="CASCADE")
    tag = ForeignKeyField(Tag, backref="customer_tags", on_delete="CASCADE")

    class Meta:
        indexes = ((("customer", "tag"), True),)


class Consent(BaseModel):
    """Communication consent history (KVKK / İYS); the newest row per channel is in force."""

    customer_id: int  # for the type checker: peewee adds the *_id accessors at runtime

    customer = ForeignKeyField(Customer, backref="consents", on_delete="CASCADE")
    channel = CharField()  # sms | email | call
    granted = BooleanField()
    at = DateTimeField(default=now)
    method = CharField(null=True)  # written form, phone, web, import...
    reference = TextField(null=True)  # text shown or document reference
    iys_registered = BooleanField(default=False)
    recorded_at = DateTimeField(default=now)
    # step 15 (İYS): the İYS source code (HS_FIZIKSEL_ORTAM, HS_WEB, ...; "IYS" for a row
    # that İYS's answer file brought), and what İYS answered about this row and when
    iys_source = CharField(null=True)
    iys_status = CharField(null=True)  # ONAY | RET as İYS holds it, or İYS's error text
    iys_synced_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("customer", "channel", "at"), False),)


class InfoText(BaseModel):
    """KVKK information text (aydınlatma metni), one row per version and language (step 15).
    Kept apart from ``Consent`` (açık rıza): informing is a duty, not a permission."""

    version = IntegerField()
    language = CharField(default="tr")
    text = TextField()
    valid_from = DateTimeField(default=now)
    created_at = DateTimeField(default=now)
    created_by = TextField(null=True)

    class Meta:
        table_name = "info_text"
        indexes = ((("version", "language"), True),)


class InfoTextShown(BaseModel):
    """Which information-text version a person was shown, when, how and by whom (step 15)."""

    customer_id: int  # for the type checker: peewee adds the *_id accessors at runtime

    customer = ForeignKeyField(Customer, backref="info_texts_shown", on_delete="CASCADE")
    info_text = ForeignKeyField(InfoText, backref="shown", on_delete="RESTRICT")
    version = IntegerField()
    shown_at = DateTimeField(default=now)
    channel = CharField(default="in_person")  # in_person | email | web | sms | phone | other
    shown_by = TextField(null=True)

    class Meta:
        table_name = "info_text_shown"
        indexes = ((("customer", "shown_at"), False),)


class Interaction(BaseModel):
    customer = ForeignKeyField(Customer, backref="interactions", on_delete="CASCADE")
    at = DateTimeField(default=now)
    channel = CharField(default="phone")  # phone | visit | email | sms | whatsapp | web
    direction = CharField(default="in")  # in | out
    summary = TextField(default="")
    outcome = CharField(null=True)
    duration_min = IntegerField(null=True)
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("customer", "at"), False),)


class Vehicle(BaseModel):
    """A customer's vehicle (migration step 12) that trafik/kasko policies point to.
    ``plate`` is normalised (``34 ABC 123``); ``chassis_no`` the 17-character VIN."""

    customer_id: int  # for the type checker: peewee adds the *_id accessors at runtime
    customer = ForeignKeyField(Customer, backref="vehicles", on_delete="CASCADE")
    plate = CharField(null=True, index=True)
    ruhsat_serial = CharField(null=True)  # the registration certificate's serial (ruhsat seri no)
    chassis_no = CharField(null=True)  # şasi no (VIN)
    engine_no = CharField(null=True)  # motor no
    brand = CharField(null=True)
    model = CharField(null=True)
    year = IntegerField(null=True)
    usage = CharField(default="hususi")  # hususi | ticari | taksi | kamyon | motosiklet | other
    notes = TextField(null=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    version = IntegerField(default=1)  # edit conflicts between desks


class Policy(BaseModel):
    """Insurance policies and other contracts (warranties, service plans, subscriptions).

    The table's ``commission`` column is not a field here: a staff login may not read it on
    PostgreSQL (column privileges, migration step 6), so ``Policy.select()`` must never name
    it. It is read and written through ``PolicyCommission`` where the role allows
    (``crm_tui.domain.roles``)."""

    customer_id: int  # for the type checker: peewee adds the *_id accessors at runtime
    customer = ForeignKeyField(Customer, backref="policies", on_delete="CASCADE")
    kind = CharField(default="policy")  # policy | warranty | service | subscription | contract
    line = CharField()  # trafik, kasko, dask, konut, saglik, hayat, isyeri, ...
    provider = CharField(null=True)
    number = CharField(null=True, index=True)
    plate = CharField(null=True, index=True)  # vehicle plate for motor lines (vehicle's copy)
    vehicle = ForeignKeyField(Vehicle, null=True, backref="policies", on_delete="SET NULL")
    uavt_code = CharField(null=True)  # DASK/konut: the building's 10-digit UAVT address code
    address = TextField(null=True)  # DASK/konut: the insured building's address
    start_date = DateField()
    end_date = DateField(null=True)
    premium = MoneyField(null=True)
    currency = CharField(default="TRY")
    status = CharField(default="active")  # active | renewed | lapsed | cancelled
    renewed_from = ForeignKeyField("self", null=True, backref="renewals", on_delete="SET NULL")
    lost_reason = CharField(null=True)  # price | service | competitor | moved | other
    renewal_postponed_to = DateField(null=True)
    renewal_handled_at = DateTimeField(null=True)
    renewal_offered_at = DateTimeField(null=True)  # the renewal offer went out (step 13)
    renewal_assigned_to = TextField(null=True)  # who works the renewal (step 13)
    notes = TextField(null=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    version = IntegerField(default=1)  # edit conflicts between desks (migration step 3)

    def __init__(self, *args, **kwargs):
        # loud, not silently dropped: a commission goes through ``PolicyCommission``
        if "commission" in kwargs:
            raise TypeError("Policy has no commission field; write it with PolicyCommission")
        super().__init__(*args, **kwargs)


class InsuredPerson(BaseModel):
    """A person a policy covers (migration step 12): a customer of the book or a name and
    TCKN, with their relation to the policyholder (a TSS family policy covers several)."""

    policy_id: int
    customer_id: int | None
    policy = ForeignKeyField(Policy, backref="insured", on_delete="CASCADE")
    customer = ForeignKeyField(Customer, null=True, backref="insured_in", on_delete="SET NULL")
    name = CharField(null=True)
    national_id = CharField(null=True)
    relation = CharField(default="other")  # kendisi | es | cocuk | anne | baba | other
    birthday = DateField(null=True)
    created_at = DateTimeField(default=now)


class PolicyCommission(BaseModel):
    """The commission of a policy: the same table as ``Policy``, only id and commission,
    for the owner (a staff login is refused it by the server on PostgreSQL)."""

    commission = MoneyField(null=True)

    class Meta:
        table_name = "policy"


class RenewalAlert(BaseModel):
    """One row per policy and lead time once that lead time's alert was dismissed/handled."""

    policy = ForeignKeyField(Policy, backref="renewal_alerts", on_delete="CASCADE")
    lead_days = IntegerField()
    handled_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("policy", "lead_days"), True),)


class Purchase(BaseModel):
    customer = ForeignKeyField(Customer, backref="purchases", on_delete="CASCADE")
    date = DateField(default=date.today)
    amount = MoneyField()
    description = CharField(null=True)
    category = CharField(null=True)
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("customer", "date"), False), (("date",), False))


class Complaint(BaseModel):
    customer = ForeignKeyField(Customer, backref="complaints", on_delete="CASCADE")
    policy = ForeignKeyField(Policy, null=True, backref="complaints", on_delete="SET NULL")
    purchase = ForeignKeyField(Purchase, null=True, backref="complaints", on_delete="SET NULL")
    opened_at = DateTimeField(default=now)
    channel = CharField(default="phone")
    category = CharField(default="other")
    priority = CharField(default="normal")  # low | normal | high | urgent
    subject = CharField()
    description = TextField(null=True)
    owner = CharField(null=True)
    status = CharField(default="new", index=True)
    # the desk user who handles it (step 5; kept equal to ``owner``); NULL: everyone's
    assigned_to = TextField(null=True)
    deadline_at = DateTimeField(null=True, index=True)
    waiting_since = DateTimeField(null=True)  # clock paused while waiting on customer
    breached = BooleanField(default=False)
    resolved_at = DateTimeField(null=True)
    closed_at = DateTimeField(null=True)
    resolution = TextField(null=True)
    first_contact_resolution = BooleanField(null=True)
    satisfaction = IntegerField(null=True)  # 1-5
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    version = IntegerField(default=1)  # edit conflicts between desks (migration step 3)


class ComplaintEvent(BaseModel):
    complaint = ForeignKeyField(Complaint, backref="events", on_delete="CASCADE")
    at = DateTimeField(default=now)
    kind = CharField(default="status")  # status | note | deadline
    from_status = CharField(null=True)
    to_status = CharField(null=True)
    note = TextField(null=True)
    author = CharField(null=True)


class Reminder(BaseModel):
    customer = ForeignKeyField(Customer, null=True, backref="reminders", on_delete="CASCADE")
    policy = ForeignKeyField(Policy, null=True, backref="reminders", on_delete="SET NULL")
    complaint = ForeignKeyField(Complaint, null=True, backref="reminders", on_delete="SET NULL")
    title = CharField()
    notes = TextField(null=True)
    due_at = DateTimeField()
    has_time = BooleanField(default=False)
    kind = CharField(default="manual")  # manual | callback | renewal | birthday | stay_in_touch
    rrule = TextField(null=True)  # RFC 5545 RRULE, e.g. FREQ=MONTHLY;INTERVAL=1
    recur_from = CharField(null=True)  # calendar | completion
    status = CharField(default="open")  # open | done | cancelled
    snoozed_count = IntegerField(default=0)
    done_at = DateTimeField(null=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    version = IntegerField(default=1)  # edit conflicts between desks (migration step 3)
    assigned_to = TextField(null=True)  # the desk user to do it (step 5); NULL: everyone's

    class Meta:
        indexes = ((("customer", "status"), False),)


class PointsEntry(BaseModel):
    customer = ForeignKeyField(Customer, backref="points", on_delete="CASCADE")
    at = DateTimeField(default=now)
    kind = CharField()  # earn | redeem | adjust
    points = IntegerField()  # signed
    purchase = ForeignKeyField(Purchase, null=True, backref="points", on_delete="SET NULL")
    note = CharField(null=True)

    class Meta:
        indexes = ((("customer", "at"), False),)


class Survey(BaseModel):
    customer = ForeignKeyField(Customer, backref="surveys", on_delete="CASCADE")
    at = DateTimeField(default=now)
    kind = CharField()  # nps (0-10) | csat (1-5)
    score = IntegerField()
    comment = TextField(null=True)
    complaint = ForeignKeyField(Complaint, null=True, backref="surveys", on_delete="SET NULL")


class AuditLog(BaseModel):
    """Who did what: privacy-relevant actions (KVKK exports and erasures, restores,
    imports) and the day's changes (interactions, reminders, policies, complaints);
    ``user`` is the desk's user (``crm_tui.domain.who``; NULL before schema step 4)."""

    at = DateTimeField(default=now)
    action = CharField()
    customer_id = IntegerField(null=True)
    detail = TextField(null=True)
    user = TextField(null=True)


class AppUser(BaseModel):
    """The users of the book and their role (migration step 6): 'owner' or 'staff'. On
    PostgreSQL each is also a login role in a group role that the server enforces."""

    name = TextField(unique=True)
    role = TextField()
    created_at = DateTimeField(default=now)
    created_by = TextField(null=True)


class SavedView(BaseModel):
    """A customer-list filter saved by name (step 16); ``definition`` is its JSON."""

    name = TextField(unique=True)
    definition = TextField()
    created_by = TextField(null=True)
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "saved_view"


class DuplicateDismissed(BaseModel):
    """Two customers the duplicates screen should not offer again (step 16); a < b."""

    customer_a_id: int
    customer_b_id: int
    customer_a = ForeignKeyField(Customer, backref="+", on_delete="CASCADE")
    customer_b = ForeignKeyField(Customer, backref="+", on_delete="CASCADE")
    who = TextField(null=True)
    at = DateTimeField(default=now)

    class Meta:
        table_name = "duplicate_dismissed"
        indexes = ((("customer_a", "customer_b"), True),)
