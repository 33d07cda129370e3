"""Both languages complete: every translatable literal has a Turkish entry."""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from decimal import Decimal
from pathlib import Path

import crm_tui
from crm_tui import i18n
from crm_tui.i18n import _catalog, format_date, format_money, set_language

ROOT = Path(crm_tui.__file__).parent
MARKERS = {"_", "N_", "ngettext"}


def _literals() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in ROOT.rglob("*.py"):
        if "i18n" in path.parts and path.parent.name == "tr":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
            ):
                for arg in node.args[: 2 if node.func.id == "ngettext" else 1]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found[arg.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def _fields(text: str) -> set[str]:
    return {f for _l, f, _s, _c in string.Formatter().parse(text) if f}


def test_every_message_has_turkish():
    catalog = _catalog("tr")
    missing = {m: where for m, where in _literals().items() if m not in catalog}
    assert not missing, "untranslated:\n" + "\n".join(f"{w}: {m!r}" for m, w in missing.items())


def test_placeholders_match():
    bad = [m for m, t in _catalog("tr").items() if _fields(m) != _fields(t)]
    assert not bad, bad


def test_turkish_formats():
    set_language("tr")
    assert format_date(date(2026, 11, 22)) == "22.11.2026"
    assert format_money(Decimal("1234.50")) == "1.234,50\u00a0₺"
    set_language("en")
    assert format_money(Decimal("1234.50")) == "₺1,234.50"
    set_language("tr")
    assert i18n._("Today") == "Bugün"
    set_language("en")
    assert i18n._("Today") == "Today"


def test_detect_language():
    assert i18n.detect_language({"LANG": "tr_TR.UTF-8"}) == "tr"
    assert i18n.detect_language({"LANG": "en_US.UTF-8"}) == "en"
    assert i18n.detect_language({}) == "en"


def test_no_fstring_inside_markers():
    """An f-string inside _() would never match the catalog."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
                and node.args
                and isinstance(node.args[0], ast.JoinedStr)
            ):
                offenders.append(f"{path}:{node.lineno}")
    assert not offenders, offenders


def test_catalog_modules_define_messages():
    for path in (ROOT / "i18n" / "tr").glob("*.py"):
        if path.name != "__init__.py":
            assert re.search(r"^MESSAGES\s*(:[^=\n]*)?=", path.read_text(encoding="utf-8"), re.M), (
                path
            )


def test_no_conflicting_translations_across_catalog_files():
    """The same English text must not get two different Turkish texts in two files."""
    import importlib
    import pkgutil

    from crm_tui.i18n import tr as tr_pkg

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for info in pkgutil.iter_modules(tr_pkg.__path__):
        module = importlib.import_module(f"crm_tui.i18n.tr.{info.name}")
        for key, value in getattr(module, "MESSAGES", {}).items():
            if key in seen and seen[key][0] != value:
                clashes.append(f"{key!r}: {seen[key][1]}={seen[key][0]!r} vs {info.name}={value!r}")
            seen.setdefault(key, (value, info.name))
    assert not clashes, "\n".join(clashes)


def test_short_dates_match_babel():
    """format_date/format_datetime build the numeric forms without babel; they must be
    exactly what babel's patterns give."""
    from datetime import datetime

    from babel.dates import format_date as babel_date
    from babel.dates import format_time as babel_time

    from crm_tui.i18n import format_datetime

    for lang, pattern, loc in (("tr", "dd.MM.yyyy", "tr_TR"), ("en", "dd/MM/yyyy", "en_GB")):
        set_language(lang)
        for day in (date(2026, 1, 5), date(2026, 11, 22), date(999, 12, 31), date(2024, 2, 29)):
            assert format_date(day) == babel_date(day, pattern, locale=loc)
        moment = datetime(2026, 3, 7, 9, 5)
        assert format_datetime(moment) == (
            babel_date(moment, pattern, locale=loc) + " " + babel_time(moment, "HH:mm", locale=loc)
        )
        assert format_datetime(moment, with_date=False) == "09:05"
    set_language("tr")
    assert format_date(date(2026, 11, 22), "full") == "22 Kasım 2026 Pazar"
    set_language("en")


def test_whole_numbers_match_babel():
    """format_number groups a whole number itself; it must be exactly babel's."""
    from babel.numbers import format_decimal

    from crm_tui.i18n import format_number

    values = [0, 7, 999, 1000, 9999, 10000, 123456, 1234567, 10**9, 10**15 + 7, 2**63]
    for lang, loc in (("tr", "tr_TR"), ("en", "en_GB")):
        set_language(lang)
        for value in values + [-v for v in values] + list(range(-1100, 1100, 7)):
            assert format_number(value) == format_decimal(value, locale=loc)
    set_language("en")


def test_lira_amounts_match_babel():
    """format_money builds lira amounts itself; they must be exactly babel's patterns (the
    Turkish one with the sign after, the English one with the lira sign before)."""
    import random

    from babel.numbers import format_currency, get_currency_symbol

    def babel_money(amount, lang):
        if lang == "tr":
            return format_currency(
                Decimal(amount), "TRY", format="#,##0.00\u00a0¤", locale="tr_TR",
                currency_digits=False,
            )  # fmt: skip
        sign = "-" if Decimal(amount) < 0 else ""
        number = format_currency(
            abs(Decimal(amount)), "TRY", format="#,##0.00", locale="en_GB", currency_digits=False
        )
        return f"{sign}{get_currency_symbol('TRY', 'tr_TR')}{number}"

    rng = random.Random(19)
    amounts = [0, 1, -1, 999, 1000, -1234567, 10**14, Decimal("-0"), Decimal("0.00")]
    amounts += [Decimal(t) for t in ("0.005", "0.015", "-0.004", "-0.005", "1234.505", "1E+3")]
    amounts += [Decimal(t) for t in ("999999.995", "12.3", "7.10", "0.125", "-2.675", "5E-7")]
    for _ in range(3000):
        digits = rng.randint(0, 4)
        amounts.append(Decimal(rng.randint(-(10**9), 10**9)).scaleb(-digits))
    for lang in ("tr", "en"):
        set_language(lang)
        for amount in amounts:
            assert format_money(amount) == babel_money(amount, lang), (lang, amount)
    set_language("en")


def test_long_dates_match_babel():
    from datetime import timedelta

    from babel.dates import format_date as babel_date

    for lang, loc in (("tr", "tr_TR"), ("en", "en_GB")):
        set_language(lang)
        for start in (date(2026, 1, 1), date(2028, 1, 1)):  # a common and a leap year
            for n in range(366):
                day = start + timedelta(days=n)
                for style in ("full", "long"):
                    assert format_date(day, style) == babel_date(day, style, locale=loc)
    set_language("en")
