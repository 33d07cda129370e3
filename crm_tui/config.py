"""Paths (platformdirs) and the per-user settings file (TOML).

Per-user preferences (language, theme, key remaps) live in ``settings.toml`` in the
user's config folder; business settings shared by all desks (service levels, lead
times, points rate) live in the database (``crm_tui.domain.settings``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .private_files import write_private_atomic

APP_NAME = "crm-tui"


def data_dir() -> Path:
    override = os.environ.get("CRM_TUI_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    override = os.environ.get("CRM_TUI_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


DB_URL_SCHEMES = ("postgresql://", "postgres://")


def is_db_url(value: object) -> bool:
    """A PostgreSQL address (``postgresql://user@host:port/dbname``), not a file path: never
    expanded, resolved or given a folder."""
    return isinstance(value, str) and value.strip().lower().startswith(DB_URL_SCHEMES)


def url_has_password(url: str) -> bool:
    """The address carries a password (``user:secret@host`` or ``?password=``)."""
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(url.strip())
    if parts.password is not None:
        return True
    return any(k.lower() == "password" for k, _v in parse_qsl(parts.query))


def default_db_path() -> Path:
    return data_dir() / "crm.sqlite3"


def demo_db_path() -> Path:
    return data_dir() / "demo.sqlite3"


def backup_dir() -> Path:
    return data_dir() / "backups"


def settings_path() -> Path:
    return config_dir() / "settings.toml"


class SettingsError(Exception):
    """The settings file cannot be read; the message is for the user."""


@dataclass
class Settings:
    language: str | None = None  # None: follow the system locale
    theme: str = "textual-dark"
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> key(s)
    # [keys] entries that were left out, one message each (the app shows them)
    key_problems: list[str] = field(default_factory=list)
    default_city: str | None = None
    default_region: str = "TR"
    # the database to open when neither --db nor CRM_TUI_DB says: a file or a
    # postgresql:// address (never with a password: ~/.pgpass or PGPASSWORD hold that)
    database: str | None = None
    # who works at this desk on a SQLite book (``--user`` wins; PostgreSQL: the login)
    user: str | None = None
    # Today's queue at this desk: "everyone" (every reminder and complaint) or "mine"
    # (this desk's user's and nobody's); a desk's own habit, so here and not in the book
    today_view: str = "everyone"
    path: Path | None = None

    def to_toml(self) -> dict:
        data: dict = {"theme": self.theme, "default_region": self.default_region}
        if self.language:
            data["language"] = self.language
        if self.default_city:
            data["default_city"] = self.default_city
        if self.database and not (is_db_url(self.database) and url_has_password(self.database)):
            data["database"] = self.database
        if self.user:
            data["user"] = self.user
        if self.today_view != "everyone":
            data["today_view"] = self.today_view
        data["keys"] = dict(self.keys)
        return data


def load_settings(path: Path | None = None) -> Settings:
    """Read ``settings.toml``; a missing file gives the defaults.

    A file that is not TOML, or a wrong language, raises ``SettingsError`` (one line
    for the user). A bad ``[keys]`` entry does not stop the app: it is left out and
    described in ``Settings.key_problems``.
    """
    from .i18n import _

    path = path or settings_path()
    settings = Settings(path=path)
    if not path.exists():
        return settings
    import tomllib  # only when there is a file: ~5 ms of start-up otherwise

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(
            _("Settings file {path} is not valid TOML: {reason}", path=path, reason=exc)
        ) from exc
    lang = raw.get("language")
    if lang is not None:
        if lang not in ("tr", "en"):
            raise SettingsError(
                _("Settings file {path}: language must be 'tr' or 'en'.", path=path)
            )
        settings.language = lang
    if isinstance(raw.get("theme"), str):
        settings.theme = raw["theme"]
    if isinstance(raw.get("default_city"), str):
        settings.default_city = raw["default_city"]
    if isinstance(raw.get("default_region"), str):
        settings.default_region = raw["default_region"]
    database = raw.get("database")
    if isinstance(database, str) and database.strip():
        if is_db_url(database) and url_has_password(database):
            raise SettingsError(
                _(
                    "Settings file {path}: the database address must not hold a password; put it in ~/.pgpass (or PGPASSWORD).",
                    path=path,
                )
            )
        settings.database = database.strip()
    user = raw.get("user")
    if isinstance(user, str) and user.strip():
        settings.user = user.strip()
    if raw.get("today_view") in ("mine", "everyone"):
        settings.today_view = raw["today_view"]
    keys = raw.get("keys", {})
    if not isinstance(keys, dict):
        settings.key_problems.append(
            _('[keys] must be a table of binding id = "key" lines; it was ignored.')
        )
        keys = {}
    for binding_id, value in keys.items():
        if isinstance(value, str) and value.strip():
            settings.keys[binding_id] = value
        else:
            settings.key_problems.append(
                _(
                    '[keys] {id}: the key must be text such as "f9" or "ctrl+n"; ignored.',
                    id=binding_id,
                )
            )
    return settings


def save_settings(settings: Settings) -> Path:
    """Write ``settings.toml`` atomically, readable by the owner only (0600): like the
    database it is personal; the folder is created 0700."""
    import tomli_w

    path = settings.path or settings_path()
    ensure_dir(path.parent)
    data = tomli_w.dumps(settings.to_toml()).encode("utf-8")
    # a random temporary name created exclusively: a planted symlink is never followed
    write_private_atomic(path, data)
    return path
