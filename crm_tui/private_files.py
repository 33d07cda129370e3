"""Files only the owner may read, written whole or not at all.

Every temporary file is made by ``tempfile.mkstemp`` in the target's folder: a random
name, created exclusively (``O_EXCL``, so a file or symlink planted beforehand is never
opened or followed), mode 0600. The finished file replaces the target with ``os.replace``;
a failure removes the temporary file and leaves the old target as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def private_temp(folder: Path, name: str) -> tuple[int, Path]:
    """A new owner-only file ``.NAME.<random>.tmp`` in ``folder``: (open fd, path)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, 0o600)
    except BaseException:
        os.close(fd)
        Path(tmp).unlink(missing_ok=True)
        raise
    return fd, Path(tmp)


def write_private_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, owner-only (0600). Raises OSError."""
    path = Path(path)
    fd, tmp = private_temp(path.parent, path.name)
    try:
        try:
            # os.write may write less than asked (disk nearly full, a file size limit):
            # write the rest; the next write then fails with ENOSPC/EFBIG instead of a
            # cut file silently replacing the old one.
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise
