"""İYS's words for the app's consent facts, and the bulk file's columns in ONE place.

The columns and their order are those of İYS's own bulk-consent example
(github.com/iysorgtr/csv-ile-toplu-izin-gonderme, ``csv/data.csv``: no header line,
``type,source,recipient,status,consentDate,recipientType``, e.g.
``MESAJ,HS_MOBIL,+905445000000,ONAY,2020-07-18 12:28:30,BIREYSEL``); the names are the
fields of İYS's consent API ("izin ekleme", https://dev.iys.org.tr). The CSV is written as
that example (no header); the XLSX has a header line for people. If İYS changes its
template, change ``COLUMNS`` below and nothing else (docs/DATA.md).
"""

from __future__ import annotations

from datetime import datetime

# (column in the file, what it holds); the order is the file's
COLUMNS: tuple[tuple[str, str], ...] = (
    ("type", "MESAJ | ARAMA | EPOSTA"),
    ("source", "HS_..."),
    ("recipient", "phone as +90XXXXXXXXXX or e-mail"),
    ("status", "ONAY | RET"),
    ("consentDate", "YYYY-MM-DD HH:MM:SS"),
    ("recipientType", "BIREYSEL | TACIR"),
)
# İYS's answer repeats the columns and adds a result; these names are read for it
RESULT_COLUMNS = ("result", "sonuc", "sonuç", "error", "hata", "errorMessage")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"

CHANNEL_TO_TYPE = {"sms": "MESAJ", "call": "ARAMA", "email": "EPOSTA"}
TYPE_TO_CHANNEL = {v: k for k, v in CHANNEL_TO_TYPE.items()}
STATUSES = ("ONAY", "RET")

# the app's "how the consent was given" → İYS's source code, when none was chosen
_METHOD_SOURCE = {
    "written": "HS_ISLAK_IMZA",
    "verbal": "HS_FIZIKSEL_ORTAM",
    "phone": "HS_CAGRI_MERKEZI",
    "web": "HS_WEB",
    "sms": "HS_MESAJ",
    "email": "HS_EPOSTA",
    "iys": "IYS",
}


def recipient_type(kind: str | None) -> str:
    """BIREYSEL for a person, TACIR for a business (İYS's recipientType)."""
    return "TACIR" if kind == "business" else "BIREYSEL"


def source_code(iys_source: str | None, method: str | None) -> str:
    """The row's İYS source: the code chosen, else the one its method implies, else a
    consent taken face to face (the agency's usual case)."""
    return iys_source or _METHOD_SOURCE.get(method or "", "HS_FIZIKSEL_ORTAM")


def phone_recipient(e164: str) -> str:
    """The number as İYS's example writes it: +905321112233 (E.164)."""
    return "+" + "".join(ch for ch in e164 if ch.isdigit())


def format_date(at: datetime) -> str:
    return at.strftime(DATE_FORMAT)
