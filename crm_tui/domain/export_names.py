"""The names export files get when the user names none: ASCII, in the user's language,
in the home folder, never replacing a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "vcard": "vcf", "json": "json", "ics": "ics"}
# File names stay ASCII (USB sticks, e-mail attachments, other programs).
FILE_WORDS = {
    "tr": {
        "customers": "musteriler",
        "policies": "policeler",
        "reminders": "hatirlatmalar",
        "complaints": "sikayetler",
        "all": "tum-veriler",
        "calendar": "takvim",
    },
    "en": {
        "customers": "customers",
        "policies": "policies",
        "reminders": "reminders",
        "complaints": "complaints",
        "all": "all-data",
        "calendar": "calendar",
    },
}


def default_export_path(fmt: str, what: str | None, today: date | None = None) -> Path:
    """Where an export goes when the user names no file: the home folder (never the
    folder the command happens to run in: a JSON of every customer once landed in a git
    checkout), under a name not taken yet (a second export the same day gets ``-2``)."""
    return free_path(Path.home() / default_file_name(fmt, what, today))


def free_path(path: Path) -> Path:
    """``path``, or ``name-2.ext``, ``name-3.ext``… when it exists."""
    candidate, n = path, 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def default_file_name(fmt: str, what: str | None, today: date | None = None) -> str:
    """``crm-musteriler-2026-11-22.csv`` (in the user's language)."""
    from ..clock import today as clock_today
    from ..i18n import get_language

    day = (today or clock_today()).isoformat()
    word = "all" if fmt == "json" else "calendar" if fmt == "ics" else (what or "customers")
    if fmt == "vcard" or word not in FILE_WORDS["en"]:
        word = "customers" if fmt == "vcard" else word
    words = FILE_WORDS.get(get_language(), FILE_WORDS["en"])
    return f"crm-{words.get(word, word)}-{day}.{EXTENSIONS.get(fmt, fmt)}"
