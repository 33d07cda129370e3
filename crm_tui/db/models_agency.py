"""The models of the agency's book (claims, instalments, commission; issue 16) and of
reaching the customer (templates, the message log, campaign sends; issue 17).

Part of ``models`` (which imports them into ``ALL_MODELS``); kept apart so each file stays
readable. Money in integer minor units (``MoneyField``), as everywhere.
"""

from __future__ import annotations

from peewee import (
    BlobField,
    BooleanField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
)

from .model_base import BaseModel, CharField, MoneyField, TextField, now
from .models_core import Complaint, Customer, Policy, Purchase


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


class MessageTemplate(BaseModel):
    """A message text with ``{placeholders}`` (migration step 14); built-ins are seeded by
    domain/messaging/templates.py on first use."""

    name = CharField()
    language = CharField()  # tr | en
    channel = CharField()  # any | email | sms | whatsapp
    subject = TextField(null=True)
    body = TextField()
    builtin = BooleanField(default=False)
    updated_at = DateTimeField(default=now)

    class Meta:
        table_name = "message_template"
        indexes = ((("name", "language", "channel"), True),)


class MessageLog(BaseModel):
    """A message to a customer that left or was tried (the card's timeline)."""

    customer_id: int

    customer = ForeignKeyField(Customer, backref="messages", on_delete="CASCADE")
    channel = CharField()  # email | sms | whatsapp
    template = TextField(null=True)
    subject = TextField(null=True)
    text = TextField()
    to = TextField(null=True)
    status = CharField()  # sent | failed | opened_link
    error = TextField(null=True)
    campaign = TextField(null=True)
    who = TextField(null=True)
    at = DateTimeField(default=now)

    class Meta:
        table_name = "message_log"
        indexes = ((("customer", "at"), False),)


class CampaignSend(BaseModel):
    """One recipient of an e-mail campaign; unique per (campaign, customer)."""

    customer_id: int

    campaign = CharField()
    customer = ForeignKeyField(Customer, backref="campaign_sends", on_delete="CASCADE")
    template = TextField()
    status = CharField(default="pending")  # pending | sending | sent | failed | skipped | unknown
    attempts = IntegerField(default=0)
    sent_at = DateTimeField(null=True)
    error = TextField(null=True)
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "campaign_send"
        indexes = ((("campaign", "customer"), True),)


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
