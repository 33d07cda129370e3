"""PostgreSQL: telling an address from a file, connecting, the checks before using a
database, and the schema of a new one (``pg_schema_v3.sql``, then ``postgres_loyalty``).

A database is given as ``postgresql://user@host:port/dbname`` (``--db``, ``CRM_TUI_DB``,
the settings file). The password is libpq's business: ``~/.pgpass`` or ``PGPASSWORD``; one
written in the address is used but never saved (``redacted``) nor shown in a message.

``connection.open_database`` calls ``prepare``: it connects, reads what the database holds
and, for an empty one, creates the schema at version 3 (``pg_schema_v3.sql``) with steps
1-3 recorded in ``schema_history`` as a baseline (they were written for SQLite). A server
that is down, a refused login, a missing database, another program's tables, a history
this version does not know: ``PgRefused`` with one line, nothing written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import peewee
from peewee import PostgresqlDatabase

from ..i18n import _
from . import pg_driver, postgres_loyalty
from .migrations import HISTORY_SQL, HISTORY_TABLE, STEPS, message
from .migrations import SERVER_SCHEMA_LOCK as SCHEMA_LOCK
from .migrations import Mismatch as _Mismatch
from .sqlfn import pyformat

SCHEMES = ("postgresql://", "postgres://")
BASELINE_VERSION = 3  # pg_schema_v3.sql: what steps 1-3 made on SQLite
CONNECT_TIMEOUT_S = 5


class PgRefused(Exception):
    """A PostgreSQL database that cannot be used; the message is one line for the user."""


def is_url(target: object) -> bool:
    """``target`` is a PostgreSQL address, not a file path."""
    return isinstance(target, str) and target.strip().lower().startswith(SCHEMES)


def redacted(url: str) -> str:
    """The address without its password (in the user part or as ``?password=``)."""
    parts = urlsplit(url.strip())
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}@{host}" if user else host
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k.lower() != "password"])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def has_password(url: str) -> bool:
    return redacted(url) != url.strip()


class CrmPostgresDatabase(PostgresqlDatabase):
    """PostgresqlDatabase (psycopg 3) that also takes the raw SQL written for SQLite's
    ``?`` placeholders, so the engine-neutral raw SQL of ``crm_tui.db`` runs unchanged
    (peewee's own queries already use ``%s``). In a statement without parameters a ``%``
    is a plain character, as in SQLite."""

    def init(self, database: Any, *args: Any, **kwargs: Any) -> None:
        pg_driver.attach()  # psycopg is loaded on first use (pg_driver.py)
        kwargs.setdefault("cursor_factory", _cursor_class())
        super().init(database, *args, **kwargs)

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        if not params:
            sql = sql.replace("%", "%%")  # psycopg reads placeholders even with no values
        elif "%s" not in sql and "%(" not in sql:  # not peewee's own: SQLite's placeholders
            sql = pyformat(sql)
        return super().execute_sql(sql, params)


# Inside ``prepared_plans`` the statements are prepared on the server and keep their plan
# (``make_database``: nothing is prepared elsewhere).
NEVER_BY_COUNT = 2**62
_PREPARED: ContextVar[bool] = ContextVar("crm_prepared_plans", default=False)
_CURSOR: type | None = None


@contextmanager
def prepared_plans() -> Iterator[None]:
    """Statements run in this block (this thread) are prepared on the server, so their
    second run is not planned again: for the few queries of a screen that runs them over
    and over with the same shape, whose every plan is an index walk stopped by a LIMIT
    (Today: a third of its time was planning, docs/PERFORMANCE.md)."""
    token = _PREPARED.set(True)
    try:
        yield
    finally:
        _PREPARED.reset(token)


def _cursor_class() -> type:
    """psycopg's cursor, preparing its statements inside ``prepared_plans``."""
    global _CURSOR
    if _CURSOR is None:
        import psycopg

        class Cursor(psycopg.Cursor):
            def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
                if kwargs.get("prepare") is None and _PREPARED.get():
                    kwargs["prepare"] = True
                return super().execute(query, params, **kwargs)

        _CURSOR = Cursor
    return _CURSOR


def make_database(url: str) -> CrmPostgresDatabase:
    """The peewee database for ``url`` (not connected); libpq reads ~/.pgpass/PGPASSWORD."""
    # psycopg prepares a statement on the server only when asked (``prepared_plans``): its
    # own preparing after five runs would let PostgreSQL switch a lookup to a generic plan
    # that reads every row (policy-number lookup at 100k: 37.5 ms against 1.5 ms with the
    # index, PERFORMANCE.md). None would forbid asking too; a threshold no count reaches
    # does not.
    return CrmPostgresDatabase(
        url.strip(),
        connect_timeout=CONNECT_TIMEOUT_S,
        application_name="crm-tui",
        prepare_threshold=NEVER_BY_COUNT,
    )


# -- the checks ---------------------------------------------------------------------------


# the server went away under an open connection: shut down, restarted, crashed, network
_LOST_STATES = ("57P01", "57P02", "57P03", "08000", "08003", "08006")
_LOST_WORDS = (
    "connection is closed",
    "connection is lost",
    "server closed the connection",
    "terminating connection",
    "consuming input failed",
    "connection refused",
    "connection to server",
    "the database system is",
)


def is_connection_lost(exc: BaseException) -> bool:
    """True for the error of a PostgreSQL connection the server no longer answers (or a
    new one it refuses while it restarts): the query never ran, or ran in a transaction
    that was rolled back."""
    psycopg = pg_driver.loaded()
    for err in (getattr(exc, "orig", None), exc, exc.__cause__, exc.__context__):
        if err is None:
            continue
        if getattr(err, "sqlstate", None) in _LOST_STATES:
            return True
        if psycopg is not None and isinstance(
            err, (psycopg.OperationalError, psycopg.InterfaceError)
        ):
            text = str(err).lower()
            if any(word in text for word in _LOST_WORDS):
                return True
    return False


def lost_message() -> str:
    """The line for a query or save that met a lost connection while the app runs."""
    return _("Connection to the server lost; reconnecting… Nothing is lost: try again in a moment.")


def describe_error(exc: BaseException, url: str) -> str:
    """One line about a connection or server error (the password never in it)."""
    where = redacted(url)
    inner = getattr(exc, "orig", None) or exc
    text = " ".join(str(inner).split())
    sqlstate = getattr(inner, "sqlstate", None) or ""
    lowered = text.lower()
    login = ("role" in lowered and "does not exist" in lowered) or "password" in lowered
    if sqlstate in ("28P01", "28000") or login or "authentication" in lowered:
        return _(
            "PostgreSQL refused the login for {url} (wrong user or password; see ~/.pgpass or PGPASSWORD).",
            url=where,
        )
    if sqlstate == "3D000" or ("database" in lowered and "does not exist" in lowered):
        return _("The PostgreSQL database {url} does not exist; create it first.", url=where)
    if "connection refused" in lowered or "could not connect" in lowered or "timeout" in lowered:
        return _(
            "Cannot reach the PostgreSQL server of {url}: is it running and reachable?",
            url=where,
        )
    if sqlstate == "42501" or "permission denied" in lowered:
        return _("PostgreSQL: no permission for {url} ({reason}).", url=where, reason=text)
    return _("{path} cannot be opened: {reason}", path=where, reason=text.replace(url, where))


def _tables(database: PostgresqlDatabase) -> set[str]:
    return set(database.get_tables())


def _history(database: PostgresqlDatabase) -> list[tuple[int, str]]:
    rows = database.execute_sql(f"SELECT step, name FROM {HISTORY_TABLE} ORDER BY step")
    return [(int(step), str(name)) for step, name in rows.fetchall()]


def check_history(database: PostgresqlDatabase, url: str) -> int:
    """The version the database records (0: none yet), after refusing one whose history
    names a step this version does not know or is newer than it."""
    tables = _tables(database)
    if HISTORY_TABLE not in tables:
        if tables:
            raise PgRefused(
                _(
                    "{url} is a PostgreSQL database of another program (it has tables, none of crm-tui's); nothing was changed.",
                    url=redacted(url),
                )
            )
        return 0
    recorded = _history(database)
    known = [(s.number, s.name) for s in STEPS]
    numbered = [step for step, _name in recorded] == list(range(1, len(recorded) + 1))
    if recorded[: len(known)] == known[: len(recorded)] and numbered:
        if len(recorded) > len(known):
            raise PgRefused(
                _(
                    "{path} was made by a newer crm-tui (schema {found}, this version knows {known}).",
                    path=redacted(url),
                    found=recorded[-1][0],
                    known=len(known),
                )
            )
        return len(recorded)
    step, name = next(
        r for i, r in enumerate(recorded) if i >= len(known) or r != known[i] or r[0] != i + 1
    )
    raise PgRefused(message(redacted(url), _Mismatch(len(recorded), step, name)))


# -- a new database -----------------------------------------------------------------------


def baseline_statements() -> list[str]:
    sql = resources.files("crm_tui.db").joinpath("pg_schema_v3.sql").read_text(encoding="utf-8")
    return [s.strip() for s in sql.split(";\n") if s.strip().strip(";").strip()]


TRIGRAM_INDEXES = [
    "CREATE INDEX customer_search_words ON customer_search USING gin (words gin_trgm_ops)",
    "CREATE INDEX customer_search_digits ON customer_search USING gin (digits gin_trgm_ops)",
]


def _trigram_indexes(database: PostgresqlDatabase) -> bool:
    """pg_trgm and the search's trigram indexes, when the server has the extension and
    the user may create it (a trusted extension since PostgreSQL 13). Without them the
    search still works, by reading the whole search table."""
    try:
        with database.atomic():  # a savepoint: a refusal leaves the transaction usable
            database.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for stmt in TRIGRAM_INDEXES:
                database.execute_sql(stmt)
    except peewee.DatabaseError:
        return False
    return True


def create_baseline(database: PostgresqlDatabase) -> None:
    """The schema at version 3 and its history (steps 1-3, ``adopted`` = 1: not run here,
    their result made at once); inside the caller's transaction."""
    for stmt in baseline_statements():
        database.execute_sql(stmt)
    for stmt in postgres_loyalty.STATEMENTS:  # step 3's defaults, triggers, loyalty totals
        database.execute_sql(stmt)
    _trigram_indexes(database)
    database.execute_sql(HISTORY_SQL)
    for step in STEPS[:BASELINE_VERSION]:
        database.execute_sql(
            f"INSERT INTO {HISTORY_TABLE} (step, name, checksum, applied_at, adopted)"
            " VALUES (%s, %s, NULL,"
            " to_char(now() AT TIME ZONE 'utc', 'YYYY-MM-DD HH24:MI:SS'), 1)",
            (step.number, step.name),
        )
    # nothing stored before control characters were kept out (crm_tui/db/text_cleanup.py)
    database.execute_sql(
        "INSERT INTO setting (key, value) VALUES ('stored_text_clean', 'true')"
        " ON CONFLICT DO NOTHING"
    )


def prepare(database: PostgresqlDatabase, url: str) -> int:
    """Connect, check, and give an empty database its schema. Returns the version it
    records. Raises ``PgRefused``; a database that is refused is not written to."""
    try:
        database.connect(reuse_if_open=True)
        version = check_history(database, url)
        if version == 0:
            with database.atomic():
                database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                version = check_history(database, url)  # another desk may have made it
                if version == 0:
                    create_baseline(database)
                    version = BASELINE_VERSION
        return version
    except PgRefused:
        raise
    except (peewee.PeeweeException, OSError) as exc:
        raise PgRefused(describe_error(exc, url)) from exc


def display_name(url: str) -> str:
    """How the database is named to the user (title bar, messages): no password."""
    return redacted(url)


def file_path(target: Path | str) -> Path | None:
    """``target`` as a file path, or None for a PostgreSQL address."""
    return None if is_url(target) else Path(target)
