"""Loyalty: quintiles with ties, every segment, both lifetime-value formulas, NPS/CSAT edge
cases, ladder suggestions and override, at-risk lists, retention, campaign consent filter.

Every expected number is computed by hand in the comments."""

from __future__ import annotations

import csv
import os
import stat
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from crm_tui.db.models import (
    Complaint,
    Consent,
    Customer,
    Policy,
    PolicyCommission,
    Purchase,
    Survey,
)
from crm_tui.domain import loyalty
from crm_tui.domain.errors import ValidationError
from crm_tui.domain.settings import set_setting

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10)


# -- the RFM fixture ------------------------------------------------------------------------------
# Ten buying customers c1..c10. c_k's last purchase is (11 - k) × 30 days ago, so recency ranks
# are distinct: R = 1 + ⌊5 × (k − 1) / 10⌋ = 1,1,2,2,3,3,4,4,5,5.
# Purchase counts (every purchase 100.00): F = 1 + ⌊5 × worse / 10⌋ where ties share the lower
# score: count 1 (c1, c5, c7, c9): worse = 0 → F1; count 2 (c3, c6): worse = 4 → F3;
# count 3 (c4, c8): worse = 6 → F4; count 4 (c2, c10): worse = 8 → F5. M equals F (100 each).
COUNTS = {1: 1, 2: 4, 3: 2, 4: 3, 5: 1, 6: 2, 7: 1, 8: 3, 9: 1, 10: 4}
EXPECTED = {
    1: (1, 1, "hibernating"),
    2: (1, 5, "cant_lose"),
    3: (2, 3, "at_risk"),
    4: (2, 4, "at_risk"),
    5: (3, 1, "about_to_sleep"),
    6: (3, 3, "need_attention"),
    7: (4, 1, "promising"),
    8: (4, 4, "loyal"),
    9: (5, 1, "new"),
    10: (5, 5, "champions"),
}


def build_rfm_customers() -> dict[int, int]:
    """c1..c10 as above, plus a prospect and an archived buyer (neither is scored)."""
    ids = {}
    for k in range(1, 11):
        c = Customer.create(name=f"Müşteri {k:02d}", city="İzmir" if k % 2 else "Ankara")
        ids[k] = c.id
        last = TODAY - timedelta(days=(11 - k) * 30)
        for j in range(COUNTS[k]):
            Purchase.create(customer=c, date=last - timedelta(days=j), amount=Decimal("100"))
    ids["prospect"] = Customer.create(name="Aday Müşteri").id
    archived = Customer.create(name="Arşivli", archived_at=NOW)
    Purchase.create(customer=archived, date=TODAY, amount=Decimal("99999"))
    ids["archived"] = archived.id
    return ids


# -- quintiles ---------------------------------------------------------------------------------------


def test_quintile_scores_with_ties():
    values = [1, 1, 1, 2, 3, 4, 5, 5, 9, 10]
    # worse than 1: 0 → 1; than 2: 3 → 1+⌊15/10⌋=2; 3: 4 → 3; 4: 5 → 1+⌊25/10⌋=3;
    # 5: 6 → 4; 9: 8 → 5; 10: 9 → 1+⌊45/10⌋=5
    assert [loyalty.quintile_score(v, values) for v in values] == [1, 1, 1, 2, 3, 3, 4, 4, 5, 5]
    # cut points: positions ⌈(k−1)·10/5⌉−1 = 1, 3, 5, 7 → values 1, 2, 4, 5
    assert loyalty.quintile_cuts(values) == [1, 2, 4, 5]
    for v in values:
        via_cuts = 1 + sum(v > c for c in loyalty.quintile_cuts(values))
        assert via_cuts == loyalty.quintile_score(v, values)


def test_quintiles_all_equal_share_the_lowest_score():
    assert [loyalty.quintile_score(7, [7, 7, 7])] * 3 == [1, 1, 1]
    assert loyalty.quintile_cuts([7, 7, 7]) == [7, 7, 7, 7]
    assert loyalty.quintile_cuts([]) == []


def test_segment_map_every_cell():
    expected = {
        "hibernating": {(1, 1), (1, 2), (2, 1), (2, 2)},
        "at_risk": {(1, 3), (1, 4), (2, 3), (2, 4)},
        "cant_lose": {(1, 5), (2, 5)},
        "about_to_sleep": {(3, 1), (3, 2)},
        "need_attention": {(3, 3)},
        "loyal": {(3, 4), (3, 5), (4, 4), (4, 5)},
        "promising": {(4, 1)},
        "potential": {(4, 2), (4, 3), (5, 2), (5, 3)},
        "new": {(5, 1)},
        "champions": {(5, 4), (5, 5)},
    }
    assert set(expected) == set(loyalty.SEGMENTS)
    for seg, cells in expected.items():
        for r, f in cells:
            assert loyalty.segment_for(r, f) == seg, (r, f)
    assert sum(len(c) for c in expected.values()) == 25


def test_rfm_scores_and_segments_from_the_database(db_path):
    ids = build_rfm_customers()
    for k, (r, f, seg) in EXPECTED.items():
        s = loyalty.customer_summary(ids[k], today=TODAY)
        assert s.rfm == (r, f, f), k
        assert s.segment == seg, k
    assert loyalty.customer_summary(ids["prospect"], today=TODAY).rfm is None

    o = loyalty.overview(TODAY)
    assert o.headline.active == 10  # the prospect has no purchase, the archived one is out
    counts = {seg: n for seg, (n, _rev) in o.segments.items()}
    assert counts == {
        "champions": 1,
        "loyal": 1,
        "potential": 0,
        "new": 1,
        "promising": 1,
        "need_attention": 1,
        "about_to_sleep": 1,
        "at_risk": 2,
        "cant_lose": 1,
        "hibernating": 1,
    }
    assert o.segments["at_risk"][1] == Decimal("500.00")  # c3 2×100 + c4 3×100
    # the drill-down agrees, best customers first
    assert loyalty.customer_ids("segment", "at_risk", TODAY) == [ids[4], ids[3]]
    assert loyalty.customer_ids("segment", "champions", TODAY) == [ids[10]]
    assert len(loyalty.customer_ids("active", None, TODAY)) == 10
    assert o.risks["at_risk"] == 2 and o.risks["cant_lose"] == 1


# -- lifetime value -----------------------------------------------------------------------------------


def test_shop_lifetime_value_by_hand():
    # average 200 × (3 purchases / 2 years) × 3 years = 900
    first = TODAY - timedelta(days=730)
    assert loyalty.shop_ltv(Decimal("600"), 3, first, TODAY, 3) == Decimal("900.00")
    # known for less than a year counts as one year: 50 × 2/1 × 3 = 300
    assert loyalty.shop_ltv(Decimal("100"), 2, TODAY - timedelta(days=100), TODAY, 3) == Decimal(
        "300.00"
    )


