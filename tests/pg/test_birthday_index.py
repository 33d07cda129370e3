"""PostgreSQL reads Today through indexes: birthdays (step 8), open reminders (step 18),
renewals and unpaid instalments (step 20)."""

from __future__ import annotations

from datetime import date, datetime

from crm_tui.db import agenda, sqlfn
from crm_tui.db.models import Customer


def test_birthday_query_reads_the_month_day_index(pg_db):
    for i, born in enumerate([date(1980, 3, 7), date(1992, 3, 7), date(1975, 12, 1)]):
        Customer.create(kind="person", name=f"Kişi {i}", birthday=born)
    sql = agenda._BIRTHDAYS.format(month_day=sqlfn.month_day("c.birthday"), keys="?")
    params = ("03-07", "birthday_greeted", datetime(2026, 3, 1), 50)
    pg_db.execute_sql("SET enable_seqscan = off")  # a three-row table would be scanned
    plan = "\n".join(r[0] for r in sqlfn.execute("EXPLAIN " + sql, params).fetchall())
    assert "customer_birthday_md_name" in plan
    names = [name for _id, name, _born in agenda.birthdays_on(["03-07"], *params[1:])]
    assert sorted(names) == ["Kişi 0", "Kişi 1"]


def test_month_day_matches_sqlite_text(pg_db):
    rows = sqlfn.execute(
        "SELECT crm_month_day(DATE '2024-02-29'), crm_month_day(DATE '1999-12-01'),"
        " crm_month_day(NULL)"
    ).fetchone()
    assert rows == ("02-29", "12-01", None)


def test_today_reads_open_reminders_in_date_and_id_order_from_the_index(pg_db):
    """Step 18: day-only reminders share midnight; with the id in the index the LIMIT ends
    the scan instead of a sort of the whole day."""
    pg_db.execute_sql("SET enable_seqscan = off")
    plan = "\n".join(
        r[0]
        for r in sqlfn.execute(
            "EXPLAIN SELECT r.id FROM reminder AS r WHERE r.status = 'open'"
            " AND r.due_at >= ? AND r.due_at < ? ORDER BY r.due_at, r.id LIMIT 51",
            (datetime(2026, 12, 5), datetime(2026, 12, 6)),
        ).fetchall()
    )
    assert "reminder_open_due_id" in plan and "Sort" not in plan


def test_today_reads_renewals_and_instalments_in_date_and_id_order(pg_db):
    """Step 20: the renewals (end date, id) and unpaid instalments (due date, id), and step
    27: the open claims (follow-up day, id), come out of their partial indexes in the order
    Today asks, so the LIMIT ends the scan."""
    pg_db.execute_sql("SET enable_seqscan = off")
    for sql, params, index in (
        (
            "EXPLAIN SELECT p.id FROM policy AS p WHERE p.status = 'active'"
            " AND p.end_date >= ? AND p.end_date <= ? ORDER BY p.end_date, p.id LIMIT 51",
            (date(2026, 11, 1), date(2027, 2, 1)),
            "policy_active_end_id",
        ),
        (
            "EXPLAIN SELECT i.id FROM instalment AS i WHERE i.paid_on IS NULL"
            " AND i.due_date <= ? ORDER BY i.due_date, i.id LIMIT 51",
            (date(2026, 12, 1),),
            "instalment_unpaid_due_id",
        ),
        (  # step 27: the claims whose follow-up day has come
            "EXPLAIN SELECT c.id FROM claim AS c WHERE c.closed_at IS NULL"
            " AND c.follow_up_on <= ? ORDER BY c.follow_up_on, c.id LIMIT 51",
            (date(2026, 12, 1),),
            "claim_open_follow_up",
        ),
    ):
        plan = "\n".join(r[0] for r in sqlfn.execute(sql, params).fetchall())
        assert index in plan and "Sort" not in plan, plan


def test_name_prefix_tier_reads_the_words_btree(pg_db):
    """Step 21: the "name starts with" tier is a range of the (words, customer_id) B-tree,
    not a walk of the table in id order nor every trigram match (44 → 15 ms at 1M)."""
    from crm_tui.db import postgres_search

    for i, name in enumerate(["Şükrü Yıldız", "Sükran Acar", "Ahmet Suk"]):
        Customer.create(kind="person", name=f"{name} {i}")
    from crm_tui.db import search

    search.rebuild_index()
    pg_db.execute_sql("SET enable_seqscan = off")
    cond, params = postgres_search._word_condition(["suk"], True)
    sql = (
        "EXPLAIN SELECT s.customer_id FROM customer_search s"
        f" WHERE {cond} ORDER BY s.customer_id LIMIT 3000"
    )
    plan = "\n".join(r[0] for r in pg_db.execute_sql(sql, params).fetchall())
    assert "customer_search_words_start" in plan, plan
    names = {
        Customer.get_by_id(cid).name.split()[0]
        for cid in postgres_search.word_tier("suk", True, 10, False)
    }
    assert names == {"Şükrü", "Sükran"}
