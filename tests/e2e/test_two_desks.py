"""End to end: two desks, two logins, one book on PostgreSQL (issue 15).

The owner (Ayşe) opens a new book on the test server, makes a staff login for Mehmet
with ``crm-tui users add``, and both start the real ``crm-tui`` in their own tmux
terminal. What Ayşe writes at her desk shows on Mehmet's Today without a key pressed
(LISTEN/NOTIFY); the server refuses Mehmet what staff may not do; ``crm-tui audit``
names who did what.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .test_tmux import CRM_TUI, Terminal, terminal_env  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e


def _cli(env: dict[str, str], url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CRM_TUI), "--db", url, *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_two_desks_work_one_book(terminal_env, pg_server, tmp_path: Path):  # noqa: F811
    name = pg_server.create_database()
    pg_server.psql("CREATE ROLE ayse LOGIN CREATEROLE")
    pg_server.psql(f'ALTER DATABASE "{name}" OWNER TO ayse')
    ayse_url = pg_server.url(name).replace("postgres@", "ayse@", 1)
    mehmet_url = pg_server.url(name).replace("postgres@", "mehmet@", 1)
    desks: list[Terminal] = []
    try:
        # the owner's first open creates the book; then a staff login for Mehmet
        csv = tmp_path / "musteriler.csv"
        csv.write_text("Ad Soyad,Telefon\nŞükrü Işık,0532 111 22 33\n", encoding="utf-8")
        done = _cli(terminal_env, ayse_url, "import", "--yes", str(csv))
        assert done.returncode == 0, done.stderr
        done = _cli(
            terminal_env, ayse_url, "users", "add", "mehmet", "--role", "staff", "--no-password"
        )
        assert done.returncode == 0, done.stderr
        listed = _cli(terminal_env, ayse_url, "users", "list").stdout
        assert "mehmet" in listed and "staff" in listed

        # staff may not take the whole book away: one line, exit 2
        refused = _cli(terminal_env, mehmet_url, "export", "--out", str(tmp_path / "all.csv"))
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert not (tmp_path / "all.csv").exists()

        ayse = Terminal(100, 30, {**terminal_env, "CRM_TUI_DATA_DIR": str(tmp_path / "a")})
        mehmet = Terminal(80, 24, {**terminal_env, "CRM_TUI_DATA_DIR": str(tmp_path / "m")})
        desks += [ayse, mehmet]
        ayse.start([str(CRM_TUI), "--db", ayse_url, "--lang", "en"])
        mehmet.start([str(CRM_TUI), "--db", mehmet_url, "--lang", "tr"])
        ayse.wait_for(lambda s: "F2 Today" in s, "Ayşe's Today", 20)
        mehmet.wait_for(lambda s: "F2 Bugün" in s, "Mehmet's Today", 20)

        # Ayşe writes a reminder due today; Mehmet's Today shows it by itself
        ayse.press("n")
        ayse.wait_for(lambda s: "New reminder" in s, "the reminder form")
        ayse.press("-l", "Şükrü'yü ara")
        ayse.wait_for(lambda s: "Şükrü'yü ara" in s, "the title typed")
        ayse.press("Tab")
        ayse.press("-l", "22.11.2026")
        ayse.wait_for(lambda s: "22.11.2026" in s, "the due date typed")
        ayse.press("C-s")
        ayse.wait_for(
            lambda s: "Şükrü'yü ara" in s and "New reminder" not in s,
            "the reminder on Ayşe's Today",
        )
        mehmet.wait_for(lambda s: "Şükrü'yü ara" in s, "the reminder on Mehmet's Today", 5)

        for desk in desks:
            desk.press("C-q")
            final = desk.wait_for(lambda s: "EXITED" in s, "the program to end")
            assert "EXITED 0" in final and "Traceback" not in final

        log = _cli(terminal_env, ayse_url, "audit").stdout
        assert "ayse" in log
    finally:
        for desk in desks:
            desk.kill()
        pg_server.drop_database(name)
        pg_server.psql("DROP ROLE IF EXISTS mehmet")
        pg_server.psql("DROP ROLE IF EXISTS ayse")
