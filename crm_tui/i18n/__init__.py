"""One i18n layer for every string a user reads.

Message ids are the English texts; Turkish lives in ``crm_tui/i18n/tr/*.py``
(one ``MESSAGES`` dict per area, merged here). ``tests/test_i18n.py`` checks that
every ``_()``/``N_()`` literal in the code has a Turkish entry with the same
placeholders. Dates, numbers and money are formatted by babel.
"""

from __future__ import annotations

import importlib
import locale as _locale
import os
from datetime import date, datetime
from decimal import Decimal
from functools import cache

LANGUAGES = ("tr", "en")
_state = {"lang": "en"}


@cache
def _catalog(lang: str) -> dict[str, str]:
    if lang == "en":
        return {}
    package = importlib.import_module(f"crm_tui.i18n.{lang}")
    merged: dict[str, str] = {}
    for name in package_modules(package):
        module = importlib.import_module(f"{package.__name__}.{name}")
        merged.update(getattr(module, "MESSAGES", {}))
    return merged


def package_modules(package) -> list[str]:
    """Names of the modules of a package folder, sorted (what ``pkgutil.iter_modules``
    gives for a plain folder, without importing pkgutil at start-up)."""
    names: set[str] = set()
    for folder in package.__path__:
        for entry in os.listdir(folder):
            stem, dot, ext = entry.partition(".")
            if dot and ext == "py" and stem.isidentifier() and stem != "__init__":
                names.add(stem)
    return sorted(names)


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _state["lang"] = lang


def get_language() -> str:
    return _state["lang"]


