"""Numbered schema steps, one file each, and the history of those a file has run.

A step is a module of this package named ``mNNNN_name.py`` (number from 1, no gaps) with
``apply(db)``. The runner applies the pending ones in number order, each in its own
transaction together with its row in ``schema_history`` (step, name, checksum of the step's
source, when) and ``PRAGMA user_version`` (the last step, read by backups and older
versions). A step that fails leaves the file at the step before. A released step is never
edited: a change is a new file (docs/ARCHITECTURE.md, "Migrations").

Files of versions 1-3 were written before the history existed. Such a file is accepted
only if its schema is exactly the one the released step left (``RELEASED``, compared by
``schema_signature``); its history is then written once (``adopted``). A file whose
recorded steps are not the ones this version knows, or an unreleased build's file, is
refused before anything writes to it (``check``, called read-only at open).
"""

from __future__ import annotations

import hashlib
import importlib
import pkgutil
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from urllib.parse import quote

import peewee
from peewee import DatabaseProxy

from ...i18n import _
from ..dialect import current_dialect
from ..models import db

HISTORY_TABLE = "schema_history"
HISTORY_SQL = f"""CREATE TABLE IF NOT EXISTS {HISTORY_TABLE} (
    step INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT,
    applied_at TEXT NOT NULL,
    adopted INTEGER NOT NULL DEFAULT 0)"""

_STEP_FILE = re.compile(r"m(\d{4})_([a-z0-9_]+)")


@dataclass(frozen=True)
class Step:
    number: int
    name: str
    module: str  # dotted name, imported only when the step runs

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)

    def apply(self, database: DatabaseProxy) -> None:
        """Run the step. Steps 1-3 take ``apply(db)`` (SQLite only: a new PostgreSQL
        database gets their result at once, ``postgres.create_baseline``); a step from 4 on
        runs on both backends and takes ``apply(db, dialect)`` or branches on
        ``current_dialect().name``."""
        module = self.load()
        if self.number > 3 and module.apply.__code__.co_argcount >= 2:
            module.apply(database, current_dialect())
        else:
            module.apply(database)

    def checksum(self) -> str | None:
        """sha256 of the step's source (recorded in the history; None without a source)."""
        source = getattr(self.load(), "__file__", None)
        if not source or not source.endswith(".py"):
            return None
        return hashlib.sha256(Path(source).read_bytes()).hexdigest()


def discover(folder: Path | str, package: str) -> tuple[Step, ...]:
    """The steps in ``folder`` (modules ``mNNNN_name``), in order; the numbers must run
    1, 2, 3... without a gap or a repeat."""
    steps = []
    for info in pkgutil.iter_modules([str(folder)]):
        m = _STEP_FILE.fullmatch(info.name)
        if m:
            steps.append(Step(int(m.group(1)), m.group(2), f"{package}.{info.name}"))
    steps.sort(key=lambda s: s.number)
    numbers = [s.number for s in steps]
    if numbers != list(range(1, len(steps) + 1)):
        raise RuntimeError(f"migration steps in {folder} must be numbered 1..N: {numbers}")
    return tuple(steps)


STEPS: tuple[Step, ...] = discover(Path(__file__).parent, __name__)
MIGRATIONS = STEPS  # the earlier name
SCHEMA_VERSION = len(STEPS)

# Versions released before the history table: the signature of the schema the released
# steps leave (``schema_signature`` of tests/fixtures/schema_vN.sqlite3, which those
# releases made). No later version is added here: later files have a history.
RELEASED: dict[int, str] = {
    1: "98a63187be476207322bf4ef8e595a0323c378c58448280b11170ac9435125d1",
    2: "f3193dd150429a49da9741a62afd80761e8c630690b9112018d41ee5b72b3c48",
    3: "9fa73cbf83fe143630654d698908054c554f293fe864cd1e408382566ce1f7bb",
}

# Objects made outside the steps, left out of the signature: the history itself and the
# erasure register (crm_tui/db/backup.py creates it on first use).
OUTSIDE_STEPS = frozenset({HISTORY_TABLE, "crm_erasure_pending"})


