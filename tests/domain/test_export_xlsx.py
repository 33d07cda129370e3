"""XLSX out: the exports and the campaign list as workbooks, read back with openpyxl:
dates are date cells, amounts numbers in a ₺ format, headers in the user's language,
formula-like text kept as text."""

from __future__ import annotations

import stat
from datetime import date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest

from crm_tui.db.models import Complaint, Consent, Customer, Policy, Purchase, Reminder
from crm_tui.domain import exporters, loyalty

from .dataio_fixtures import NOW, fill


def sheet(path):
    return openpyxl.load_workbook(path).active


def test_customers_xlsx_types_and_neutralised(db_path, tmp_path):
    fill()
    Customer.create(name="=HYPERLINK(1)", city="@İzmir", created_at=NOW)
    out = tmp_path / "c.xlsx"
    assert exporters.export("xlsx", "customers", out) == 3
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    ws = sheet(out)
    header = [c.value for c in ws[1]]
    assert header[:4] == ["ID", "Full name", "Company", "Mobile phone"]
    ayse = [c for c in ws[2]]
    assert ayse[0].value == 1 and ayse[1].value == "Ayşe Yılmaz"
    birthday = ayse[header.index("Birthday")] if "Birthday" in header else ayse[8]
    assert birthday.is_date and birthday.value.date() == date(1985, 3, 12)
    assert birthday.number_format == "DD/MM/YYYY"
    hyper = [c for c in ws[4]]
    # kept as the text typed, never a formula
    assert hyper[1].value == "=HYPERLINK(1)" and hyper[1].data_type == "s"
    assert hyper[1].quotePrefix
    assert hyper[9].value == "@İzmir" and hyper[9].data_type == "s"


def test_policies_xlsx_money_as_numbers_in_turkish(db_path, tmp_path, tr):
    fill()
    out = tmp_path / "p.xlsx"
    exporters.export("xlsx", "policies", out)
    ws = sheet(out)
    header = [c.value for c in ws[1]]
    assert header[0] == "ID" and "Prim" in header  # Turkish headers
    assert ws.title == "Poliçeler"
    premium = ws.cell(2, header.index("Prim") + 1)
    assert premium.data_type == "n" and premium.value == pytest.approx(12450.50)
    assert premium.number_format == '#,##0.00 "₺"'
    start = ws.cell(2, 10)
    assert start.is_date and start.number_format == "DD.MM.YYYY"
    assert Policy.select().count() == ws.max_row - 1


def test_reminders_and_complaints_xlsx(db_path, tmp_path):
    fill()
    Reminder.create(title="Ara", due_at=datetime(2026, 12, 1, 14, 30), has_time=True)
    out = tmp_path / "r.xlsx"
    count = exporters.export("xlsx", "reminders", out)
    ws = sheet(out)
    assert count == Reminder.select().count() == ws.max_row - 1
    timed = [row for row in ws.iter_rows(min_row=2) if row[2].value == "Ara"][0]
    assert timed[1].is_date and timed[1].value == datetime(2026, 12, 1, 14, 30)
    assert timed[1].number_format == "DD/MM/YYYY HH:MM"
    out = tmp_path / "k.xlsx"
    exporters.export("xlsx", "complaints", out)
    ws = sheet(out)
    assert ws.max_row - 1 == Complaint.select().count()
    assert ws.cell(2, 2).is_date


def test_default_name_is_xlsx():
    assert exporters.default_file_name("xlsx", "policies", date(2026, 11, 22)).endswith(
        "policies-2026-11-22.xlsx"
    )


def test_campaign_list_as_xlsx(db_path, tmp_path):
    c = Customer.create(name="=HYPERLINK(1)", city="İzmir")
    Purchase.create(customer=c, date=date(2026, 11, 1), amount=Decimal("10"))
    Consent.create(customer=c, channel="email", granted=True, at=NOW - timedelta(days=3))
    out = tmp_path / "kampanya.xlsx"
    result = loyalty.export_campaign([c.id], "email", out)
    assert result.written == 1
    ws = sheet(out)
    assert [x.value for x in ws[1]][:2] == ["id", "name"]
    row = list(ws[2])
    assert row[0].value == c.id and row[1].value == "=HYPERLINK(1)"
    assert row[1].data_type == "s"
    assert row[7].is_date and row[7].value.date() == (NOW - timedelta(days=3)).date()
