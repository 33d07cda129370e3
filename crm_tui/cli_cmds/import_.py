"""``crm-tui import FILE``: customers or policies from CSV/vCard, or a whole JSON export."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from ..i18n import N_, _

NAME = "import"
HELP = N_("import customers or policies from CSV, XLSX, vCard or a crm-tui JSON export")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("the file to import"))
    parser.add_argument(
        "--dry-run", action="store_true", help=_("only report what would happen; write nothing")
    )
    parser.add_argument(
        "--mapping",
        "--map",
        dest="mapping",
        metavar="COL=FIELD,...",
        help=_("override the guessed columns, e.g. 'Cep=phone_mobile,3=ignore'"),
    )
    parser.add_argument(
        "--sheet", metavar=_("SHEET"), help=_("XLSX: the sheet to read, by name or number")
    )
    parser.add_argument(
        "--use-mapping",
        metavar=_("NAME"),
        help=_("use the column mapping saved under this name (e.g. the insurer's)"),
    )
    parser.add_argument(
        "--save-mapping",
        metavar=_("NAME"),
        help=_("save the columns under this name; offered again for a file with the same columns"),
    )
    parser.add_argument(
        "--on-duplicate",
        choices=("skip", "merge"),
        default="skip",
        help=_("same phone, e-mail or national ID: skip the row or merge it (default: skip)"),
    )
    parser.add_argument(
        "--accept-errors",
        action="store_true",
        help=_("import the good rows even when some rows are refused"),
    )
    parser.add_argument(
        "--yes",
        "-y",
        action="store_true",
        help=_("do not ask before importing (the columns and the report are still shown)"),
    )
    parser.add_argument(
        "--kind",
        choices=("customers", "policies"),
        default="customers",
        help=_("what the file holds (default: customers)"),
    )


def _progress_bar(label: str):
    """A one-line progress bar on stderr (only in a terminal; pipes get no noise)."""
    shown = {"done": False}

    def progress(done: int, total: int) -> None:
        if not sys.stderr.isatty() or not total or shown["done"]:
            return
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
            shown["done"] = True
        sys.stderr.flush()

    return progress


def run(args: argparse.Namespace) -> int:
    from ..domain import importers
    from ..domain.errors import ValidationError
    from ..domain.import_mapping import field_label, parse_override
    from .common import CliError, ask_yes_no, db_options, open_db, say

    path = Path(args.file).expanduser()
    try:
        if importers.is_json_file(path):
            if args.dry_run:
                raise CliError(_("A JSON export cannot be dry-run; it is loaded whole."))
            if not path.exists():
                raise CliError(_("File not found: {path}", path=path))
            open_db(args)
            counts = importers.import_json(path)
            erased = counts.pop("erased_again", 0)
            say(
                _(
                    "Loaded {rows} rows ({customers} customers) from {path}.",
                    rows=sum(counts.values()),
                    customers=counts.get("customer", 0),
                    path=path,
                )
            )
            if erased:
                say(
                    _(
                        "{n} customers erased (KVKK) after this export was made were erased again.",
                        n=erased,
                    )
                )
            return 0
        table = importers.read_file(path, sheet=args.sheet)
        mapping = importers.default_mapping(table, args.kind)
        if args.mapping:  # a bad override is refused before a database is made
            parse_override(args.mapping, table.headers, mapping, args.kind)
        open_db(args)
        if args.use_mapping:
            mapping = importers.mapping_named(args.use_mapping, table.headers, args.kind)
            say(_("Using the saved mapping '{name}'.", name=args.use_mapping))
        elif not args.mapping:
            offered = importers.offered_mapping(table.headers, args.kind)
            if offered is not None:
                mapping = offered[1]
                say(_("Same columns as the saved mapping '{name}': using it.", name=offered[0]))
        if args.mapping:
            mapping = parse_override(args.mapping, table.headers, mapping, args.kind)
        if table.format == "xlsx":
            say(
                _(
                    "{path}: {rows} rows, sheet '{sheet}'.",
                    path=path,
                    rows=len(table.rows),
                    sheet=table.sheet,
                )
            )
        else:
            say(
                _(
                    "{path}: {rows} rows, encoding {encoding}, delimiter '{delimiter}'.",
                    path=path,
                    rows=len(table.rows),
                    encoding=table.encoding,
                    delimiter=table.delimiter or "-",
                )
            )
        say(_("Columns:"))
        ignored = []
        for i, (header, code) in enumerate(zip(table.headers, mapping, strict=False), start=1):
            if code == "ignore":
                ignored.append(f"{i}. {header}")
                continue
            sample = ", ".join(table.sample(i - 1, 1))
            say(f"  {i:>2}. {header} → {field_label(args.kind, code)} [{code}]  {sample}")
        if ignored:
            say(_("Ignored columns: {columns}", columns="; ".join(ignored)))
        for number, line in table.skipped_lines:
            if number:
                say(_("Skipped line {number}, not vCard: {line}", number=number, line=line[:80]))
            else:
                say(_("Skipped a line that is not vCard: {line}", line=line[:80]))
        plan = importers.plan_import(
            table, mapping, args.kind, args.on_duplicate, progress=_progress_bar(_("Checking"))
        )
        if args.save_mapping:
            importers.save_mapping(args.save_mapping, args.kind, table.headers, mapping)
            say(_("Columns saved as '{name}'.", name=args.save_mapping))
    except (importers.ImportFileError, ValidationError) as exc:
        raise CliError(str(exc)) from exc
    for line in importers.report_lines(plan, limit=None):
        say(line)
    if args.dry_run:
        say(_("Dry run: nothing was written."))
        return 0
    if not plan.create and not plan.update:
        say(_("Nothing to import."))
        return 0
    accept = args.accept_errors
    interactive = sys.stdin.isatty() and not args.yes
    if interactive:
        # the user has read the columns and the report above: ask, as the TUI does
        if plan.refused and not accept:
            question = _(
                "{refused} rows are refused (see the list). Import only the {good} good rows?",
                refused=len(plan.refused),
                good=len(plan.create) + len(plan.update),
            )
        else:
            question = _(
                "Import {create} new and update {update} existing records?",
                create=len(plan.create),
                update=len(plan.update),
            )
        if not ask_yes_no(question):
            raise CliError(_("Nothing was imported."))
        accept = True
    elif plan.refused and not accept:
        raise CliError(str(importers.RefusedRowsError.for_plan(plan)))
    try:
        safety = importers.backup_before_import()
        result = importers.run_import(
            plan, accept_errors=accept, progress=_progress_bar(_("Importing"))
        )
    except importers.RefusedRowsError as exc:
        raise CliError(str(exc)) from exc
    except importers.ImportFileError as exc:
        raise CliError(str(exc)) from exc
    say(
        _(
            "Imported: {created} created, {updated} updated, {skipped} skipped, {refused} refused.",
            created=result.created,
            updated=result.updated,
            skipped=result.skipped,
            refused=result.refused,
        )
    )
    if safety is not None:
        command = f"crm-tui{db_options(args)} restore {shlex.quote(str(safety))}"
        say(_("To undo this import: {command}", command=command))
    return 0
