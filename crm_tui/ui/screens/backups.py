"""Backups screen: the backups in the data folder (newest first), make one now, restore one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...domain import backup
from ...domain.roles import PermissionDenied
from ...i18n import N_, _, format_datetime, format_number
from ..dialogs.confirm import ConfirmScreen
from ..widgets.keyfooter import KeyFooter
from ..widgets.safetable import SafeTable

KINDS = {
    "auto": N_("Daily (automatic)"),
    "manual": N_("Made on request"),
    "before_restore": N_("Before a restore"),
    "before_import": N_("Before an import"),
    "other": N_("Other"),
}


class BackupsScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="backups.back"),
        Binding("b", "make_backup", N_("Back up now"), id="backups.make"),
        Binding("r", "restore", N_("Restore selected"), id="backups.restore"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[backup.BackupInfo] = []

    def compose(self) -> ComposeResult:
        yield Static(_("Backups"), id="backups-title")
        yield Static("", id="backups-info", markup=False)  # a folder name may hold "["
        yield SafeTable(id="backups-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Made"), _("Kind"), _("Size"), _("File"))
        table.focus()
        self.refresh_list()

    def refresh_list(self) -> None:
        self.run_worker(self._load(), exclusive=True, group="backups")

    async def _load(self) -> None:
        self.items = await self.app.db(backup.list_backups)
        table = self.query_one(DataTable)
        table.clear()
        for item in self.items:
            table.add_row(
                format_datetime(item.at),
                _(KINDS.get(item.kind, KINDS["other"])),
                _("{size} KB", size=format_number(max(1, item.size // 1024))),
                item.path.name,
                key=str(item.path),
            )
        folder = await self.app.db(backup.backups_folder, False)
        if self.items:
            info = _(
                "{n} backups in {folder}. Daily backups are kept for a week, then one a week for four weeks.",
                n=len(self.items),
                folder=folder,
            )
        else:
            info = _("No backups yet in {folder}. Press b to make one now.", folder=folder)
        self.query_one("#backups-info", Static).update(info)

    def action_make_backup(self) -> None:
        self.run_worker(self._make(), exclusive=True, group="backups")

    async def _make(self) -> None:
        try:
            path = await self.app.db(backup.make_backup)
        except (backup.BackupError, PermissionDenied) as exc:
            self.app.notify_error(str(exc))
            return
        self.app.notify(_("Backup written to {path}.", path=path))
        await self._load()

    def action_restore(self) -> None:
        table = self.query_one(DataTable)
        if not self.items or table.cursor_row is None or table.cursor_row >= len(self.items):
            return
        item = self.items[table.cursor_row]
        question = _(
            "Replace the database with the backup of {when} ({kind})? The current data is kept as a backup first.",
            when=format_datetime(item.at),
            kind=_(KINDS.get(item.kind, KINDS["other"])),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._restore(item.path), exclusive=True, group="backups")

        self.app.push_screen(ConfirmScreen(question, width=70), answered)

    async def _restore(self, path) -> None:
        try:
            result = await self.app.db(backup.restore_with_report, path)
        except (backup.BackupError, PermissionDenied) as exc:
            self.app.notify_error(str(exc))
            return
        from ..dataio import reload_everything

        message = _(
            "Restored {path}. The previous database was kept as {before}.",
            path=path.name,
            before=result.before.name,
        )
        if result.erased_again:
            message += " " + _(
                "{n} customers erased (KVKK) after this backup was made were erased again.",
                n=len(result.erased_again),
            )
        self.app.notify(message, timeout=10)
        reload_everything(self.app)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
