"""End to end: the installed ``crm-tui`` command in a real terminal (tmux), driven by keys.

Starts ``crm-tui --demo --lang en`` on a fresh demo database in its own tmux server,
waits until the Today screen is painted, then moves around the way a user would and
reads the screen back with ``tmux capture-pane``. The session is always killed.
Needs tmux: skipped without it, except on CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

CRM_TUI = Path(sys.executable).parent / "crm-tui"
SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(reason + " (required on CI)")
    pytest.skip(reason)


class Terminal:
    """One tmux server (own socket) with one session running a command."""

    def __init__(self, width: int, height: int, env: dict[str, str]) -> None:
        self.socket = f"crm-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.session = "crm"
        self.width, self.height = width, height
        self.env = env

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=15,
            check=check,
        )

    def start(self, command: list[str]) -> None:
        settings = " ".join(
            f"{k}={shlex.quote(v)}"
            for k, v in self.env.items()
            if k.startswith(("CRM_TUI_", "LANG"))
        )
        # Keep the pane after the program ends, so a crash leaves its traceback on screen.
        line = f"env {settings} {shlex.join(command)}; echo EXITED $?; sleep 60"
        self.tmux(
            "new-session",
            "-d",
            "-s",
            self.session,
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            line,
        )

    def screen(self, escapes: bool = False) -> str:
        args = ["capture-pane", "-p", "-t", self.session] + (["-e"] if escapes else [])
        result = self.tmux(*args, check=False)
        return result.stdout

    def press(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.session, *keys)

    def active_section(self) -> str:
        """The section bar label shown in reverse video (the current section)."""
        first = self.screen(escapes=True).split("\n", 1)[0]
        reverse = False
        active = []
        pos = 0
        for m in SGR.finditer(first + "\x1b[0m"):
            if reverse:
                active.append(first[pos : m.start()])
            for param in (m.group(1) or "0").replace(":", ";").split(";"):
                if param in ("", "0", "00"):
                    reverse = False
                elif param == "7":
                    reverse = True
                elif param == "27":
                    reverse = False
            pos = m.end()
        return " ".join("".join(active).split())

    def wait_for(self, check, what: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if check(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; screen:\n{text}")
            time.sleep(0.1)

    def wait_active(self, label: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            active = self.active_section()
            if active.endswith(label):
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"section {label!r} not active (got {active!r}); screen:\n{self.screen()}"
                )
            time.sleep(0.1)

    def kill(self) -> None:
        self.tmux("kill-server", check=False)


@pytest.fixture
def terminal_env(tmp_path) -> dict[str, str]:
    _require(shutil.which("tmux") is not None, "tmux is not installed")
    _require(CRM_TUI.exists(), f"{CRM_TUI} is not installed (pip install -e .)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CRM_TUI_", "TMUX"))}
    env.update(
        CRM_TUI_DATA_DIR=str(tmp_path / "data"),
        CRM_TUI_CONFIG_DIR=str(tmp_path / "config"),
        CRM_TUI_TODAY="2026-11-22",
        LANG="C.UTF-8",
        TERM=env.get("TERM") or "xterm-256color",
    )
    return env


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_user_moves_around_the_shell(terminal_env, tmp_path, size):
    width, height = size
    term = Terminal(width, height, terminal_env)
    try:
        term.start([str(CRM_TUI), "--demo", "--lang", "en"])
        # First start creates the demo database, then paints Today.
        screen = term.wait_for(lambda s: "F2 Today" in s and "F3 Customers" in s, "Today", 20)
        assert "Traceback" not in screen
        term.wait_active("Today")
        assert (tmp_path / "data" / "demo.sqlite3").exists()

        term.press("F3")
        term.wait_active("Customers")
        term.press("F2")
        term.wait_active("Today")

        term.press("?")
        help_screen = term.wait_for(lambda s: "Escape closes this help" in s, "help screen")
        assert "Key" in help_screen and "Action" in help_screen
        term.press("Escape")
        term.wait_for(lambda s: "Escape closes this help" not in s, "help closed")
        term.wait_active("Today")

        term.press("F7")
        turkish = term.wait_for(lambda s: "F2 Bugün" in s, "Turkish section bar")
        assert "Müşteriler" in turkish
        term.wait_active("Bugün")
        term.press("F4")  # a section opened for the first time, in Turkish
        term.wait_active("Hatırlatmalar")
        term.press("F2")
        term.wait_active("Bugün")

        term.press("C-q")
        final = term.wait_for(lambda s: "EXITED" in s, "the program to end")
        assert "EXITED 0" in final and "Traceback" not in final
    finally:
        term.kill()
