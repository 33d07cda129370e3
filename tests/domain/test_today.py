"""The Today agenda: groups in urgency order, birthdays (29 February), greeted birthdays,
index use of the queue queries."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crm_tui.db.models import Complaint, Customer, Interaction, Policy, Reminder, db
from crm_tui.domain import today as td

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10)


def test_empty_day_is_clear(db_path):
    agenda = td.agenda(TODAY, NOW)
    assert agenda.is_clear and agenda.total == 0
    assert [g.code for g in agenda.groups] == [
        "overdue",
        "today",
        "renewals",
        "birthdays",
        "stay_in_touch",
        "complaints",
        "claims",
        "instalments",
    ]


def test_groups_in_urgency_order(db_path):
    c = Customer.create(name="Ayşe", birthday=date(1980, 11, 22), created_at=datetime(2025, 1, 1))
    Reminder.create(customer=c, title="overdue", due_at=datetime(2026, 11, 21, 9))
    Reminder.create(
        customer=c, title="late today", due_at=datetime(2026, 11, 22, 9, 30), has_time=True
    )
    Reminder.create(
        customer=c, title="later today", due_at=datetime(2026, 11, 22, 15), has_time=True
    )
    Reminder.create(customer=c, title="tomorrow", due_at=datetime(2026, 11, 23, 9))
    Reminder.create(customer=c, title="done", due_at=datetime(2026, 11, 20, 9), status="done")
    Policy.create(customer=c, line="dask", start_date=date(2025, 12, 1), end_date=date(2026, 12, 1))
    Customer.create(name="Rhythm", contact_every_days=10, last_contact_at=datetime(2026, 11, 1))
    Complaint.create(
        customer=c,
        subject="Broken",
        priority="urgent",
        status="new",
        deadline_at=datetime(2026, 11, 22, 8),
    )
    agenda = td.agenda(TODAY, NOW)
    titles = {g.code: [i.title for i in g.items] for g in agenda.groups}
    assert titles["overdue"] == ["overdue"]
    assert titles["today"] == ["late today", "later today"]
    assert [i.late for i in agenda.group("today").items] == [True, False]
    assert len(titles["renewals"]) == 1
    assert [i.customer_name for i in agenda.group("birthdays").items] == ["Ayşe"]
    assert [i.customer_name for i in agenda.group("stay_in_touch").items] == ["Rhythm"]
    try:
        import crm_tui.domain.complaints  # noqa: F401
    except ImportError:
        assert titles["complaints"] == []
    else:
        assert titles["complaints"] == ["Broken"]
        assert agenda.group("complaints").items[0].late
    # texts for both front ends
    item = agenda.group("overdue").items[0]
    assert td.when_text(item, TODAY) == "1 day overdue"
    assert td.when_text(agenda.group("renewals").items[0], TODAY) == "9 days left"
    assert td.detail_text(agenda.group("birthdays").items[0]) == "Birthday, turns 46"


def test_renewals_counted_up_to_a_cap(db_path):
    """The screen's count stops at its cap (bounded cost at a million customers) and says
    "N+"; without a cap (the CLI, the morning mail) the count is exact."""
    c = Customer.create(name="Filo")
    for day in range(1, 6):
        Policy.create(
            customer=c, line="dask", start_date=date(2025, 12, day), end_date=date(2026, 12, day)
        )
    agenda = td.agenda(TODAY, NOW, limit=2)
    assert td.count_more(agenda, cap=3)
    group = agenda.group("renewals")
    assert (group.total, group.at_least, group.count_text) == (3, True, "3+")
    assert agenda.total_text.endswith("+")
    exact = td.agenda(TODAY, NOW, limit=2)
    td.count_more(exact)
    assert (exact.group("renewals").count_text, exact.group("renewals").at_least) == ("5", False)
    at_cap = td.agenda(TODAY, NOW, limit=2)
    td.count_more(at_cap, cap=5)  # exactly the cap: no "+"
    assert at_cap.group("renewals").count_text == "5"


def test_group_limit_reports_more(db_path):
    for i in range(7):
        Reminder.create(title=f"r{i}", due_at=datetime(2026, 11, 1 + i, 9))
    agenda = td.agenda(TODAY, NOW, limit=5)
    group = agenda.group("overdue")
    assert len(group.items) == 5 and group.more and group.count_text == "5+"


def test_birthdays_today_and_next_seven_days(db_path):
    for name, born in [
        ("Today", date(1990, 11, 22)),
        ("In seven", date(1990, 11, 29)),
        ("In eight", date(1990, 11, 30)),
        ("Yesterday", date(1990, 11, 21)),
    ]:
        Customer.create(name=name, birthday=born)
    Customer.create(name="Archived", birthday=date(1990, 11, 23), archived_at=NOW)
    rows = td.birthdays(TODAY)
    assert [(r.name, r.on) for r in rows] == [("Today", TODAY), ("In seven", date(2026, 11, 29))]


def test_birthdays_across_new_year(db_path):
    Customer.create(name="Jan", birthday=date(1970, 1, 2))
    Customer.create(name="Dec", birthday=date(1970, 12, 30))
    rows = td.birthdays(date(2026, 12, 28))
    assert [(r.name, r.on) for r in rows] == [
        ("Dec", date(2026, 12, 30)),
        ("Jan", date(2027, 1, 2)),
    ]


def test_29_february_shows_on_28_february_in_common_years(db_path):
    Customer.create(name="Leap", birthday=date(1984, 2, 29))
    # common year: celebrated on the 28th
    assert [(r.name, r.on) for r in td.birthdays(date(2027, 2, 28), days=0)] == [
        ("Leap", date(2027, 2, 28))
    ]
    assert [(r.on, r.age) for r in td.birthdays(date(2027, 2, 22))] == [(date(2027, 2, 28), 43)]
    assert td.birthdays(date(2027, 3, 1), days=0) == []
    # leap year: on the 29th, not the 28th
    assert td.birthdays(date(2028, 2, 28), days=0) == []
    assert [r.on for r in td.birthdays(date(2028, 2, 29), days=0)] == [date(2028, 2, 29)]


def test_birthdays_soonest_day_first_then_by_name_within_the_limit(db_path):
    for name, born in [
        ("Zeynep", date(1990, 11, 22)),
        ("Ali", date(1985, 11, 22)),
        ("Mert", date(1970, 11, 22)),
        ("Burak", date(1990, 11, 23)),
        ("Cem", date(1990, 11, 23)),
    ]:
        Customer.create(name=name, birthday=born)
    assert [r.name for r in td.birthdays(TODAY)] == ["Ali", "Mert", "Zeynep", "Burak", "Cem"]
    assert [r.name for r in td.birthdays(TODAY, limit=4)] == ["Ali", "Mert", "Zeynep", "Burak"]
    # 28 Feb of a common year: the 28th's and the 29th's birthdays together, by name
    Customer.create(name="Deniz", birthday=date(1990, 2, 28))
    Customer.create(name="Aslı", birthday=date(1988, 2, 29))
    assert [r.name for r in td.birthdays(date(2027, 2, 28), days=0)] == ["Aslı", "Deniz"]


def test_birthdays_of_a_day_in_turkish_letter_order(db_path):
    for name in ["Zeynep", "Şükrü", "Çağlar", "Cem", "İbrahim", "Işık", "Hasan", "Özlem", "Oğuz"]:
        Customer.create(name=name, birthday=date(1990, 11, 22))
    assert [r.name for r in td.birthdays(TODAY, days=0)] == [
        "Cem",
        "Çağlar",
        "Hasan",
        "Işık",
        "İbrahim",
        "Oğuz",
        "Özlem",
        "Şükrü",
        "Zeynep",
    ]


def test_turkish_sort_key_by_hand():
    from crm_tui.i18n.collate import sort_key

    names = ["zeynep", "ŞÜKRÜ", "ali veli", "Alican", "ılgaz", "IŞIK", "İnci", "ismail", "Ümit"]
    assert sorted(names, key=sort_key) == [
        "ali veli",  # a space before any letter, as in a phone book
        "Alican",
        "ılgaz",
        "IŞIK",  # I is the capital of ı in Turkish
        "İnci",
        "ismail",
        "ŞÜKRÜ",
        "Ümit",
        "zeynep",
    ]


def test_greeted_birthday_leaves_the_queue_and_counts_as_contact(db_path):
    c = Customer.create(
        name="Elif",
        birthday=date(1990, 11, 24),
        contact_every_days=30,
        created_at=datetime(2025, 1, 1),
    )
    assert td.agenda(TODAY, NOW).group("birthdays").items
    assert td.agenda(TODAY, NOW).group("stay_in_touch").items
    td.mark_greeted(c.id, now=NOW)
    agenda = td.agenda(TODAY, NOW)
    assert not agenda.group("birthdays").items
    assert not agenda.group("stay_in_touch").items
    assert Interaction.get(Interaction.customer == c.id).outcome == td.BIRTHDAY_OUTCOME
    assert Customer.get_by_id(c.id).last_contact_at == NOW
    # next year's birthday shows again
    assert td.birthdays(date(2027, 11, 22))


@pytest.mark.sqlite_only("SQLite's EXPLAIN QUERY PLAN (the PostgreSQL plans are its own)")
def test_every_queue_query_reads_an_index_in_order(db_path, monkeypatch):
    """Each query the agenda runs searches an index (no table scan) and needs no sort, so
    its LIMIT ends the work whatever the size of the tables."""
    import peewee

    c = Customer.create(name="x", birthday=date(1990, 11, 23), contact_every_days=5)
    Reminder.create(customer=c, title="r", due_at=datetime(2026, 11, 21, 9))
    Policy.create(customer=c, line="dask", start_date=date(2025, 12, 1), end_date=date(2026, 12, 1))
    plans: list[tuple[str, str]] = []
    real = peewee.SqliteDatabase.execute_sql

    def spy(self, sql, params=None, *args, **kwargs):
        if sql.lstrip().upper().startswith("SELECT"):
            rows = real(self, "EXPLAIN QUERY PLAN " + sql, params).fetchall()
            plans.append((sql, " | ".join(str(r[-1]) for r in rows)))
        return real(self, sql, params, *args, **kwargs)

    monkeypatch.setattr(peewee.SqliteDatabase, "execute_sql", spy)
    td.agenda(TODAY, NOW)
    monkeypatch.undo()
    assert len(plans) >= 7
    text = "\n".join(plan for _sql, plan in plans)
    for sql, plan in plans:
        assert "TEMP B-TREE" not in plan, (sql, plan)
        for step in plan.split(" | "):
            if step.startswith("SCAN"):  # only an ordered walk of a partial index
                assert "complaint_open_deadline" in step, (sql, plan)
    for index in (
        "reminder_open_due",
        "policy_active_end",
        "customer_birthday_md_name",
        "customer_contact_due",
        "complaint_open_deadline",
        "claim_open_follow_up",
    ):
        assert index in text, index


def test_agenda_with_many_rows_stays_bounded(db_path):
    rows = [
        {"title": f"t{i}", "due_at": datetime(2026, 1, 1) + timedelta(hours=i), "status": "open"}
        for i in range(3000)
    ]
    with db.atomic():
        Reminder.insert_many(rows).execute()
    agenda = td.agenda(TODAY, NOW)
    assert len(agenda.group("overdue").items) == td.GROUP_LIMIT
    assert agenda.group("overdue").more


def test_cli_today_prints_the_agenda_without_textual(db_path, tmp_path):
    import os
    import subprocess
    import sys

    c = Customer.create(name="Ayşe Yılmaz", birthday=date(1980, 11, 23))
    Reminder.create(customer=c, title="Send the offer", due_at=datetime(2026, 11, 20, 9))
    db.close()
    code = (
        "import sys; from crm_tui.cli import main; "
        f"rc = main(['--db', {str(db_path)!r}, '--lang', 'en', 'today']); "
        "assert 'textual' not in sys.modules, 'textual imported'; sys.exit(rc)"
    )
    env = {**os.environ, "CRM_TUI_TODAY": "2026-11-22", "COLUMNS": "100"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert "Sunday, 22 November 2026" in out.stdout
    assert "Overdue (1)" in out.stdout and "2 days overdue" in out.stdout
    assert "Send the offer" in out.stdout and "Birthday, turns 46" in out.stdout
    # an empty day is not an error
    Reminder.update(status="done").execute()
    Customer.update(birthday=None).execute()
    db.close()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0 and "The day is clear" in out.stdout
    # a broken database file is
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a database")
    out = subprocess.run(
        [sys.executable, "-m", "crm_tui", "--db", str(bad), "today"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.returncode != 0 and "Traceback" not in out.stderr


def test_cli_ics_writes_an_owner_only_file(db_path, tmp_path, capsys):
    import stat

    from crm_tui.cli import main

    Reminder.create(title="Call", due_at=datetime(2026, 11, 24, 9))
    target = tmp_path / "out.ics"
    assert main(["--db", str(db_path), "ics", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "BEGIN:VCALENDAR" in target.read_text(encoding="utf-8")
    assert "1 reminders" in capsys.readouterr().out
    assert main(["--db", str(db_path), "ics", str(tmp_path)]) == 2  # a folder
