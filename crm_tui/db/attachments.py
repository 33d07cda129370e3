"""Where an attachment's bytes live, one interface for both engines.

- PostgreSQL: in ``attachment_blob`` (``bytea``), one row per distinct content, so every
  desk reads them through its connection and the server's dump holds them.
- SQLite: in an owner-only folder beside the book, ``<book>.files/`` (0700), one file per
  content named by its SHA-256 (0600). The same file added twice is stored once. A
  backup copies the folder beside the backup file (``copy_folder``).

A content is removed when no attachment row points to it any more (``release``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from ..private_files import write_private_atomic
from . import sqlfn
from .models import Attachment, AttachmentBlob
from .opened import database_path


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def folder_for(book: Path) -> Path:
    """``/x/crm.sqlite3`` → ``/x/crm.sqlite3.files``."""
    return book.with_name(book.name + ".files")


def _folder(create: bool = False) -> Path:
    book = database_path()
    if book is None:
        raise RuntimeError("no SQLite book open")
    folder = folder_for(book)
    if create and not folder.exists():
        folder.mkdir(mode=0o700)
    return folder


def store(data: bytes) -> str:
    """Keep ``data``; returns its SHA-256 (the key of ``read``)."""
    key = digest(data)
    if sqlfn.is_postgres():
        if not AttachmentBlob.select().where(AttachmentBlob.sha256 == key).exists():
            AttachmentBlob.insert(sha256=key, content=data).execute()
        return key
    path = _folder(create=True) / key
    if not path.exists():
        write_private_atomic(path, data)
    return key


def read(key: str) -> bytes:
    if sqlfn.is_postgres():
        row = AttachmentBlob.get_or_none(AttachmentBlob.sha256 == key)
        if row is None:
            raise FileNotFoundError(key)
        return bytes(row.content)
    return (_folder() / key).read_bytes()


def release(key: str) -> None:
    """Remove the content once no attachment row refers to it."""
    if Attachment.select().where(Attachment.sha256 == key).exists():
        return
    if sqlfn.is_postgres():
        AttachmentBlob.delete().where(AttachmentBlob.sha256 == key).execute()
        return
    try:
        (_folder() / key).unlink()
    except FileNotFoundError:
        pass


def copy_folder(book: Path, backup: Path) -> None:
    """SQLite backups: the book's attachment folder copied beside ``backup`` (owner-only)."""
    source = folder_for(book)
    if not source.is_dir():
        return
    target = folder_for(backup)
    target.mkdir(mode=0o700, exist_ok=True)
    for item in source.iterdir():
        if item.is_file() and not (target / item.name).exists():
            shutil.copyfile(item, target / item.name)
            os.chmod(target / item.name, 0o600)