def test_policy_lifetime_value_by_hand():
    # 1000 × 0.75 / (1 + 0.10 − 0.75) = 750 / 0.35 = 2142.857… → 2142.86
    assert loyalty.policy_ltv(Decimal("1000"), Decimal("0.75"), Decimal("0.10")) == Decimal(
        "2142.86"
    )
    # unknown renewal rate: one year's commission
    assert loyalty.policy_ltv(Decimal("1000"), None, Decimal("0.10")) == Decimal("1000.00")
    # r = 1 and i = 0 would divide by zero: the denominator stays at least 0.01
    assert loyalty.policy_ltv(Decimal("10"), Decimal("1"), Decimal("0")) == Decimal("1000.00")


def _policy(customer, status, start, commission=None, end=None, line="kasko", premium="0"):
    p = Policy.create(
        customer=customer,
        line=line,
        start_date=start,
        end_date=end or start + timedelta(days=365),
        status=status,
        premium=Decimal(premium),
    )
    if commission:
        PolicyCommission.update(commission=Decimal(commission)).where(
            PolicyCommission.id == p.id
        ).execute()
    return p


def test_customer_lifetime_value_both_formulas(db_path):
    shop = Customer.create(name="Dükkan Müşterisi")
    first = TODAY - timedelta(days=730)
    for day, amount in ((first, "100"), (first + timedelta(days=200), "200"), (TODAY, "300")):
        Purchase.create(customer=shop, date=day, amount=Decimal(amount))
    ltv = loyalty.customer_ltv(shop.id, TODAY)
    assert ltv.value == Decimal("900.00") and ltv.kind == "shop"
    assert "average purchase" in ltv.formula

    agent = Customer.create(name="Sigortalı")
    for year in (2022, 2023, 2024):
        _policy(agent, "renewed", date(year, 1, 1), "900")
    _policy(agent, "lapsed", date(2022, 6, 1), "500", line="dask")
    _policy(agent, "active", date(2026, 1, 1), "1000")
    ltv = loyalty.customer_ltv(agent.id, TODAY)
    # r = 3 / (3 + 1) = 0.75, yearly commission of the policy in force 1000 → 2142.86
    assert ltv.value == Decimal("2142.86") and ltv.kind == "policy"
    assert "r / (1 + i − r)" in ltv.formula

    newcomer = Customer.create(name="Yeni Sigortalı")
    _policy(newcomer, "active", date(2026, 3, 1), "400")
    # no own history: the whole book's rate, 3 renewed / 4 = 0.75 → 400 × 0.75 / 0.35
    assert loyalty.customer_ltv(newcomer.id, TODAY).value == Decimal("857.14")

    # the overview's ordering uses the same formulas in SQL
    o = loyalty.overview(TODAY)
    assert [(t.id, t.ltv) for t in o.top] == [
        (agent.id, Decimal("2142.86")),
        (shop.id, Decimal("900.00")),
        (newcomer.id, Decimal("857.14")),
    ]
    summary = loyalty.customer_summary(agent.id, TODAY)
    assert summary.ltv == Decimal("2142.86") and summary.ltv_kind == "policy"


# -- satisfaction ----------------------------------------------------------------------------------------


def test_nps_and_csat_edge_cases():
    assert loyalty.nps_score({}) is None
    assert loyalty.csat_score({}) is None
    assert loyalty.nps_score({7: 3, 8: 2}) == 0.0  # all passives
    # promoters 3, detractors 2 of 6 answers: (3 − 2) / 6 = 16.67 points
    assert loyalty.nps_score({10: 2, 9: 1, 8: 1, 3: 1, 0: 1}) == pytest.approx(100 / 6)
    assert loyalty.nps_score({10: 1}) == 100.0
    assert loyalty.nps_score({6: 1}) == -100.0
    assert loyalty.csat_score({5: 1, 4: 1, 3: 1, 1: 1}) == 0.5


def test_satisfaction_from_surveys_and_resolved_complaints(db_path):
    c = Customer.create(name="Memnun")
    o = loyalty.overview(TODAY)
    assert o.headline.nps is None and o.headline.csat is None  # no answers: "–", not 0
    for score in (7, 8, 8):
        Survey.create(customer=c, kind="nps", score=score, at=NOW)
    Survey.create(customer=c, kind="nps", score=10, at=NOW - timedelta(days=400))  # too old
    Survey.create(customer=c, kind="csat", score=3, at=NOW)
    Complaint.create(customer=c, subject="x", status="resolved", satisfaction=5, resolved_at=NOW)
    linked = Complaint.create(
        customer=c, subject="y", status="closed", satisfaction=4, resolved_at=NOW
    )
    Survey.create(customer=c, kind="csat", score=4, at=NOW, complaint=linked)  # counted once
    Complaint.create(customer=c, subject="z", status="in_progress", satisfaction=1)  # not resolved
    o = loyalty.overview(TODAY)
    assert o.headline.nps == 0.0 and o.headline.nps_answers == 3  # all passives
    # CSAT answers: 3 (survey), 5 (complaint), 4 (survey linked to a complaint) → 2 of 3
    assert o.headline.csat_answers == 3
    assert o.headline.csat == pytest.approx(2 / 3)


# -- ladder ------------------------------------------------------------------------------------------------


def test_suggest_stage_rules():
    assert loyalty.suggest_stage(0) == "prospect"
    assert loyalty.suggest_stage(1) == "customer"
    assert loyalty.suggest_stage(2) == "client"
    assert loyalty.suggest_stage(1, active_policies=2) == "client"
    assert loyalty.suggest_stage(1, latest_nps=9) == "supporter"
    assert loyalty.suggest_stage(1, latest_nps=8) == "customer"
    assert loyalty.suggest_stage(3, latest_csat=5) == "supporter"
    assert loyalty.suggest_stage(3, latest_csat=4) == "client"
    assert loyalty.suggest_stage(1, referred_a_buyer=True) == "advocate"
    assert loyalty.suggest_stage(0, latest_nps=10, referred_a_buyer=True) == "prospect"


