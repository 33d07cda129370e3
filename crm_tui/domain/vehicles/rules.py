"""Validation of a vehicle's plate and chassis number (VIN), a building's UAVT code.

Turkish plates (Karayolları Trafik Yönetmeliği; summarised in Wikipedia, "Vehicle
registration plates of Turkey", section "Numbering system"): a province code 01-81, then
one of ``99 X 9999``, ``99 X 99999``, ``99 XX 999``, ``99 XX 9999``, ``99 XXX 99``,
``99 XXX 999``. The serial letters are the Turkish alphabet's without Ç, Ğ, İ, Ö, Ş, Ü, and
the Latin Q, W, X are not used either: 23 letters in all.
"""

from __future__ import annotations

import re
from datetime import date

from ...i18n import _
from ..errors import ValidationError

PLATE_LETTERS = "ABCDEFGHIJKLMNOPRSTUVYZ"
_TURKISH_ONLY = "ÇĞİÖŞÜ"
_NOT_USED = "QWX"
# letters → allowed digit counts (ISO 7-bit letters only, see the module's docstring)
_DIGITS_FOR = {1: (4, 5), 2: (3, 4), 3: (2, 3)}
_PLATE = re.compile(r"(\d{2})([A-Z]{1,3})(\d{2,5})")

VIN_LENGTH = 17
_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")  # ISO 3779: no I, O, Q (read as 1 and 0)
UAVT = re.compile(r"\d{10}")
FIRST_YEAR = 1950


def _plate_error() -> ValidationError:
    return ValidationError(
        {"plate": _("Expected a vehicle plate like 34 ABC 123 (province 01-81, letters, digits).")}
    )


def normalize_plate(text: str | None) -> str | None:
    """``34abc123`` / `` 34 abc  123`` → ``34 ABC 123``; empty → None; else ValidationError.

    Upper-casing is not Turkish-aware on purpose: a lower-case ``i`` typed on a Turkish
    keyboard is the plate letter I (plates have no İ)."""
    raw = re.sub(r"[\s\-]+", "", (text or "").replace("ı", "I").upper())
    if not raw:
        return None
    bad = sorted({c for c in raw if c in _TURKISH_ONLY or c in _NOT_USED})
    if bad:
        raise ValidationError(
            {
                "plate": _(
                    "Plates do not use the letters Ç, Ğ, İ, Ö, Ş, Ü, Q, W, X (found {letters}).",
                    letters=", ".join(bad),
                )
            }
        )
    m = _PLATE.fullmatch(raw)
    if not m:
        raise _plate_error()
    province, letters, digits = m.groups()
    if not 1 <= int(province) <= 81:
        raise ValidationError(
            {"plate": _("The province code of a plate is 01 to 81, not {code}.", code=province)}
        )
    if len(digits) not in _DIGITS_FOR[len(letters)]:
        raise _plate_error()
    return f"{province} {letters} {digits}"


def plate_key(text: str | None) -> str:
    """The plate without spaces, upper case (``34ABC123``): what search compares."""
    return re.sub(r"\s+", "", (text or "").upper())


def normalize_vin(text: str | None) -> str | None:
    """17 characters, letters and digits without I, O, Q. Turkey does not require the
    check digit (position 9, North America's rule), so it is not checked."""
    raw = re.sub(r"[\s\-]+", "", (text or "").upper())
    if not raw:
        return None
    if len(raw) != VIN_LENGTH:
        raise ValidationError(
            {"chassis_no": _("A chassis number (VIN) has 17 characters, not {n}.", n=len(raw))}
        )
    if not _VIN.fullmatch(raw):
        raise ValidationError(
            {
                "chassis_no": _(
                    "A chassis number (VIN) holds letters and digits only, never I, O or Q."
                )
            }
        )
    return raw


def normalize_uavt(text: str | None) -> str | None:
    """The UAVT address code (ulusal adres veri tabanı, on the e-Devlet address record and
    asked by DASK): 10 digits."""
    raw = re.sub(r"\s+", "", text or "")
    if not raw:
        return None
    if not UAVT.fullmatch(raw):
        raise ValidationError({"uavt_code": _("A UAVT address code has exactly 10 digits.")})
    return raw


def parse_year(text: str | int | None, today: date) -> int | None:
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        year = int(str(text).strip())
    except ValueError:
        year = 0
    if not FIRST_YEAR <= year <= today.year + 1:
        raise ValidationError(
            {
                "year": _(
                    "The model year is between {first} and {last}.",
                    first=FIRST_YEAR,
                    last=today.year + 1,
                )
            }
        )
    return year
