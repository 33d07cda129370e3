"""The overview counts the book from indexes of the stored totals in groups (step 22,
``analytics.book``) and finds the top lifetime values from two indexes (``Scored.top_ltv``).
On a varied book (referrals, manual stages, policies past their end, answers, contact
rhythms, archived and erased customers, commissions) every figure equals the same figure
counted customer by customer over ``Scored.sql``, the per-customer scoring the drill-down
lists use; and the columns ``customer_stats`` mirrors from ``customer`` follow every change."""

from __future__ import annotations

import importlib
import random
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta

from crm_tui.db import analytics, sqlfn
from crm_tui.db.dialect import read_snapshot
from crm_tui.db.models import (
    Complaint,
    Customer,
    Interaction,
    Policy,
    PolicyCommission,
    Purchase,
    Survey,
    db,
)
from crm_tui.domain import loyalty, roles
from crm_tui.domain.loyalty.segments import SEGMENT_MAP, STAGES

overview_module = importlib.import_module("crm_tui.domain.loyalty.overview")

TODAY = date(2026, 11, 22)


def _day(value) -> str | None:
    return None if value is None else str(value)[:10]


def _rich_book(seed: int, customers: int = 120) -> None:
    rng = random.Random(seed)
    people = [Customer.create(name=f"B{i}") for i in range(customers)]
    for c in people:
        day = date(2022, 1, 1) + timedelta(days=rng.randrange(1500))
        while day <= TODAY and rng.random() < 0.93:
            if rng.random() < 0.6:
                Purchase.create(customer=c, date=day, amount=Decimal(rng.randrange(1, 900)))
            else:
                p = Policy.create(
                    customer=c,
                    line="kasko",
                    status=rng.choice(["active", "active", "renewed", "lapsed", "cancelled"]),
                    start_date=day,
                    end_date=day + timedelta(days=365),  # some active ones are past it
                    premium=Decimal(rng.randrange(100, 5000)),
                )
                if rng.random() < 0.8:
                    PolicyCommission.update(commission=Decimal(rng.randrange(10, 900))).where(
                        PolicyCommission.id == p.id
                    ).execute()
            day += timedelta(days=rng.choice([15, 60, 200, 380, 600]))
    for c in people:
        r = rng.random()
        if r < 0.3:  # referred, by a buyer or not (chains and cycles of two allowed)
            c.referred_by = rng.choice(people)
        if rng.random() < 0.25:
            c.contact_every_days = rng.choice([7, 30, 90, 400])
        if rng.random() < 0.7:
            c.last_contact_at = datetime(2026, 11, 22, 9) - timedelta(days=rng.randrange(900))
        if rng.random() < 0.1:
            c.ladder_override = rng.choice([*STAGES, "unknown"])
        c.save()
        if rng.random() < 0.3:
            Survey.create(
                customer=c,
                kind=rng.choice(["nps", "csat"]),
                score=rng.randrange(0, 11),
                at=datetime(2026, 11, 1) - timedelta(days=rng.randrange(700)),
            )
        if rng.random() < 0.1:
            Complaint.create(
                customer=c,
                subject="late",
                status=rng.choice(["new", "in_progress", "resolved"]),
                satisfaction=rng.choice([None, 1, 3, 5]),
                resolved_at=datetime(2026, 10, 1),
            )
    for c in rng.sample(people, customers // 12):
        Customer.update(archived_at=datetime(2026, 1, 1)).where(Customer.id == c.id).execute()
    for c in rng.sample(people, customers // 30):
        Customer.update(anonymized_at=datetime(2026, 2, 1)).where(Customer.id == c.id).execute()
    for i in range(customers // 8):  # never bought nor answered, some set by hand
        Customer.create(name=f"P{i}", ladder_override=rng.choice([*STAGES, "unknown", None, None]))


def _one_by_one(today: date, top: int = 10) -> dict:
    """Every overview figure counted customer by customer over ``Scored.sql``."""
    y1 = today - relativedelta(years=1)
    with read_snapshot():
        scored = overview_module.prepare_scores(today, analytics.overall_renewal_rate())
        cur = db.execute_sql(f"{scored.sql} ORDER BY c.id", scored.params)
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        scored.close()
    out: dict = {"customers": len(rows)}
    ladder: Counter = Counter()
    manual: Counter = Counter()
    segments: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        ladder[STAGES[r["stage_i"]]] += 1
        manual[STAGES[r["stage_i"]]] += r["manual"]
        if r["cell"]:
            seg = SEGMENT_MAP[(r["cell"] // 10, r["cell"] % 10)]
            segments[seg][0] += 1
            segments[seg][1] += int(r["m"])
    out["ladder"] = {s: (ladder[s], manual[s]) for s in STAGES}
    out["segments"] = {s: segments[s][0] for s in loyalty.SEGMENTS}
    out["revenue"] = {s: segments[s][1] for s in loyalty.SEGMENTS}
    out["active"] = sum(1 for r in rows if r["n"] > 0)
    out["bought_12m"] = sum(1 for r in rows if r["n"] > 0 and _day(r["last_d"]) > str(y1))
    out["no_contact"] = sum(int(r["no_contact"]) for r in rows)
    out["lapsed"] = sum(int(r["lapsed_recent"]) for r in rows)
    out["complaints"] = sum(1 for r in rows if r["open_c"] > 0)
    firsts = Counter(_day(r["first_d"])[:7] for r in rows if r["n"] > 0)
    out["firsts"] = firsts
    referred = [r for r in rows if r["ref"] is not None]
    out["referred"] = (len(referred), sum(1 for r in referred if r["n"] > 0))
    out["referred_revenue"] = sum(int(r["m"]) for r in referred)
    by_ref: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in referred:
        by_ref[r["ref"]][0] += 1
        by_ref[r["ref"]][1] += 1 if r["n"] > 0 else 0
        by_ref[r["ref"]][2] += int(r["m"])
    best = sorted(by_ref.items(), key=lambda kv: (-kv[1][2], -kv[1][0], kv[0]))[:top]
    out["referrers"] = [(rid, k, b) for rid, (k, b, _m) in best]
    buyers = sorted((r for r in rows if r["n"] > 0), key=lambda r: (-float(r["ltv"]), r["id"]))[
        :top
    ]
    out["top"] = [r["id"] for r in buyers]
    return out


def _assert_same(o: loyalty.Overview, ref: dict) -> None:
    assert o.customers == ref["customers"]
    assert o.ladder == ref["ladder"]
    assert {s: v[0] for s, v in o.segments.items()} == ref["segments"]
    assert {s: int(v[1] * 100) for s, v in o.segments.items()} == ref["revenue"]
    assert o.headline.active == ref["active"]
    assert o.headline.bought_12m == ref["bought_12m"]
    assert o.risks["no_contact"] == ref["no_contact"]
    assert o.risks["lapsed"] == ref["lapsed"]
    assert o.risks["complaints"] == ref["complaints"]
    for m in o.months:
        assert m.new_customers == ref["firsts"].get(m.month, 0), m.month
    assert (o.referred, o.referred_buyers) == ref["referred"]
    assert int(o.referred_revenue * 100) == ref["referred_revenue"]
    assert [(r.id, r.referred, r.buyers) for r in o.referrers] == ref["referrers"]
    assert [t.id for t in o.top] == ref["top"]


@pytest.mark.parametrize("seed", [1, 2])
def test_the_overview_from_indexes_equals_counting_customer_by_customer(db_path, seed):
    _rich_book(seed)
    for today in (TODAY, date(2026, 3, 1), date(2025, 7, 15)):
        loyalty.forget_cached_overview()
        o = loyalty.overview(today)
        assert o.customers > 50 and o.ladder["advocate"][0] and o.risks["no_contact"]
        _assert_same(o, _one_by_one(today))


def test_the_ladder_counts_policies_past_their_end_only_when_a_rung_can_see_them(
    db_path, monkeypatch
):
    """Under the shipped rules ``in_force >= 2`` is decided by ``n >= 2`` (an active policy
    counts in ``n``), so the overview skips the customers with a policy past its end; a
    rung that reads ``in_force`` alone makes it look them up, and both equal the oracle."""
    from crm_tui.db import loyalty_rules as rules

    assert not rules.in_force_decides_stage()
    ladder = rules.LADDER
    with monkeypatch.context() as m:
        client = rules.AnyOf(rules.Cmp(rules.N, ">=", 3), rules.Cmp(rules.IN_FORCE, ">=", 2))
        m.setattr(rules, "LADDER", (*ladder[:3], ("client", client), *ladder[4:]))
        assert rules.in_force_decides_stage()
        m.setattr(
            rules,
            "LADDER",
            (*ladder[:3], ("client", rules.Cmp(rules.IN_FORCE, ">", 0)), *ladder[4:]),
        )
        assert rules.in_force_decides_stage()
    _rich_book(4)
    monkeypatch.setattr(rules, "in_force_decides_stage", lambda: True)  # the looking-up path
    loyalty.forget_cached_overview()
    _assert_same(loyalty.overview(TODAY), _one_by_one(TODAY))


def test_a_staff_login_sees_the_same_counts_and_top_values_without_commissions(
    db_path, monkeypatch
):
    _rich_book(3)
    monkeypatch.setattr(roles, "current_role", lambda: "staff")
    loyalty.forget_cached_overview()
    o = loyalty.overview(TODAY)
    _assert_same(o, _one_by_one(TODAY))


def test_top_lifetime_values_need_not_compute_everybody_but_equal_the_full_order(db_path):
    """The candidates of the two indexes hold the answer, or the search widens to every
    customer: ties, many equal values and a negative commission give the same ten as
    computing every customer."""
    _rich_book(4, customers=60)
    rng = random.Random(9)
    # 200 customers with the same purchases: the bound of the 40th is their value too,
    # so the first round cannot decide and the candidates grow
    twins = [Customer.create(name=f"T{i}") for i in range(200)]
    for c in twins:
        Purchase.create(customer=c, date=date(2026, 6, 1), amount=Decimal("5000"))
    for c in rng.sample(twins, 5):
        p = Policy.create(
            customer=c,
            line="kasko",
            status="active",
            start_date=date(2025, 1, 1),
            end_date=date(2025, 12, 31),  # past its end: not in force
            premium=Decimal(100),
        )
        PolicyCommission.update(commission=Decimal(-50)).where(
            PolicyCommission.id == p.id
        ).execute()

    def both(limit: int) -> tuple[list[int], list[int]]:
        with read_snapshot():
            scored = overview_module.prepare_scores(TODAY, analytics.overall_renewal_rate())
            fast = scored.top_ltv(limit)
            full = [cid for cid, _v in scored._ltv_of(None, limit)]
            scored.close()
        return fast, full

    for limit in (1, 10, 50):
        fast, full = both(limit)
        assert fast == full and len(fast) == limit


def test_the_totals_mirror_referral_and_contact_of_the_customer(db_path):
    """``ref``, ``contact_d`` and ``rhythm`` follow the customer: made with the totals row,
    changed with the customer, and filled by a bulk fill."""
    a = Customer.create(name="A")
    b = Customer.create(name="B", referred_by=a, contact_every_days=30)
    Purchase.create(customer=b, date=date(2026, 1, 5), amount=Decimal(10))

    def mirrored() -> dict[int, tuple]:
        return {
            cid: (ref, _day(contact), rhythm)
            for cid, ref, contact, rhythm in db.execute_sql(
                "SELECT customer_id, ref, contact_d, rhythm FROM customer_stats"
            ).fetchall()
        }

    def expected() -> dict[int, tuple]:
        out = {}
        for c in Customer.select().where(Customer.id.in_(list(mirrored()))):
            contact = c.last_contact_at or c.created_at
            out[c.id] = (c.referred_by_id, _day(contact), c.contact_every_days)
        # step 23: each referrer's count of those they referred who bought (not archived)
        counted = dict(
            db.execute_sql(
                "SELECT customer_id, ref_buyers FROM customer_stats WHERE ref_buyers <> 0"
            ).fetchall()
        )
        buyers = Counter(
            c.referred_by_id
            for c in Customer.select().where(
                Customer.referred_by.is_null(False),
                Customer.archived_at.is_null(),
                Customer.anonymized_at.is_null(),
            )
            if Purchase.select().where(Purchase.customer == c.id).exists()
        )
        assert counted == dict(buyers)
        return out

    assert mirrored() == expected() and mirrored()[b.id][0] == a.id
    Purchase.create(customer=a, date=date(2026, 2, 5), amount=Decimal(10))
    Interaction.create(customer=b, at=datetime(2026, 11, 20, 15), summary="x")
    Customer.update(last_contact_at=datetime(2026, 11, 20, 15)).where(Customer.id == b.id).execute()
    Customer.update(contact_every_days=None, referred_by=None).where(Customer.id == b.id).execute()
    Customer.update(referred_by=b).where(Customer.id == a.id).execute()
    assert mirrored() == expected()
    assert mirrored()[b.id] == (None, "2026-11-20", None)
    b.delete_instance()  # the referral of a goes with it (ON DELETE SET NULL)
    assert mirrored() == expected() and mirrored()[a.id][0] is None
    c = Customer.create(name="C", referred_by=a, contact_every_days=7)
    with analytics.totals_computed_at_the_end():
        Purchase.create(customer=c, date=date(2026, 3, 1), amount=Decimal(5))
    assert mirrored() == expected() and mirrored()[c.id][0] == a.id
    # a referrer who never bought gets a row for the count; archiving, moving and deleting
    # the customer referred take it back
    d = Customer.create(name="D")
    e = Customer.create(name="E", referred_by=d)
    Purchase.create(customer=e, date=date(2026, 4, 1), amount=Decimal(5))
    assert mirrored() == expected() and mirrored()[d.id][0] is None
    Customer.update(archived_at=datetime(2026, 5, 1)).where(Customer.id == e.id).execute()
    assert mirrored() == expected()
    Customer.update(archived_at=None, referred_by=a).where(Customer.id == e.id).execute()
    assert mirrored() == expected()
    Purchase.delete().where(Purchase.customer == c.id).execute()
    e.delete_instance()
    assert mirrored() == expected()


def test_top_referrers_with_ties_in_revenue_break_them_by_customers_referred(db_path):
    """Forty referrers whose referred customers bought the same: the ten shown are those
    who also referred customers who never bought (more referred), then the lowest ids."""
    referrers = [Customer.create(name=f"R{i}") for i in range(40)]
    for i, r in enumerate(referrers):
        buyer = Customer.create(name=f"RB{i}", referred_by=r)
        Purchase.create(customer=buyer, date=date(2026, 5, 1), amount=Decimal(100))
        for j in range(i % 3):  # referred, never bought: no totals row
            Customer.create(name=f"RN{i}-{j}", referred_by=r)
    loyalty.forget_cached_overview()
    o = loyalty.overview(TODAY)
    assert [(r.id, r.referred, r.buyers) for r in o.referrers] == _one_by_one(TODAY)["referrers"]
    assert [r.referred for r in o.referrers] == [3] * 10


def test_the_stored_stage_is_the_rules_stage(db_path):
    """``customer_stats.stage_i`` (step 24) was rendered from the rules when the step ran:
    it must still be what the rules say, row by row (and on SQLite, word for word). A change
    of ``rules.LADDER`` needs a step that makes the column again."""
    from crm_tui.db.migrations.m0024_stage_and_answers_daily import stage_sql

    _rich_book(6)
    dialect = "postgresql" if sqlfn.is_postgres() else "sqlite"
    rows, wrong = db.execute_sql(
        f"SELECT count(*), coalesce(sum(CASE WHEN stage_i = {stage_sql(dialect)} THEN 0"
        " ELSE 1 END), 0) FROM customer_stats"
    ).fetchone()
    assert rows > 50 and wrong == 0
    if dialect == "sqlite":
        table = db.execute_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'customer_stats'"
        ).fetchone()[0]
        assert stage_sql("sqlite") in table


def test_answers_per_day_follow_every_change_of_the_surveys(db_path):
    """``survey_daily`` (step 24) equals counting the survey rows, after answers are added,
    moved to another day or score, and deleted (one by one and with their customer)."""
    _rich_book(7, customers=40)
    people = list(Customer.select())

    def by_hand() -> dict:
        day = sqlfn.date_of("at")
        return {
            (_day(d), kind, score): n
            for d, kind, score, n in db.execute_sql(
                f"SELECT {day}, kind, score, count(*) FROM survey GROUP BY {day}, kind, score"
            ).fetchall()
        }

    def kept() -> dict:
        return {
            (_day(day), kind, score): n
            for day, kind, score, n in db.execute_sql(
                "SELECT day, kind, score, n FROM survey_daily WHERE n <> 0"
            ).fetchall()
        }

    assert kept() == by_hand() and kept()
    s = Survey.create(customer=people[0], kind="nps", score=10, at=datetime(2026, 1, 5, 23, 59))
    Survey.update(score=3).where(Survey.id == s.id).execute()
    Survey.update(at=datetime(2026, 1, 6, 0, 1)).where(Survey.id == s.id).execute()
    assert kept() == by_hand()
    Survey.delete().where(Survey.id == s.id).execute()
    people[1].delete_instance(recursive=True)
    assert kept() == by_hand()
