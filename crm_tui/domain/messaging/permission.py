"""May we contact this customer on this channel, and which consent record says so?

A thin wrapper around ``consent.check_contact`` (the consent in force and İYS's word on
it): WhatsApp and SMS are both commercial electronic messages of İYS's MESAJ type, so
WhatsApp asks the ``sms`` consent; e-mail asks the ``email`` consent (İYS EPOSTA)."""

from __future__ import annotations

from dataclasses import dataclass

from ...i18n import _
from ..consent import check_contact, current_consents, describe_state
from ..loyalty.campaigns import contactable_split

CONSENT_CHANNEL = {"whatsapp": "sms", "sms": "sms", "email": "email"}


@dataclass
class Permission:
    allowed: bool
    consent_channel: str
    record: str  # the consent record in force, described ("never asked" when none)
    reason: str  # why not (empty when allowed)


def permission(customer_id: int, channel: str) -> Permission:
    consent_channel = CONSENT_CHANNEL[channel]
    check = check_contact(customer_id, consent_channel)
    state = current_consents(customer_id)[consent_channel]
    record = describe_state(state)
    if check.allowed:
        return Permission(True, consent_channel, record, "")
    if state.granted:  # the app's consent is in force, but İYS says RET
        return Permission(False, consent_channel, record, check.reason)
    reason = (
        _("The customer has not given consent for this channel.")
        if state.at is None
        else _("The customer withdrew consent for this channel.")
    )
    return Permission(False, consent_channel, record, reason)


def allowed_ids(ids: list[int], channel: str) -> tuple[list[int], list[int]]:
    """(customers with consent in force for ``channel`` and no RET from İYS, those without),
    in the given order: the campaign lists' rule, a query per chunk, not per customer."""
    granted, _refused = contactable_split(ids, CONSENT_CHANNEL[channel])
    ok = [cid for cid in ids if cid in granted]
    no = [cid for cid in ids if cid not in granted]
    return ok, no