def test_ladder_suggestions_override_and_overview_agree(db_path):
    prospect = Customer.create(name="Aday")
    one = Customer.create(name="Bir Kez")
    Purchase.create(customer=one, date=TODAY, amount=Decimal("10"))
    two = Customer.create(name="İki Kez")
    for d in (1, 2):
        Purchase.create(customer=two, date=TODAY - timedelta(days=d), amount=Decimal("10"))
    policies = Customer.create(name="İki Poliçe")
    _policy(policies, "active", date(2026, 5, 1), "10")
    _policy(policies, "active", date(2026, 6, 1), "10", line="dask")
    fan = Customer.create(name="Hayran")
    Purchase.create(customer=fan, date=TODAY, amount=Decimal("10"))
    Survey.create(customer=fan, kind="nps", score=3, at=NOW - timedelta(days=30))
    Survey.create(customer=fan, kind="nps", score=9, at=NOW)  # the latest answer counts
    cooled = Customer.create(name="Soğuyan")
    Purchase.create(customer=cooled, date=TODAY, amount=Decimal("10"))
    Survey.create(customer=cooled, kind="nps", score=10, at=NOW - timedelta(days=30))
    Survey.create(customer=cooled, kind="nps", score=5, at=NOW)
    happy = Customer.create(name="Şikayeti Çözülen")
    Purchase.create(customer=happy, date=TODAY, amount=Decimal("10"))
    Complaint.create(customer=happy, subject="s", status="closed", satisfaction=5, resolved_at=NOW)
    advocate = Customer.create(name="Tavsiyeci")
    Purchase.create(customer=advocate, date=TODAY, amount=Decimal("10"))
    friend = Customer.create(name="Arkadaş", referred_by=advocate)
    Purchase.create(customer=friend, date=TODAY, amount=Decimal("10"))
    talker = Customer.create(name="Konuşkan")  # referred someone who never bought
    Purchase.create(customer=talker, date=TODAY, amount=Decimal("10"))
    Customer.create(name="Sadece Aday", referred_by=talker)

    expected = {
        prospect.id: "prospect",
        one.id: "customer",
        two.id: "client",
        policies.id: "client",
        fan.id: "supporter",
        cooled.id: "customer",
        happy.id: "supporter",
        advocate.id: "advocate",
        friend.id: "customer",
        talker.id: "customer",
    }
    for cid, stage in expected.items():
        s = loyalty.customer_summary(cid, TODAY)
        assert (s.stage, s.stage_is_manual) == (stage, False), Customer.get_by_id(cid).name
        assert cid in loyalty.customer_ids("stage", stage, TODAY)

    loyalty.set_ladder_override(prospect.id, "suspect")
    loyalty.set_ladder_override(one.id, "advocate")
    s = loyalty.customer_summary(one.id, TODAY)
    assert (s.stage, s.stage_is_manual, s.suggested_stage) == ("advocate", True, "customer")
    o = loyalty.overview(TODAY)
    assert o.ladder["suspect"] == (1, 1)
    assert o.ladder["advocate"] == (2, 1)  # Tavsiyeci (suggested) and Bir Kez (manual)
    assert o.ladder["prospect"] == (1, 0)  # Sadece Aday
    assert sum(n for n, _m in o.ladder.values()) == o.customers == 11

    loyalty.set_ladder_override(one.id, None)
    s = loyalty.customer_summary(one.id, TODAY)
    assert (s.stage, s.stage_is_manual) == ("customer", False)
    with pytest.raises(ValidationError) as exc:
        loyalty.set_ladder_override(one.id, "king")
    assert "stage" in exc.value.errors


# -- retention, renewals, at risk, referrals, months ------------------------------------------------------------


def test_retention_renewal_rate_and_months(db_path):
    kept = Customer.create(name="Sadık")
    Purchase.create(customer=kept, date=date(2025, 3, 1), amount=Decimal("100"))
    Purchase.create(customer=kept, date=date(2026, 3, 1), amount=Decimal("200"))
    gone = Customer.create(name="Giden")
    Purchase.create(customer=gone, date=date(2025, 4, 1), amount=Decimal("50"))
    fresh = Customer.create(name="Yeni")  # new this year: not in the retention base
    Purchase.create(customer=fresh, date=date(2026, 11, 1), amount=Decimal("70"))
    old = Customer.create(name="Çok Eski")  # bought 3 years ago: not in the base either
    Purchase.create(customer=old, date=date(2023, 1, 1), amount=Decimal("10"))
    for status in ("renewed", "renewed", "renewed", "lapsed"):
        _policy(old, status, date(2025, 12, 1), "10", premium="0")
    o = loyalty.overview(TODAY)
    assert o.headline.retention_base == 2 and o.headline.retention == 0.5
    assert o.headline.renewal_rate == 0.75 and o.headline.renewals == 4
    # revenue in the last 12 months: 200 + 70 (+ four policies with premium 0)
    assert o.headline.revenue_12m == Decimal("270.00")
    months = {m.month: m for m in o.months}
    assert len(o.months) == 12 and o.months[-1].month == "2026-11"
    assert months["2026-03"].revenue == Decimal("200.00")
    assert months["2026-11"].new_customers == 1  # Yeni's first purchase
    assert months["2025-12"].new_customers == 0  # Çok Eski started in 2023


def test_at_risk_lists(db_path):
    quiet = Customer.create(
        name="Sessiz",
        last_contact_at=NOW - timedelta(days=400),
        created_at=NOW - timedelta(days=900),
    )
    Purchase.create(customer=quiet, date=date(2026, 1, 1), amount=Decimal("10"))
    rhythm = Customer.create(
        name="Ritimli", last_contact_at=NOW - timedelta(days=40), contact_every_days=30
    )
    Purchase.create(customer=rhythm, date=date(2026, 1, 1), amount=Decimal("10"))
    fine = Customer.create(name="Yakın", last_contact_at=NOW - timedelta(days=10))
    Purchase.create(customer=fine, date=date(2026, 1, 1), amount=Decimal("10"))
    lapsed = Customer.create(name="Düşen", last_contact_at=NOW)
    _policy(lapsed, "lapsed", date(2025, 10, 1), "10", end=date(2026, 10, 1))
    _policy(lapsed, "lapsed", date(2024, 1, 1), "10", end=date(2025, 1, 1))
    angry = Customer.create(name="Kızgın", last_contact_at=NOW)
    Complaint.create(customer=angry, subject="geç teslimat", status="new")
    o = loyalty.overview(TODAY)
    assert o.risks["no_contact"] == 2
    assert set(loyalty.customer_ids("risk", "no_contact", TODAY)) == {quiet.id, rhythm.id}
    assert loyalty.customer_ids("risk", "lapsed", TODAY) == [lapsed.id]
    assert loyalty.customer_ids("risk", "complaints", TODAY) == [angry.id]
    assert o.risks["lapsed"] == 1 and o.risks["complaints"] == 1


def test_referrals(db_path):
    boss = Customer.create(name="Tavsiye Eden")
    a = Customer.create(name="A", referred_by=boss)
    b = Customer.create(name="B", referred_by=boss)
    Customer.create(name="C", referred_by=boss)
    Purchase.create(customer=a, date=TODAY, amount=Decimal("100"))
    Purchase.create(customer=b, date=TODAY, amount=Decimal("50"))
    _policy(b, "active", date(2026, 1, 1), "10", premium="1000")
    o = loyalty.overview(TODAY)
    assert o.referred == 3 and o.referred_buyers == 2
    assert o.referred_revenue == Decimal("1150.00")
    assert [(r.id, r.referred, r.buyers, r.revenue) for r in o.referrers] == [
        (boss.id, 3, 2, Decimal("1150.00"))
    ]
    assert set(loyalty.customer_ids("referrer", boss.id, TODAY)) == {a.id, b.id} | {
        c.id for c in Customer.select().where(Customer.name == "C")
    }
    s = loyalty.customer_summary(boss.id, TODAY)
    assert (s.referred, s.referred_buyers, s.referred_revenue) == (3, 2, Decimal("1150.00"))


