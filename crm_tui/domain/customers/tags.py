"""Customer tags in one place: the list with counts, rename, and merge two into one.

Tag names fold like names (``search.fold``): ``FİLO``, ``Filo`` and ``filo`` are one tag.
Every change re-indexes the customers concerned (their tag words are in the search index)
and writes one audit row; rename and merge are all-or-nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import JOIN, fn

from ...db import search
from ...db.models import CustomerTag, Tag, db
from ...i18n import _
from ..errors import ValidationError
from ..who import record


@dataclass
class TagCount:
    id: int
    name: str
    customers: int


def tag_counts() -> list[TagCount]:
    """Every tag with how many customers carry it, by folded name."""
    rows = (
        Tag.select(Tag.id, Tag.name, fn.COUNT(CustomerTag.id))
        .join(CustomerTag, join_type=JOIN.LEFT_OUTER, on=(CustomerTag.tag == Tag.id))
        .group_by(Tag.id, Tag.name)
        .tuples()
    )
    out = [TagCount(int(r[0]), str(r[1]), int(r[2])) for r in list(rows)]  # type: ignore[index]
    return sorted(out, key=lambda t: (search.fold(t.name), t.id))


def find_tag(name: str) -> Tag | None:
    """The tag whose name folds as ``name`` does (the oldest if two already do)."""
    wanted = search.fold(" ".join((name or "").split()))
    for tag in Tag.select().order_by(Tag.id):
        if search.fold(tag.name) == wanted:
            return tag
    return None


def tag_or_new(name: str) -> Tag:
    """The tag named so (folded), created when there is none."""
    return find_tag(name) or Tag.create(name=name)


def _customers_of(tag_id: int) -> list[int]:
    return [ct.customer_id for ct in CustomerTag.select().where(CustomerTag.tag == tag_id)]


def _clean(name: str) -> str:
    clean = " ".join((name or "").split())[:40]
    if not clean:
        raise ValidationError(_("A tag needs a name."))
    return clean


def rename_tag(tag_id: int, new_name: str) -> Tag:
    """Rename a tag; a name that folds as another tag's is refused (merge them instead)."""
    clean = _clean(new_name)
    with db.atomic():
        tag = Tag.get_or_none(Tag.id == tag_id)
        if tag is None:
            raise ValidationError(_("This tag no longer exists."))
        other = find_tag(clean)
        if other is not None and other.id != tag_id:
            raise ValidationError(
                _("There is already a tag {name}: merge the two instead.", name=other.name)
            )
        old = tag.name
        Tag.update(name=clean).where(Tag.id == tag_id).execute()
        search.index_customers(_customers_of(tag_id))
        record("tag_rename", None, {"tag": tag_id, "from": old, "to": clean})
    return Tag.get_by_id(tag_id)


def merge_tags(source_id: int, target_id: int) -> int:
    """Move every customer of ``source`` to ``target`` and delete ``source``; returns how
    many customers carry ``target`` now."""
    if source_id == target_id:
        raise ValidationError(_("A tag cannot be merged into itself."))
    with db.atomic():
        src = Tag.get_or_none(Tag.id == source_id)
        dst = Tag.get_or_none(Tag.id == target_id)
        if src is None or dst is None:
            raise ValidationError(_("This tag no longer exists."))
        moved = _customers_of(source_id)
        have = set(_customers_of(target_id))
        rows = [(cid, target_id) for cid in moved if cid not in have]
        if rows:
            CustomerTag.insert_many(rows, fields=[CustomerTag.customer, CustomerTag.tag]).execute()
        CustomerTag.delete().where(CustomerTag.tag == source_id).execute()
        Tag.delete().where(Tag.id == source_id).execute()
        search.index_customers(moved)
        record("tag_merge", None, {"from": src.name, "into": dst.name, "customers": len(moved)})
        return len(have | set(moved))
