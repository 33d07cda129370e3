"""Issue 20, item 4: one spelling per city, letters never turned into phone digits, and a
call logged from a follow-up line is the user's outgoing call."""

from __future__ import annotations

from datetime import date

import pytest

from crm_tui.db.models import Customer, Phone
from crm_tui.domain.cities import normalize_city
from crm_tui.domain.customers import CustomerInput, create_customer
from crm_tui.domain.errors import ValidationError
from crm_tui.domain.parsing import parse_phone


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("izmir", "İzmir"),
        ("İzmir", "İzmir"),
        ("IZMIR", "İzmir"),
        ("Izmir", "İzmir"),
        ("ISTANBUL", "İstanbul"),
        ("istanbul", "İstanbul"),
        (" ankara  ", "Ankara"),
        ("sanliurfa", "Şanlıurfa"),
        ("urfa", "Şanlıurfa"),
        ("IĞDIR", "Iğdır"),
        ("kadıköy", "Kadıköy"),  # not a province: kept, Turkish title case
        ("Bad Homburg", "Bad Homburg"),
        ("", None),
    ],
)
def test_cities_have_one_spelling(typed, stored):
    assert normalize_city(typed) == stored


def test_three_spellings_are_one_city_in_the_book(db_path):
    for i, city in enumerate(("izmir", "İzmir", "IZMIR")):
        create_customer(CustomerInput(name=f"Müşteri {i}", city=city))
    assert {c.city for c in Customer.select()} == {"İzmir"}


@pytest.mark.parametrize(
    "typed", ["0216 abc 12 12", "0532 12A 45 67", "0532 ONE 4567", "+90 5x2 123 45 67"]
)
def test_letters_in_a_phone_are_refused_not_turned_into_digits(db_path, typed):
    with pytest.raises(ValidationError, match="no letters"):
        parse_phone(typed)
    with pytest.raises(ValidationError):
        create_customer(CustomerInput(name="Harfli", phones=[("mobile", typed)]))
    assert not Phone.select().exists() and not Customer.select().exists()


async def test_a_call_logged_from_a_today_line_is_outgoing(db_path):
    from crm_tui.domain.reminders import ReminderInput, create_reminder
    from crm_tui.ui.screens.interaction_form import InteractionFormScreen
    from tests.ui.helpers import new_app, settle

    c = create_customer(CustomerInput(name="Aranacak Kişi"))
    create_reminder(
        ReminderInput(title="Ara", due=date.today(), customer_id=c.id), today=date.today()
    )
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, InteractionFormScreen)
        assert app.screen.values()["direction"] == "out"


def test_cli_exports_land_home_never_replace_and_speak_turkish_excel(tmp_path, monkeypatch, capsys):
    """Issue 20, item 6: the default export folder is the home folder (not the folder the
    command ran in), a second export the same day gets its own name, an existing --out is
    replaced only with --force, and a Turkish export is ;-separated for Turkish Excel."""
    from crm_tui.cli import main

    home, elsewhere = tmp_path / "home", tmp_path / "a-git-checkout"
    home.mkdir()
    elsewhere.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    monkeypatch.chdir(elsewhere)
    db = str(tmp_path / "a.sqlite3")
    create = ["--db", db, "import", str(_sample()), "--accept-errors", "--yes"]
    assert main(create) == 0
    for _round in range(2):
        assert main(["--db", db, "--lang", "tr", "export"]) == 0
    assert sorted(p.name for p in home.iterdir()) == [
        "crm-musteriler-2026-11-22-2.csv",
        "crm-musteriler-2026-11-22.csv",
    ]
    assert not list(elsewhere.iterdir())
    header = (home / "crm-musteriler-2026-11-22.csv").read_text("utf-8-sig").splitlines()[0]
    assert ";" in header and "," not in header
    target = tmp_path / "mine.csv"
    target.write_text("keep me")
    capsys.readouterr()
    assert main(["--db", db, "export", "--out", str(target)]) == 2
    assert "--force" in capsys.readouterr().err and target.read_text() == "keep me"
    assert main(["--db", db, "export", "--out", str(target), "--force"]) == 0
    assert target.read_text() != "keep me"


def _sample():
    from pathlib import Path

    return Path(__file__).resolve().parents[2] / "data" / "samples" / "rehber_vcard40.vcf"


@pytest.mark.parametrize("typed, days", [("1", 1), ("2", 7), ("3", None)])
def test_renewal_postpone_takes_the_call_forms_shortcuts(db_path, typed, days):
    """Issue 20, item 9: 1/2/3 mean tomorrow / in a week / in a month here too."""
    from datetime import timedelta
    from decimal import Decimal

    from dateutil.relativedelta import relativedelta

    from crm_tui.db.models import Policy
    from crm_tui.domain import renewals

    today = date(2026, 11, 22)
    c = create_customer(CustomerInput(name="Poliçeli"))
    policy = Policy.create(
        customer=c.id,
        line="kasko",
        start_date=date(2025, 12, 1),
        end_date=date(2026, 12, 1),
        premium=Decimal("1000"),
    )
    reminder = renewals.postpone(policy.id, typed, today=today)
    expected = today + (timedelta(days=days) if days else relativedelta(months=1))
    assert reminder.due_at.date() == expected
