"""Attachments: files on a customer, or on one of their policies, claims or complaints (a
policy PDF, a signed KVKK form, a photo of damage). Added by path, listed, opened with the
system viewer (the UI writes the bytes to a private temporary file and hands it over),
removed. The bytes are kept where every desk sees them (``db/attachments.py``); a file
over the ``attachment_max_mb`` setting (20 MB) is refused with the sizes in the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..clock import now as clock_now
from ..db import attachments as files
from ..db.models import Attachment, Claim, Complaint, Customer, Policy, db
from ..i18n import _, format_number
from .errors import NotFound, ValidationError
from .settings import get_setting
from .who import current_user, record

MB = 1024 * 1024
TARGETS = {"policy": Policy, "claim": Claim, "complaint": Complaint}


@dataclass
class AttachmentRow:
    id: int
    name: str
    size: int
    added_by: str | None
    created_at: datetime
    on: str | None  # "policy" | "claim" | "complaint" | None (the customer)
    on_id: int | None


def max_bytes() -> int:
    value = get_setting("attachment_max_mb")
    return int(float(value if value is not None else 20) * MB)


def add_attachment(
    customer_id: int,
    path: Path | str,
    on: str | None = None,
    on_id: int | None = None,
    now: datetime | None = None,
) -> Attachment:
    """Attach the file at ``path`` to the customer (and to their ``on`` record ``on_id``)."""
    path = Path(str(path).strip()).expanduser()
    if not path.is_file():
        raise ValidationError({"path": _("No file at {path}.", path=path)})
    size = path.stat().st_size
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            {
                "path": _(
                    "{name} is {size} MB; attachments are limited to {limit} MB "
                    "(setting attachment_max_mb).",
                    name=path.name,
                    size=format_number(round(size / MB, 1)),
                    limit=format_number(round(limit / MB, 1)),
                )
            }
        )
    if Customer.get_or_none(Customer.id == customer_id) is None:
        raise NotFound(_("This customer no longer exists."))
    links: dict[str, int] = {}
    if on is not None:
        model = TARGETS.get(on)
        row: Any = model.get_or_none(model.id == on_id) if model is not None else None
        if row is None or row.customer_id != customer_id:
            raise ValidationError(_("That record is not this customer's."))
        links[on] = int(on_id or 0)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            {"path": _("Cannot read {path}: {reason}", path=path, reason=exc.strerror)}
        ) from exc
    moment = now or clock_now()
    with db.atomic():
        key = files.store(data)
        attachment = Attachment.create(
            customer=customer_id,
            name=path.name,
            size=len(data),
            sha256=key,
            added_by=current_user(),
            created_at=moment,
            **links,
        )
        record("attachment_added", customer_id, {"attachment": attachment.id}, at=moment)
    return attachment


def list_attachments(customer_id: int) -> list[AttachmentRow]:
    out = []
    for a in (
        Attachment.select()
        .where(Attachment.customer == customer_id)
        .order_by(Attachment.created_at.desc(), Attachment.id.desc())
    ):
        on = next((k for k in TARGETS if getattr(a, f"{k}_id") is not None), None)
        out.append(
            AttachmentRow(
                a.id,
                a.name,
                a.size,
                a.added_by,
                a.created_at,
                on,
                getattr(a, f"{on}_id") if on else None,
            )
        )
    return out


def _get(attachment_id: int) -> Attachment:
    row = Attachment.get_or_none(Attachment.id == attachment_id)
    if row is None:
        raise NotFound(_("This attachment was removed."))
    return row


def attachment_content(attachment_id: int) -> tuple[str, bytes]:
    """(file name, bytes) of an attachment, to open or save."""
    row = _get(attachment_id)
    try:
        return row.name, files.read(row.sha256)
    except FileNotFoundError as exc:
        raise NotFound(_("The file of “{name}” is missing.", name=row.name)) from exc


def remove_attachment(attachment_id: int, now: datetime | None = None) -> None:
    with db.atomic():
        row = _get(attachment_id)
        row.delete_instance()
        files.release(row.sha256)
        record("attachment_removed", row.customer_id, {"attachment": attachment_id}, at=now)


def drop_customer_rows(customer_id: int) -> set[str]:
    """Erasure, inside its transaction: the customer's attachment rows go; returns the
    contents to ``release_contents`` once it committed (a file deleted before a rollback
    would be lost)."""
    keys = {a.sha256 for a in Attachment.select().where(Attachment.customer == customer_id)}
    Attachment.delete().where(Attachment.customer == customer_id).execute()
    return keys


def release_contents(keys: set[str]) -> None:
    """The bytes no attachment refers to any more, deleted."""
    for key in sorted(keys):
        files.release(key)


def all_contents() -> dict[str, str]:
    """The JSON export: every attachment's bytes (base64) by SHA-256; missing ones left out."""
    import base64

    out = {}
    query = Attachment.select(Attachment.sha256).distinct().order_by(Attachment.sha256)
    keys: list[str] = [row.sha256 for row in query]
    for key in keys:
        try:
            out[key] = base64.b64encode(files.read(key)).decode("ascii")
        except FileNotFoundError:
            continue
    return out


def load_contents(contents: dict[str, str]) -> int:
    """The JSON import: the bytes stored again, each checked against its SHA-256."""
    import base64
    import binascii

    stored = 0
    for key, text in contents.items():
        try:
            data = base64.b64decode(text, validate=True)
        except (binascii.Error, TypeError, ValueError):
            continue
        if files.digest(data) == key:
            files.store(data)
            stored += 1
    return stored


def person_files(customer_id: int) -> list[dict]:
    """A person's KVKK export: each attachment's record with its bytes (base64)."""
    import base64

    out = []
    for a in Attachment.select().where(Attachment.customer == customer_id).order_by(Attachment.id):
        try:
            content = base64.b64encode(files.read(a.sha256)).decode("ascii")
        except FileNotFoundError:
            content = None
        out.append(
            {
                "id": a.id,
                "name": a.name,
                "size": a.size,
                "sha256": a.sha256,
                "policy_id": a.policy_id,
                "claim_id": a.claim_id,
                "complaint_id": a.complaint_id,
                "added_by": a.added_by,
                "created_at": a.created_at.isoformat(sep=" ") if a.created_at else None,
                "content_base64": content,
            }
        )
    return out
