"""The commission report and the Loyalty figure come from one grouped SQL statement
(``db.commission_sql``): they must agree with the Python definition (``policy_view``: the
entered commission, else the rate of the start day × the premium; outstanding = expected +
clawback − received) on a varied book, and insurers match with Turkish İ/ı folded.
Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from crm_tui.db.models import CommissionEntry, Customer, Policy
from crm_tui.domain import commission as cm
from crm_tui.domain.roles import set_commission

ZERO = Decimal("0.00")


@pytest.fixture
def varied(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_NOW", "2026-11-22T10:00")
    cm.save_rate("AXA SİGORTA", "kasko", "12,5", "01.01.2026")
    cm.save_rate("axa sigorta", "kasko", "15", "01.06.2026")  # the same insurer's next rate
    cm.save_rate("Işık Sigorta", "trafik", "7,33", "01.01.2025")
    cm.save_rate("Anadolu", "dask", "20", "15.03.2026")
    ayse = Customer.create(name="Ayşe Yılmaz")
    ali = Customer.create(name="Ali Işık")
    specs = [
        # (customer, line, provider, start, premium)
        (ayse, "kasko", "Axa Sigorta", date(2026, 3, 1), "20000.00"),  # 12.5 %
        (ayse, "kasko", "AXA SİGORTA", date(2026, 6, 1), "20000.00"),  # 15 % from its day
        (ali, "kasko", "axa sigorta", date(2025, 12, 31), "9999.99"),  # before any rate
        (ali, "trafik", "IŞIK SIGORTA", date(2026, 2, 2), "3333.33"),  # half-up rounding
        (ali, "trafik", "Işık Sigorta", date(2026, 2, 3), None),  # no premium
        (ayse, "dask", "Anadolu", date(2026, 3, 15), "1000.00"),
        (ayse, "dask", "Anadolu", date(2026, 3, 14), "1000.00"),  # the day before the rate
        (ali, "konut", "Anadolu", date(2026, 4, 1), "500.00"),  # no rate for the line
        (ali, "kasko", None, date(2026, 4, 1), "500.00"),  # no insurer
        (ayse, "dask", "Axa", date(2026, 5, 10), "1000.00"),  # entered commission
    ]
    ids = [
        Policy.create(
            customer=c,
            line=line,
            provider=provider,
            number=f"P-{i}",
            start_date=start,
            end_date=start.replace(year=start.year + 1),
            premium=Decimal(premium) if premium else None,
        ).id
        for i, (c, line, provider, start, premium) in enumerate(specs)
    ]
    set_commission(ids[9], Decimal("150.00"))
    set_commission(ids[5], Decimal("0.00"))  # entered as nothing: wins over the rate
    entries = [
        (ids[0], "received", "1000.00"),
        (ids[0], "received", "500.50"),
        (ids[1], "received", "4000.00"),  # more than expected: negative outstanding
        (ids[3], "subagent", "50.00"),
        (ids[7], "received", "25.00"),  # no expected, but money came
        (ids[6], "clawback", "-10.00"),
        (ids[9], "clawback", "-75.00"),
        (ids[9], "subagent", "30.00"),
    ]
    for pid, kind, amount in entries:
        CommissionEntry.create(policy=pid, kind=kind, date=date(2026, 7, 1), amount=Decimal(amount))
    return ids


def _python_balances(ids: list[int]) -> dict[int, tuple]:
    out = {}
    for pid in ids:
        b = cm.policy_view(pid).balance
        if b.expected is None and not (b.received or b.clawback):
            continue
        out[pid] = (b.expected, b.received, b.clawback, b.subagent)
    return out


def test_sql_agrees_with_the_python_definition(varied):
    ids = varied
    python = _python_balances(ids)
    rows = cm.report_rows()
    sql = {
        r.policy_id: (
            r.balance.expected,
            r.balance.received,
            r.balance.clawback,
            r.balance.subagent,
        )
        for r in rows
    }
    assert sql == python
    assert set(python) == set(ids) - {ids[2], ids[4], ids[8]}  # no rate yet, premium, insurer
    assert python[ids[0]][0] == Decimal("2500.00") and python[ids[1]][0] == Decimal("3000.00")
    assert python[ids[3]][0] == Decimal("244.33")  # 3333.33 × 7.33 % = 244.333…
    expected_total = sum(
        (
            (e or ZERO) + claw - rec
            for e, rec, claw, _sub in python.values()
            if (e or ZERO) + claw - rec > 0
        ),
        ZERO,
    )
    assert cm.outstanding_total() == expected_total
    assert [r.start_date for r in rows] == sorted(r.start_date for r in rows)
    assert {r.customer_name for r in rows} == {"Ayşe Yılmaz", "Ali Işık"}


def test_filters_agree(varied):
    ids = varied
    rows = cm.report_rows(date(2026, 3, 1), date(2026, 5, 31), line="dask")
    assert [r.policy_id for r in rows] == [ids[6], ids[5], ids[9]]
    assert cm.report_rows(line="dask", names=False)[0].customer_name == ""


def test_insurer_filter_folds_turkish_letters(varied):
    ids = varied
    axa = {r.policy_id for r in cm.report_rows(insurer="axa sigorta")}
    assert axa == {ids[0], ids[1]}  # ids[2] predates every rate: no commission
    assert {r.policy_id for r in cm.report_rows(insurer="AXA SİGORTA")} == axa
    assert {r.policy_id for r in cm.report_rows(insurer="ışık  sigorta")} == {ids[3]}
    assert cm.report_rows(insurer="Nobody") == []


def test_rates_of_one_insurer_in_other_letters_are_one_rate(varied):
    cm.save_rate("axa sİgorta", "kasko", "13", "01.01.2026")  # changes the 12.5 %
    rates = [r for r in cm.list_rates() if r.line == "kasko"]
    assert len(rates) == 2
    assert {r.rate for r in rates} == {Decimal("13.00"), Decimal("15.00")}
    assert cm.rate_for("AXA SIGORTA", "kasko", date(2026, 2, 1)) == Decimal("13.00")
    assert cm.rate_for("Işık Sigorta", "trafik", date(2026, 2, 1)) == Decimal("7.33")
    assert cm.rate_for("IŞIK SİGORTA", "trafik", date(2026, 2, 1)) == Decimal("7.33")


def test_insurer_spellings_for_every_insurer_filter(varied):
    """The claims and instalments reports' --insurer asks for these spellings."""
    from crm_tui.domain import insurers

    assert sorted(insurers.spellings("axa sigorta")) == [
        "AXA SİGORTA",
        "Axa Sigorta",
        "axa sigorta",
    ]
    assert sorted(insurers.spellings("IŞIK SİGORTA")) == ["IŞIK SIGORTA", "Işık Sigorta"]
    assert insurers.spellings("Axa") == ["Axa"]
