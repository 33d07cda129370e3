"""Peewee models for the whole domain.

The models are bound to a ``DatabaseProxy`` so the file is chosen at run time
(``crm_tui.db.connection.open_database``). Money is stored as integer minor units
(kuruş/cents) so SQL sums are exact; Python sees ``Decimal``.
"""

from __future__ import annotations

from datetime import date

from peewee import (
    SQL,
    BlobField,
    BooleanField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
)

from .model_base import BaseModel, CharField, MoneyField, TextField, db, now


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

    customer = ForeignKeyField(Customer, backref="consents", on_delete="CASCADE")
    channel = CharField()  # sms | email | call
    granted = BooleanField()
    at = DateTimeField(default=now)
    method = CharField(null=True)  # written form, phone, web, import...
    reference = TextField(null=True)  # text shown or document reference
    iys_registered = BooleanField(default=False)
    recorded_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("customer", "channel", "at"), False),)


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


class Claim(BaseModel):
    """A loss reported on a policy (hasar dosyası), migration step 9. ``follow_up_on`` is the
    day the agent looks at the file again (Today); open files only (``closed_at`` NULL)."""

    customer_id: int  # for the type checker: peewee adds the *_id accessors at runtime
    policy_id: int | None
    customer = ForeignKeyField(Customer, backref="claims", on_delete="CASCADE")
    policy = ForeignKeyField(Policy, null=True, backref="claims", on_delete="SET NULL")
    loss_date = DateField()
    kind = CharField(default="other")  # collision | theft | fire | flood | earthquake | glass ...
    place = CharField(null=True)
    insurer_file_no = CharField(null=True)  # the insurer's hasar dosya no
    status = CharField(default="reported")
    status_since = DateTimeField(default=now)
    expected_amount = MoneyField(null=True)
    paid_amount = MoneyField(null=True)
    follow_up_on = DateField(null=True)
    notes = TextField(null=True)
    closed_at = DateTimeField(null=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    version = IntegerField(default=1)  # edit conflicts between desks


class ClaimEvent(BaseModel):
    claim = ForeignKeyField(Claim, backref="events", on_delete="CASCADE")
    at = DateTimeField(default=now)
    kind = CharField(default="status")  # status | note
    from_status = CharField(null=True)
    to_status = CharField(null=True)
    note = TextField(null=True)
    author = CharField(null=True)


class Instalment(BaseModel):
    """One instalment (taksit) of a payment plan on a policy or a purchase, migration step 11.
    ``paid_amount`` adds up the payments (tahsilat); ``paid_on`` is set when paid in full."""

    customer_id: int  # for the type checker: peewee adds the *_id accessors at runtime
    policy_id: int | None
    purchase_id: int | None
    customer = ForeignKeyField(Customer, backref="instalments", on_delete="CASCADE")
    policy = ForeignKeyField(Policy, null=True, backref="instalments", on_delete="CASCADE")
    purchase = ForeignKeyField(Purchase, null=True, backref="instalments", on_delete="CASCADE")
    n = IntegerField()  # this instalment's number, 1..count
    count = IntegerField()  # instalments in the plan
    due_date = DateField()
    amount = MoneyField()
    paid_on = DateField(null=True)
    paid_amount = MoneyField(null=True)
    method = CharField(null=True)  # nakit | kart | havale | cek | other
    note = TextField(null=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    version = IntegerField(default=1)  # edit conflicts between desks


class CommissionRate(BaseModel):
    """An insurer's commission rate on a line from ``valid_from`` on (migration step 10);
    ``rate`` in percent with two decimals (12.50), stored in hundredths."""

    insurer = CharField()
    line = CharField()
    rate = MoneyField()  # Decimal percent, integer 1/100 in the table as money
    valid_from = DateField()

    class Meta:
        table_name = "commission_rate"
        indexes = ((("insurer", "line", "valid_from"), True),)


class CommissionEntry(BaseModel):
    """What happened to a policy's commission: received, clawback (negative), subagent."""

    policy_id: int
    policy = ForeignKeyField(Policy, backref="commission_entries", on_delete="CASCADE")
    kind = CharField()  # received | clawback | subagent
    date = DateField()
    amount = MoneyField()
    note = TextField(null=True)
    created_at = DateTimeField(default=now)
    created_by = TextField(null=True)

    class Meta:
        table_name = "commission_entry"
        indexes = ((("policy", "kind"), False),)


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


class Attachment(BaseModel):
    """A file on a customer, and optionally on one of their policies, claims or complaints
    (migration step 17). The bytes are found by ``sha256``: ``db/attachments.py``."""

    customer_id: int  # for the type checker: peewee adds the *_id accessors at runtime
    policy_id: int | None
    claim_id: int | None
    complaint_id: int | None
    customer = ForeignKeyField(Customer, backref="attachments", on_delete="CASCADE")
    policy = ForeignKeyField(Policy, null=True, on_delete="SET NULL")
    claim = ForeignKeyField(Claim, null=True, on_delete="SET NULL")
    complaint = ForeignKeyField(Complaint, null=True, on_delete="SET NULL")
    name = CharField()
    size = IntegerField()
    sha256 = CharField(index=True)
    added_by = CharField(null=True)
    created_at = DateTimeField(default=now)


class AttachmentBlob(BaseModel):
    """PostgreSQL books: an attachment's bytes, once per content (empty on SQLite, whose
    files lie in a folder beside the book). Not in ``ALL_MODELS``: bytes are no JSON."""

    sha256 = CharField(primary_key=True)
    content = BlobField()

    class Meta:
        table_name = "attachment_blob"


class AppUser(BaseModel):
    """The users of the book and their role (migration step 6): 'owner' or 'staff'. On
    PostgreSQL each is also a login role in a group role that the server enforces."""

    name = TextField(unique=True)
    role = TextField()
    created_at = DateTimeField(default=now)
    created_by = TextField(null=True)


def stored_fields(model: type[Model]) -> list:
    """Every column of the model's table as fields: ``Policy`` plus its commission (copies
    and backups take the whole table)."""
    fields = list(model._meta.sorted_fields)
    if model is Policy:
        fields.insert(10, PolicyCommission.commission)  # after premium, as in the table
    return fields


ALL_MODELS: list[type[BaseModel]] = [
    Setting,
    Customer,
    Phone,
    Tag,
    CustomerTag,
    Consent,
    Interaction,
    Vehicle,
    Policy,
    InsuredPerson,
    RenewalAlert,
    Purchase,
    Complaint,
    ComplaintEvent,
    Reminder,
    PointsEntry,
    Survey,
    AuditLog,
    AppUser,
    Claim,
    ClaimEvent,
    Instalment,
    CommissionRate,
    CommissionEntry,
    Attachment,
]

__all__ = [m.__name__ for m in ALL_MODELS] + [
    "ALL_MODELS",
    "PolicyCommission",
    "stored_fields",
    "MoneyField",
    "SQL",
    "db",
    "now",
]
