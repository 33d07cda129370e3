"""Parsers and validators for what users type: dates, money, phones, ids, e-mail.

Each ``parse_*`` returns a value or raises ``ValidationError`` whose message says
what is expected.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta

from .. import clock
from ..i18n import _
from .errors import ValidationError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")

_WORD_DATES = {
    "bugün": 0,
    "bugun": 0,
    "today": 0,
    "yarın": 1,
    "yarin": 1,
    "tomorrow": 1,
    "dün": -1,
    "dun": -1,
    "yesterday": -1,
}
_UNITS = {
    "g": "days",
    "d": "days",
    "h": "weeks",  # hafta
    "w": "weeks",
    "a": "months",  # ay
    "m": "months",
    "y": "years",
}


def date_hint() -> str:
    return _("Expected a date like 22/11/2026, 22.11.2026, 2026-11-22, tomorrow or +3d.")


def parse_date(text: str, today: date | None = None) -> date:
    """Dates as users type them: ``22.11.2026``, ``22/11/26``, ``2026-11-22``,
    ``yarın``/``tomorrow``, ``+3g``/``+3d``, ``+2h``/``+2w`` (weeks), ``+1a``/``+1m``."""
    today = today or clock.today()
    raw = (text or "").strip().lower()
    if not raw:
        raise ValidationError(date_hint())
    if raw in _WORD_DATES:
        return today + timedelta(days=_WORD_DATES[raw])
    m = re.fullmatch(r"([+-])\s*(\d{1,4})\s*([a-zçğıöşü]*)", raw)  # +3 gün, +1 yıl
    if m:
        sign = 1 if m.group(1) == "+" else -1
        unit = (m.group(3) or "g")[0]
        if unit not in _UNITS:
            raise ValidationError(date_hint())
        try:
            return today + relativedelta(**{_UNITS[unit]: sign * int(m.group(2))})
        except (ValueError, OverflowError) as exc:
            raise ValidationError(date_hint()) from exc
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = re.fullmatch(r"(\d{1,2})[./\-](\d{1,2})[./\-](\d{2}|\d{4})", raw)
        if not m:
            raise ValidationError(date_hint())
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if y < 100:
            y += 2000 if y <= (today.year % 100) + 20 else 1900
    try:
        return date(y, mo, d)
    except ValueError as exc:
        raise ValidationError(_("{text} is not a real calendar date.", text=text.strip())) from exc


def parse_optional_date(text: str | None, today: date | None = None) -> date | None:
    if text is None or not text.strip():
        return None
    return parse_date(text, today)


def parse_time(text: str) -> time:
    raw = (text or "").strip()
    m = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?", raw)
    if not m or int(m.group(1)) > 23 or int(m.group(2) or 0) > 59:
        raise ValidationError(_("Expected a time like 09:30 or 14.00."))
    return time(int(m.group(1)), int(m.group(2) or 0))


def parse_datetime(text: str, now: datetime | None = None) -> datetime:
    """A date, optionally followed by a time: ``22.11.2026 14:30``."""
    now = now or clock.now()
    raw = (text or "").strip()
    m = re.fullmatch(r"(.+?)\s+(\d{1,2}[:.]\d{2})", raw)
    if m:
        return datetime.combine(parse_date(m.group(1), now.date()), parse_time(m.group(2)))
    return datetime.combine(parse_date(raw, now.date()), time(9, 0))


def parse_money(text: str | int | float | Decimal) -> Decimal:
    """Amounts with Turkish or English separators: ``1.234,50``, ``1,234.50``, ``1234.5``, ``₺ 99``."""
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int):
        value = Decimal(text)
    else:
        raw = re.sub(r"[\s₺$€£]|TL|TRY", "", str(text or ""), flags=re.IGNORECASE)
        if not raw or not re.fullmatch(r"-?[\d.,]+", raw):
            raise ValidationError(_("Expected an amount like 1.234,50."))
        if "," in raw and "." in raw:
            if raw.rfind(",") > raw.rfind("."):
                raw = raw.replace(".", "").replace(",", ".")
            else:
                raw = raw.replace(",", "")
        elif "," in raw:
            head, _sep, tail = raw.rpartition(",")
            if raw.count(",") == 1 and len(tail) != 3:
                raw = head.replace(",", "") + "." + tail
            else:
                raw = raw.replace(",", "")
        elif raw.count(".") > 1 or (raw.count(".") == 1 and len(raw.rpartition(".")[2]) == 3):
            # 1.234 / 1.234.567: Turkish thousands separators
            raw = raw.replace(".", "")
        try:
            value = Decimal(raw)
        except InvalidOperation as exc:
            raise ValidationError(_("Expected an amount like 1.234,50.")) from exc
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise ValidationError(_("Expected an amount like 1.234,50."))
    return value.quantize(Decimal("0.01"))


def parse_phone(text: str, region: str = "TR") -> str:
    """Any usual way of writing a number → E.164 (``+905321234567``)."""
    import phonenumbers

    raw = (text or "").strip()
    message = _("Expected a phone number like 0532 123 45 67 or +90 532 123 45 67.")
    if not raw or len(raw) > 40:
        raise ValidationError(message)
    if any(ch.isalpha() for ch in raw):
        # phonenumbers reads letters as a keypad would (0216 abc 12 12 → 0216 222 12 12):
        # a letter in a phone field is a typo, never a vanity number here
        raise ValidationError(
            _(
                "Expected a phone number in digits, like 0532 123 45 67 or +90 532 123 45 67 (no letters)."
            )
        )
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(message) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(message)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """National format for Turkish numbers (``0532 123 45 67``), international for others."""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 90
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)


def national_digits(e164: str) -> str:
    """National significant number of an E.164 number (``5321234567``)."""
    import phonenumbers

    try:
        return phonenumbers.national_significant_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", e164)


def is_valid_tckn(value: str) -> bool:
    """Turkish national id: 11 digits, first not 0, two check digits."""
    if not re.fullmatch(r"[1-9]\d{10}", value or ""):
        return False
    d = [int(c) for c in value]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d11 = sum(d[:10]) % 10
    return d[9] == d10 and d[10] == d11


def parse_tckn(text: str) -> str:
    raw = re.sub(r"\s", "", text or "")
    if not is_valid_tckn(raw):
        raise ValidationError(
            _("Expected an 11-digit Turkish ID number (T.C. Kimlik No) with valid check digits.")
        )
    return raw


def is_valid_vkn(value: str) -> bool:
    """Turkish tax number (VKN): 10 digits with the Revenue Administration checksum."""
    if not re.fullmatch(r"\d{10}", value or ""):
        return False
    digits = [int(c) for c in value]
    total = 0
    for i in range(9):
        tmp = (digits[i] + 10 - (i + 1)) % 10
        if tmp == 9:
            total += 9
        else:
            total += (tmp * (2 ** (10 - (i + 1)))) % 9
    return (10 - total % 10) % 10 == digits[9]


def parse_vkn(text: str) -> str:
    raw = re.sub(r"\s", "", text or "")
    if not is_valid_vkn(raw):
        raise ValidationError(_("Expected a 10-digit Turkish tax number (VKN)."))
    return raw


def parse_email(text: str) -> str:
    raw = (text or "").strip()
    if not _EMAIL.match(raw) or len(raw) > 254:
        raise ValidationError(_("Expected an e-mail address like name@example.com."))
    return raw.lower()


def parse_int(text: str, lo: int | None = None, hi: int | None = None) -> int:
    raw = (text or "").strip()
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValidationError(_("Expected a whole number.")) from exc
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ValidationError(_("Expected a number from {lo} to {hi}.", lo=lo, hi=hi))
    return value
