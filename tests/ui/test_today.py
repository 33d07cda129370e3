"""Today screen: every kind of line handled with one key, checked on screen and in the DB."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from crm_tui.config import Settings
from crm_tui.db.models import Complaint, Customer, Interaction, Policy, Reminder, RenewalAlert
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.today import COUNT_DELAY, TodayScreen
from tests.ui.helpers import new_app, settle


def make_day() -> dict[str, int]:
    """One line of every kind on 2026-11-22 (a Sunday)."""
    created = datetime(2025, 1, 1, 9, 0)
    ids = {}

    def customer(name, **kw):
        return Customer.create(
            name=name, created_at=created, last_contact_at=datetime(2026, 11, 1), **kw
        ).id

    ids["ayse"] = customer("Ayşe Yılmaz")
    ids["mehmet"] = customer("Mehmet Demir")
    ids["can"] = customer("Can Öztürk")
    ids["elif"] = customer("Elif Şahin", birthday=date(1990, 11, 24))
    ids["fatma"] = customer("Fatma Arslan", contact_every_days=30)
    Customer.update(last_contact_at=datetime(2026, 9, 1, 11)).where(
        Customer.id == ids["fatma"]
    ).execute()
    ids["gul"] = customer("Gül Aydın")
    ids["overdue"] = Reminder.create(
        customer=ids["ayse"], title="Send the kasko offer", due_at=datetime(2026, 11, 20, 9)
    ).id
    ids["due_today"] = Reminder.create(
        customer=ids["mehmet"],
        title="Visit the shop",
        due_at=datetime(2026, 11, 22, 14, 0),
        has_time=True,
        rrule="FREQ=MONTHLY;BYMONTHDAY=22",
        recur_from="calendar",
    ).id
    ids["policy"] = Policy.create(
        customer=ids["can"],
        line="kasko",
        provider="Anadolu",
        number="K-100",
        start_date=date(2025, 12, 10),
        end_date=date(2026, 12, 10),
        premium=Decimal("4500.00"),
    ).id
    ids["complaint"] = Complaint.create(
        customer=ids["gul"],
        subject="Late delivery",
        priority="high",
        status="new",
        opened_at=datetime(2026, 11, 18, 10),
        deadline_at=datetime(2026, 11, 21, 17),
    ).id
    return ids


@pytest.fixture
def day(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    return make_day()


def today_text(app) -> str:
    """The Today table's cells and its heading line, as plain text."""
    screen = app.screen
    table = screen.query_one("#today-table")
    lines = [str(screen.query_one("#today-head").render())]
    for i in range(table.row_count):
        lines.append(" | ".join(str(c) for c in table.get_row_at(i)))
    return "\n".join(lines)


def select(app, key: str) -> None:
    screen = app.screen
    assert isinstance(screen, TodayScreen)
    table = screen.query_one("#today-table")
    row = table.get_row_index(key)
    table.move_cursor(row=row)


async def test_today_shows_every_group(day):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = today_text(app)
        for expected in (
            "Overdue",
            "Due today",
            "Renewals",
            "Birthdays",
            "Stay in touch",
            "(1)",
            "Send the kasko offer",
            "Visit the shop",
            "Can Öztürk",
            "Elif Şahin",
            "Fatma Arslan",
        ):
            assert expected in text, expected


async def test_reminder_lines_done_snooze_cancel(day):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # done on the overdue one
        select(app, f"reminder:{day['overdue']}")
        await pilot.press("d")
        await settle(pilot)
        assert Reminder.get_by_id(day["overdue"]).status == "done"
        assert "Send the kasko offer" not in today_text(app)
        # done on the monthly one creates the next occurrence
        select(app, f"reminder:{day['due_today']}")
        await pilot.press("d")
        await settle(pilot)
        assert Reminder.get_by_id(day["due_today"]).status == "done"
        nxt = Reminder.get(Reminder.status == "open", Reminder.title == "Visit the shop")
        assert nxt.due_at == datetime(2026, 12, 22, 14, 0)
        assert "Visit the shop" not in today_text(app)


