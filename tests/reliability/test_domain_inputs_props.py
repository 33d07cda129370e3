"""Property tests for the other things users type or bring in: repeat rules (RRULE) and
import files (CSV rows). Each block skips itself until its module exists; add the next
area's parser here the same way.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_tui.domain.errors import ValidationError

PROPS = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# -- repeat rules ------------------------------------------------------------------------


def _reminders():
    return pytest.importorskip("crm_tui.domain.reminders")


@PROPS
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    st.sampled_from(["calendar", "completion"]),
    st.integers(0, 400),
)
def test_every_repeat_choice_builds_a_valid_rule_that_reads_back(due, recur_from, late_days):
    reminders = _reminders()
    from datetime import timedelta

    choices = [code for code, _label in reminders.RECURRENCE_CHOICES if code]
    due_at = datetime.combine(due, time(9, 30))
    for choice in choices:
        try:
            rule = reminders.build_rrule(choice, due, recur_from)
        except ValidationError as exc:
            assert str(exc)
            continue
        reminders.validate_rule(rule, due_at)
        assert reminders.choice_of(rule) == choice
        assert reminders.describe_rule(rule)
        done_at = due_at + timedelta(days=late_days)
        nxt = reminders.next_occurrence(rule, recur_from, due_at, done_at)
        assert nxt is not None and nxt > due_at and nxt.date() > done_at.date()
        assert nxt.time() == due_at.time()


@PROPS
@given(
    st.one_of(
        st.text(max_size=60),
        st.lists(
            st.sampled_from(
                [
                    "FREQ=DAILY",
                    "FREQ=MONTHLY",
                    "FREQ=YEARLY",
                    "FREQ=SECONDLY",
                    "INTERVAL=0",
                    "INTERVAL=3",
                    "INTERVAL=-1",
                    "BYDAY=+5TU",
                    "BYDAY=XX",
                    "BYMONTHDAY=31,-1",
                    "BYSETPOS=1",
                    "COUNT=0",
                    "UNTIL=20261231",
                    "BYMONTH=13",
                    "RRULE:",
                    "=",
                    ";",
                ]
            ),
            max_size=5,
        ).map(";".join),
    )
)
def test_any_rule_text_is_refused_cleanly(text):
    import warnings

    reminders = _reminders()
    try:
        with warnings.catch_warnings():
            # dateutil only warns about what it will refuse later (COUNT with UNTIL)
            warnings.simplefilter("error")
            reminders.validate_rule(text, datetime(2026, 11, 22, 9, 0))
    except ValidationError as exc:
        assert str(exc)


@PROPS
@given(st.text(max_size=30))
def test_typed_when_never_crashes(text):
    reminders = _reminders()
    try:
        when, timed = reminders.parse_when(text, datetime(2026, 11, 22, 10, 0))
    except ValidationError as exc:
        assert str(exc)
    else:
        assert isinstance(when, datetime) and isinstance(timed, bool)


# -- import files ---------------------------------------------------------------------------


def _importers():
    return pytest.importorskip("crm_tui.domain.importers")


CELL = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "0532 111 22 33",
            "+90 (533) 222 33 44",
            "12.03.1985",
            "31.02.2026",
            "İstanbul",
            "12345678028",
            "12345678901",
            "a@b.co",
            "@",
            '"',
            ";",
            ",",
            "\t",
            "=cmd|' /C calc'!A0",
            "",
            " ",
            "Şükrü Işık",
        ]
    ),
)


@pytest.fixture(scope="module")
def import_db(tmp_path_factory):
    from crm_tui.db import close_database, open_database

    folder = tmp_path_factory.mktemp("impdb")
    open_database(folder / "db.sqlite3")
    close_database()
    return folder / "db.sqlite3"


@settings(PROPS, max_examples=60)
@given(st.lists(st.lists(CELL, min_size=0, max_size=8), min_size=0, max_size=12))
def test_any_csv_rows_give_a_plan_or_a_clear_refusal(tmp_path_factory, import_db, rows):
    importers = _importers()
    import csv
    import io

    from crm_tui.db import close_database, open_database

    folder = tmp_path_factory.mktemp("imp")
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["Ad Soyad", "Telefon", "Doğum Tarihi", "Şehir", "TC Kimlik No", "E-posta"])
    writer.writerows(rows)
    path = folder / "rows.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    open_database(import_db)
    try:
        try:
            table = importers.read_file(path)
            plan = importers.plan_import(table)
        except (importers.ImportFileError, ValidationError) as exc:
            assert str(exc).strip()
            return
        for line in importers.report_lines(plan, limit=None):
            assert isinstance(line, str)
        assert len(plan.refused) + len(plan.create) + len(plan.duplicates) + len(
            plan.update
        ) <= len(table.rows)
    finally:
        close_database()


@PROPS
@given(st.binary(max_size=400))
def test_any_bytes_as_an_import_file(tmp_path_factory, data):
    importers = _importers()
    path = tmp_path_factory.mktemp("imp") / "file.csv"
    path.write_bytes(data)
    try:
        table = importers.read_file(path)
    except (importers.ImportFileError, ValidationError) as exc:
        assert str(exc).strip()
    else:
        assert isinstance(table.rows, list)


# -- the customer form ---------------------------------------------------------------------

FORM_FIELDS = [
    "name",
    "company",
    "phone",
    "phone1",
    "email",
    "national_id",
    "tax_number",
    "city",
    "address",
    "birthday",
    "notes",
    "tags",
    "contact_every_days",
    "referred_by",
    "district",
]
FORM_TEXT = st.one_of(
    st.text(max_size=25),
    st.sampled_from(
        [
            "",
            " ",
            "0532 111 22 33",
            "12345678950",
            "10000000146",
            "a@b.co",
            "31.02.1990",
            "22.11.2030",
            "0",
            "-5",
            "99999",
            "9" * 5000,
            "vip, esnaf,,",
            "#1",
            "Şükrü Işık",
        ]
    ),
)


@settings(PROPS, max_examples=80)
@given(st.fixed_dictionaries({}, optional={f: FORM_TEXT for f in FORM_FIELDS}))
def test_customer_form_saves_or_names_each_bad_field(import_db, values):
    """Whatever is typed into the customer form: saved whole, or refused with a message per
    field and nothing written."""
    from datetime import date

    from crm_tui.db import close_database, open_database
    from crm_tui.db.models import Customer, Phone
    from crm_tui.domain import customers

    open_database(import_db)
    try:
        before = (Customer.select().count(), Phone.select().count())
        try:
            data = customers.parse_form(values, today=date(2026, 11, 22))
            saved = customers.create_customer(data, today=date(2026, 11, 22))
        except ValidationError as exc:
            assert exc.errors and all(str(m).strip() for m in exc.errors.values())
            assert (Customer.select().count(), Phone.select().count()) == before
        else:
            assert saved.name == " ".join(values.get("name", "").split()) or saved.name == (
                values.get("name", "").strip()
            )
            assert Customer.select().count() == before[0] + 1
    finally:
        close_database()
