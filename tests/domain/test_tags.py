"""Tags that find (issue 18 item 1): the lookup finds by tag, ``#tag`` only tags, tag names
fold like names, rename and merge re-index and are audit-logged. Both engines."""

from __future__ import annotations

import pytest

from crm_tui.db.models import AuditLog, CustomerTag, Tag
from crm_tui.domain.customers import CustomerInput, create_customer, search_customers, tags_of
from crm_tui.domain.customers.tags import merge_tags, rename_tag, tag_counts
from crm_tui.domain.errors import ValidationError


def names(text):
    return sorted(h.name for h in search_customers(text))


def make(name, tags=None, **kw):
    return create_customer(CustomerInput(name=name, tags=tags, **kw))


def test_lookup_finds_by_tag_and_hash_only_tags(db_path):
    make("Filoğlu Ali")
    make("Veli Kaya", ["Filo"])
    make("Ayşe Demir", ["FİLO", "vip"])
    make("Can Öz", ["Esnaf"])
    assert names("filo") == ["Ayşe Demir", "Filoğlu Ali", "Veli Kaya"]
    assert names("#filo") == ["Ayşe Demir", "Veli Kaya"]
    assert names("#FİL") == ["Ayşe Demir", "Veli Kaya"]
    assert names("#esnaf") == ["Can Öz"]
    assert names("#nothing") == []
    # the name match ranks before the tag match
    assert search_customers("filo")[0].name == "Filoğlu Ali"


def test_tag_names_fold_like_names(db_path):
    a = make("A", ["Filo"])
    b = make("B", ["FİLO"])
    c = make("C", ["filo"])
    assert Tag.select().count() == 1
    assert tags_of(a.id) == tags_of(b.id) == tags_of(c.id) == ["Filo"]
    assert [(t.name, t.customers) for t in tag_counts()] == [("Filo", 3)]


def test_rename_reindexes_and_refuses_a_taken_name(db_path):
    make("Veli Kaya", ["Filo"])
    make("Ayşe Demir", ["Kurumsal"])
    filo = Tag.get(Tag.name == "Filo")
    rename_tag(filo.id, "Şirket Filosu")
    assert names("#sirket") == ["Veli Kaya"]
    assert names("#filo") == ["Veli Kaya"]  # the second word
    assert names("#kurumsal") == ["Ayşe Demir"]
    with pytest.raises(ValidationError):
        rename_tag(filo.id, "KURUMSAL")
    assert Tag.get_by_id(filo.id).name == "Şirket Filosu"
    assert AuditLog.select().where(AuditLog.action == "tag_rename").count() == 1


def test_merge_moves_every_customer_once(db_path):
    a = make("A", ["Filo", "Fleet"])
    make("B", ["Fleet"])
    make("C", ["Filo"])
    filo = Tag.get(Tag.name == "Filo")
    fleet = Tag.get(Tag.name == "Fleet")
    assert merge_tags(fleet.id, filo.id) == 3
    assert Tag.get_or_none(Tag.id == fleet.id) is None
    assert CustomerTag.select().where(CustomerTag.customer == a.id).count() == 1
    assert names("#fleet") == []
    assert names("#filo") == ["A", "B", "C"]
    assert [(t.name, t.customers) for t in tag_counts()] == [("Filo", 3)]
    assert AuditLog.select().where(AuditLog.action == "tag_merge").count() == 1
    with pytest.raises(ValidationError):
        merge_tags(filo.id, filo.id)