async def test_snooze_and_cancel_keys(day):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        select(app, f"reminder:{day['overdue']}")
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("2")  # tomorrow 09:00
        await settle(pilot)
        r = Reminder.get_by_id(day["overdue"])
        assert (r.due_at, r.snoozed_count, r.status) == (datetime(2026, 11, 23, 9), 1, "open")
        assert "Send the kasko offer" not in today_text(app)
        # snooze to a typed date
        select(app, f"reminder:{day['due_today']}")
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        await pilot.press(*"yesterday")
        await pilot.press("enter")
        await pilot.pause()
        assert "Choose a day after today" in str(app.screen.query_one("#e-date").render())
        await pilot.press(*[("backspace") for _ in range(9)])
        await pilot.press(*"+3d", "enter")
        await settle(pilot)
        assert Reminder.get_by_id(day["due_today"]).due_at == datetime(2026, 11, 25, 9)
        # cancel asks first
        Reminder.update(due_at=datetime(2026, 11, 22, 9)).where(
            Reminder.id == day["overdue"]
        ).execute()
        app.screen.reload()
        await settle(pilot)
        select(app, f"reminder:{day['overdue']}")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert Reminder.get_by_id(day["overdue"]).status == "cancelled"


async def test_renewal_renewed_with_new_premium(day):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        select(app, f"renewal:{day['policy']}")
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert form.values()["end_date"] == "10/12/2027"
        assert form.values()["premium"] == "4,500.00"  # as the language writes it
        form.set_value("premium", "5.250,00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Policy.get_by_id(day["policy"]).status == "renewed"
        new = Policy.get(Policy.renewed_from == day["policy"])
        assert (new.start_date, new.end_date, new.premium) == (
            date(2026, 12, 10),
            date(2027, 12, 10),
            Decimal("5250.00"),
        )
        assert "K-100" not in today_text(app)


async def test_cursor_stays_on_its_line_after_a_form_is_cancelled(day):
    """Back from a form (or a card), Today reloads: the cursor stays where the user was,
    not on the first line of the queue."""
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        key = f"renewal:{day['policy']}"
        select(app, key)
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert not isinstance(app.screen, TodayScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert app.screen.current().key == key


async def test_renewal_lost_and_postponed(day):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        select(app, f"renewal:{day['policy']}")
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"01.12.2026", "enter")
        await settle(pilot)
        p = Policy.get_by_id(day["policy"])
        assert p.renewal_postponed_to == date(2026, 12, 1) and p.status == "active"
        assert (
            RenewalAlert.select()
            .where(RenewalAlert.policy == p.id, RenewalAlert.lead_days == 30)
            .exists()
        )
        assert "K-100" not in today_text(app)
        # the renewal reminder (due 01.12) can be handled as lost from the Reminders list later;
        # here: make it due today and mark the renewal lost from its reminder line
        rid = Reminder.get(Reminder.policy == p.id).id
        Reminder.update(due_at=datetime(2026, 11, 22, 9)).where(Reminder.id == rid).execute()
        app.screen.reload()
        await settle(pilot)
        select(app, f"reminder:{rid}")
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("3")  # competitor
        await settle(pilot)
        p = Policy.get_by_id(day["policy"])
        assert (p.status, p.lost_reason) == ("lapsed", "competitor")
        assert Reminder.get_by_id(rid).status == "done"


async def test_birthday_greeted_and_stay_in_touch(day):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        select(app, f"birthday:{day['elif']}")
        await pilot.press("g")
        await settle(pilot)
        assert Interaction.get(Interaction.customer == day["elif"]).outcome == "birthday_greeted"
        assert "Elif Şahin" not in today_text(app)
        select(app, f"stay_in_touch:{day['fatma']}")
        await pilot.press("d")
        await settle(pilot)
        assert Interaction.select().where(Interaction.customer == day["fatma"]).count() == 1
        assert Customer.get_by_id(day["fatma"]).last_contact_at == datetime(2026, 11, 22, 10)
        assert "Fatma Arslan" not in today_text(app)


async def test_call_logged_card_and_complaint_open(day, monkeypatch):
    opened = []
    app = new_app()
    monkeypatch.setattr(app, "open_customer", lambda cid: opened.append(cid))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        select(app, f"reminder:{day['overdue']}")
        await pilot.press("o")
        await pilot.press("enter")
        await pilot.pause()
        assert opened == [day["ayse"], day["ayse"]]
        await pilot.press("l")
        await pilot.pause()
        from crm_tui.ui import registry

        try:
            form = registry.load(registry.INTERACTION_FORM)
        except (ImportError, AttributeError):
            assert Interaction.select().where(Interaction.customer == day["ayse"]).count() == 1
        else:
            assert isinstance(app.screen, form)
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        try:
            import crm_tui.domain.complaints  # noqa: F401
        except ImportError:
            return
        select(app, f"complaint:{day['complaint']}")
        await pilot.press("enter")
        await pilot.pause()
        try:
            detail = registry.load(registry.COMPLAINT_DETAIL)
        except (ImportError, AttributeError):
            assert isinstance(app.screen, TodayScreen)
        else:
            assert isinstance(app.screen, detail)


async def test_footer_keys_follow_the_line(day):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        select(app, f"renewal:{day['policy']}")
        await pilot.pause()
        assert screen.check_action("renewed", ()) and not screen.check_action("snooze", ())
        # "s" does nothing on a renewal line
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        select(app, f"reminder:{day['overdue']}")
        await pilot.pause()
        assert screen.check_action("snooze", ()) and not screen.check_action("renewed", ())


async def test_empty_day_says_it_is_clear(db_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        empty = app.screen.query_one("#today-empty")
        assert empty.display
        assert "The day is clear" in str(empty.render())


async def test_turkish_today(day, tr):
    app = CrmApp(settings=Settings(language="tr"), save_prefs=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = today_text(app)
        assert "Gecikmiş" in text or "Gecikenler" in text or "Overdue" not in text
        assert "2 gün gecikti" in text
        assert "Doğum günü, 36 yaşına giriyor" in text


async def test_new_reminder_from_today(day):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Call Can about kasko")
        await pilot.press("tab")
        await pilot.press(*[("backspace") for _ in range(10)])
        await pilot.press(*"22.11.2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        r = Reminder.get(Reminder.title == "Call Can about kasko")
        assert r.due_at == datetime(2026, 11, 22, 9) and r.customer_id is None
        assert "Call Can about kasko" in today_text(app)


def test_today_snapshot(day, snap_compare):
    from crm_tui.db.models import db

    db.close()

    async def ready(pilot):
        await settle(pilot)

    app = new_app()
    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


async def test_language_switch_rebuilds_today(day):
    from crm_tui.i18n import set_language

    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "2 days overdue" in today_text(app)
        await pilot.press("f7")
        await settle(pilot)
        await settle(pilot)
        text = today_text(app)
        assert "2 gün gecikti" in text and "22 Kasım 2026 Pazar" in text
        # still handles keys after the rebuild
        select(app, f"reminder:{day['overdue']}")
        await pilot.press("d")
        await settle(pilot)
        assert Reminder.get_by_id(day["overdue"]).status == "done"
    set_language("en")


def handle_count(app) -> int:
    """The section bar's "N to handle" (no "N+": every group is counted exactly)."""
    import re

    from tests.ui.helpers import screen_text

    found = re.search(r"(\d+) to handle", screen_text(app))
    assert found, screen_text(app)
    return int(found.group(1))


def head_text(app) -> str:
    return str(app.screen.query_one("#today-head").render())


def footer_labels(app) -> list[str]:
    return [desc for _key, desc in app.screen.query_one("KeyFooter").shown_keys() if desc]


async def test_d_does_the_main_thing_of_every_line_and_counts_follow(day):
    """d on each kind of line: done, seen, greeted, contacted, complaint status. The footer
    names what d does; the heading's counts drop as lines are handled."""
    from crm_tui.db.models import ComplaintEvent

    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        head = head_text(app)
        for part in ("1 Overdue 1", "2 Due today 1", "3 Renewals 1", "4 Birthdays 1"):
            assert part in head, (part, head)
        assert "5 Stay in touch 1" in head and "6 Complaints 1" in head
        # renewal: seen for this lead time (30 days), gone until the next one
        select(app, f"renewal:{day['policy']}")
        await pilot.pause()
        assert "Seen" in footer_labels(app) and "Done" not in footer_labels(app)
        await pilot.press("d")
        await settle(pilot)
        assert RenewalAlert.get(RenewalAlert.policy == day["policy"]).lead_days == 30
        assert Policy.get_by_id(day["policy"]).status == "active"
        assert "K-100" not in today_text(app) and "3 Renewals 0" in head_text(app)
        # birthday: greeted
        select(app, f"birthday:{day['elif']}")
        await pilot.pause()
        assert "Greeted" in footer_labels(app)
        await pilot.press("d")
        await settle(pilot)
        assert Interaction.get(Interaction.customer == day["elif"]).outcome == "birthday_greeted"
        assert "4 Birthdays 0" in head_text(app)
        # overdue reminder: done
        select(app, f"reminder:{day['overdue']}")
        await pilot.pause()
        assert {"Done", "Snooze", "Edit", "Cancel it"} <= set(footer_labels(app))
        await pilot.press("d")
        await settle(pilot)
        assert Reminder.get_by_id(day["overdue"]).status == "done"
        assert "1 Overdue 0" in head_text(app)
        # complaint: d asks for the next status, then a note
        select(app, f"complaint:{day['complaint']}")
        await pilot.pause()
        assert {"Status", "Note", "Complaint"} <= set(footer_labels(app))
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("1")  # in progress
        await pilot.pause()
        await pilot.press(*"called back", "enter")
        await settle(pilot)
        c = Complaint.get_by_id(day["complaint"])
        assert c.status == "in_progress"
        event = ComplaintEvent.get(
            ComplaintEvent.complaint == c.id, ComplaintEvent.kind == "status"
        )
        assert (event.to_status, event.note) == ("in_progress", "called back")
        assert isinstance(app.screen, TodayScreen)
        # still past its deadline: the line stays, and takes a note with a
        select(app, f"complaint:{day['complaint']}")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"promised delivery friday", "enter")
        await settle(pilot)
        assert ComplaintEvent.get(ComplaintEvent.kind == "note").note == "promised delivery friday"


async def test_edit_a_reminder_from_today(day):
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        select(app, f"reminder:{day['overdue']}")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert form.values()["title"] == "Send the kasko offer"
        form.set_value("title", "Send the kasko and DASK offer")
        form.set_value("due", "22.11.2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        r = Reminder.get_by_id(day["overdue"])
        assert (r.title, r.due_at, r.status) == (
            "Send the kasko and DASK offer",
            datetime(2026, 11, 22, 9),
            "open",
        )
        assert "2 Due today 2" in head_text(app)
        assert "Send the kasko and DASK offer" in today_text(app)


async def test_number_keys_jump_to_each_group(day):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        expected = {
            "1": "reminder",
            "2": "reminder",
            "3": "renewal",
            "4": "birthday",
            "5": "stay_in_touch",
            "6": "complaint",
        }
        for key in "654321":
            await pilot.press(key)
            await pilot.pause()
            assert screen.current().kind == expected[key], key
        assert screen.current().ref_id == day["overdue"]
        # an empty group says so and leaves the cursor where it was
        Reminder.update(status="done").where(Reminder.id == day["due_today"]).execute()
        screen.reload()
        await settle(pilot)
        await pilot.press("4")
        await pilot.press("2")
        await pilot.pause()
        assert screen.current().kind == "birthday"
        assert "2 Due today 0" in head_text(app)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
@pytest.mark.parametrize("lang", ["en", "tr"])
async def test_heading_and_footer_fit(day, size, lang):
    """Every group's count is in the heading and the line's keys are in the footer, in both
    languages at 80x24 and 100x30."""
    from crm_tui.i18n import set_language
    from tests.ui.helpers import screen_text

    set_language(lang)
    app = CrmApp(settings=Settings(language=lang), save_prefs=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        head = app.screen.query_one("#today-head")
        assert head.size.height <= 3
        for i in range(1, 7):
            assert f"{i} " in head_text(app)
        for key in [f"reminder:{day['overdue']}", f"renewal:{day['policy']}"]:
            select(app, key)
            await pilot.pause()
            await pilot.pause()
            shown = app.screen.query_one("KeyFooter").shown_keys()
            line_keys = [(key, desc) for key, desc in shown[:-1] if key in "dsexrkp"]
            assert line_keys and shown[-1][0] == "^p"
            keys, palette = screen_text(app).splitlines()[-1].split("▏")
            assert shown[-1][1] in palette
            for key, desc in line_keys:  # left of the palette, inside the screen
                assert f"{key} {desc}" in keys, (key, desc)
    set_language("en")


async def test_renewal_count_is_exact_and_drops_when_one_is_handled(day):
    """More renewals due than the group lists (50): the heading counts them all, not "50+",
    and the count goes down by one when a renewal is handled."""
    from crm_tui.domain.today import GROUP_LIMIT

    extra = GROUP_LIMIT + 12
    for n in range(extra):
        Policy.create(
            customer=day["can"],
            line="kasko",
            number=f"X-{n:03d}",
            start_date=date(2025, 12, 10),
            end_date=date(2026, 12, 10),
            premium=Decimal("1000.00"),
        )
    total = extra + 1  # and K-100 of the day
    app = new_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.pause(COUNT_DELAY)  # the count starts a moment after the first paint
        await settle(pilot)
        head = head_text(app)
        assert f"3 Renewals {total}" in head and "+" not in head, head
        to_handle = handle_count(app)  # the section bar's total counts every renewal too
        assert to_handle >= total
        select(app, f"renewal:{day['policy']}")
        await pilot.press("d")  # seen for this lead time
        await settle(pilot)
        assert RenewalAlert.get(RenewalAlert.policy == day["policy"]).lead_days == 30
        assert f"3 Renewals {total - 1}" in head_text(app), head_text(app)
        assert handle_count(app) == to_handle - 1


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (60, 20)])
@pytest.mark.parametrize("lang", ["en", "tr"])
async def test_footer_keys_are_whole_or_left_out(day, size, lang):
    """Issue 20 item 8: Today's footer ended in ``n N▏`` / ``R Ye▏``: a key that does not fit
    is left out whole (``?`` lists every key), on every group and on the card."""
    from crm_tui.i18n import set_language
    from tests.ui.helpers import screen_text

    set_language(lang)
    app = CrmApp(settings=Settings(language=lang), save_prefs=False)
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            for group in ["1", "3", "5"]:
                await pilot.press(group)
                await settle(pilot)
                await pilot.pause()
                footer = app.screen.query_one("KeyFooter")
                descriptions = [d for _k, d in footer.shown_keys()]
                left = screen_text(app).splitlines()[-1].split("▏")[0].rstrip()
                assert descriptions and left.endswith(descriptions[-2]), (group, left)
                for _key, description in footer.shown_keys():
                    assert description in screen_text(app).splitlines()[-1]
            await pilot.press("o")  # the line's customer card
            await settle(pilot)
            card = app.screen.query_one("KeyFooter")
            left = screen_text(app).splitlines()[-1].split("▏")[0].rstrip()
            shown = [desc for _key, desc in card.shown_keys()[:-1]]
            assert left.endswith(shown[-1]), (left, shown)
    finally:
        set_language("en")
