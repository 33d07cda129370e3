"""The suite's own plumbing: what a child printed is never lost on the way to the test."""

from __future__ import annotations

import subprocess
import sys

from .helpers import finish, reported

# One write() of less than PIPE_BUF bytes arrives in one piece, so the parent's first
# readline() buffers every line after READY too: exactly the case that lost lines.
CHILD = """
import sys
sys.stdout.write("READY\\n" + "".join(f"OK create {i} 1 0\\n" for i in range(60)))
sys.stdout.flush()
"""


def test_lines_buffered_by_readline_are_not_lost():
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline() == "READY\n"
    out, err = finish(proc, timeout=30)
    assert proc.returncode == 0, err
    assert [cid for _op, cid, _v, _n in reported(out)] == list(range(60))


async def test_the_overlap_check_finds_text_drawn_over_other_text():
    """layout.overlapping must be able to fail: a label moved over its neighbour."""
    from textual.app import App
    from textual.widgets import Label

    from .layout import overlapping

    class Overlap(App):
        CSS = "#b { offset: 3 -1; }"

        def compose(self):
            yield Label("Müşteri adı", id="a")
            yield Label("Telefon", id="b")
            yield Label("Şehir", id="c")

    app = Overlap()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        problems = overlapping(app.screen)
        assert len(problems) == 1 and "id='a'" in problems[0] and "id='b'" in problems[0]
        app.query_one("#b").styles.offset = (0, 0)
        await pilot.pause()
        assert overlapping(app.screen) == []
