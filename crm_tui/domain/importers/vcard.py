"""Reading vCard 2.1/3.0/4.0 (phones' and mail programs' contacts) into a ``Table``."""

from __future__ import annotations

import re
from pathlib import Path

from ...i18n import N_, _
from ...safe_text import clean
from .model import ImportFileError, Table

VCARD_HEADERS = [
    N_("Full name"),
    N_("First name"),
    N_("Last name"),
    N_("Mobile phone"),
    N_("Home phone"),
    N_("Work phone"),
    N_("Phone"),
    N_("E-mail"),
    N_("Birthday"),
    N_("Address"),
    N_("City"),
    N_("Company"),
    N_("Notes"),
]
VCARD_MAPPING = [
    "name",
    "first_name",
    "last_name",
    "phone_mobile",
    "phone_home",
    "phone_work",
    "phone",
    "email",
    "birthday",
    "address",
    "city",
    "company",
    "notes",
]


_QP_LINE = re.compile(r"^[^:]*ENCODING=QUOTED-PRINTABLE[^:]*:", re.IGNORECASE)


def _join_qp_soft_breaks(text: str) -> str:
    """vCard 2.1 (Android's export) writes Turkish letters quoted-printable and folds long
    values with a trailing '=' and no space on the next line. vobject neither unfolds
    those nor keeps commas in such a value, so decode them here into 3.0 text."""
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if _QP_LINE.match(line):
            while line.endswith("=") and i + 1 < len(lines):
                i += 1
                line = line[:-1] + lines[i]
            line = _decode_qp_line(line)
        out.append(line)
        i += 1
    return "\r\n".join(out) + "\r\n"


def _decode_qp_line(line: str) -> str:
    import quopri

    head, _sep, value = line.partition(":")
    params = head.split(";")
    charset = "utf-8"
    for p in params[1:]:
        if p.upper().startswith("CHARSET="):
            charset = p.split("=", 1)[1].strip() or "utf-8"
    keep = [p for p in params if not p.upper().startswith(("ENCODING=", "CHARSET="))]
    raw = quopri.decodestring(value.encode("latin-1", "replace"))
    try:
        text = raw.decode(charset, "replace")
    except (LookupError, UnicodeError, ValueError, TypeError):
        # an unknown CHARSET, or a codec that is not a text encoding (undefined, idna,
        # punycode: they refuse "replace" or fail outright): read it as UTF-8
        text = raw.decode("utf-8", "replace")
    text = text.replace("\\", "\\\\").replace(",", "\\,")
    text = text.replace("\r\n", "\\n").replace("\n", "\\n")
    if keep[0].split(".")[-1].upper() not in ("N", "ADR", "ORG"):  # ';' separates parts there
        text = text.replace(";", "\\;")
    return ";".join(keep) + ":" + text


def _types(prop) -> str:
    """TYPE values of a property: TYPE=CELL,VOICE (3.0/4.0) or bare ;CELL (2.1)."""
    values = prop.params.get("TYPE", []) + prop.params.get("type", [])
    values += list(getattr(prop, "singletonparams", []) or [])
    return " ".join(v.lower() for t in values for v in str(t).split(","))


def _joined(value) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(str(v).strip() for v in value if str(v).strip())
    return str(value or "").strip()


def _number_skipped(text: str, skipped: list[str]) -> list[tuple[int, str]]:
    """The file's own line number of each line vobject skipped (its numbers count the
    lines after quoted-printable soft breaks are joined), found in order in ``text``."""
    lines = [line.strip() for line in text.splitlines()]
    found, start = [], 0
    for line in skipped:
        want = line.strip()
        at = next((i for i in range(start, len(lines)) if lines[i] == want), None)
        if at is None:
            at = next((i for i in range(start, len(lines)) if want and want in lines[i]), None)
        if at is not None:
            start = at + 1
        found.append((at + 1 if at is not None else 0, clean(line)))
    return found


def _read_vcard(path: Path, text: str) -> Table:
    import logging

    import vobject

    # Unreadable lines are skipped (ignoreUnreadable). vobject logs each to stderr with a
    # line number of its own (counted after the quoted-printable joins): collect them
    # instead, to list them with the report by their text.
    skipped: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            skipped.append(message.split("Failed to parse line:", 1)[-1].strip())

    loggers = [logging.getLogger(name) for name in ("vobject", "vobject.base")]
    saved = [(log.level, log.handlers, log.propagate) for log in loggers]
    collect = _Collect()
    for log in loggers:
        log.handlers, log.propagate = [collect], False
        log.setLevel(logging.ERROR)
    rows, numbers = [], []
    original = text  # numbered as the user's file numbers its lines
    text = _join_qp_soft_breaks(text)
    try:
        cards = list(vobject.readComponents(text, ignoreUnreadable=True))
    except Exception as exc:  # vobject raises many kinds of parse errors
        raise ImportFileError(
            _("{path} is not a readable vCard file: {reason}", path=path, reason=exc)
        ) from exc
    finally:
        for log, (level, handlers, propagate) in zip(loggers, saved, strict=True):
            log.setLevel(level)
            log.handlers, log.propagate = handlers, propagate
    for number, card in enumerate(cards, start=1):
        if card.name != "VCARD":
            continue
        row = dict.fromkeys(VCARD_MAPPING, "")
        contents = card.contents
        if "fn" in contents:
            row["name"] = str(contents["fn"][0].value).strip()
        if "n" in contents:
            n = contents["n"][0].value
            row["first_name"] = _joined(getattr(n, "given", ""))
            row["last_name"] = _joined(getattr(n, "family", ""))
        phones: dict[str, list[str]] = {"phone_mobile": [], "phone_home": [], "phone_work": []}
        phones["phone"] = []
        for tel in contents.get("tel", []):
            value = str(tel.value).strip()
            if value.lower().startswith("tel:"):
                value = value[4:]
            types = _types(tel)
            key = (
                "phone_mobile"
                if "cell" in types
                else "phone_home"
                if "home" in types
                else "phone_work"
                if "work" in types
                else "phone"
            )
            phones[key].append(value)
        for key, values in phones.items():
            row[key] = " / ".join(values)
        if "email" in contents:
            row["email"] = str(contents["email"][0].value).strip()
        if "bday" in contents:
            bday = str(contents["bday"][0].value).strip()
            if re.fullmatch(r"\d{8}", bday):
                bday = f"{bday[:4]}-{bday[4:6]}-{bday[6:]}"
            row["birthday"] = bday[:10] if re.match(r"\d{4}-\d\d-\d\d", bday) else bday
            if bday.startswith("1604-"):  # iPhone: a birthday without the year
                row["birthday"] = ""
        if "adr" in contents:
            adr = contents["adr"][0].value
            row["address"] = _joined(getattr(adr, "street", ""))
            row["city"] = _joined(getattr(adr, "city", ""))
        if "org" in contents:
            row["company"] = _joined(contents["org"][0].value)
        if "note" in contents:
            row["notes"] = str(contents["note"][0].value).strip()
        rows.append([row[f] for f in VCARD_MAPPING])
        numbers.append(number)
    if not rows:
        raise ImportFileError(_("{path} holds no contacts.", path=path))
    table = Table(path, [_(h) for h in VCARD_HEADERS], rows, numbers, "vcard", flavour="vcard")
    table.skipped_lines = _number_skipped(original, skipped)
    return table