def schema_version() -> int:
    if current_dialect().name != "sqlite":
        # PostgreSQL has no user_version: the last step its history records
        if HISTORY_TABLE not in db.get_tables():
            return 0
        return int(
            db.execute_sql(f"SELECT coalesce(max(step), 0) FROM {HISTORY_TABLE}").fetchone()[0]
        )
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


# -- checking a file -------------------------------------------------------------------


def schema_signature(conn: sqlite3.Connection) -> str:
    """sha256 of every table, index, trigger and view (SQL with spacing normalised) and
    every column (type, NOT NULL, default, key) of the file, except ``OUTSIDE_STEPS``,
    SQLite's own tables and the tables FTS5 keeps for itself."""
    objects = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ).fetchall()
    virtual = [
        name for kind, name, sql in objects if kind == "table" and "VIRTUAL TABLE" in (sql or "")
    ]
    lines = []
    for kind, name, sql in objects:
        if name in OUTSIDE_STEPS or any(name.startswith(f"{v}_") for v in virtual):
            continue
        lines.append(f"{kind} {name} {' '.join((sql or '').split())}")
        if kind == "table" and name not in virtual:
            for _cid, col, typ, notnull, default, pk in conn.execute(
                f'PRAGMA table_info("{name}")'
            ):
                lines.append(f"column {name}.{col} {typ} {notnull} {default} {pk}")
    return hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Mismatch:
    """Why a file is refused: ``step``/``name`` is the first recorded step this version
    does not know (name None: not recorded); ``step`` None: a file of ``version`` without a
    history whose schema is not the released one (an unreleased build made it)."""

    version: int
    step: int | None = None
    name: str | None = None


def _history(conn: sqlite3.Connection) -> list[tuple[int, str]] | None:
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (HISTORY_TABLE,)
    ).fetchone()
    if not found:
        return None
    return [
        (int(step), str(name))
        for step, name in conn.execute(f"SELECT step, name FROM {HISTORY_TABLE} ORDER BY step")
    ]


def check(conn: sqlite3.Connection, steps: tuple[Step, ...] | None = None) -> Mismatch | None:
    """None when this version can upgrade (or use) the file behind ``conn``: its recorded
    steps are ours, or it is a released version from before the history. Reads only.
    A file newer than ``steps`` is the caller's to refuse (user_version)."""
    steps = STEPS if steps is None else steps
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(steps):
        return None
    recorded = _history(conn)
    if recorded is None:
        if version == 0:
            return None  # a new file (or another program's: the caller checks that)
        expected = RELEASED.get(version)
        if expected is None:
            return Mismatch(version, version, None)
        if schema_signature(conn) != expected:
            return Mismatch(version)
        return None
    known = [(s.number, s.name) for s in steps[:version]]
    if recorded == known:
        return None
    for i, row in enumerate(recorded):
        if i >= len(known) or row != known[i]:
            return Mismatch(version, row[0], row[1])
    return Mismatch(version, len(recorded) + 1, None)  # steps missing from the history


def refusal(path: Path) -> str | None:
    """One line for the user when the file at ``path`` is refused (``check``), else None.

    Read-only, like the damage check at open: without -wal/-shm/-journal (nobody has the
    file open) it is read as immutable, which creates none of them; the file is left
    byte-identical, not switched to WAL."""
    quiet = not any(Path(f"{path}{s}").exists() for s in ("-wal", "-shm", "-journal"))
    mismatch = _check_file(path, immutable=quiet)
    if mismatch is not None and quiet:
        # Quiet when looked at, but another instance may have started writing since (two
        # desks opening one new file): an immutable read can then see the history of one
        # moment and the version of another. Read again under SQLite's locks first.
        mismatch = _check_file(path, immutable=False)
    return None if mismatch is None else message(path, mismatch)


def _check_file(path: Path, immutable: bool) -> Mismatch | None:
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(uri, uri=True, timeout=10)
    try:
        # one read transaction: the version and the history from the same moment (another
        # instance migrating in between made the history look a step ahead of the version)
        conn.execute("BEGIN")
        return check(conn)
    finally:
        conn.close()


