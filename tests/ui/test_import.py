"""Import screen: type a path, see the mapping and the preview, confirm, customers are in."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from crm_tui.db.models import Customer
from crm_tui.ui.screens.import_screen import FieldPicker, ImportScreen
from tests.ui.helpers import new_app, settle

DATA = Path(__file__).resolve().parents[2] / "data" / "samples"


def cells(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_import_screen_flow(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(ImportScreen())
        await pilot.pause()
        await pilot.press(*str(DATA / "musteriler_excel_utf8_bom_virgul.csv"))
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        mapping = cells(screen.query_one("#import-mapping", DataTable))
        assert mapping[0][1:3] == ["Ad Soyad", "Full name"]
        assert mapping[1][1:3] == ["Telefon", "Phone"]
        summary = str(screen.query_one("#import-summary", Static).render())
        assert "9 rows: 5 to create" in summary and "3 refused" in summary
        issues = cells(screen.query_one("#import-issues", DataTable))
        assert ["Row 6", "Refused: bad phone '0532 12'"] in issues
        assert ["Row 8", "Refused: missing name"] in issues
        assert Customer.select().count() == 0  # the preview writes nothing

        # change a column: Notlar (7th) → ignore
        table = screen.query_one("#import-mapping", DataTable)
        table.focus()
        table.move_cursor(row=6)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FieldPicker)
        await pilot.press("home", "enter")  # first option: (ignore)
        await settle(pilot)
        assert cells(table)[6][2] == "(ignore)"

        # import: refused rows ask first; "n" keeps everything as it was
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Import only the 5 good rows?" in str(app.screen.query_one(Static).render())
        await pilot.press("n")
        await settle(pilot)
        assert Customer.select().count() == 0
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert Customer.select().count() == 5
        ayse = Customer.get(Customer.name == "Ayşe Yılmaz")
        assert ayse.notes is None  # the ignored column
        assert "Imported: 5 created" in str(screen.query_one("#import-summary", Static).render())


async def test_import_screen_bad_path(db_path):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ImportScreen())
        await pilot.press(*"/nowhere/x.csv", "enter")
        await settle(pilot)
        assert "File not found" in str(app.screen.query_one("#import-info", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert Customer.select().count() == 0
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)


async def test_backups_screen_make_and_restore(db_path):
    from crm_tui.domain import backup
    from crm_tui.ui.screens.backups import BackupsScreen

    Customer.create(name="Önce Vardı")
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(BackupsScreen())
        await settle(pilot)
        assert "No backups yet" in str(app.screen.query_one("#backups-info", Static).render())
        await pilot.press("b")
        await settle(pilot)
        rows = cells(app.screen.query_one(DataTable))
        assert len(rows) == 1 and rows[0][1] == "Made on request"
        assert len(backup.list_backups()) == 1
        Customer.create(name="Sonra Eklendi")
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert [c.name for c in Customer.select()] == ["Önce Vardı"]
        # every screen was rebuilt on the restored data: the app is back on Today
        assert app.current_mode == "today" and len(app.screen_stack) == 1
        assert sorted(b.kind for b in backup.list_backups()) == ["before_restore", "manual"]
        await app.push_screen(BackupsScreen())
        await settle(pilot)
        kinds = sorted(str(r[1]) for r in cells(app.screen.query_one(DataTable)))
        assert kinds == ["Before a restore", "Made on request"]


async def test_restore_from_a_card_rebuilds_every_screen(db_path):
    from crm_tui.domain import backup
    from crm_tui.ui.screens.backups import BackupsScreen

    first = Customer.create(name="Önce Vardı")
    backup.make_backup()
    Customer.delete().execute()
    # someone else under the first one's number (SQLite reuses it; PostgreSQL's sequence
    # does not, so the number is given)
    other = Customer.create(id=first.id, name="Sonra Gelen")
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        app.open_customer(other.id)
        await settle(pilot)
        card = app.screen
        assert "Sonra Gelen" in str(card.query_one("#card-header", Static).render())
        await app.push_screen(BackupsScreen())
        await settle(pilot)
        await pilot.press("r", "y")
        await settle(pilot)
        # the card of "Sonra Gelen" (now someone else under #1) is gone with its section
        assert app.current_mode == "today" and len(app.screen_stack) == 1
        await pilot.press("f3")
        await settle(pilot)
        assert card not in app.screen_stack
        assert [c.name for c in Customer.select()] == ["Önce Vardı"]


async def test_export_form_from_the_palette(db_path, tmp_path, monkeypatch):
    from textual.widgets import Input, Select

    from crm_tui.ui.dataio import ExportFormScreen

    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    monkeypatch.setenv("HOME", str(tmp_path))
    Customer.create(name="Ayşe Yılmaz")
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Export (CSV")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ExportFormScreen)
        path = form.query_one("#f-path", Input)
        assert path.value == str(tmp_path / "crm-customers-2026-11-22.csv")
        form.query_one("#f-fmt", Select).value = "json"  # the suggested name follows
        await pilot.pause()
        assert path.value == str(tmp_path / "crm-all-data-2026-11-22.json")
        form.query_one("#f-fmt", Select).value = "vcard"
        form.query_one("#f-what", Select).value = "policies"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "vCard export holds customers only." in str(
            form.query_one("#e-what", Static).render()
        )
        form.query_one("#f-what", Select).value = "customers"
        await pilot.press("ctrl+s")
        await settle(pilot)
        out = tmp_path / "crm-customers-2026-11-22.vcf"
        assert "FN:Ayşe Yılmaz" in out.read_text(encoding="utf-8")
        # again the same day: the form proposes a name not taken yet
        out.write_text("keep me")
        from crm_tui.ui import dataio

        dataio.open_export(app)
        await settle(pilot)
        app.screen.query_one("#f-fmt", Select).value = "vcard"
        await pilot.pause()
        proposed = app.screen.query_one("#f-path", Input).value
        assert proposed.endswith("crm-customers-2026-11-22-2.vcf"), proposed
        # the user types the existing file's name: asked, "n" keeps it
        app.screen.query_one("#f-path", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "exists. Replace it?" in str(app.screen.query_one(Static).render())
        await pilot.press("n")
        await settle(pilot)
        assert out.read_text() == "keep me"


async def test_turkish_exports_carry_words_not_codes(db_path, tmp_path, monkeypatch):
    """Issue 20 item 6: a Turkish CSV export is ;-separated and says 'Trafik', 'Yürürlükte',
    'Beklemede', 'Hasar', 'Mağazaya gelen' instead of 'trafik', 'active', 'waiting', 'claim',
    'walk-in'; an import reads those words back to the codes."""
    from datetime import date

    from textual.widgets import Input, Select

    from crm_tui.config import Settings
    from crm_tui.db.models import Complaint, Policy
    from crm_tui.domain import importers
    from crm_tui.i18n import set_language
    from crm_tui.ui import dataio
    from crm_tui.ui.app import CrmApp

    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    monkeypatch.setenv("HOME", str(tmp_path))
    ayse = Customer.create(name="Ayşe Yılmaz", source="walk-in")
    Policy.create(
        customer=ayse.id,
        kind="policy",
        line="trafik",
        status="active",
        start_date=date(2026, 1, 1),
        end_date=date(2027, 1, 1),
    )
    Complaint.create(
        customer=ayse.id, subject="Geç ödeme", category="claim", priority="high", status="waiting"
    )
    set_language("tr")
    app = CrmApp(settings=Settings(language="tr"), save_prefs=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            files = {}
            for what in ("customers", "policies", "complaints"):
                dataio.open_export(app)
                await settle(pilot)
                assert app.screen.query_one("#f-delimiter", Select).value == ";"
                app.screen.query_one("#f-what", Select).value = what
                await pilot.pause()
                files[what] = tmp_path / app.screen.query_one("#f-path", Input).value
                await pilot.press("ctrl+s")
                await settle(pilot)
        rows = {
            what: [line.split(";") for line in path.read_text("utf-8-sig").splitlines()]
            for what, path in files.items()
        }
        assert "Mağazaya gelen" in rows["customers"][1] and "walk-in" not in rows["customers"][1]
        policy = rows["policies"][1]
        assert "Sigorta poliçesi" in policy and "Trafik" in policy and "Yürürlükte" in policy
        complaint = rows["complaints"][1]
        assert "active" not in policy and "claim" not in complaint and "waiting" not in complaint
        assert "Hasar" in complaint and "Beklemede" in complaint and "Yüksek" in complaint
        assert importers.rows._code_of("policy_kind", "Sigorta poliçesi") == "policy"
        assert importers.rows._code_of("line", "Trafik") == "trafik"
        assert importers.rows._code_of("policy_status", "Sona erdi") == "lapsed"
    finally:
        set_language("en")


async def test_long_import_messages_wrap_instead_of_being_cut(db_path, tmp_path, monkeypatch):
    """Issue 20 items 8 and 9: at 80 columns the table's edge cut the import messages; a
    future birthday was refused as 'bad birthday' without saying why."""
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    path = tmp_path / "kisiler.csv"
    path.write_text(
        "Ad Soyad;Telefon;Doğum tarihi;E-posta\n"
        "Ayşe Yılmaz;0532 123 45 67;15.03.2045;ayse@example.com\n"
        "Mehmet Uzunsoyadlıoğlu Karaahmetli;0532 12;01.01.1980;bu-bir-e-posta-adresi-degil-cunku-icinde-at-isareti-yok\n",
        encoding="utf-8",
    )
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ImportScreen())
        await pilot.pause()
        await pilot.press(*str(path))
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one("#import-issues", DataTable)
        assert table.virtual_size.width <= table.size.width
        messages = [" ".join(str(r[1]).split()) for r in cells(table)]
        assert any("15.03.2045" in m and "22/11/2026" not in m and "future" in m for m in messages)
        long = max(messages, key=len)
        assert len(long) > 60  # wrapped onto more lines, not cut
        assert "…" not in "".join(messages)
