"""f on the card: attachments added by path, listed, opened with the system viewer (here
a stand-in for app.open_url), removed after a question (Pilot at 80×24)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from crm_tui.db.models import Attachment, Customer
from crm_tui.ui.screens.attachments import AddAttachmentScreen, AttachmentsScreen
from tests.ui.helpers import new_app, open_card, settle


async def test_add_open_remove(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    c = Customer.create(name="Ekli Müşteri")
    pdf = tmp_path / "kvkk-formu.pdf"
    pdf.write_bytes(b"%PDF imzali")
    app = new_app()
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_card(pilot, c.id)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, AttachmentsScreen)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AddAttachmentScreen)
        form.set_value("path", str(pdf))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AttachmentsScreen)
        assert [a.name for a in Attachment.select()] == ["kvkk-formu.pdf"]
        table = app.screen.query_one("#files-table", DataTable)
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "kvkk-formu.pdf"
        await pilot.press("enter")
        await settle(pilot)
        assert len(opened) == 1 and opened[0].endswith("/kvkk-formu.pdf")
        shown = Path(opened[0].removeprefix("file://"))
        assert shown.read_bytes() == b"%PDF imzali"
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert Attachment.select().count() == 0
        assert table.row_count == 0