def detect_language(environ: dict[str, str] | None = None) -> str:
    """Turkish when the system locale is Turkish, else English."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var)
        if value:
            return "tr" if value.lower().startswith("tr") else "en"
    if environ is None:
        try:
            loc = _locale.getlocale()[0] or ""
        except ValueError:
            loc = ""
        if loc.lower().startswith("tr"):
            return "tr"
    return "en"


def _(message: str, /, **kwargs: object) -> str:
    """Translate ``message`` to the current language and fill ``{placeholders}``."""
    text = _catalog(_state["lang"]).get(message, message) if _state["lang"] != "en" else message
    return text.format(**kwargs) if kwargs else text


def N_(message: str, /) -> str:
    """Mark a string for translation where it is defined; translate with ``_`` when shown."""
    return message


def ngettext(singular: str, plural: str, n: int, /, **kwargs: object) -> str:
    """Plural choice (Turkish nouns do not change after numbers; both forms are catalogued)."""
    return _(singular if n == 1 else plural, n=n, **kwargs)


def babel_locale() -> str:
    return "tr_TR" if _state["lang"] == "tr" else "en_GB"


# CLDR's month and weekday names and long date patterns of the two locales, as babel has
# them (tests/test_i18n.py compares every day of a leap and a common year with babel).
# Loading babel's locale data for one heading costs ~40-60 ms of every start of the TUI.
_MONTHS = {
    "tr": ("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos",
           "Eylül", "Ekim", "Kasım", "Aralık"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip
_WEEKDAYS = {  # Monday first, like date.weekday()
    "tr": ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_LONG_PATTERNS = {  # tr_TR and en_GB "full" and "long"
    ("tr", "full"): "{d} {month} {y} {weekday}",
    ("tr", "long"): "{d} {month} {y}",
    ("en", "full"): "{weekday}, {d} {month} {y}",
    ("en", "long"): "{d} {month} {y}",
}


def format_date(value: date | None, style: str = "short") -> str:
    """``22.11.2026`` in Turkish, ``22/11/2026`` in English; '' for None.

    The short form is all digits, the same as babel's ``dd.MM.yyyy``/``dd/MM/yyyy``, and
    ``full``/``long`` (``22 Kasım 2026 Pazar``, ``Sunday, 22 November 2026``) are CLDR's
    names in CLDR's patterns: both built here without loading babel and its locale data
    (tests/test_i18n.py checks they are exactly babel's). Other styles are babel's.
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    lang = _state["lang"]
    if style == "short":
        sep = "." if lang == "tr" else "/"
        return f"{value.day:02d}{sep}{value.month:02d}{sep}{value.year:04d}"
    pattern = _LONG_PATTERNS.get((lang, style))
    if pattern is not None:
        return pattern.format(
            d=value.day,
            month=_MONTHS[lang][value.month - 1],
            y=value.year,
            weekday=_WEEKDAYS[lang][value.weekday()],
        )
    from babel.dates import format_date as _fd

    return _fd(value, style, locale=babel_locale())


def format_datetime(value: datetime | None, with_date: bool = True) -> str:
    """``22.11.2026 14:05`` (24-hour clock in both languages, as babel's ``HH:mm``)."""
    if value is None:
        return ""
    time_text = f"{value.hour:02d}:{value.minute:02d}"
    return f"{format_date(value)} {time_text}" if with_date else time_text


_MONEY_FAST_LIMIT = Decimal(10) ** 15
_CENT = Decimal("0.01")


def _cents(value: Decimal, group: str, point: str) -> str:
    """|value| as babel's ``#,##0.00`` (rounded by the decimal context, as babel does)."""
    whole, _sep, frac = f"{abs(value).normalize().quantize(_CENT):f}".partition(".")
    return f"{int(whole):,}".replace(",", group) + point + frac


def format_money(amount: Decimal | int | None, currency: str = "TRY") -> str:
    """``1.234,50 ₺`` in Turkish, ``₺1,234.50`` in English."""
    if amount is None:
        return ""
    value = Decimal(amount)
    if currency == "TRY" and value.is_finite() and abs(value) < _MONEY_FAST_LIMIT:
        # Lira amounts are built here, babel's patterns below exactly (tests/test_i18n.py
        # compares them): the card's first paint need not load babel (~4 MB, ~40 ms).
        if _state["lang"] == "tr":
            return ("-" if value.is_signed() else "") + _cents(value, ".", ",") + "\u00a0₺"
        return ("-" if value < 0 else "") + "₺" + _cents(value, ",", ".")
    # Turkish shops write the symbol after the amount: 1.234,50 ₺
    from babel.numbers import format_currency, get_currency_symbol

    if _state["lang"] == "tr":
        return format_currency(
            Decimal(amount),
            currency,
            format="#,##0.00\u00a0¤",
            locale="tr_TR",
            currency_digits=False,
        )
    # en_GB spells TRY as "TRY"; users of a Turkish shop expect the lira sign either way.
    symbol = get_currency_symbol(currency, "tr_TR")
    sign = "-" if Decimal(amount) < 0 else ""
    number = format_currency(
        abs(Decimal(amount)), currency, format="#,##0.00", locale="en_GB", currency_digits=False
    )
    return f"{sign}{symbol}{number}"


def format_number(value: int | float | Decimal | None, digits: int | None = None) -> str:
    if value is None:
        return ""
    if type(value) is int and digits is None:
        # a whole number (points, counts): babel's #,##0 grouping by thousands, built here
        # like the short date (tests/test_i18n.py compares with babel): the card's first
        # paint need not load babel's locale data (~4 MB, ~40 ms)
        return f"{value:,}".replace(",", "." if _state["lang"] == "tr" else ",")
    from babel.numbers import format_decimal

    if digits is not None:
        fmt = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=fmt, locale=babel_locale())
    return format_decimal(value, locale=babel_locale())


def format_percent(value: float | Decimal | None, digits: int = 0) -> str:
    """``value`` is a fraction (0.25 → %25 in Turkish, 25% in English)."""
    if value is None:
        return "–"
    from babel.numbers import format_percent as _fp

    fmt = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    if _state["lang"] == "tr":
        fmt = "%#,##0" + ("." + "0" * digits if digits else "")
    return _fp(value, format=fmt, locale=babel_locale())


def parse_language(value: str) -> str:
    value = value.strip().lower()
    if value not in LANGUAGES:
        raise ValueError(value)
    return value
