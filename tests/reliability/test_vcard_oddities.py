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
    assert "Skipped line 10, not vCard: bu satırda iki nokta yok" in done.stdout
    assert "2 rows: 2 to create" in done.stdout


@pytest.mark.parametrize("soft_breaks", [0, 1, 3])
def test_an_unreadable_line_has_its_own_line_number_after_soft_breaks(tmp_path, soft_breaks):
    """vobject counts lines after quoted-printable soft breaks are joined, so its number
    was wrong; the report names the line as the file numbers it."""
    name = "=C3=96zt=C3=BCrk" + "=\r\n=C3=BC" * soft_breaks
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{name}\r\n"
        "TEL;CELL:05321234567\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Veli Kaya\r\n"
        "yanlış satır\r\nTEL;TYPE=CELL:05331234567\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "rehber.vcf"
    path.write_text(text, encoding="utf-8")
    table = importers.read_file(path)
    assert len(table.rows) == 2
    assert table.skipped_lines == [(9 + soft_breaks, "yanlış satır")]


def test_an_odd_charset_card_does_not_stop_the_others(tmp_path):
    cards = "".join(
        CARD.format(charset=charset)
        .replace("05321234567", f"0532123450{i}")
        .replace("Veli Kaya", f"Veli Kaya {i}")
        .replace("05331234567", f"0533123450{i}")
        for i, charset in enumerate(["undefined", "idna", "punycode"])
    )
    path = tmp_path / "rehber.vcf"
    path.write_text(cards, encoding="utf-8")
    table = importers.read_file(path)
    assert len(table.rows) == 6
    assert table.skipped_lines == []
