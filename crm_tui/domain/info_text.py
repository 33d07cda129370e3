"""KVKK information text (aydınlatma metni): versions, and which version each person was
shown, when, how and by whom. Informing (KVKK art. 10) is a duty of the agency and is kept
apart from explicit consent (açık rıza, ``domain/consent.py``): being shown the text gives
no permission to send anything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..clock import now as clock_now
from ..db.models import Customer, InfoText, InfoTextShown, db
from ..i18n import _, format_datetime, get_language
from .errors import NotFound, ValidationError
from .labels import LABELS, label
from .who import current_user

SHOWN_CHANNELS = tuple(LABELS["info_text_channel"])
LANGUAGES = ("tr", "en")


@dataclass
class Version:
    id: int
    version: int
    language: str
    text: str
    valid_from: datetime
    created_by: str | None


def _version(row: InfoText) -> Version:
    return Version(row.id, row.version, row.language, row.text, row.valid_from, row.created_by)


def versions(language: str | None = None) -> list[Version]:
    """Every version, newest first (of one language, or all)."""
    query = InfoText.select().order_by(InfoText.version.desc(), InfoText.language)
    if language:
        query = query.where(InfoText.language == language)
    return [_version(r) for r in query]


def add_version(
    text: str,
    language: str = "tr",
    valid_from: datetime | None = None,
    now: datetime | None = None,
) -> Version:
    """A new version (the number after the highest of that language); older ones stay, as
    the records of who saw them point to them."""
    now = now or clock_now()
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("The information text cannot be empty.")})
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Language must be tr or en.")})
    with db.atomic():
        last = (
            InfoText.select(InfoText.version)
            .where(InfoText.language == language)
            .order_by(InfoText.version.desc())
            .first()
        )
        row = InfoText.create(
            version=(last.version + 1) if last else 1,
            language=language,
            text=text,
            valid_from=valid_from or now,
            created_at=now,
            created_by=current_user(),
        )
    return _version(row)


def current_version(language: str | None = None, at: datetime | None = None) -> Version | None:
    """The version in force now (valid_from passed) for the language (default: the app's,
    else any language)."""
    at = at or clock_now()
    for lang in (language or get_language(), None):
        query = InfoText.select().where(InfoText.valid_from <= at)
        if lang:
            query = query.where(InfoText.language == lang)
        row = query.order_by(InfoText.valid_from.desc(), InfoText.version.desc()).first()
        if row is not None:
            return _version(row)
    return None


def record_shown(
    customer_id: int,
    version_id: int | None = None,
    channel: str = "in_person",
    now: datetime | None = None,
) -> InfoTextShown:
    """Record that the customer was shown a version (default: the current one) now, by the
    current user."""
    now = now or clock_now()
    if channel not in SHOWN_CHANNELS:
        raise ValidationError({"channel": _("How: {list}.", list=", ".join(SHOWN_CHANNELS))})
    with db.atomic():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFound(_("Customer {id} not found.", id=customer_id))
        if customer.anonymized_at is not None:
            raise ValidationError(_("This customer's data was erased."))
        if version_id is None:
            current = current_version(at=now)
            if current is None:
                raise ValidationError(
                    _("No information text yet: add one under Information texts first.")
                )
            version_id = current.id
        text = InfoText.get_or_none(InfoText.id == version_id)
        if text is None:
            raise NotFound(_("Information text {id} not found.", id=version_id))
        return InfoTextShown.create(
            customer=customer_id,
            info_text=text.id,
            version=text.version,
            shown_at=now,
            channel=channel,
            shown_by=current_user(),
        )


def shown_history(customer_id: int) -> list[InfoTextShown]:
    return list(
        InfoTextShown.select(InfoTextShown, InfoText)
        .join(InfoText)
        .where(InfoTextShown.customer == customer_id)
        .order_by(InfoTextShown.shown_at.desc(), InfoTextShown.id.desc())
    )


def describe_shown(row: InfoTextShown | None) -> str:
    """'Information text v3 (tr) shown 05.01.2026 12:00 in person by ayse' or 'not shown'."""
    if row is None:
        return _("Information text: never shown")
    who = _(" by {who}", who=row.shown_by) if row.shown_by else ""
    return _(
        "Information text v{version} ({language}) shown {at} {how}{who}",
        version=row.version,
        language=row.info_text.language,
        at=format_datetime(row.shown_at),
        how=label("info_text_channel", row.channel),
        who=who,
    )


def last_shown(customer_id: int) -> InfoTextShown | None:
    rows = shown_history(customer_id)
    return rows[0] if rows else None
