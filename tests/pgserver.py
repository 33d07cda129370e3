"""A private PostgreSQL server for the tests: its own folder, a socket there and a free port
on 127.0.0.1, stopped and removed at the end.

PostgreSQL refuses to run as root, and CI runs as root: then ``initdb`` and ``pg_ctl`` run as
the ``postgres`` user (``runuser -u postgres --``) and the folder is handed to that user.
Without PostgreSQL installed the tests that need it are skipped, unless
``CRM_TUI_REQUIRE_PG`` is set (``.ci/run`` sets it): then they fail, so CI never skips them
silently.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path


class ServerUnavailable(RuntimeError):
    """PostgreSQL is not installed here, or would not start (the message says which)."""


def _bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return Path(versions[0]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser") is None:
        raise ServerUnavailable("running as root and runuser is missing")
    return ["runuser", "-u", "postgres", "--"]


@dataclass
class PgServer:
    folder: Path
    port: int
    bin_dir: Path
    options: str = ""

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [*_as_server_user(), *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    def psql(self, sql: str, dbname: str = "postgres") -> str:
        done = self._run(
            str(self.bin_dir / "psql"),
            "-X",
            "-q",
            "-At",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            dbname,
            "-c",
            sql,
        )
        if done.returncode:
            raise RuntimeError(done.stderr.strip())
        return done.stdout

    def create_database(self, prefix: str = "crm") -> str:
        """A new empty database; its name."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self.psql(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING UTF8')
        return name

    def drop_database(self, name: str) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def restart(self, pause: float = 0.0) -> None:
        """Stop the server (its connections are cut), wait ``pause`` seconds, start it again
        on the same port: what a desk sees when the office server restarts."""
        import time

        data = str(self.folder / "data")
        self._run(str(self.bin_dir / "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop")
        time.sleep(pause)
        started = self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            data,
            "-o",
            self.options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )
        if started.returncode:
            raise RuntimeError(started.stderr.strip())

    def stop(self) -> None:
        self._run(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start_server() -> PgServer:
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise ServerUnavailable("PostgreSQL is not installed (no pg_ctl)")
    # /tmp itself, not a private mkdtemp parent: the server user must reach its folder.
    folder = Path(tempfile.mkdtemp(prefix="crm-pg-", dir="/tmp"))
    folder.chmod(0o755)
    data, sock = folder / "data", folder / "sock"
    sock.mkdir()
    prefix = _as_server_user()
    if prefix:
        subprocess.run(["chown", "-R", "postgres:", str(folder)], check=True)
    server = PgServer(folder=folder, port=_free_port(), bin_dir=bin_dir)
    init = server._run(
        str(bin_dir / "initdb"),
        "-D",
        str(data),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    )
    if init.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        raise ServerUnavailable(f"initdb failed: {init.stderr.strip()}")
    options = (
        f"-k {sock} -p {server.port} -c listen_addresses=127.0.0.1 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    started = server._run(
        str(bin_dir / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        options,
        "-l",
        str(folder / "log"),
        "-w",
        "start",
    )
    server.options = options
    if started.returncode:
        log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise ServerUnavailable(f"pg_ctl start failed: {started.stderr.strip()} {log[-500:]}")
    return server
