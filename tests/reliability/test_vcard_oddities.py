"""Issue 14, item 10: vCards with a CHARSET that is no text encoding gave a traceback, and
a line vobject cannot read was logged to stderr with a wrong line number."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from crm_tui.domain import importers

CARD = """BEGIN:VCARD\r
VERSION:2.1\r
N;CHARSET={charset};ENCODING=QUOTED-PRINTABLE:=C3=96zt=C3=BCrk;Ali\r
FN;CHARSET={charset};ENCODING=QUOTED-PRINTABLE:Ali =C3=96zt=C3=BCrk\r
TEL;CELL:05321234567\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Veli Kaya\r
TEL;TYPE=CELL:05331234567\r
END:VCARD\r
"""


@pytest.mark.parametrize("charset", ["undefined", "idna", "punycode", "rot13", "nope", "utf-16"])
def test_a_charset_that_is_no_text_encoding_reads_the_card(tmp_path, charset):
    path = tmp_path / "rehber.vcf"
    path.write_text(CARD.format(charset=charset), encoding="utf-8")
    table = importers.read_file(path)
    assert len(table.rows) == 2
    assert "Veli Kaya" in table.rows[1]


def test_an_unreadable_line_is_listed_not_logged(tmp_path):
    path = tmp_path / "rehber.vcf"
    text = CARD.format(charset="utf-8").replace(
        "FN:Veli Kaya\r\n", "FN:Veli Kaya\r\nbu satırda iki nokta yok\r\n"
    )
    path.write_text(text, encoding="utf-8")
    env = dict(os.environ, CRM_TUI_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-m", "crm_tui", "--lang", "en", "--db", str(tmp_path / "a.sqlite3")]
        + ["import", str(path), "--dry-run"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "Skipped a line that is not vCard: bu satırda iki nokta yok" in done.stdout
    assert "2 rows: 2 to create" in done.stdout