def test_empty_database(db_path):
    o = loyalty.overview(TODAY)
    assert o.empty and o.headline.active == 0 and o.headline.retention is None
    assert o.top == [] and all(n == 0 for n, _r in o.segments.values())


# -- campaigns ---------------------------------------------------------------------------------------------------


def test_campaign_export_only_with_consent(db_path, tmp_path):
    from crm_tui.db.models import Phone

    ids = build_rfm_customers()
    at_risk = loyalty.campaign_customers("at_risk", today=TODAY)
    assert at_risk == [ids[4], ids[3]]
    loyal_or_not = loyalty.campaign_customers(None, city="ankara", today=TODAY)
    assert set(loyal_or_not) == {ids[k] for k in (2, 4, 6, 8, 10)}
    c3, c4 = ids[3], ids[4]
    Phone.create(customer=c4, e164="+905321234567", digits="5321234567", is_primary=True)
    Customer.update(email="c4@example.com").where(Customer.id == c4).execute()
    Consent.create(customer=c4, channel="sms", granted=True, at=NOW - timedelta(days=10))
    Consent.create(customer=c3, channel="sms", granted=True, at=NOW - timedelta(days=10))
    Consent.create(customer=c3, channel="sms", granted=False, at=NOW - timedelta(days=1))
    Consent.create(customer=c3, channel="email", granted=True, at=NOW)
    assert loyalty.consent_counts(at_risk, "sms") == (1, 1)
    assert loyalty.consent_counts(at_risk, "call") == (0, 2)
    out = tmp_path / "kampanya.csv"
    out.write_text("an older, longer file that must be replaced whole\n" * 20)
    os.chmod(out, 0o644)
    result = loyalty.export_campaign(at_risk, "sms", out)
    assert (result.written, result.without_consent) == (1, 1)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets read it as UTF-8
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows == [
        ["id", "name", "phone", "phone_e164", "email", "city", "channel", "consent_at"],
        [
            str(c4),
            "Müşteri 04",
            "0532 123 45 67",
            "+905321234567",
            "c4@example.com",
            "Ankara",
            "sms",
            "2026-11-12",
        ],
    ]
    # c3 withdrew SMS consent, but gave e-mail consent
    result = loyalty.export_campaign(at_risk, "email", out)
    assert (result.written, result.without_consent) == (1, 1)
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert [r[1] for r in rows[1:]] == ["Müşteri 03"] and rows[1][7] == "2026-11-22"
    # nobody consented to calls: a header only, both counted as left out
    result = loyalty.export_campaign(at_risk, "call", out)
    assert (result.written, result.without_consent) == (0, 2)
    assert len(list(csv.reader(out.open(encoding="utf-8-sig")))) == 1
    with pytest.raises(ValidationError):
        loyalty.export_campaign(at_risk, "fax", out)
    with pytest.raises(ValidationError, match="does not exist"):
        loyalty.export_campaign(at_risk, "sms", tmp_path / "nope" / "x.csv")
    with pytest.raises(ValidationError, match="folder"):
        loyalty.export_campaign(at_risk, "sms", tmp_path)


def test_campaign_export_keeps_formula_like_text_as_text(db_path, tmp_path):
    c = Customer.create(name="=HYPERLINK(1)", city="@İzmir")
    Purchase.create(customer=c, date=TODAY, amount=Decimal("10"))
    Consent.create(customer=c, channel="email", granted=True, at=NOW)
    out = tmp_path / "k.csv"
    loyalty.export_campaign([c.id], "email", out)
    row = list(csv.reader(out.open(encoding="utf-8-sig")))[1]
    assert row[1] == "'=HYPERLINK(1)" and row[5] == "'@İzmir"


def test_campaign_by_product_line(db_path):
    ids = build_rfm_customers()
    _policy(ids[10], "active", date(2026, 1, 1), "10", line="dask")
    Purchase.create(customer=ids[8], date=TODAY, amount=Decimal("1"), category="dask")
    found = loyalty.campaign_customers(None, line="dask", today=TODAY)
    assert set(found) == {ids[10], ids[8]}
    assert "dask" in loyalty.campaign_filters()["lines"]


def test_campaign_lists_filter_by_tag_folded_like_names(db_path):
    from crm_tui.db.models import CustomerTag, Tag

    ids = build_rfm_customers()
    filo = Tag.create(name="Filo")
    for k in (2, 4):
        CustomerTag.create(customer=ids[k], tag=filo)
    assert set(loyalty.campaign_customers(None, today=TODAY, tag="FİLO")) == {ids[2], ids[4]}
    assert set(loyalty.campaign_customers(None, city="ankara", today=TODAY, tag="filo")) == {
        ids[2],
        ids[4],
    }
    assert loyalty.campaign_customers(None, today=TODAY, tag="yok") == []
    assert "Filo" in loyalty.campaign_filters()["tags"]


def test_settings_change_lifetime_value(db_path):
    set_setting("ltv_expected_years", 5)
    c = Customer.create(name="Beş Yıllık")
    Purchase.create(customer=c, date=TODAY, amount=Decimal("100"))
    # 100 × 1 per year × 5 years
    assert loyalty.customer_ltv(c.id, TODAY).value == Decimal("500.00")


