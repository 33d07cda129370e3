"""Import screen: choose a file, confirm or change the guessed column mapping, read the
preview (the dry-run report), then import in one transaction with a progress bar."""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.suggester import Suggester
from textual.widgets import DataTable, Input, OptionList, ProgressBar, Select, Static
from textual.widgets.option_list import Option

from ...domain import importers
from ...domain.errors import ValidationError
from ...domain.import_mapping import IGNORE, field_label, fields_for
from ...i18n import N_, _, format_number
from ...safe_text import printable
from ..dialogs.confirm import ConfirmScreen
from ..widgets.keyfooter import KeyFooter
from ..widgets.safetable import SafeTable

_IMPORTABLE = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".vcf", ".vcard", ".json")


def complete_path(value: str) -> str | None:
    """The first folder or importable file that ``value`` is the beginning of, as typed
    (``~`` kept), with a ``/`` after a folder."""
    if not value:
        return None
    folder, prefix = os.path.split(os.path.expanduser(value))
    try:
        entries = sorted(os.scandir(folder or "."), key=lambda e: e.name.casefold())
    except OSError:
        return None
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix) or (name.startswith(".") and not prefix.startswith(".")):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir or name.lower().endswith(_IMPORTABLE):
            rest = name[len(prefix) :] + (os.sep if is_dir else "")
            return value + rest if rest else None
    return None


