"""PostgreSQL specifics of backups: ``pg_dump`` / ``pg_restore`` in their custom format
(``-Fc``), the counterpart of ``backup.backup_to`` / ``check_file`` / ``restore_from``.

The tools are found on PATH or in ``/usr/lib/postgresql/*/bin`` (the newest). The
database is given to them by its address without a password: libpq reads ``PGPASSWORD``
or ``~/.pgpass``, and a password written in the address goes to the child's
``PGPASSWORD``, never onto its command line. Failures leave as ``EngineError`` (the
missing tool as ``ToolMissing``), whose text is one line for the user.

A dump is a crm-tui backup when its table of contents (``pg_restore -l``) lists our tables;
its schema version and the settings that say whose book it is (``demo``,
``business_name``) are read from the data of ``schema_history`` and ``setting``
(``pg_restore -a -t … -f -``), without a server.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from ..i18n import _
from .backup import EngineError, FileCheck
from .models import db
from .postgres import CrmPostgresDatabase, redacted
from .postgres import is_url as is_url  # for the backup domain

SUFFIX = ".dump"
MAGIC = b"PGDMP"  # the first bytes of a custom-format dump
NEEDED_TABLES = {"customer", "phone", "policy", "schema_history"}
# a restore waits this long for a lock another desk's open transaction holds, then fails
LOCK_TIMEOUT = "10s"


class ToolMissing(EngineError):
    """pg_dump / pg_restore is not installed; the message says what to install."""


def current_url() -> str | None:
    """The address of the open PostgreSQL database as it was given (None: none open, or
    an SQLite file)."""
    if isinstance(db.obj, CrmPostgresDatabase):
        return str(db.obj.database)
    return None


def dbname(url: str) -> str:
    name = unquote(urlsplit(url.strip()).path.lstrip("/"))
    return name or "postgres"


def folder_key(url: str) -> str:
    """``<dbname>-<hash of host:port/dbname>``: the backup subfolder of this database (two
    servers' ``crm`` databases never share or rotate away each other's backups)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    where = f"{host}:{parts.port or ''}/{dbname(url)}"
    digest = hashlib.sha1(where.encode("utf-8")).hexdigest()[:8]
    safe = re.sub(r"[^\w.-]", "_", dbname(url))
    return f"{safe}-{digest}"


def find_tool(name: str) -> str:
    """The path of ``pg_dump`` / ``pg_restore``, or ``ToolMissing``."""
    found = shutil.which(name)
    if found:
        return found

    def version(p: str) -> tuple[int, ...]:
        digits = re.findall(r"\d+", Path(p).parent.parent.name)
        return tuple(int(d) for d in digits)

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version, reverse=True)
    if candidates:
        return candidates[0]
    raise ToolMissing(
        _(
            "{tool} was not found: install the PostgreSQL client programs (e.g. apt install postgresql-client) to back up or restore a PostgreSQL database.",
            tool=name,
        )
    )


def _password(url: str) -> str | None:
    parts = urlsplit(url.strip())
    if parts.password is not None:
        return unquote(parts.password)
    for key, value in parse_qsl(parts.query):
        if key.lower() == "password":
            return value
    return None


def _env(url: str | None = None, *, lock_timeout: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PGAPPNAME", "crm-tui")
    if url is not None:
        password = _password(url)
        if password is not None:
            env["PGPASSWORD"] = password
    if lock_timeout:
        env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} -c lock_timeout={LOCK_TIMEOUT}".strip()
    return env