def test_campaign_command_line(db_path, tmp_path, monkeypatch, capsys):
    from crm_tui.cli import main

    monkeypatch.setenv("CRM_TUI_TODAY", "2026-11-22")
    ids = build_rfm_customers()
    Consent.create(customer=ids[4], channel="email", granted=True, at=NOW)
    out = tmp_path / "liste.csv"
    code = main(
        [
            "--db",
            str(db_path),
            "--lang",
            "en",
            "campaign",
            "--segment",
            "at_risk",
            "--channel",
            "email",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert "1 customers exported" in capsys.readouterr().out
    assert [r[1] for r in csv.reader(out.open(encoding="utf-8"))] == ["name", "Müşteri 04"]


def test_unknown_manual_stage_is_ignored(db_path):
    c = Customer.create(name="İçe Aktarılmış", ladder_override="vip")
    Purchase.create(customer=c, date=TODAY, amount=Decimal("10"))
    s = loyalty.customer_summary(c.id, TODAY)
    assert (s.stage, s.stage_is_manual) == ("customer", False)
    assert loyalty.overview(TODAY).ladder["customer"] == (1, 0)


def _stats(cid):
    from crm_tui.db.models import db
    from crm_tui.db.sqlfn import as_stored

    row = db.execute_sql(
        "SELECT active, n_purch, m_purch, first_purch, last_purch, n_pol, m_pol, renewed,"
        " lapsed, n_active_pol, comm_active, n, m, first_d, last_d"
        " FROM customer_stats WHERE customer_id = ?",
        (cid,),
    ).fetchone()
    return None if row is None else tuple(as_stored(v) for v in row)


def _recomputed(cid):
    """The same figures straight from the base tables."""
    from crm_tui.db.models import db

    c = Customer.get_by_id(cid)
    pn, pm, pf, pl = db.execute_sql(
        "SELECT count(*), coalesce(sum(amount), 0), min(date), max(date) FROM purchase"
        " WHERE customer_id = ?",
        (cid,),
    ).fetchone()
    qn, qm, qf, ql, ren, lap, act, comm = db.execute_sql(
        "SELECT count(*), coalesce(sum(premium), 0), min(start_date), max(start_date),"
        " coalesce(sum(CASE WHEN status = 'renewed' THEN 1 ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN status = 'lapsed' THEN 1 ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN status = 'active' THEN 1 ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN status = 'active' THEN coalesce(commission, 0) END), 0)"
        " FROM policy WHERE customer_id = ? AND status != 'cancelled'",
        (cid,),
    ).fetchone()
    firsts = [d for d in (pf, qf) if d]
    lasts = [d for d in (pl, ql) if d]
    active = int(c.archived_at is None and c.anonymized_at is None)
    from crm_tui.db.sqlfn import as_stored

    return tuple(
        as_stored(v)
        for v in (
            active,
            pn,
            pm,
            pf,
            pl,
            qn,
            qm,
            ren,
            lap,
            act,
            comm,
            pn + qn,
            pm + qm,
            min(firsts) if firsts else None,
            max(lasts) if lasts else None,
        )
    )


def test_customer_stats_follow_every_change(db_path):
    """The trigger-kept totals equal a fresh count after inserts, updates, moves, deletes,
    policy status changes, archiving and deleting a customer."""
    from crm_tui.db.models import db
    from crm_tui.db.sqlfn import as_stored

    a = Customer.create(name="A")
    b = Customer.create(name="B")
    assert _stats(a.id) is None  # no row until there is something to count
    p1 = Purchase.create(customer=a, date=date(2026, 1, 1), amount=Decimal("10"))
    p2 = Purchase.create(customer=a, date=date(2026, 3, 1), amount=Decimal("20.50"))
    assert _stats(a.id) == _recomputed(a.id)
    assert _stats(a.id)[11:] == (2, 3050, "2026-01-01", "2026-03-01")
    Purchase.update(customer=b).where(Purchase.id == p2.id).execute()  # moved (merge)
    assert _stats(a.id) == _recomputed(a.id) and _stats(b.id) == _recomputed(b.id)
    Purchase.update(amount=Decimal("15"), date=date(2025, 12, 1)).where(
        Purchase.id == p1.id
    ).execute()
    assert _stats(a.id)[11:] == (1, 1500, "2025-12-01", "2025-12-01")
    pol = Policy.create(
        customer=a,
        line="kasko",
        start_date=date(2026, 5, 1),
        end_date=date(2027, 5, 1),
        premium=Decimal("1000"),
    )
    PolicyCommission.update(commission=Decimal("150")).where(
        PolicyCommission.id == pol.id
    ).execute()
    assert _stats(a.id) == _recomputed(a.id)
    assert _stats(a.id)[11:] == (2, 101500, "2025-12-01", "2026-05-01")

    def premiums():
        rows = db.execute_sql("SELECT date, total FROM policy_daily WHERE n > 0").fetchall()
        return {as_stored(day): total for day, total in rows}

    assert premiums() == {"2026-05-01": 100000}
    pol.status = "renewed"
    pol.save()
    assert _stats(a.id) == _recomputed(a.id)
    assert premiums() == {"2026-05-01": 100000}  # a renewed policy still counts
    Policy.update(status="cancelled").where(Policy.id == pol.id).execute()
    assert _stats(a.id)[5:7] == (0, 0)  # a cancelled policy is no revenue
    assert premiums() == {}
    Policy.update(status="active", start_date=date(2026, 6, 1)).where(Policy.id == pol.id).execute()
    assert _stats(a.id) == _recomputed(a.id)
    assert premiums() == {"2026-06-01": 100000}
    # a customer with only a policy gets a row too, first_d from the policy
    c = Customer.create(name="C")
    Policy.create(customer=c, line="dask", start_date=date(2026, 2, 2), premium=Decimal("300"))
    assert _stats(c.id) == _recomputed(c.id)
    Customer.update(archived_at=NOW).where(Customer.id == a.id).execute()
    assert _stats(a.id)[0] == 0
    Customer.update(archived_at=None).where(Customer.id == a.id).execute()
    assert _stats(a.id)[0] == 1
    p1.delete_instance()
    assert _stats(a.id) == _recomputed(a.id)
    daily = {
        as_stored(day): total
        for day, total in db.execute_sql("SELECT date, total FROM purchase_daily WHERE n > 0")
    }
    assert daily == {"2026-03-01": 2050}  # p2 (now B's) is the only purchase left
    assert loyalty.overview(TODAY).headline.active == 3
    b.delete_instance()  # cascades to the purchases
    assert _stats(b.id) is None
    assert loyalty.overview(TODAY).headline.active == 2
    pol.delete_instance()
    assert premiums() == {"2026-02-02": 30000}  # C's policy is left


@pytest.mark.sqlite_only("a file of an SQLite development build, compared byte for byte")
def test_a_file_stamped_v3_without_the_loyalty_tables_is_refused(db_path):
    """A file a development build stamped with schema 3 before the loyalty tables were part
    of it (and so without a history of steps) is refused at open in one line and left as it
    was; it used to be patched up at the first overview."""
    from crm_tui.db import DatabaseOpenError, close_database, open_database
    from crm_tui.db.models import db

    a = Customer.create(name="A")
    Purchase.create(customer=a, date=date(2026, 1, 1), amount=Decimal("10"))
    for name in ("customer_stats", "purchase_daily", "schema_history"):
        db.execute_sql(f"DROP TABLE {name}")
    db.execute_sql("DROP INDEX survey_kind_score")
    db.execute_sql("PRAGMA user_version = 3")  # the stamp of that build (this one writes 4)
    close_database()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseOpenError, match="unreleased build") as refused:
        open_database(db_path)
    assert "\n" not in str(refused.value)
    assert db_path.read_bytes() == before


@pytest.mark.sqlite_only("PRAGMA temp_store")
def test_the_overview_keeps_its_helper_tables_in_memory(db_path):
    from crm_tui.db.models import db

    Customer.create(name="A")
    loyalty.overview(TODAY)
    loyalty.overview(TODAY)  # the second time the setting is already there
    assert db.execute_sql("PRAGMA temp_store").fetchone()[0] == 2


# -- RFM with revenue and policies -------------------------------------------------------------


def test_monetary_scores_and_policies_count_as_purchases(db_path):
    """Five customers; revenue and frequency differ, policies count in both.

    revenue (purchases + premiums):  a 100, b 250 (policy 200 + purchase 50), c 250, d 900,
    e 40. Sorted: 40, 100, 250, 250, 900 → worse than each: e 0, a 1, b 2, c 2, d 4 →
    M = 1 + ⌊5 × worse / 5⌋: e 1, a 2, b 3, c 3, d 5 (b and c tie and share 3).
    Frequency: a 1, b 2 (a policy and a purchase), c 1, d 3, e 1 → worse: 0, 3, 0, 4, 0 →
    F: a 1, b 4, c 1, d 5, e 1.
    Recency (last purchase or policy start): a 50 days ago, b 10, c 400, d 5, e 200 → sorted
    c, e, a, b, d → R: c 1, e 2, a 3, b 4, d 5.
    """
    a, b, c, d, e = (Customer.create(name=n) for n in "ABCDE")
    Purchase.create(customer=a, date=TODAY - timedelta(days=50), amount=Decimal("100"))
    _policy(b, "active", TODAY - timedelta(days=10), "30", premium="200")
    Purchase.create(customer=b, date=TODAY - timedelta(days=90), amount=Decimal("50"))
    Purchase.create(customer=c, date=TODAY - timedelta(days=400), amount=Decimal("250"))
    for days, amount in ((5, "300"), (60, "300"), (70, "300")):
        Purchase.create(customer=d, date=TODAY - timedelta(days=days), amount=Decimal(amount))
    Purchase.create(customer=e, date=TODAY - timedelta(days=200), amount=Decimal("40"))
    expected = {
        a.id: ((3, 1, 2), "about_to_sleep"),
        b.id: ((4, 4, 3), "loyal"),
        c.id: ((1, 1, 3), "hibernating"),
        d.id: ((5, 5, 5), "champions"),
        e.id: ((2, 1, 1), "hibernating"),
    }
    for cid, (rfm, segment) in expected.items():
        s = loyalty.customer_summary(cid, TODAY)
        assert (s.rfm, s.segment) == (rfm, segment), Customer.get_by_id(cid).name
    o = loyalty.overview(TODAY)
    assert o.segments["hibernating"] == (2, Decimal("290.00"))
    assert o.segments["loyal"] == (1, Decimal("250.00"))
    assert loyalty.customer_ids("segment", "hibernating", TODAY) == [c.id, e.id]


def test_overview_drill_downs_and_cards_agree_on_demo_data(db_path):
    """On generated data every count of the overview is the length of its drill-down list,
    and every customer's card gives the stage and segment the lists put them in."""
    from crm_tui.domain import demo

    demo.generate(customers=150, seed=5, today=TODAY)
    o = loyalty.overview(TODAY)
    assert o.headline.active > 50
    by_stage = {s: set(loyalty.customer_ids("stage", s, TODAY)) for s in loyalty.STAGES}
    by_segment = {g: set(loyalty.customer_ids("segment", g, TODAY)) for g in loyalty.SEGMENTS}
    for stage, ids in by_stage.items():
        assert o.ladder[stage][0] == len(ids), stage
    for segment, ids in by_segment.items():
        assert o.segments[segment][0] == len(ids), segment
    for kind in loyalty.RISKS:
        assert o.risks[kind] == len(loyalty.customer_ids("risk", kind, TODAY)), kind
    assert o.headline.active == len(loyalty.customer_ids("active", None, TODAY))
    assert o.headline.bought_12m == len(loyalty.customer_ids("bought_12m", None, TODAY))
    lost = loyalty.customer_ids("lost", None, TODAY)
    assert len(lost) == o.headline.retention_base - o.headline.retained
    for m in o.months:
        assert m.new_customers == len(loyalty.customer_ids("new_month", m.month, TODAY))
    assert o.referred == len(loyalty.customer_ids("referred", None, TODAY))
    assert o.customers == sum(len(ids) for ids in by_stage.values())
    for c in Customer.select().where(Customer.archived_at.is_null()):
        s = loyalty.customer_summary(c.id, TODAY)
        assert c.id in by_stage[s.stage], (c.name, s.stage)
        assert (s.segment is None) == (s.purchases == 0)
        if s.segment:
            assert c.id in by_segment[s.segment], (c.name, s.segment)
    top = loyalty.customer_ids("top_ltv", None, TODAY)[: len(o.top)]
    assert [t.id for t in o.top] == top
    values = [t.ltv for t in o.top]
    assert values == sorted(values, reverse=True)
    for t in o.top:
        assert loyalty.customer_summary(t.id, TODAY).ltv == t.ltv


def test_satisfaction_lists(db_path):
    critic = Customer.create(name="Eleştiren")
    Survey.create(customer=critic, kind="nps", score=10, at=NOW - timedelta(days=9))
    Survey.create(customer=critic, kind="nps", score=4, at=NOW)
    fan = Customer.create(name="Destekçi")
    Survey.create(customer=fan, kind="nps", score=9, at=NOW)
    grumpy = Customer.create(name="Memnuniyetsiz")
    Complaint.create(
        customer=grumpy, subject="s", status="resolved", satisfaction=2, resolved_at=NOW
    )
    assert loyalty.customer_ids("detractors", None, TODAY) == [critic.id]
    assert loyalty.customer_ids("unsatisfied", None, TODAY) == [grumpy.id]
    # an answer recorded later replaces the latest one
    from crm_tui.domain.surveys import record_survey

    record_survey(grumpy.id, "csat", 5, now=NOW + timedelta(hours=1))
    assert loyalty.customer_ids("unsatisfied", None, TODAY) == []


# -- settings ---------------------------------------------------------------------------------


GOOD = {
    "points_per_100": "2,5",
    "silver": "10.000",
    "gold": "25.000",
    "platinum": "60.000",
    "ltv_expected_years": "4",
    "ltv_discount_rate": "%12",
    "no_contact_days": "90",
}


def test_settings_saved_and_used(db_path):
    from crm_tui.domain import purchases

    saved = loyalty.save_loyalty_settings(GOOD)
    assert saved.points_per_100 == Decimal("2.5")
    assert saved.tiers == {
        "silver": Decimal(10000),
        "gold": Decimal(25000),
        "platinum": Decimal(60000),
    }
    assert saved.ltv_expected_years == 4 and saved.ltv_discount_rate == Decimal("0.12")
    assert saved.no_contact_days == 90
    c = Customer.create(name="Puanlı")
    # 1.999,00 × 2,5 / 100 = 49,975 → 49 points (rounded down)
    assert purchases.record_purchase(c.id, "1.999,00", on=TODAY, today=TODAY).points == 49
    purchases.record_purchase(c.id, "9000", on=TODAY, today=TODAY)
    assert purchases.customer_tier(c.id, TODAY)[0] == "silver"  # 10.999 ≥ 10.000 < 25.000
    # shop LTV with 4 years: total 10.999 × 4 / 1 year = 43.996
    assert loyalty.customer_ltv(c.id, TODAY).value == Decimal("43996.00")
    quiet = Customer.create(name="Sessiz", last_contact_at=NOW - timedelta(days=100))
    Purchase.create(customer=quiet, date=TODAY, amount=Decimal("1"))
    assert loyalty.customer_ids("risk", "no_contact", TODAY) == [quiet.id]  # 100 > 90 days


@pytest.mark.parametrize(
    "field, value",
    [
        ("points_per_100", "beş"),
        ("points_per_100", "-1"),
        ("points_per_100", "5000"),
        ("silver", ""),
        ("silver", "0"),
        ("gold", "5.000"),  # not above silver
        ("platinum", "25.000"),  # not above gold
        ("ltv_expected_years", "0"),
        ("ltv_expected_years", "100"),
        ("ltv_discount_rate", "100"),
        ("ltv_discount_rate", "yüzde on"),
        ("no_contact_days", "2,5"),
        ("no_contact_days", "3"),
    ],
)
def test_bad_settings_refused_whole(db_path, field, value):
    before = loyalty.loyalty_settings()
    with pytest.raises(ValidationError) as exc:
        loyalty.save_loyalty_settings(GOOD | {field: value})
    assert list(exc.value.errors) == [field]
    assert "like" in exc.value.errors[field] or "above" in exc.value.errors[field]
    assert loyalty.loyalty_settings() == before  # nothing saved


def test_demo_fill_computes_the_totals_once_and_keeps_the_triggers(db_path):
    """demo.generate sets the per-row triggers aside and computes the totals at the end:
    they equal a fresh count for every customer, and later changes are followed again."""
    from crm_tui.db.models import db
    from crm_tui.domain import demo

    demo.generate(customers=40, seed=9, today=TODAY)
    for c in Customer.select():
        row = _stats(c.id)
        fresh = _recomputed(c.id)
        if row is None:
            assert fresh[11] == 0, c.name  # no purchases nor policies
        else:
            assert row == fresh, c.name
    from crm_tui.db.sqlfn import is_postgres

    names = (
        "SELECT tgname FROM pg_trigger WHERE tgenabled = 'O'"
        if is_postgres()
        else "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    )
    triggers = {r[0] for r in db.execute_sql(names)}
    assert {"customer_stats_purchase_ins", "purchase_daily_ins"} <= triggers
    c = Customer.select().first()
    before = _recomputed(c.id)
    Purchase.create(customer=c, date=TODAY, amount=Decimal("12.34"))
    assert _stats(c.id) == _recomputed(c.id) and _stats(c.id)[1] == before[1] + 1


def _gaps_now():
    from crm_tui.db.models import db
    from crm_tui.db.sqlfn import as_stored

    rows = db.execute_sql("SELECT customer_id, after, before FROM customer_gap").fetchall()
    return {tuple(as_stored(v) for v in row) for row in rows}


def _gaps_fresh():
    """Gaps of more than 365 days between consecutive purchase/policy dates, from the rows."""
    from collections import defaultdict

    dates = defaultdict(set)
    for p in Purchase.select():
        dates[p.customer_id].add(p.date)
    for q in Policy.select().where(Policy.status != "cancelled"):
        dates[q.customer_id].add(q.start_date)
    out = set()
    for cid, ds in dates.items():
        ordered = sorted(ds)
        for a, b in zip(ordered, ordered[1:], strict=False):
            if (b - a).days > 365:
                out.add((cid, a.isoformat(), b.isoformat()))
    return out


def test_retention_matches_a_count_by_hand_on_random_histories(db_path):
    """Random purchase and policy histories (with long breaks) and random later changes: the
    trigger-kept gaps equal a fresh computation, and the 12-month retention equals counting
    every customer's dates directly."""
    import random

    rng = random.Random(11)
    y1, y2 = date(2025, 11, 22), date(2024, 11, 22)
    customers = [Customer.create(name=f"R{i}") for i in range(60)]
    for c in customers:
        day = date(2022, 1, 1) + timedelta(days=rng.randrange(300))
        while day <= TODAY:
            if rng.random() < 0.8:
                Purchase.create(customer=c, date=day, amount=Decimal(rng.randrange(1, 500)))
            else:
                _policy(c, rng.choice(["active", "renewed", "lapsed", "cancelled"]), day, "10")
            day += timedelta(days=rng.choice([20, 90, 200, 400, 500]))
    assert _gaps_now() == _gaps_fresh()
    # later changes: a purchase in a break, a moved and a deleted purchase, a cancellation
    for _ in range(40):
        c = rng.choice(customers)
        action = rng.randrange(4)
        purchases = list(Purchase.select().where(Purchase.customer == c))
        if action == 0:
            Purchase.create(
                customer=c,
                date=date(2022, 6, 1) + timedelta(days=rng.randrange(1600)),
                amount=Decimal("5"),
            )
        elif action == 1 and purchases:
            p = rng.choice(purchases)
            p.date = p.date - timedelta(days=rng.randrange(1, 300))
            p.save()
        elif action == 2 and purchases:
            rng.choice(purchases).delete_instance()
        else:
            pols = list(Policy.select().where(Policy.customer == c))
            if pols:
                q = rng.choice(pols)
                q.status = "cancelled" if q.status != "cancelled" else "active"
                q.save()
        assert _gaps_now() == _gaps_fresh()
    Customer.update(archived_at=NOW).where(Customer.id == customers[0].id).execute()

    def dates_of(c):
        ds = {p.date for p in Purchase.select().where(Purchase.customer == c)}
        ds |= {
            q.start_date
            for q in Policy.select().where(Policy.customer == c, Policy.status != "cancelled")
        }
        return ds

    base = kept = 0
    for c in customers[1:]:
        ds = dates_of(c)
        if any(y2 < d <= y1 for d in ds):
            base += 1
            kept += any(d > y1 for d in ds)
    o = loyalty.overview(TODAY)
    assert (o.headline.retention_base, o.headline.retained) == (base, kept)
    assert base > 10 and 0 < kept < base


# -- one definition of each figure (issue 20 item 5, issue 13) ------------------------------------


def test_a_new_policy_without_commission_is_not_worth_zero(db_path):
    """A customer whose only policy is new, active and ₺1.250,75 with no commission entered:
    the lifetime value is unknown (said why), never ₺0,00; the card and the Loyalty lists give
    the same revenue, and the same lifetime value once the commission is entered."""
    from crm_tui.domain.card import load_loyalty

    c = Customer.create(name="Yeni Poliçeli")
    _policy(c, "active", TODAY, premium="1250.75")
    s = loyalty.customer_summary(c.id, TODAY)
    assert s.ltv is None and s.ltv_note == "no commission entered for the policies in force"
    assert "1,250.75" in s.ltv_formula
    assert s.revenue == Decimal("1250.75")
    card = load_loyalty(c.id, TODAY)
    assert (card.ltv, card.ltv_note, card.revenue) == (None, s.ltv_note, s.revenue)
    assert loyalty.customer_rows([c.id])[0].revenue == card.revenue

    PolicyCommission.update(commission=Decimal("125.08")).where(
        PolicyCommission.id.in_(Policy.select(Policy.id).where(Policy.customer == c.id))
    ).execute()
    card = load_loyalty(c.id, TODAY)
    # nobody renewed or lapsed yet: one year's commission
    assert (card.ltv, card.ltv_note) == (Decimal("125.08"), "")
    top = {t.id: t.ltv for t in loyalty.overview(TODAY).top}
    assert top[c.id] == card.ltv
    assert loyalty.customer_rows([c.id])[0].revenue == card.revenue == Decimal("1250.75")


def _sql_scores(today: date) -> dict[int, tuple[float, str]]:
    """{customer: (lifetime value in minor units, ladder stage)} as the SQL of the overview
    computes them (db.analytics.Scored)."""
    from crm_tui.db.analytics import overall_renewal_rate
    from crm_tui.db.dialect import read_snapshot
    from crm_tui.db.models import db
    from crm_tui.domain.loyalty.overview import prepare_scores

    with read_snapshot():
        scored = prepare_scores(today, overall_renewal_rate())
        rows = db.execute_sql(
            f"SELECT id, ltv, stage_i FROM ({scored.sql}) AS scored", scored.params
        )
        out = {cid: (ltv, loyalty.STAGES[stage]) for cid, ltv, stage in rows.fetchall()}
        scored.close()
    return out


def test_python_and_sql_agree_on_lifetime_value_and_ladder_for_every_customer(db_path):
    """The ladder and lifetime-value rules are defined once (db.loyalty_rules); the card
    evaluates them in Python over a customer's rows, the overview and its lists render them
    as SQL over the stored totals. On a varied book both give every customer the same value
    and step (so the terms each side binds mean the same)."""
    made: dict[str, int] = {}

    def customer(name: str, **kw) -> Customer:
        c = Customer.create(name=name, **kw)
        made[name] = c.id
        return c

    customer("nothing")
    one = customer("one purchase")
    Purchase.create(customer=one, date=TODAY - timedelta(days=40), amount=Decimal("99.90"))
    many = customer("purchases over years")
    for days in (10, 200, 500, 900):
        Purchase.create(customer=many, date=TODAY - timedelta(days=days), amount=Decimal("250"))
    new_pol = customer("new policy with commission")
    _policy(new_pol, "active", TODAY, "120.50", premium="1205")
    customer_no_comm = customer("new policy without commission")
    _policy(customer_no_comm, "active", TODAY, premium="1250.75")
    cancelled = customer("cancelled only")
    _policy(cancelled, "cancelled", TODAY - timedelta(days=30), "80", premium="800")
    expired = customer("expired, still marked active")
    _policy(expired, "active", TODAY - timedelta(days=400), "90", premium="900")
    history = customer("renewed, lapsed and active")
    _policy(history, "renewed", TODAY - timedelta(days=800), "70", premium="700")
    _policy(history, "lapsed", TODAY - timedelta(days=700), "60", premium="600", line="dask")
    _policy(history, "active", TODAY - timedelta(days=35), "75", premium="750")
    two = customer("two policies in force")
    _policy(two, "active", TODAY - timedelta(days=20), "40", premium="400")
    _policy(two, "active", TODAY - timedelta(days=10), "30", premium="300", line="dask")
    both = customer("shop and policy")
    Purchase.create(customer=both, date=TODAY - timedelta(days=100), amount=Decimal("500"))
    _policy(both, "active", TODAY - timedelta(days=100), "50", premium="500")
    fan = customer("promoter")
    Purchase.create(customer=fan, date=TODAY, amount=Decimal("10"))
    Survey.create(customer=fan, kind="nps", score=10, at=NOW)
    advocate = customer("advocate")
    Purchase.create(customer=advocate, date=TODAY, amount=Decimal("10"))
    friend = customer("referred", referred_by=advocate)
    Purchase.create(customer=friend, date=TODAY, amount=Decimal("20"))
    manual = customer("manual stage", ladder_override="supporter")
    Purchase.create(customer=manual, date=TODAY, amount=Decimal("5"))

    sql = _sql_scores(TODAY)
    assert set(sql) == set(made.values())
    for name, cid in made.items():
        s = loyalty.customer_summary(cid, TODAY)
        python_ltv = s.ltv if s.ltv is not None else Decimal(0)  # unknown sorts as 0 in SQL
        sql_ltv, sql_stage = sql[cid]
        assert abs(python_ltv - Decimal(sql_ltv) / 100) <= Decimal("0.01"), (name, s.ltv, sql_ltv)
        assert s.stage == sql_stage, (name, s.stage, sql_stage)
    assert loyalty.customer_summary(made["new policy without commission"], TODAY).ltv is None
    assert loyalty.customer_summary(made["two policies in force"], TODAY).stage == "client"


def test_the_rules_render_as_sql_that_computes_what_python_evaluates(db_path):
    """Renderer and evaluator of db.loyalty_rules agree term by term, missing values
    (NULL / None) and parameters decided while rendering included."""
    import itertools

    from crm_tui.db import loyalty_rules as rules
    from crm_tui.db.models import db

    def literal(v):
        return "NULL" if v is None else repr(v)

    envs = [
        {"n": n, "in_force": k, "nps": nps, "csat": csat, "referred_buyers": ref}
        for n, k, nps, csat, ref in itertools.product(
            (0, 1, 2), (0, 1, 2), (None, 8, 9), (None, 4, 5), (None, 0, 1)
        )
    ]
    for env in envs:
        sql = rules.ladder_sql({t: literal(v) for t, v in env.items()}, rules.STAGES)
        stage_i = db.execute_sql(f"SELECT {sql}").fetchone()[0]
        assert rules.STAGES[stage_i] == rules.ladder_step(env), env

    for values in itertools.product(
        (0, 3), (0, 1), (0, 2), (None, 0, 15000), (None, 0.6), (0.0, 0.1), (40, 800)
    ):
        n_purch, renewed, lapsed, commission, book, discount, days = values
        env = {
            "n_purchases": n_purch,
            "shop_revenue": 29970 * n_purch,
            "days_since_first_purchase": days,
            "n_policies": renewed + lapsed + (commission is not None),
            "renewed": renewed,
            "lapsed": lapsed,
            "commission_in_force": commission,
        }
        params = {
            "ltv_expected_years": 3.0,
            "ltv_discount_rate": discount,
            "book_renewal_rate": book,
        }
        sql = rules.ltv_sql({t: literal(v) for t, v in env.items()}, params)
        got = db.execute_sql(f"SELECT {sql}").fetchone()[0]
        parts = [
            f.value(env | params) for _kind, applies, f in rules.LTV_PARTS if applies.holds(env)
        ]
        if any(p is None for p in parts):
            assert got is None, values  # NULL in, NULL out (the scoring query never binds one)
        else:
            assert abs(Decimal(got) - sum(parts, Decimal(0))) < Decimal("0.000001"), values
