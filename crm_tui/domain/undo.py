"""Undo the last change made at this desk (ctrl+z), for a while after.

A change made through one of the entry points marked ``@undoable`` (a customer edited or
archived, a policy edited, a reminder done, snoozed or edited, a complaint's status moved)
records, in memory and for this desk session only, the before-image of the rows it
changed: ``UndoEntry(description, [RowImage(model, pk, before-values, version-after)])``.
The last ``MAX_ENTRIES`` are kept.

``undo_last()`` writes the before-values back in one transaction, but only while every
row still has the version the change left: a row changed since (at this desk or another)
is not overwritten, and the user reads who changed it ("changed since by …"). An entry
older than the ``undo_minutes`` setting is no longer offered. The undo itself goes into
the audit log (``undo``) and, like any change, raises the rows' versions.

What is not undone: consents recorded by a customer edit (a consent given is a fact of
its own, withdrawn through the consent itself), and history rows (complaint events, the
audit log), which keep telling what happened, the undo included.
"""

from __future__ import annotations

import functools
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from ..clock import now as clock_now
from ..db import search
from ..db.models import AuditLog, Customer, db
from ..i18n import _
from .errors import ConflictError, ValidationError
from .settings import get_setting
from .who import record

MAX_ENTRIES = 20
F = TypeVar("F", bound=Callable[..., Any])
# a model, a primary key
Target = tuple[Any, int]
# a model and a foreign key field's name and value: every row of the set (phones of a customer)
RowSet = tuple[Any, str, int]


@dataclass
class RowImage:
    model: Any
    pk: int
    before: dict[str, Any]
    version_after: int | None = None


@dataclass
class SetImage:
    model: Any
    key: str
    value: int
    before: list[dict[str, Any]]


@dataclass
class UndoEntry:
    msgid: str  # what was done, in English source: shown in the user's language at undo
    params: dict[str, Any]
    at: datetime
    database: str
    rows: list[RowImage] = field(default_factory=list)
    sets: list[SetImage] = field(default_factory=list)
    created: list[RowImage] = field(default_factory=list)  # rows the change added
    # run inside the undo's transaction for each row, with (before, as it was undone)
    after_undo: Callable[[dict[str, Any], dict[str, Any]], None] | None = None

    def describe(self) -> str:
        return _(self.msgid, **self.params)

    @property
    def customer_id(self) -> int | None:
        for row in self.rows:
            if row.model is Customer:
                return row.pk
            if row.before.get("customer") is not None:
                return int(row.before["customer"])
        return None


_stack: deque[UndoEntry] = deque(maxlen=MAX_ENTRIES)
_lock = threading.Lock()


def _database() -> str:
    return str(db.database)


def _values(model: Any, pk: int) -> dict[str, Any] | None:
    return model.select().where(model.id == pk).dicts().get_or_none()


def undoable(
    msgid: str,
    targets: Callable[..., list[Target]],
    params: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    sets: Callable[..., list[RowSet]] | None = None,
    created: Callable[[Any], list[Target]] | None = None,
    after_undo: Callable[[dict[str, Any], dict[str, Any]], None] | None = None,
) -> Callable[[F], F]:
    """Mark a domain entry point whose change can be undone.

    ``targets(*args, **kwargs)``: the rows it changes (read before it runs);
    ``params(before of the first row)``: the values for ``msgid`` (a title, a name);
    ``sets``: groups of child rows it replaces (a customer's phones and tags);
    ``created(result)``: rows it adds, removed again by the undo (a recurring reminder's
    next occurrence); ``after_undo(before, undone)``: what else the undo must set right
    (a policy's commission clawback when a cancellation is undone)."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            with db.atomic():
                images = []
                for model, pk in targets(*args, **kwargs):
                    before = _values(model, pk)
                    if before is not None:
                        images.append(RowImage(model, pk, before))
                set_images = [
                    SetImage(
                        model,
                        key,
                        value,
                        list(model.select().where(getattr(model, key) == value).dicts()),
                    )
                    for model, key, value in (sets(*args, **kwargs) if sets else [])
                ]
                result = fn(*args, **kwargs)
                for image in images:
                    after = _values(image.model, image.pk)
                    image.version_after = after.get("version") if after else None
                added = []
                for model, pk in created(result) if created else []:
                    row = _values(model, pk)
                    if row is not None:
                        added.append(RowImage(model, pk, row, row.get("version")))
            if images:
                entry = UndoEntry(
                    msgid,
                    params(images[0].before) if params else {},
                    clock_now(),
                    _database(),
                    images,
                    set_images,
                    added,
                    after_undo,
                )
                with _lock:
                    _stack.append(entry)
            return result

        return run  # type: ignore[return-value]

    return wrap


def _window() -> timedelta:
    minutes = get_setting("undo_minutes")
    return timedelta(minutes=float(minutes if minutes is not None else 5))


def last_entry(now: datetime | None = None) -> UndoEntry | None:
    """The change ctrl+z would undo now, or None (nothing, or too long ago)."""
    now = now or clock_now()
    window = _window()
    with _lock:
        for entry in reversed(_stack):
            if entry.database != _database():
                continue
            return entry if now - entry.at <= window else None
    return None


def _changed_by(entry: UndoEntry) -> str | None:
    """Who changed the customer's records after ``entry`` (the audit log), when known."""
    customer_id = entry.customer_id
    if customer_id is None:
        return None
    row = (
        AuditLog.select(AuditLog.user)
        .where(AuditLog.customer_id == customer_id, AuditLog.at >= entry.at)
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .first()
    )
    return row.user if row is not None else None


def undo_last(now: datetime | None = None) -> str:
    """Undo the last change; returns what was undone (one line for the user).
    ``ValidationError`` when there is nothing to undo, ``ConflictError`` when a row was
    changed since (nothing is written then; the entry stays, to be dropped or retried)."""
    now = now or clock_now()
    entry = last_entry(now)
    if entry is None:
        raise ValidationError(_("Nothing to undo."))
    what = entry.describe()
    with db.atomic():
        for image in entry.rows + entry.created:
            current = _values(image.model, image.pk)
            if current is None or current.get("version") != image.version_after:
                by = _changed_by(entry)
                message = (
                    _("Cannot undo “{what}”: changed since by {user}.", what=what, user=by)
                    if by
                    else _("Cannot undo “{what}”: changed since.", what=what)
                )
                raise ConflictError(message)
        for image in entry.created:
            image.model.delete().where(image.model.id == image.pk).execute()
        undone = {}
        for image in entry.rows:
            undone[image.pk] = _values(image.model, image.pk) or {}
            values = {k: v for k, v in image.before.items() if k not in ("id", "version")}
            if "version" in image.before:
                values["version"] = (image.version_after or 0) + 1
            if "updated_at" in values:
                values["updated_at"] = now
            image.model.update(**values).where(image.model.id == image.pk).execute()
            if entry.after_undo is not None:
                entry.after_undo(image.before, undone[image.pk])
        for group in entry.sets:
            column = getattr(group.model, group.key)
            group.model.delete().where(column == group.value).execute()
            if group.before:
                group.model.insert_many(group.before).execute()
        record("undo", entry.customer_id, {"undone": entry.msgid, **_ids(entry)}, at=now)
        customers = {c for c in (entry.customer_id,) if c is not None}
        if customers:
            search.index_customers(sorted(customers))
    with _lock:
        if entry in _stack:
            _stack.remove(entry)
    return what


def _ids(entry: UndoEntry) -> dict[str, Any]:
    """The rows the undo wrote back, by table: ids only, never a person's data."""
    out: dict[str, list[int]] = {}
    for image in entry.rows:
        out.setdefault(image.model._meta.table_name, []).append(image.pk)
    return out


def clear() -> None:
    """Forget every recorded change (another book opened; tests)."""
    with _lock:
        _stack.clear()