def _reason(stderr: str, url: str | None = None) -> str:
    """One line out of a tool's error output (the password never in it)."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    errors = [ln for ln in lines if "error:" in ln] or lines
    text = errors[0] if errors else _("unknown error")
    text = re.sub(r"^pg_(dump|restore): (error: )?", "", text)
    if url is not None:
        password = _password(url)
        text = text.replace(url, redacted(url))
        if password:
            text = text.replace(password, "***")
    return text


def _run(args: list[str], url: str | None = None, **kw: bool) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            args,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=_env(url, **kw),
            stdin=subprocess.DEVNULL,
        )
    except OSError as exc:
        raise EngineError(f"{args[0]}: {exc.strerror or exc}") from exc


# -- backup -------------------------------------------------------------------------------


def dump_to(url: str, dest: Path) -> None:
    """Dump the database at ``url`` to a NEW file ``dest`` (0600), custom format.

    As ``backup.backup_to``: written under a random ``.NAME.XXXX.part`` name, checked (its
    table of contents must list our tables), then linked to ``dest``, so a dump cut short
    never looks like a backup. Raises ``FileExistsError``, ``OSError``, ``EngineError``."""
    dest = Path(dest)
    if dest.exists():
        raise FileExistsError(dest)
    pg_dump = find_tool("pg_dump")
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        done = _run([pg_dump, "-Fc", "-f", str(tmp), "-d", redacted(url)], url)
        if done.returncode:
            raise EngineError(_reason(done.stderr, url))
        check = check_dump(tmp, known_version=10**6)
        if not check.ok:
            raise EngineError(check.detail or check.problem)
        os.chmod(tmp, 0o600)
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        try:
            os.link(tmp, dest)
            tmp.unlink()
        except FileExistsError:
            raise
        except OSError:  # no hard links (FAT/exFAT USB sticks)
            if dest.exists():
                raise FileExistsError(dest) from None
            os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# -- checks -------------------------------------------------------------------------------

_TOC_TABLE = re.compile(r"^\d+;\s+\d+\s+\d+\s+TABLE\s+(\S+)\s+(\S+)\s")


def _toc_tables(listing: str) -> set[str]:
    tables = set()
    for line in listing.splitlines():
        m = _TOC_TABLE.match(line)
        if m and m.group(1) in ("public", "-"):
            tables.add(m.group(2))
    return tables


_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def _copy_value(raw: str) -> str | None:
    """A value of COPY's text format (``\\N`` is NULL, backslash escapes)."""
    if raw == "\\N":
        return None

    def swap(m: re.Match[str]) -> str:
        s = m.group(1)
        if s in _ESCAPES:
            return _ESCAPES[s]
        if s[0] == "x":
            return chr(int(s[1:], 16))
        if s[0].isdigit():
            return chr(int(s, 8))
        return s

    return re.sub(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)", swap, raw)


def _copy_rows(script: str) -> dict[str, list[dict[str, str | None]]]:
    """The rows of every ``COPY … FROM stdin`` block of a plain SQL script, by table."""
    out: dict[str, list[dict[str, str | None]]] = {}
    lines = iter(script.splitlines())
    head = re.compile(r"^COPY\s+(?:\S+\.)?\"?(\w+)\"?\s+\(([^)]*)\)\s+FROM\s+stdin;$")
    for line in lines:
        m = head.match(line)
        if not m:
            continue
        columns = [c.strip().strip('"') for c in m.group(2).split(",")]
        rows = out.setdefault(m.group(1), [])
        for row in lines:
            if row == "\\.":
                break
            values = [_copy_value(v) for v in row.split("\t")]
            rows.append(dict(zip(columns, values, strict=False)))
    return out


def check_dump(path: Path, known_version: int) -> FileCheck:
    """Is ``path`` a dump of a crm-tui database this version can restore? Problems:
    ``not_dump``, ``sqlite`` (an SQLite backup), ``corrupt``, ``foreign``, ``newer``,
    ``unreadable`` (also: the tool is missing)."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        return FileCheck(False, "unreadable", exc.strerror or str(exc))
    if header.startswith(b"SQLite format 3"):
        return FileCheck(False, "sqlite")
    if not header.startswith(MAGIC):
        return FileCheck(False, "not_dump")
    try:
        pg_restore = find_tool("pg_restore")
        listing = _run([pg_restore, "-l", str(path)])
        if listing.returncode:
            return FileCheck(False, "corrupt", _reason(listing.stderr))
        if not NEEDED_TABLES <= _toc_tables(listing.stdout):
            return FileCheck(False, "foreign")
        data = _run(
            [pg_restore, "-a", "-t", "schema_history", "-t", "setting", "-f", "-", str(path)]
        )
    except EngineError as exc:
        return FileCheck(False, "unreadable", str(exc))
    if data.returncode:
        return FileCheck(False, "corrupt", _reason(data.stderr))
    rows = _copy_rows(data.stdout)
    steps = sorted(int(r["step"] or 0) for r in rows.get("schema_history", []))
    version = len(steps)
    if not steps or steps != list(range(1, version + 1)):
        return FileCheck(False, "foreign", schema_version=version)
    if version > known_version:
        return FileCheck(False, "newer", schema_version=version)
    settings = {
        str(r["key"]): str(r["value"])
        for r in rows.get("setting", [])
        if r.get("key") in ("demo", "business_name") and r.get("value") is not None
    }
    return FileCheck(True, schema_version=version, settings=settings)


# -- restore ------------------------------------------------------------------------------


def restore_dump(url: str, source: Path) -> None:
    """Replace the database at ``url`` with the dump ``source``: all or nothing
    (``--single-transaction``), the dump's tables dropped and made again (``--clean
    --if-exists``), owned by the user restoring (``--no-owner``). A lock held by another
    desk's open transaction makes it fail after ``LOCK_TIMEOUT``. Raises ``EngineError``."""
    pg_restore = find_tool("pg_restore")
    done = _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            "-d",
            redacted(url),
            str(source),
        ],
        url,
        lock_timeout=True,
    )
    if done.returncode:
        raise EngineError(_reason(done.stderr, url))
