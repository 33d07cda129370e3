"""Data in and out from the app: palette commands (import, export, backups), the daily
backup on start, the export form, and reloading every screen after a restore."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..domain.errors import ValidationError
from ..domain.roles import PermissionDenied
from ..i18n import N_, _, get_language
from . import registry
from .dialogs.form import Field, FormScreen


def commands(app) -> list[tuple[str, object, str]]:
    """Entries for the command palette (see ``CrmApp.extra_commands``)."""
    return [
        (
            _("Import customers or policies (CSV, vCard)"),
            lambda: open_import(app),
            _("Read a file, check the columns and the preview, then import"),
        ),
        (
            _("Export (CSV, XLSX, vCard, JSON, calendar)"),
            lambda: open_export(app),
            _("Write customers, policies, reminders or complaints to a file"),
        ),
        (
            _("Backups: list, back up now, restore"),
            lambda: open_backups(app),
            _("The daily backups and those made on request"),
        ),
    ]


def open_import(app, path: str | None = None) -> None:
    # through the registry: the screens import this module (no import cycle)
    app.open_screen(registry.IMPORT_SCREEN, path)


def open_backups(app) -> None:
    app.open_screen(registry.BACKUPS_SCREEN)


# -- the daily backup --------------------------------------------------------------------


async def daily_backup(app) -> None:
    """On the first start of each day: back up in the background, tell only on failure."""
    from ..domain import backup

    try:
        await app.db(backup.auto_backup)
    except backup.BackupError as exc:
        app.notify_error(_("The daily backup failed: {reason}", reason=exc))


# -- export -------------------------------------------------------------------------------


def default_export_path(fmt: str, what: str, today: date | None = None) -> Path:
    from ..domain.exporters import default_export_path as path

    return path(fmt, what, today)


class ExportFormScreen(FormScreen):
    """Format, what, delimiter and file; dismissed with the checked values (the export
    itself runs in a worker: a JSON of a large database takes seconds)."""

    TITLE = N_("Export")

    def fields(self) -> list[Field]:
        return [
            Field(
                "fmt",
                N_("Format"),
                kind="select",
                value="csv",
                allow_blank=False,
                options=[
                    (_("CSV (Excel, LibreOffice)"), "csv"),
                    (_("XLSX (an Excel workbook)"), "xlsx"),
                    (_("vCard (phones, e-mail programs)"), "vcard"),
                    (_("JSON (everything, to move or keep)"), "json"),
                    (_("iCalendar (reminders and renewals)"), "ics"),
                ],
            ),
            Field(
                "what",
                N_("What"),
                kind="select",
                value="customers",
                allow_blank=False,
                options=[
                    (_("Customers"), "customers"),
                    (_("Policies"), "policies"),
                    (_("Reminders"), "reminders"),
                    (_("Complaints"), "complaints"),
                ],
                hint=N_("vCard holds customers, JSON everything, iCalendar the reminders."),
            ),
            Field(
                "delimiter",
                N_("CSV delimiter"),
                kind="select",
                value=";" if get_language() == "tr" else ",",  # as Excel in the language reads
                allow_blank=False,
                options=[(_("; (Excel in Turkish)"), ";"), (_(", (comma)"), ",")],
            ),
            Field(
                "path",
                N_("File"),
                value=str(default_export_path("csv", "customers")),
                hint=N_("Readable only by you: it holds personal data."),
            ),
        ]

    def on_select_changed(self, event) -> None:
        # keep the suggested file name in step with the format, unless the user typed one
        values = self.values()
        suggested = {
            str(default_export_path(f, w))
            for f in ("csv", "xlsx", "vcard", "json", "ics")
            for w in ("customers", "policies", "reminders", "complaints")
        }
        if values["path"] in suggested:
            self.set_value("path", str(default_export_path(values["fmt"], values["what"])))

    def save(self, values: dict[str, Any]) -> Any:
        path = output_path(values.get("path"), _("Enter a file name, like customers.csv."))
        fmt = values["fmt"]
        what = values["what"]
        if fmt == "vcard" and what != "customers":
            raise ValidationError({"what": _("vCard export holds customers only.")})
        if fmt == "json":
            what = None
        elif fmt == "ics":
            what = "reminders"
        return {"fmt": fmt, "what": what, "delimiter": values["delimiter"], "path": path}


def output_path(raw: str | None, empty_message: str) -> Path:
    """The file a form's ``path`` field names, checked; ValidationError at the field."""
    raw = (raw or "").strip()
    if not raw:
        raise ValidationError({"path": empty_message})
    path = Path(raw).expanduser()
    if path.is_dir():
        raise ValidationError({"path": _("{path} is a folder: add a file name.", path=path)})
    if not path.parent.exists():
        raise ValidationError({"path": _("Folder {folder} does not exist.", folder=path.parent)})
    return path


def unless_declined_overwrite(app, path: Path, then) -> None:
    """Call ``then()`` at once, or, when ``path`` exists, after the user agreed to replace it."""
    from .dialogs.confirm import ConfirmScreen

    if not path.exists():
        then()
        return

    def answered(yes: bool | None) -> None:
        if yes:
            then()

    app.push_screen(ConfirmScreen(_("{path} exists. Replace it?", path=path)), answered)


def open_export(app) -> None:
    def chosen(values: dict | None) -> None:
        if values:
            unless_declined_overwrite(
                app, values["path"], lambda: app.run_worker(_export(app, values), group="export")
            )

    app.push_screen(ExportFormScreen(), chosen)


async def _export(app, values: dict) -> None:
    from ..domain import exporters

    app.notify(_("Writing {path}…", path=values["path"]))
    try:
        count = await app.db(
            exporters.export,
            values["fmt"],
            values["what"],
            values["path"],
            delimiter=values["delimiter"],
        )
    except (ValidationError, exporters.ExportError, PermissionDenied) as exc:
        app.notify_error(str(exc))
        return
    app.notify(_("Wrote {count} records to {path}.", count=count, path=values["path"]))


# -- after a restore -------------------------------------------------------------------


def reload_everything(app) -> None:
    """A restore replaced every row: open cards and lists show data that is gone (or
    another person under the same number). The app goes to Today and every section is
    rebuilt from the restored data.

    Screens are dropped with their whole section, never popped one by one: a popped-to
    card would start reloading itself just before it is removed."""
    modes = list(app.MODES)
    target = "today" if "today" in modes else modes[0]

    def rebuild(mode: str) -> None:
        factory = app.MODES[mode]
        app.remove_mode(mode)
        app.add_mode(mode, factory)

    if app.current_mode == target:
        stepping_stone = next(m for m in modes if m != target)
        rebuild(stepping_stone)
        app.switch_mode(stepping_stone)
        rebuild(target)
        app.switch_mode(target)
        modes.remove(stepping_stone)  # just built from the restored data
    else:
        rebuild(target)  # it may hold a card of its own, opened from Today
        app.switch_mode(target)
    for mode in modes:
        if mode != app.current_mode:
            rebuild(mode)
