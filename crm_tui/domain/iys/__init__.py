"""İYS (İleti Yönetim Sistemi): the consents in İYS's terms, the bulk file to upload
(``export``) and İYS's answer read back (``answer``). The consent ledger stays in
``domain/consent.py``; this package only translates."""

from .answer import ImportReport, import_answer
from .export import ExportResult, export_consents, export_rows
from .format import (
    CHANNEL_TO_TYPE,
    COLUMNS,
    TYPE_TO_CHANNEL,
    recipient_type,
    source_code,
)

__all__ = [
    "CHANNEL_TO_TYPE",
    "COLUMNS",
    "ExportResult",
    "ImportReport",
    "TYPE_TO_CHANNEL",
    "export_consents",
    "export_rows",
    "import_answer",
    "recipient_type",
    "source_code",
]