def message(path: Path | str, mismatch: Mismatch) -> str:
    if mismatch.step is None:
        return _(
            "{path} was made by an unreleased build of crm-tui (its schema {found} is not the released one); the file was not changed.",
            path=path,
            found=mismatch.version,
        )
    return _(
        "{path} records schema step {step} ({name}), which this version of crm-tui does not know; the file was not changed.",
        path=path,
        step=mismatch.step,
        name=mismatch.name or "?",
    )


class HistoryMismatch(peewee.DatabaseError):
    """A file whose history does not match, found under the write lock (another desk
    changed it after the check at open): reported like any database error, nothing written."""

    def __init__(self, mismatch: Mismatch) -> None:
        super().__init__(message(db.database, mismatch))
        self.mismatch = mismatch


# -- upgrading ---------------------------------------------------------------------------


def _history_exists() -> bool:
    return (
        db.execute_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (HISTORY_TABLE,)
        ).fetchone()
        is not None
    )


def _record(step: Step, adopted: bool) -> None:
    if current_dialect().name != "sqlite":
        db.execute_sql(
            f"INSERT INTO {HISTORY_TABLE} (step, name, checksum, applied_at, adopted) VALUES"
            " (?, ?, ?, to_char(now() AT TIME ZONE 'utc', 'YYYY-MM-DD HH24:MI:SS'), ?)",
            (step.number, step.name, None if adopted else step.checksum(), int(adopted)),
        )
        return
    db.execute_sql(
        f"INSERT INTO {HISTORY_TABLE} (step, name, checksum, applied_at, adopted)"
        " VALUES (?, ?, ?, strftime('%Y-%m-%d %H:%M:%S', 'now'), ?)",
        (step.number, step.name, None if adopted else step.checksum(), int(adopted)),
    )


def _adopt(version: int, steps: tuple[Step, ...]) -> None:
    """The history of a file made before it: the steps it ran, checked by its schema."""
    problem = check(db.connection(), steps)
    if problem is not None:
        raise HistoryMismatch(problem)
    db.execute_sql(HISTORY_SQL)
    for step in steps[:version]:
        _record(step, adopted=True)


def migrate_database(target: int | None = None) -> int:
    """Apply the pending steps up to ``target`` (default: all), each in one transaction
    with its history row; write the history of a file from before it. Returns the version."""
    steps = STEPS
    target = len(steps) if target is None else target
    if target > len(steps):
        raise ValueError(f"no migration step {target}")
    if current_dialect().name != "sqlite":
        return _migrate_server(steps, target)
    while True:
        current = schema_version()
        if current >= target and (current == 0 or _history_exists()):
            return current
        # Table rebuilds with foreign keys on can cascade-delete children (and the pragma
        # cannot change inside a transaction).
        db.execute_sql("PRAGMA foreign_keys = OFF")
        try:
            with db.atomic():
                # under the write lock: another desk may have upgraded meanwhile
                if schema_version() != current:
                    continue
                if not _history_exists():
                    _adopt(current, steps)
                if current < target:
                    step = steps[current]
                    step.apply(db)
                    _record(step, adopted=False)
                    db.execute_sql(f"PRAGMA user_version = {step.number}")
        finally:
            db.execute_sql("PRAGMA foreign_keys = ON")


# The advisory lock (pg_advisory_xact_lock) held while a server database gets its schema
# or a step: two desks opening it at the same moment wait for each other ("crmt").
SERVER_SCHEMA_LOCK = 0x63726D74


def _migrate_server(steps: tuple[Step, ...], target: int) -> int:
    """PostgreSQL: the steps after the baseline (``postgres.create_baseline`` made 1-3),
    each in one transaction with its history row, under an advisory lock so that two desks
    opening at once do not both run a step."""
    while True:
        current = schema_version()
        if current >= target:
            return current
        with db.atomic():
            db.execute_sql("SELECT pg_advisory_xact_lock(?)", (SERVER_SCHEMA_LOCK,))
            if schema_version() != current:
                continue
            step = steps[current]
            step.apply(db)
            _record(step, adopted=False)
