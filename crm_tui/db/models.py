"""Peewee models for the whole domain: ``models_core`` (customers and what belongs to
them), ``models_agency`` (the agency's book and the messages, issues 16-17), and
``ALL_MODELS`` in the order a copy writes them (a referenced table first).

The models are bound to a ``DatabaseProxy`` so the file is chosen at run time
(``crm_tui.db.connection.open_database``). Money is stored as integer minor units
(kuruş/cents) so SQL sums are exact; Python sees ``Decimal``.
"""

from __future__ import annotations

from peewee import SQL, Model

from .model_base import BaseModel, MoneyField, db, now
from .models_agency import (
    Attachment,
    AttachmentBlob,
    CampaignSend,
    Claim,
    ClaimEvent,
    CommissionEntry,
    CommissionRate,
    Instalment,
    MessageLog,
    MessageTemplate,
)
from .models_core import (
    AppUser,
    AuditLog,
    Complaint,
    ComplaintEvent,
    Consent,
    Customer,
    CustomerTag,
    DuplicateDismissed,
    InfoText,
    InfoTextShown,
    InsuredPerson,
    Interaction,
    Phone,
    PointsEntry,
    Policy,
    PolicyCommission,
    Purchase,
    Reminder,
    RenewalAlert,
    SavedView,
    Setting,
    Survey,
    Tag,
    Vehicle,
)


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
    InfoText,
    InfoTextShown,
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
    MessageTemplate,
    MessageLog,
    CampaignSend,
    SavedView,
    DuplicateDismissed,
    Attachment,
]

__all__ = [m.__name__ for m in ALL_MODELS] + [
    "ALL_MODELS",
    "PolicyCommission",
    "AttachmentBlob",
    "stored_fields",
    "MoneyField",
    "SQL",
    "db",
    "now",
]
