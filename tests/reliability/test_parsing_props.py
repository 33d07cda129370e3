"""Property-based tests (hypothesis) for every parser and validator users reach.

For any text: a value or a ``ValidationError`` with a message, never another exception.
Round trips where they exist. To cover a new parser: add a strategy of good inputs and a
``@given(text())`` "never crashes" test next to the others.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from crm_tui.domain import parsing
from crm_tui.domain.errors import ValidationError
from crm_tui.i18n import format_money, set_language

TODAY = date(2026, 11, 22)

PROPS = settings(
    max_examples=150,
    deadline=None,
    database=None,  # no .hypothesis folder in the checkout; failures print their example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text users type: any Unicode, plus the characters that matter to our parsers.
TYPED = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789 +-./,:()₺TLgGhHaAyYdDwWmMıİşŞ", max_size=25),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "٣٣",  # Arabic-Indic digits
            "１２.１１.２０２６",  # full-width digits
            "+",
            "-",
            "+99999y",
            "31.02.2026",
            "0.0.0",
            "1e309",
            "NaN",
            "Infinity",
            "--1",
            "1,2,3,4",
            "99999999999999999999999",
            "9" * 5000,
        ]
    ),
)


def refused_with_message(fn, *args):
    """Call ``fn``; a ValidationError must carry a non-empty message. Returns the value or None."""
    try:
        return fn(*args)
    except ValidationError as exc:
        assert str(exc).strip(), f"{fn.__name__}{args!r}: ValidationError without a message"
        assert exc.errors
        return None


# -- dates ------------------------------------------------------------------------


@PROPS
@given(TYPED)
def test_parse_date_never_crashes(text):
    value = refused_with_message(parsing.parse_date, text, TODAY)
    assert value is None or isinstance(value, date)


@PROPS
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_date_round_trips_in_every_written_form(d):
    for text in (
        f"{d.day:02d}.{d.month:02d}.{d.year}",
        f"{d.day}.{d.month}.{d.year}",
        f"{d.day}/{d.month}/{d.year}",
        f"{d.day}-{d.month}-{d.year}",
        d.isoformat(),
        f"  {d.day:02d}.{d.month:02d}.{d.year}  ",
    ):
        assert parsing.parse_date(text, TODAY) == d, text


@PROPS
@given(st.dates(min_value=date(1947, 1, 1), max_value=date(2046, 12, 31)))
def test_two_digit_years_pick_the_nearest_century(d):
    assert parsing.parse_date(f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}", TODAY) == d


@PROPS
@given(st.integers(0, 3000), st.sampled_from(["", "g", "G", "d", " g", "gün", "gun", "days"]))
def test_relative_days(n, unit):
    assert parsing.parse_date(f"+{n}{unit}", TODAY) == TODAY + timedelta(days=n)
    assert parsing.parse_date(f"-{n}{unit}", TODAY) == TODAY - timedelta(days=n)


@PROPS
@given(st.integers(0, 500), st.sampled_from(["h", "hafta", "w", "weeks"]))
def test_relative_weeks(n, unit):
    assert parsing.parse_date(f"+{n}{unit}", TODAY) == TODAY + timedelta(weeks=n)


@pytest.mark.parametrize(
    "word, delta",
    [
        ("bugün", 0),
        ("BUGÜN", 0),
        ("Bugün", 0),
        ("bugun", 0),
        ("today", 0),
        ("yarın", 1),
        ("YARIN", 1),
        ("Yarın", 1),
        ("yarin", 1),
        ("tomorrow", 1),
        ("dün", -1),
        ("DÜN", -1),
        ("yesterday", -1),
    ],
)
def test_turkish_and_english_date_words(word, delta):
    assert parsing.parse_date(word, TODAY) == TODAY + timedelta(days=delta)


def test_impossible_dates_say_so():
    for text in ("31.02.2026", "2026-13-01", "00.01.2026", "29.02.2025"):
        with pytest.raises(ValidationError, match="real calendar date"):
            parsing.parse_date(text, TODAY)


def test_date_default_today_follows_the_frozen_clock(monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    assert parsing.parse_date("yarın") == date(2026, 11, 23)


@PROPS
@given(TYPED)
def test_parse_time_and_datetime_never_crash(text):
    refused_with_message(parsing.parse_time, text)
    from datetime import datetime

    refused_with_message(parsing.parse_datetime, text, datetime(2026, 11, 22, 10, 0))
    refused_with_message(parsing.parse_optional_date, text, TODAY)


@PROPS
@given(st.times())
def test_time_round_trip(t):
    assert parsing.parse_time(f"{t.hour:02d}:{t.minute:02d}") == t.replace(second=0, microsecond=0)
    assert parsing.parse_time(f"{t.hour}.{t.minute:02d}") == t.replace(second=0, microsecond=0)


# -- money ------------------------------------------------------------------------

AMOUNTS = st.decimals(
    min_value=Decimal("-999999999999.99"),
    max_value=Decimal("999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@PROPS
@given(TYPED)
def test_parse_money_never_crashes(text):
    value = refused_with_message(parsing.parse_money, text)
    assert value is None or (
        isinstance(value, Decimal) and value == value.quantize(Decimal("0.01"))
    )


@PROPS
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_parse_money_of_floats_never_crashes(x):
    refused_with_message(parsing.parse_money, x)


@PROPS
@given(AMOUNTS, st.sampled_from(["tr", "en"]))
def test_formatted_money_parses_back(amount, lang):
    set_language(lang)
    try:
        assert parsing.parse_money(format_money(amount)) == amount
    finally:
        set_language("en")


def _turkish(amount: Decimal, thousands: bool) -> str:
    sign = "-" if amount < 0 else ""
    whole, frac = f"{abs(amount):.2f}".split(".")
    if thousands:
        whole = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{whole},{frac}"


@PROPS
@given(AMOUNTS, st.booleans(), st.sampled_from(["", " TL", " ₺", "₺", " TRY", " tl"]))
def test_turkish_decimal_comma(amount, thousands, suffix):
    assert parsing.parse_money(_turkish(amount, thousands) + suffix) == amount


@PROPS
@given(st.integers(-(10**11), 10**11))
def test_whole_amounts(n):
    assert parsing.parse_money(str(n)) == Decimal(n)
    assert parsing.parse_money(n) == Decimal(n)


# -- phones ------------------------------------------------------------------------

MOBILE = st.builds(
    lambda op, rest: f"5{op}{rest:07d}",
    st.sampled_from(
        ["01", "05", "06", "07", "30", "31", "32", "33", "35", "36", "42", "44", "52", "55"]
    ),
    st.integers(0, 9_999_999),
)


def _written(national: str, style: int) -> str:
    a, b, c, d = national[:3], national[3:6], national[6:8], national[8:]
    return [
        f"0{a} {b} {c} {d}",
        f"0{national}",
        f"+90 {a} {b} {c} {d}",
        f"+90{national}",
        f"0090 {a} {b}{c}{d}",
        f"({a}) {b} {c} {d}",
        f"0 ({a}) {b}-{c}-{d}",
        f"90{national}",
        f"{a}.{b}.{c}.{d}",
    ][style]


@PROPS
@given(TYPED)
def test_parse_phone_never_crashes(text):
    value = refused_with_message(parsing.parse_phone, text)
    assert value is None or re.fullmatch(r"\+\d{8,15}", value)


@PROPS
@given(st.text(max_size=30))
def test_phone_display_helpers_never_crash(text):
    assert isinstance(parsing.format_phone(text), str)
    assert isinstance(parsing.national_digits(text), str)


@PROPS
@given(MOBILE, st.integers(0, 8))
def test_phone_round_trip(national, style):
    e164 = parsing.parse_phone(_written(national, style))
    assert e164 == "+90" + national
    shown = parsing.format_phone(e164)
    assert parsing.parse_phone(shown) == e164
    assert parsing.national_digits(e164) == national


@PROPS
@given(
    st.sampled_from(["+49 30 1234567", "+44 20 7946 0958", "+1 212 555 0123", "+994 12 404 12 34"])
)
def test_foreign_phone_round_trip(text):
    e164 = parsing.parse_phone(text)
    assert parsing.parse_phone(parsing.format_phone(e164)) == e164


# -- national ids ------------------------------------------------------------------


def _tckn(first9: str) -> str:
    d = [int(c) for c in first9]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d11 = (sum(d) + d10) % 10
    return first9 + str(d10) + str(d11)


TCKN = st.builds(lambda n: _tckn(str(n)), st.integers(100_000_000, 999_999_999))


def _vkn(first9: str) -> str:
    total = 0
    for i, c in enumerate(first9):
        tmp = (int(c) + 10 - (i + 1)) % 10
        total += 9 if tmp == 9 else (tmp * 2 ** (10 - (i + 1))) % 9
    return first9 + str((10 - total % 10) % 10)


VKN = st.builds(lambda n: _vkn(f"{n:09d}"), st.integers(0, 999_999_999))


@PROPS
@given(TYPED)
def test_id_parsers_never_crash(text):
    refused_with_message(parsing.parse_tckn, text)
    refused_with_message(parsing.parse_vkn, text)
    assert isinstance(parsing.is_valid_tckn(text), bool)
    assert isinstance(parsing.is_valid_vkn(text), bool)


@PROPS
@given(TCKN)
def test_valid_tckn_accepted_with_spaces(tckn):
    assert parsing.parse_tckn(tckn) == tckn
    assert parsing.parse_tckn(f" {tckn[:3]} {tckn[3:6]} {tckn[6:]} ") == tckn


@PROPS
@given(TCKN, st.integers(0, 10), st.integers(1, 9))
def test_any_single_digit_typo_in_tckn_is_caught(tckn, pos, delta):
    digit = (int(tckn[pos]) + delta) % 10
    typo = tckn[:pos] + str(digit) + tckn[pos + 1 :]
    assert not parsing.is_valid_tckn(typo)
    with pytest.raises(ValidationError, match="11-digit"):
        parsing.parse_tckn(typo)


@PROPS
@given(VKN)
def test_valid_vkn_accepted(vkn):
    assert parsing.parse_vkn(vkn) == vkn


@PROPS
@given(VKN, st.integers(1, 9))
def test_vkn_check_digit_typo_is_caught(vkn, delta):
    typo = vkn[:9] + str((int(vkn[9]) + delta) % 10)
    with pytest.raises(ValidationError, match="10-digit"):
        parsing.parse_vkn(typo)


# -- e-mail and whole numbers ------------------------------------------------------------


@PROPS
@given(TYPED)
def test_parse_email_never_crashes(text):
    value = refused_with_message(parsing.parse_email, text)
    if value is not None:
        assert parsing.parse_email(value) == value  # idempotent


@PROPS
@given(st.emails())
def test_real_addresses_accepted(address):
    assume(len(address) <= 254 and "." in address.rsplit("@", 1)[1])
    tld = address.rsplit(".", 1)[1]
    assume(len(tld) >= 2)
    assert parsing.parse_email(address) == address.lower()


@PROPS
@given(
    TYPED,
    st.one_of(st.none(), st.integers(-100, 100)),
    st.one_of(st.none(), st.integers(-100, 100)),
)
def test_parse_int_never_crashes(text, lo, hi):
    refused_with_message(parsing.parse_int, text, lo, hi)


@PROPS
@given(st.integers(-(10**12), 10**12))
def test_int_round_trip(n):
    assert parsing.parse_int(f" {n} ") == n


@PROPS
@given(st.integers(-1000, 1000), st.integers(0, 10), st.integers(0, 10))
def test_int_bounds(n, lo, span):
    hi = lo + span
    if lo <= n <= hi:
        assert parsing.parse_int(str(n), lo, hi) == n
    else:
        with pytest.raises(ValidationError, match="from"):
            parsing.parse_int(str(n), lo, hi)
