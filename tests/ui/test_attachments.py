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


async def test_added_to_the_policy_under_the_cursor(db_path, tmp_path, monkeypatch):
    from datetime import date

    from crm_tui.db.models import Policy

    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    c = Customer.create(name="Poliçeli")
    p = Policy.create(
        customer=c,
        line="kasko",
        number="KSK-7",
        start_date=date(2026, 1, 1),
        end_date=date(2027, 1, 1),
    )
    pdf = tmp_path / "police.pdf"
    pdf.write_bytes(b"%PDF")
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_card(pilot, c.id)
        await pilot.press("2")  # Policies: the cursor on KSK-7
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AddAttachmentScreen) and form.on == "policy"
        form.set_value("path", str(pdf))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Attachment.get().policy_id == p.id
        table = app.screen.query_one("#files-table", DataTable)
        assert str(table.get_row_at(0)[2]) == f"policy #{p.id}"
