"""The palette's screenshot: an SVG written like every other file of ours (a random
temporary name created exclusively, 0600, then renamed; Textual's own writer opens the
guessable TITLE_DATE.svg directly and follows a symlink planted there)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import platformdirs

from ..config import data_dir
from ..i18n import _
from ..private_files import write_private_atomic


def screenshot_name(title: str) -> str:
    """The name Textual gives a screenshot: "<title> <ISO time>.svg", with spaces, dots,
    colons, slashes and such as "_" (textual._files has it, but privately)."""
    stem = f"{title} {datetime.datetime.now().isoformat()}"
    for reserved in ' <>:"/\\|?*.':
        stem = stem.replace(reserved, "_")
    return stem + ".svg"


def screenshot_folder(downloads: Path) -> Path:
    """Where a screenshot goes: the Downloads folder when there is one, else the home
    folder, else the app's data folder; no folder is created for it."""
    for folder in (downloads, Path.home()):
        if folder.is_dir():
            return folder
    return data_dir()


def save_private(app: Any) -> Path | None:
    """Write the screen of ``app``; notify where it went (or why it could not be written)."""
    path = screenshot_folder(Path(platformdirs.user_downloads_path())) / screenshot_name(app.title)
    try:
        write_private_atomic(path, app.export_screenshot().encode("utf-8"))
    except OSError as exc:
        app.notify(
            _("Cannot write {path}: {reason}", path=path, reason=exc.strerror),
            severity="error",
        )
        return None
    app.notify(_("Screenshot saved: {path}", path=path))
    return path
