"""Saved views: the customer list filtered by city, tag, ladder stage, RFM segment, an
active policy of a line, no contact since a day, birthday month; saved by name.

``CustomerFilter`` is a small value object (stored as JSON in ``saved_view``); the SQL is
built in ``crm_tui.db.customer_filter`` (both engines). Stage and segment come from the
loyalty scoring, which is only run when the filter asks for one of them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import date

from ...clock import today as clock_today
from ...db import customer_filter, search
from ...db.models import SavedView, Tag, db
from ...i18n import _
from ..errors import ValidationError
from ..who import current_user, record


@dataclass
class CustomerFilter:
    city: str | None = None
    tag: str | None = None
    stage: str | None = None  # a loyalty ladder stage code
    segment: str | None = None  # an RFM segment code
    line: str | None = None  # has an active policy of this line
    no_contact_since: date | None = None
    birthday_month: int | None = None  # 1-12

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "") for f in fields(self))

    def to_json(self) -> str:
        data = {k: v for k, v in asdict(self).items() if v not in (None, "")}
        if self.no_contact_since:
            data["no_contact_since"] = self.no_contact_since.isoformat()
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CustomerFilter:
        data = json.loads(text or "{}")
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in data.items() if k in known}
        if data.get("no_contact_since"):
            data["no_contact_since"] = date.fromisoformat(data["no_contact_since"])
        return cls(**data)

    def describe(self) -> str:
        """One line for the list's title: ``city: İzmir · tag: Filo``."""
        parts = []
        for name, label in (
            ("city", _("city")),
            ("tag", _("tag")),
            ("stage", _("stage")),
            ("segment", _("segment")),
            ("line", _("active policy")),
            ("no_contact_since", _("no contact since")),
            ("birthday_month", _("birthday month")),
        ):
            value = getattr(self, name)
            if value not in (None, ""):
                shown = value.strftime("%d.%m.%Y") if isinstance(value, date) else value
                parts.append(f"{label}: {shown}")
        return " · ".join(parts) or _("every customer")


def _sql_filter(f: CustomerFilter, today: date) -> customer_filter.FilterSql:
    out = customer_filter.FilterSql(active_on=today)
    if f.city:
        wanted = search.fold(f.city.strip())
        out.cities = [
            c for c in customer_filter.distinct_cities() if search.fold(c.strip()) == wanted
        ]
    if f.tag:
        wanted = search.fold(" ".join(f.tag.split()))
        out.tag_ids = [t.id for t in Tag.select(Tag.id, Tag.name) if search.fold(t.name) == wanted]
    out.line = f.line or None
    out.no_contact_since = f.no_contact_since
    if f.birthday_month is not None:
        if not 1 <= int(f.birthday_month) <= 12:
            raise ValidationError(_("The birthday month is 1 to 12."))
        out.birthday_month = int(f.birthday_month)
    return out


def filter_ids(f: CustomerFilter, today: date | None = None, limit: int | None = None) -> list[int]:
    """The customers the filter keeps, most recently contacted first."""
    today = today or clock_today()
    ids = customer_filter.filtered_ids(_sql_filter(f, today))
    if f.stage or f.segment:
        from ..loyalty.campaigns import customer_ids  # the scoring: only when asked

        keep: set[int] | None = None
        for group, key in (("stage", f.stage), ("segment", f.segment)):
            if key:
                got = set(customer_ids(group, key, today))
                keep = got if keep is None else keep & got
        ids = [i for i in ids if i in (keep or set())]
    return ids[:limit] if limit is not None else ids


def view_hits(name: str, limit: int = 50) -> list:
    """The first customers of the saved view ``name`` as lookup hits (``crm-tui lookup
    --view NAME``), most recently contacted first."""
    from .lookup import _hits

    ids = filter_ids(get_view(name), limit=limit)
    order = {cid: pos for pos, cid in enumerate(ids)}
    return _hits(sorted(search.hit_rows(ids), key=lambda r: order[r[0]]))


# -- saved ---------------------------------------------------------------------------------------


def view_names() -> list[str]:
    return [v.name for v in SavedView.select(SavedView.name).order_by(SavedView.name)]


def get_view(name: str) -> CustomerFilter:
    wanted = search.fold(" ".join((name or "").split()))
    for view in SavedView.select():
        if search.fold(view.name) == wanted:
            return CustomerFilter.from_json(view.definition)
    raise ValidationError(_("There is no saved view named {name}.", name=name))


def save_view(name: str, f: CustomerFilter) -> SavedView:
    """Save (or replace) the view ``name``."""
    clean = " ".join((name or "").split())[:60]
    if not clean:
        raise ValidationError(_("A saved view needs a name."))
    if f.is_empty():
        raise ValidationError(_("Choose at least one filter before saving."))
    with db.atomic():
        SavedView.delete().where(SavedView.name == clean).execute()
        view = SavedView.create(name=clean, definition=f.to_json(), created_by=current_user())
        record("view_save", None, {"name": clean, "definition": f.to_json()})
    return view


def delete_view(name: str) -> None:
    with db.atomic():
        SavedView.delete().where(SavedView.name == name).execute()
