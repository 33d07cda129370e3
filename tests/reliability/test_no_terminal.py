"""Issue 14, item 9: ``crm-tui`` without a terminal (cron, a pipe, a service) spun one core
forever and held the instance lock, so restores were refused. It now ends at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest


@pytest.mark.parametrize(
    "args, stdin, stdout",
    [
        ([], subprocess.DEVNULL, subprocess.PIPE),
        (["--call", "+90 532 123 45 67"], subprocess.DEVNULL, subprocess.PIPE),
        (["--demo"], subprocess.PIPE, subprocess.PIPE),
        ([], subprocess.DEVNULL, subprocess.DEVNULL),
        (["--call", "05321234567"], subprocess.PIPE, subprocess.PIPE),
    ],
)
def test_the_app_without_a_terminal_ends_at_once_with_one_line(tmp_path, args, stdin, stdout):
    env = dict(os.environ, CRM_TUI_DATA_DIR=str(tmp_path / "data"))
    started = time.monotonic()
    extra = {"input": ""} if stdin == subprocess.PIPE else {"stdin": stdin}
    done = subprocess.run(
        [sys.executable, "-m", "crm_tui", "--lang", "en", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=10,
        **extra,
    )
    assert time.monotonic() - started < 10
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]  # (after "Creating the demo…" for --demo)
    assert last.startswith("crm-tui: the app needs a terminal")
    assert not list((tmp_path / "data").glob("*.sqlite3-wal"))  # closed, nothing held


def test_commands_still_work_without_a_terminal(tmp_path):
    env = dict(os.environ, CRM_TUI_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-m", "crm_tui", "--lang", "en", "today"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_a_terminal_on_one_side_only_is_not_enough(tmp_path):
    """stdin a terminal but stdout a pipe (``crm-tui | less``), and the other way round."""
    import pty

    env = dict(os.environ, CRM_TUI_DATA_DIR=str(tmp_path / "data"))
    for side in ("stdin", "stdout"):
        leader, follower = pty.openpty()
        try:
            ends = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE}
            ends[side] = follower
            done = subprocess.run(
                [sys.executable, "-m", "crm_tui", "--lang", "en"],
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                timeout=10,
                **ends,
            )
        finally:
            os.close(follower)
            os.close(leader)
        assert done.returncode == 2, side
        assert done.stderr.startswith("crm-tui: the app needs a terminal"), side
