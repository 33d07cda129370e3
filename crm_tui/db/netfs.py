"""Is a SQLite file on a network filesystem (NFS, SMB/CIFS, sshfs...)?

SQLite's locks and WAL's shared memory only work between processes on one machine; on a
network share two desks (or one desk and a sync client) can corrupt the book without any
error. Such a file is refused at open with the reason and the pointer to PostgreSQL
(docs/MULTI-DESK.md), unless ``CRM_TUI_ALLOW_NETWORK_DB=1`` says the user knows.

Linux reads the mount table (``/proc/self/mountinfo``); Windows asks for the drive type
(a UNC path ``\\\\server\\share`` is remote too). Elsewhere nothing is detected.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Filesystem types of the mount table that live on another machine.
NETWORK_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "ceph",
        "glusterfs",
        "9p",
        "davfs",
        "fuse.sshfs",
        "fuse.s3fs",
        "fuse.rclone",
        "fuse.davfs2",
        "fuse.glusterfs",
        "fuse.cephfs",
    }
)
ALLOW_ENV = "CRM_TUI_ALLOW_NETWORK_DB"
MOUNTINFO = Path("/proc/self/mountinfo")


def _unescape(field: str) -> str:
    # mountinfo writes space, tab, newline and backslash as octal escapes
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def mounts_from(text: str) -> list[tuple[str, str]]:
    """(mount point, filesystem type) of each line of a mountinfo text."""
    found = []
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        fields = left.split()
        if not sep or len(fields) < 5 or not right.split():
            continue
        found.append((_unescape(fields[4]), right.split()[0]))
    return found


def filesystem_type(path: Path, mountinfo: str | None = None) -> str | None:
    """The type of the filesystem holding ``path`` (Linux), from the longest mount point
    that contains it; None when unknown."""
    if mountinfo is None:
        try:
            mountinfo = MOUNTINFO.read_text(errors="replace")
        except OSError:
            return None
    target = os.path.realpath(path)
    best: tuple[int, str] | None = None
    for point, fstype in mounts_from(mountinfo):
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > best[0]):
            best = (len(point), fstype)
    return best[1] if best else None


def _windows_remote(path: Path) -> bool:
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    import ctypes  # Windows only

    drive = os.path.splitdrive(os.path.abspath(text))[0]
    drive_remote = 4  # DRIVE_REMOTE
    return bool(drive) and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote  # type: ignore[attr-defined]


def network_filesystem(path: Path, mountinfo: str | None = None) -> str | None:
    """The network filesystem's name if the file (or, before it exists, its folder) is on
    one; None for a local disk or when it cannot be told."""
    probe = path if path.exists() else path.parent
    if sys.platform == "win32":
        return "SMB" if _windows_remote(probe) else None
    fstype = filesystem_type(probe, mountinfo)
    if fstype is None:
        return None
    return fstype if fstype in NETWORK_TYPES or fstype.startswith("nfs") else None


def allowed_by_user() -> bool:
    return os.environ.get(ALLOW_ENV, "").strip() in {"1", "yes", "true"}
