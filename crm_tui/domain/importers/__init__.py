"""Bringing customer lists and policy books in: CSV (Excel, LibreOffice, Google Contacts,
Outlook; comma/semicolon/tab; UTF-8 with or without BOM, UTF-16, Windows-1254), XLSX
(insurers' production and renewal lists: ``xlsx``), vCard 3.0/4.0, and the JSON export
of a whole database. A mapping can be saved under a name and is offered again for the
next file with the same columns (``saved``); a policy row that renews a stored policy is
linked to it (``renewal``).

Three steps, each usable alone:

1. ``read_file(path)`` → ``Table`` (headers, rows, detected encoding and delimiter);
2. ``guess_mapping(table.headers)`` (``import_mapping``) → shown, overridable;
3. ``plan_import(table, mapping)`` → ``ImportPlan`` (the dry-run report: what would be
   created, updated, skipped as duplicate, refused with row number and reason), then
   ``run_import(plan)`` writes it in ONE transaction (all or nothing).

The parts: ``model`` (Table, ImportPlan, records, ImportFileError), ``files`` and ``vcard``
(reading), ``rows`` (one cell and one row into values), ``plan`` (the dry run, duplicate
matching), ``write`` (run_import, the safety backup), ``report`` (the user's lines),
``json_import`` (a whole-database export).
"""

from __future__ import annotations

from .files import default_mapping, detect_encoding, file_format, read_file
from .json_import import import_json, is_json_file
from .model import (
    CustomerRecord,
    ImportFileError,
    ImportPlan,
    ImportResult,
    PolicyRecord,
    Progress,
    RowIssue,
    Table,
)
from .plan import plan_import
from .report import cleaned_notice, report_lines, summary_line
from .rows import fast_phone
from .saved import delete_mapping, mapping_named, offered_mapping, save_mapping, saved_names
from .vcard import VCARD_HEADERS, VCARD_MAPPING
from .write import PlanChangedError, RefusedRowsError, backup_before_import, run_import
from .xlsx import sheet_names

__all__ = [
    "VCARD_HEADERS",
    "VCARD_MAPPING",
    "CustomerRecord",
    "ImportFileError",
    "ImportPlan",
    "ImportResult",
    "PlanChangedError",
    "PolicyRecord",
    "Progress",
    "RefusedRowsError",
    "RowIssue",
    "Table",
    "backup_before_import",
    "cleaned_notice",
    "default_mapping",
    "delete_mapping",
    "detect_encoding",
    "fast_phone",
    "file_format",
    "import_json",
    "is_json_file",
    "mapping_named",
    "offered_mapping",
    "plan_import",
    "read_file",
    "report_lines",
    "run_import",
    "save_mapping",
    "saved_names",
    "sheet_names",
    "summary_line",
]