class PathSuggester(Suggester):
    """Completes file paths as they are typed (→ accepts), like a shell's Tab."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value)


class FieldPicker(ModalScreen[str | None]):
    """Choose the field a column goes to (or ignore it)."""

    BINDINGS = [Binding("escape", "dismiss(None)", N_("Cancel"), id="import.pick_cancel")]

    def __init__(self, kind: str, column: str, current: str) -> None:
        super().__init__()
        self.kind = kind
        self.column = column
        self.current = current

    def compose(self) -> ComposeResult:
        codes = [IGNORE, *fields_for(self.kind)]
        with Vertical():
            yield Static(_("Column '{column}' goes to:", column=self.column), markup=False)
            yield OptionList(
                *[Option(field_label(self.kind, c), id=c) for c in codes], id="field-options"
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        codes = [IGNORE, *fields_for(self.kind)]
        if self.current in codes:
            options.highlighted = codes.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


class ImportScreen(Screen):
    """Import customers or policies from CSV, vCard (and whole JSON exports via the CLI)."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="import.back"),
        Binding("ctrl+s", "run_import", N_("Import"), id="import.run"),
        Binding("ctrl+o", "load", N_("Read file"), id="import.load"),
    ]

    def __init__(self, path: str | None = None) -> None:
        super().__init__()
        self.initial_path = path
        self.table: importers.Table | None = None
        self.mapping: list[str] = []
        self.plan: importers.ImportPlan | None = None
        self.running = False

    # -- building --------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(_("Import customers or policies"), id="import-title")
        yield Input(
            self.initial_path or "",
            placeholder=_("File path, e.g. ~/Belgeler/musteriler.csv"),
            id="import-path",
            suggester=PathSuggester(),
        )
        with Horizontal(id="import-row"):
            yield Select(
                [(_("Customers"), "customers"), (_("Policies"), "policies")],
                value="customers",
                allow_blank=False,
                compact=True,
                id="import-kind",
            )
            yield Select(
                [(_("Skip duplicates"), "skip"), (_("Merge duplicates"), "merge")],
                value="skip",
                allow_blank=False,
                compact=True,
                id="import-dup",
            )
        yield Static(
            _("Type the path of a CSV, XLSX or vCard file (→ completes it) and press Enter."),
            id="import-info",
            markup=False,  # file names and cells may hold "[" (markup would raise)
        )
        yield SafeTable(id="import-mapping", cursor_type="row", zebra_stripes=True)
        yield Static("", id="import-summary", markup=False)
        yield SafeTable(id="import-issues", cursor_type="row")
        yield ProgressBar(id="import-progress", show_eta=False, classes="hidden")
        yield KeyFooter()

    def on_mount(self) -> None:
        mapping = self.query_one("#import-mapping", DataTable)
        mapping.add_columns(_("No."), _("Column"), _("Field"), _("Example"))
        issues = self.query_one("#import-issues", DataTable)
        issues.add_columns(_("Row"), _("Result"))
        self.query_one("#import-path", Input).focus()
        if self.initial_path:
            self.action_load()

    # -- helpers ---------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return str(self.query_one("#import-kind", Select).value)

    @property
    def on_duplicate(self) -> str:
        return str(self.query_one("#import-dup", Select).value)

    def _info(self, text: str) -> None:
        self.query_one("#import-info", Static).update(text)

    # -- loading and preview -----------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_load()

    def on_select_changed(self, event: Select.Changed) -> None:
        if self.table is None:
            return
        if event.select.id == "import-kind":
            self.run_worker(self._remap(), exclusive=True, group="import")
            return
        self._preview()

    async def _remap(self) -> None:
        """Another kind: its own guess, or the columns saved for this kind of list."""
        assert self.table is not None
        self.mapping = importers.default_mapping(self.table, self.kind)
        offered = await self.app.db(importers.offered_mapping, self.table.headers, self.kind)
        if offered is not None:
            self.mapping = offered[1]
        self._show_mapping()
        await self._plan()

    def action_load(self) -> None:
        if self.running:
            return
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            self._info(
                _("Type the path of a CSV, XLSX or vCard file (→ completes it) and press Enter.")
            )
            return
        self.run_worker(self._load(Path(text).expanduser()), exclusive=True, group="import")

    async def _load(self, path: Path) -> None:
        self._info(_("Reading {path}…", path=path))
        try:
            table = await self.app.db(importers.read_file, path)
        except importers.ImportFileError as exc:
            self.table = None
            self.plan = None
            self._info(str(exc))
            self.query_one("#import-mapping", DataTable).clear()
            self.query_one("#import-issues", DataTable).clear()
            self.query_one("#import-summary", Static).update("")
            return
        self.table = table
        self.mapping = importers.default_mapping(table, self.kind)
        # the columns saved for this insurer's last list, when the headers are the same
        offered = await self.app.db(importers.offered_mapping, table.headers, self.kind)
        if offered is not None:
            self.mapping = offered[1]
        if table.format == "xlsx":
            info = _(
                "{path}: {rows} rows, sheet '{sheet}'.",
                path=path.name,
                rows=format_number(len(table.rows)),
                sheet=table.sheet,
            )
        elif table.format == "vcard":
            info = _(
                "{path}: vCard, {rows} contacts.",
                path=path.name,
                rows=format_number(len(table.rows)),
            )
        else:
            info = _(
                "{path}: {rows} rows, encoding {encoding}, delimiter '{delimiter}'.",
                path=path.name,
                rows=format_number(len(table.rows)),
                encoding=table.encoding,
                delimiter=table.delimiter or "-",
            )
        if offered is not None:
            info += " " + _(
                "Same columns as the saved mapping '{name}': using it.", name=offered[0]
            )
        self._info(info + " " + _("Enter on a column changes its field."))
        self._show_mapping()
        await self._plan()
        self.query_one("#import-mapping", DataTable).focus()

    def _show_mapping(self) -> None:
        grid = self.query_one("#import-mapping", DataTable)
        row = grid.cursor_row
        grid.clear()
        assert self.table is not None
        for i, (header, code) in enumerate(zip(self.table.headers, self.mapping, strict=False)):
            grid.add_row(
                str(i + 1),
                header,
                field_label(self.kind, code),
                ", ".join(self.table.sample(i, 2))[:40],
                key=str(i),
            )
        if grid.row_count:
            grid.move_cursor(row=min(row, grid.row_count - 1))

    def _preview(self) -> None:
        self.run_worker(self._plan(), exclusive=True, group="import")

    async def _plan(self) -> None:
        if self.table is None:
            return
        summary = self.query_one("#import-summary", Static)
        bar = self.query_one("#import-progress", ProgressBar)
        big = len(self.table.rows) > 5000  # a bar while checking long files
        if big:
            summary.update(_("Checking {rows} rows…", rows=format_number(len(self.table.rows))))
            bar.remove_class("hidden")
            bar.update(total=len(self.table.rows), progress=0)

        def progress(done: int, total: int) -> None:
            if big:
                self.app.call_from_thread(bar.update, total=max(1, total), progress=done)

        try:
            plan = await self.app.db(
                importers.plan_import,
                self.table,
                self.mapping,
                self.kind,
                self.on_duplicate,
                progress=progress,
            )
        except ValidationError as exc:
            self.plan = None
            summary.update(str(exc))
            self.query_one("#import-issues", DataTable).clear()
            return
        finally:
            if big and not self.running:
                bar.add_class("hidden")
        self.plan = plan
        summary.update(importers.summary_line(plan) + "  " + _("ctrl+s imports."))
        issues = self.query_one("#import-issues", DataTable)
        issues.clear(columns=True)
        word = _("Contact") if plan.row_word == "contact" else _("Row")
        # A message longer than the screen is wrapped onto more lines of its row (the
        # table's edge cut it mid-word: "bad birthday '15.03.2045': 15.03.20…").
        first = len(word) + 6  # "Row 12345"
        rest = max(20, issues.size.width - first - 2 * 2 - 2) if issues.size.width else None
        issues.add_column(word, width=first)
        issues.add_column(_("Result"), width=rest)

        def add(row: str, message: str) -> None:
            if rest is None:
                issues.add_row(row, message)
                return
            # plain text (cells of the file), no control characters, as SafeTable shows it
            lines = Text(printable(message)).wrap(self.app.console, rest)
            issues.add_row(row, Text("\n").join(lines), height=max(1, len(lines)))

        notice = importers.cleaned_notice(self.table, word)
        if notice:
            add("", notice)
        for issue in plan.refused[:500]:
            add(f"{word} {issue.row}", _("Refused: {reason}", reason=issue.message))
        for issue in plan.renewals[:500]:
            add(f"{word} {issue.row}", _("Renewal: {what}", what=issue.message))
        for issue in plan.duplicates[:500]:
            add(f"{word} {issue.row}", issue.message)

    # -- changing the mapping ------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "import-mapping" or self.table is None or self.running:
            return
        event.stop()
        index = int(event.row_key.value)

        def chosen(code: str | None) -> None:
            if code is None:
                return
            self.mapping[index] = code
            self._show_mapping()
            self._preview()

        self.app.push_screen(
            FieldPicker(self.kind, self.table.headers[index], self.mapping[index]), chosen
        )

    # -- running -------------------------------------------------------------------------
    def action_run_import(self) -> None:
        plan = self.plan
        if plan is None or self.running:
            self.app.notify(_("Choose a file first; the preview shows what will happen."))
            return
        if not plan.create and not plan.update:
            self.app.notify(_("Nothing to import."))
            return
        if plan.refused:
            question = _(
                "{refused} rows are refused (see the list). Import only the {good} good rows?",
                refused=format_number(len(plan.refused)),
                good=format_number(len(plan.create) + len(plan.update)),
            )
        else:
            question = _(
                "Import {create} new and update {update} existing records?",
                create=format_number(len(plan.create)),
                update=format_number(len(plan.update)),
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._run(plan), exclusive=True, group="import")

        self.app.push_screen(ConfirmScreen(question, width=70), answered)

    async def _run(self, plan: importers.ImportPlan) -> None:
        self.running = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.remove_class("hidden")
        bar.update(total=max(1, len(plan.create) + len(plan.update)), progress=0)

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=max(1, total), progress=done)

        def write():
            safety = importers.backup_before_import()
            return safety, importers.run_import(plan, True, progress)

        try:
            safety, result = await self.app.db(write)
        except importers.ImportFileError as exc:  # no safety backup, or the data changed
            self.app.notify_error(str(exc))
            self.running = False
            bar.add_class("hidden")
            await self._plan()  # show the preview as it is now
            return
        except Exception as exc:  # the transaction rolled back: nothing was written
            self.app.notify_error(_("Import failed, nothing was written: {reason}", reason=exc))
            return
        finally:
            self.running = False
            bar.add_class("hidden")
        message = _(
            "Imported: {created} created, {updated} updated, {skipped} skipped, {refused} refused.",
            created=format_number(result.created),
            updated=format_number(result.updated),
            skipped=format_number(result.skipped),
            refused=format_number(result.refused),
        )
        if safety is not None:
            message += " " + _(
                "To undo it, restore {file} from Backups (ctrl+p).", file=safety.name
            )
        self.query_one("#import-summary", Static).update(message)
        self.query_one("#import-issues", DataTable).clear()
        self.plan = None
        self.app.notify(message, timeout=8)

    def action_back(self) -> None:
        if self.running:
            return
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
