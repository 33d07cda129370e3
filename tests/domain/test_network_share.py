"""A SQLite book on a network share is refused with the reason (issue 15, item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_tui.db import netfs
from crm_tui.db.connection import DatabaseOpenError, open_database

MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:40 / /mnt/office rw,relatime shared:20 - nfs4 nas:/export/office rw,vers=4.2
41 22 0:41 / /mnt/office\\040share rw,relatime shared:21 - cifs //nas/share rw
42 40 8:2 / /mnt/office/local rw,relatime shared:22 - ext4 /dev/sdb1 rw
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/mnt/office/crm.sqlite3", "nfs4"),
        ("/mnt/office share/crm.sqlite3", "cifs"),
        ("/mnt/office/local/crm.sqlite3", None),  # a local disk mounted inside the share
        ("/mnt/officer/crm.sqlite3", None),  # a sibling folder whose name starts the same
        ("/home/ayse/crm.sqlite3", None),
    ],
)
def test_the_longest_mount_point_decides(path, expected):
    assert netfs.network_filesystem(Path(path), MOUNTINFO) == expected


def test_a_book_on_a_share_is_refused_untouched(tmp_path, monkeypatch):
    monkeypatch.setattr(netfs, "filesystem_type", lambda path, mountinfo=None: "cifs")
    target = tmp_path / "crm.sqlite3"
    with pytest.raises(DatabaseOpenError) as caught:
        open_database(target)
    message = str(caught.value)
    assert "network share (cifs)" in message and "PostgreSQL" in message
    assert netfs.ALLOW_ENV in message
    assert not target.exists()  # nothing created


def test_the_user_may_open_it_anyway(tmp_path, monkeypatch):
    from crm_tui.db import close_database

    monkeypatch.setattr(netfs, "filesystem_type", lambda path, mountinfo=None: "nfs")
    monkeypatch.setenv(netfs.ALLOW_ENV, "1")
    open_database(tmp_path / "crm.sqlite3")
    close_database()
    assert (tmp_path / "crm.sqlite3").exists()


def test_this_machines_temp_folder_is_local(tmp_path):
    assert netfs.network_filesystem(tmp_path / "crm.sqlite3") is None
