"""Attachments: added by path, listed, read back, removed; stored by content hash in an
owner-only folder beside a SQLite book, in attachment_blob on PostgreSQL; a size limit;
in the KVKK export, gone after erasure; the SQLite folder goes with a backup."""

from __future__ import annotations

import base64
import os
import stat
from datetime import date

import pytest

from crm_tui.db import attachments as store
from crm_tui.db import sqlfn
from crm_tui.db.models import Attachment, AttachmentBlob, Customer, Policy
from crm_tui.domain import attachments as att
from crm_tui.domain import privacy
from crm_tui.domain.errors import ValidationError
from crm_tui.domain.settings import set_setting


@pytest.fixture
def pdf(tmp_path):
    path = tmp_path / "poliçe.pdf"
    path.write_bytes(b"%PDF-1.4 kasko")
    return path


def test_add_list_read_remove(db_path, pdf):
    c = Customer.create(name="Ayşe")
    p = Policy.create(
        customer=c, line="kasko", start_date=date(2026, 1, 1), end_date=date(2027, 1, 1)
    )
    a = att.add_attachment(c.id, pdf, on="policy", on_id=p.id)
    b = att.add_attachment(c.id, str(pdf))  # the same content twice: stored once
    rows = att.list_attachments(c.id)
    assert [(r.name, r.on, r.on_id) for r in rows] == [
        ("poliçe.pdf", None, None),
        ("poliçe.pdf", "policy", p.id),
    ]
    assert att.attachment_content(a.id) == ("poliçe.pdf", b"%PDF-1.4 kasko")
    if sqlfn.is_postgres():
        assert AttachmentBlob.select().count() == 1
    else:
        folder = store.folder_for(store.database_path())
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        (only,) = list(folder.iterdir())
        assert only.name == a.sha256 and stat.S_IMODE(only.stat().st_mode) == 0o600
    att.remove_attachment(a.id)
    assert att.attachment_content(b.id)[1] == b"%PDF-1.4 kasko"  # still referred to
    att.remove_attachment(b.id)
    if sqlfn.is_postgres():
        assert AttachmentBlob.select().count() == 0
    else:
        assert not list(store.folder_for(store.database_path()).iterdir())


def test_size_limit_and_wrong_record(db_path, tmp_path):
    c = Customer.create(name="Ayşe")
    other = Customer.create(name="Başka")
    p = Policy.create(
        customer=other, line="kasko", start_date=date(2026, 1, 1), end_date=date(2027, 1, 1)
    )
    big = tmp_path / "foto.jpg"
    big.write_bytes(b"x" * (2 * 1024 * 1024))
    set_setting("attachment_max_mb", 1)
    with pytest.raises(ValidationError, match=r"foto.jpg is 2 MB; attachments are limited to 1 MB"):
        att.add_attachment(c.id, big)
    set_setting("attachment_max_mb", 20)
    with pytest.raises(ValidationError, match="not this customer's"):
        att.add_attachment(c.id, big, on="policy", on_id=p.id)
    with pytest.raises(ValidationError, match="No file"):
        att.add_attachment(c.id, tmp_path / "yok.pdf")
    assert Attachment.select().count() == 0


def test_kvkk_export_and_erasure(db_path, pdf, tmp_path):
    c = Customer.create(name="Ayşe")
    a = att.add_attachment(c.id, pdf)
    data = privacy.person_data(c.id)
    (entry,) = data["attachments"]
    assert entry["name"] == "poliçe.pdf"
    assert base64.b64decode(entry["content_base64"]) == b"%PDF-1.4 kasko"
    privacy.erase_person(c.id)
    assert Attachment.select().count() == 0
    if sqlfn.is_postgres():
        assert AttachmentBlob.select().count() == 0
    else:
        assert not (store.folder_for(store.database_path()) / a.sha256).exists()


def test_sqlite_backup_carries_the_folder(db_path, pdf, tmp_path):
    if sqlfn.is_postgres():
        pytest.skip("PostgreSQL: the bytes are in the database, so in its dump")
    from crm_tui.db.backup import backup_to

    c = Customer.create(name="Ayşe")
    a = att.add_attachment(c.id, pdf)
    dest = tmp_path / "yedek.sqlite3"
    backup_to(dest)
    copied = store.folder_for(dest) / a.sha256
    assert copied.read_bytes() == b"%PDF-1.4 kasko"
    assert stat.S_IMODE(os.stat(copied).st_mode) == 0o600


def test_json_export_carries_the_bytes(db_path, pdf, tmp_path):
    from crm_tui.db import close_database, open_database
    from crm_tui.domain import exporters, importers

    c = Customer.create(name="Ayşe")
    a = att.add_attachment(c.id, pdf)
    out = tmp_path / "all.json"
    exporters.export("json", None, out)
    close_database()
    open_database(tmp_path / "fresh.sqlite3")
    counts = importers.import_json(out)
    assert counts["files"] == 1
    assert att.attachment_content(a.id) == ("poliçe.pdf", b"%PDF-1.4 kasko")


def test_rotated_backups_take_their_files_along(db_path, pdf, today):
    if sqlfn.is_postgres():
        pytest.skip("PostgreSQL: the bytes are in the database, so in its dump")
    from datetime import timedelta

    from crm_tui.domain import backup

    c = Customer.create(name="Ayşe")
    att.add_attachment(c.id, pdf)
    start = today - timedelta(days=59)
    for n in range(60):
        backup.auto_backup(start + timedelta(days=n))
    folder = backup.backups_folder()
    books = {p.name for p in folder.glob("crm-auto-*.sqlite3")}
    folders = {p.name.removesuffix(".files") for p in folder.glob("crm-auto-*.sqlite3.files")}
    assert len(books) == 11 and folders == books
