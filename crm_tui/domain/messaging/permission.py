"""May we contact this customer on this channel, and which consent record says so?

A thin wrapper around ``domain/consent.py`` (used as it is): WhatsApp and SMS are both
commercial electronic messages of İYS's MESAJ type, so WhatsApp asks the ``sms`` consent;
e-mail asks the ``email`` consent (İYS EPOSTA)."""

from __future__ import annotations

from dataclasses import dataclass

from ...i18n import _
from ..consent import current_consents, describe_state

CONSENT_CHANNEL = {"whatsapp": "sms", "sms": "sms", "email": "email"}


@dataclass
class Permission:
    allowed: bool
    consent_channel: str
    record: str  # the consent record in force, described ("never asked" when none)
    reason: str  # why not (empty when allowed)


def permission(customer_id: int, channel: str) -> Permission:
    consent_channel = CONSENT_CHANNEL[channel]
    state = current_consents(customer_id)[consent_channel]
    record = describe_state(state)
    if state.granted:
        return Permission(True, consent_channel, record, "")
    reason = (
        _("The customer has not given consent for this channel.")
        if state.at is None
        else _("The customer withdrew consent for this channel.")
    )
    return Permission(False, consent_channel, record, reason)


def allowed_ids(ids: list[int], channel: str) -> tuple[list[int], list[int]]:
    """(customers with consent in force for ``channel``, those without), in the given order."""
    ok: list[int] = []
    no: list[int] = []
    for cid in ids:
        (ok if permission(cid, channel).allowed else no).append(cid)
    return ok, no
