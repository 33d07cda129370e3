"""Loyalty aggregates in SQLite: every GROUP BY over purchases and policies lives here.

- ``purchase_summary`` (per customer: purchases, total, first and last date) and
  ``purchase_daily`` (per day: purchases, total) are kept up to date by triggers, so the
  overview never reads the million purchase rows. They, their triggers and a few covering
  indexes (``SUMMARY_SCHEMA``) are created and filled on first use by ``ensure_summary``
  (one pass over the purchases, about 3 s at 1M rows; later calls cost nothing).
- The overview builds one temporary table, ``temp.loyalty_facts`` (one row per customer not
  archived: purchase and policy aggregates, latest NPS/CSAT, open complaints), and the view
  ``temp.loyalty_scored`` (RFM scores, segment, ladder stage, lifetime value computed where
  read). The figures and every drill-down list are small queries over those.

The business rules themselves (segment map, ladder rules, lifetime-value formulas) are
defined in ``crm_tui.domain.loyalty``; the SQL here mirrors them and the domain tests check
that both agree customer by customer.

Money comes back in minor units (kuruş) as integers, or as floats for lifetime values
(used for ordering; exact Decimal values are computed by the domain per customer).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .models import db

# Open complaint statuses (the workflow's states before "resolved").
OPEN_COMPLAINT = ("new", "in_progress", "waiting")


def overall_renewal_rate() -> float | None:
    """renewed / (renewed + lapsed) over every policy ever (fallback for lifetime value)."""
    renewed, lapsed = db.execute_sql(
        "SELECT coalesce(sum(status = 'renewed'), 0), coalesce(sum(status = 'lapsed'), 0)"
        " FROM policy WHERE status IN ('renewed', 'lapsed')"
    ).fetchone()
    return renewed / (renewed + lapsed) if renewed + lapsed else None


# Per-customer purchase totals kept up to date by triggers, so the overview never scans the
# whole purchase table (1M rows take ~250 ms to aggregate; this table ~100k rows).
SUMMARY_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS purchase_summary (
        customer_id INTEGER PRIMARY KEY, n INTEGER NOT NULL, total INTEGER NOT NULL,
        first_date TEXT, last_date TEXT)""",
    """CREATE TRIGGER IF NOT EXISTS purchase_summary_ins AFTER INSERT ON purchase BEGIN
        INSERT INTO purchase_summary VALUES (NEW.customer_id, 1, NEW.amount, NEW.date, NEW.date)
        ON CONFLICT (customer_id) DO UPDATE SET n = n + 1, total = total + excluded.total,
            first_date = min(first_date, excluded.first_date),
            last_date = max(last_date, excluded.last_date);
    END""",
    """CREATE TRIGGER IF NOT EXISTS purchase_summary_del AFTER DELETE ON purchase BEGIN
        UPDATE purchase_summary SET (n, total, first_date, last_date) = (
            SELECT count(*), coalesce(sum(amount), 0), min(date), max(date) FROM purchase
            WHERE customer_id = OLD.customer_id) WHERE customer_id = OLD.customer_id;
    END""",
    """CREATE TRIGGER IF NOT EXISTS purchase_summary_upd
    AFTER UPDATE OF customer_id, date, amount ON purchase BEGIN
        UPDATE purchase_summary SET (n, total, first_date, last_date) = (
            SELECT count(*), coalesce(sum(amount), 0), min(date), max(date) FROM purchase
            WHERE customer_id = OLD.customer_id) WHERE customer_id = OLD.customer_id;
        INSERT OR REPLACE INTO purchase_summary
            SELECT NEW.customer_id, count(*), coalesce(sum(amount), 0), min(date), max(date)
            FROM purchase WHERE customer_id = NEW.customer_id;
    END""",
]


# Revenue per day, for the monthly chart and the 12-month revenue (most purchases of a busy
# shop fall in the last year: reading them one by one through the date index takes ~1 s).
SUMMARY_SCHEMA += [
    """CREATE TABLE IF NOT EXISTS purchase_daily (
        date TEXT PRIMARY KEY, n INTEGER NOT NULL, total INTEGER NOT NULL)""",
    """CREATE TRIGGER IF NOT EXISTS purchase_daily_ins AFTER INSERT ON purchase BEGIN
        INSERT INTO purchase_daily VALUES (NEW.date, 1, NEW.amount)
        ON CONFLICT (date) DO UPDATE SET n = n + 1, total = total + excluded.total;
    END""",
    """CREATE TRIGGER IF NOT EXISTS purchase_daily_del AFTER DELETE ON purchase BEGIN
        UPDATE purchase_daily SET n = n - 1, total = total - OLD.amount WHERE date = OLD.date;
    END""",
    """CREATE TRIGGER IF NOT EXISTS purchase_daily_upd AFTER UPDATE OF date, amount ON purchase
    BEGIN
        UPDATE purchase_daily SET n = n - 1, total = total - OLD.amount WHERE date = OLD.date;
        INSERT INTO purchase_daily VALUES (NEW.date, 1, NEW.amount)
        ON CONFLICT (date) DO UPDATE SET n = n + 1, total = total + excluded.total;
    END""",
    # Index-only scan of the customer columns the loyalty figures read (the rows are wide).
    """CREATE INDEX IF NOT EXISTS customer_loyalty_cover ON customer (id, referred_by_id,
        ladder_override, contact_every_days, last_contact_at, created_at, archived_at,
        anonymized_at) WHERE archived_at IS NULL AND anonymized_at IS NULL""",
    # Renewal rates (by status and end date) and premiums per day, without reading the
    # wide policy rows.
    "CREATE INDEX IF NOT EXISTS policy_status_end ON policy (status, end_date)",
    "CREATE INDEX IF NOT EXISTS policy_start_premium ON policy (start_date, status, premium)",
]

_SUMMARY_READY = "policy_start_premium"


def ensure_summary() -> None:
    """Create and fill ``purchase_summary`` the first time (one full pass, then triggers)."""
    if db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (_SUMMARY_READY,)).fetchone():
        return
    with db.atomic():
        for stmt in SUMMARY_SCHEMA:
            db.execute_sql(stmt)
        db.execute_sql(
            "INSERT OR REPLACE INTO purchase_summary SELECT customer_id, count(*), sum(amount),"
            " min(date), max(date) FROM purchase GROUP BY customer_id"
        )
        db.execute_sql(
            "INSERT OR REPLACE INTO purchase_daily SELECT date, count(*), sum(amount)"
            " FROM purchase GROUP BY date"
        )


def build_facts(today: date, y1: date) -> None:
    """(Re)create ``temp.loyalty_facts`` for ``today`` (y1 = one year before today).

    One row per customer (not archived, not erased) with: ref (referred_by), override
    (manual ladder stage), contact_at, every (stay-in-touch days), n_purch, m_purch,
    first_purch, n_pol, n_active_pol, comm (commission of policies in force), renewed,
    lapsed, lapsed_recent, n, m, first_d, last_d (purchases and policies together), nps,
    csat (latest answers), open_complaints, adv (referred someone who bought).
    ``score_facts`` adds the view ``temp.loyalty_scored`` with r, f, ms, segment, suggested,
    stage, manual, ltv_shop, ltv_pol and ltv.
    """
    ensure_summary()
    db.execute_sql("PRAGMA temp_store = MEMORY")
    drop_facts()
    db.execute_sql(
        """
        CREATE TEMP TABLE loyalty_facts (
            id INTEGER PRIMARY KEY, ref INTEGER, override TEXT, contact_at TEXT, every INTEGER,
            n_purch INTEGER, m_purch INTEGER, first_purch TEXT, n_pol INTEGER,
            n_active_pol INTEGER, comm INTEGER, renewed INTEGER, lapsed INTEGER,
            lapsed_recent INTEGER, n INTEGER, m INTEGER, first_d TEXT, last_d TEXT,
            nps INTEGER, csat INTEGER, open_complaints INTEGER, adv INTEGER DEFAULT 0)
        """
    )
    db.execute_sql(
        f"""
        INSERT INTO loyalty_facts (id, ref, override, contact_at, every, n_purch, m_purch,
            first_purch, n_pol, n_active_pol, comm, renewed, lapsed, lapsed_recent, n, m,
            first_d, last_d, nps, csat, open_complaints)
        WITH po AS (
            SELECT customer_id AS cid, count(*) AS n, sum(coalesce(premium, 0)) AS m,
               min(start_date) AS first_d, max(start_date) AS last_d,
               sum(status = 'active' AND (end_date IS NULL OR end_date >= :today)) AS n_active,
               sum(CASE WHEN status = 'active' AND (end_date IS NULL OR end_date >= :today)
                        THEN coalesce(commission, 0) ELSE 0 END) AS comm,
               sum(status = 'renewed') AS renewed, sum(status = 'lapsed') AS lapsed,
               max(status = 'lapsed' AND end_date > :y1 AND end_date <= :today) AS lapsed_recent
            FROM policy WHERE status != 'cancelled' GROUP BY customer_id
        ),
        la AS (
            -- latest answer per customer and kind: SQLite takes the bare columns of an
            -- aggregate with a single max() from the row holding that max.
            SELECT cid, max(CASE WHEN kind = 'nps' THEN score END) AS nps,
                   max(CASE WHEN kind = 'csat' THEN score END) AS csat
            FROM (SELECT cid, kind, score, max(at || src || printf('%012d', id)) AS latest
                  FROM (SELECT customer_id AS cid, kind, score, at, 1 AS src, id FROM survey
                        WHERE kind IN ('nps', 'csat')
                        UNION ALL
                        SELECT customer_id, 'csat', satisfaction,
                               coalesce(resolved_at, closed_at, updated_at), 0, id
                        FROM complaint
                        WHERE satisfaction IS NOT NULL AND status IN ('resolved', 'closed')
                          AND id NOT IN (SELECT complaint_id FROM survey
                                         WHERE complaint_id IS NOT NULL AND kind = 'csat'))
                  GROUP BY cid, kind)
            GROUP BY cid
        ),
        oc AS (
            SELECT customer_id AS cid, count(*) AS k FROM complaint
            WHERE status IN {OPEN_COMPLAINT} GROUP BY customer_id
        )
        SELECT c.id, c.referred_by_id, c.ladder_override,
            coalesce(c.last_contact_at, c.created_at), c.contact_every_days,
            coalesce(ps.n, 0), coalesce(ps.total, 0), ps.first_date,
            coalesce(po.n, 0), coalesce(po.n_active, 0), coalesce(po.comm, 0),
            coalesce(po.renewed, 0), coalesce(po.lapsed, 0), coalesce(po.lapsed_recent, 0),
            coalesce(ps.n, 0) + coalesce(po.n, 0), coalesce(ps.total, 0) + coalesce(po.m, 0),
            CASE WHEN ps.n IS NULL OR ps.n = 0 THEN po.first_d WHEN po.first_d IS NULL
                 THEN ps.first_date ELSE min(ps.first_date, po.first_d) END,
            CASE WHEN ps.n IS NULL OR ps.n = 0 THEN po.last_d WHEN po.last_d IS NULL
                 THEN ps.last_date ELSE max(ps.last_date, po.last_d) END,
            la.nps, la.csat, coalesce(oc.k, 0)
        FROM customer c
        LEFT JOIN purchase_summary ps ON ps.customer_id = c.id
        LEFT JOIN po ON po.cid = c.id
        LEFT JOIN la ON la.cid = c.id
        LEFT JOIN oc ON oc.cid = c.id
        WHERE c.archived_at IS NULL AND c.anonymized_at IS NULL
        """,
        {"today": today.isoformat(), "y1": y1.isoformat()},
    )
    db.execute_sql(
        "UPDATE loyalty_facts SET adv = 1 WHERE id IN"
        " (SELECT ref FROM loyalty_facts WHERE ref IS NOT NULL AND n > 0)"
    )


def facts_rfm_values() -> list[tuple[str, int, int]]:
    """(last purchase date, number of purchases, revenue) of every active customer."""
    return db.execute_sql("SELECT last_d, n, m FROM loyalty_facts WHERE n > 0").fetchall()


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _score_expr(column: str, cuts: list) -> str:
    return "(1" + "".join(f" + ({column} > {_literal(v)})" for v in cuts) + ")"


def score_facts(
    cuts: tuple[list, list, list],
    segment_map: dict[tuple[int, int], str],
    today: date,
    ltv_years: float,
    discount_rate: float,
    stages: tuple[str, ...],
) -> None:
    """Create the view ``temp.loyalty_scored`` over the facts: r, f, ms (RFM scores: 1 + the
    number of cut values the customer's value is strictly above), segment, suggested ladder
    stage, stage (manual override first), manual, ltv_shop, ltv_pol and ltv. The values are
    computed only where a query reads them (no pass writing 100,000 rows)."""
    r_sql = _score_expr("last_d", cuts[0])
    f_sql = _score_expr("n", cuts[1])
    m_sql = _score_expr("m", cuts[2])
    whens = " ".join(
        f"WHEN {r * 10 + f} THEN {_literal(seg)}" for (r, f), seg in sorted(segment_map.items())
    )
    # A manual stage counts only when it is a known stage (imports may bring anything).
    valid = "s.override IN (" + ", ".join(_literal(code) for code in stages) + ")"
    stage_whens = " ".join(f"WHEN {_literal(code)} THEN {i}" for i, code in enumerate(stages))
    overall = overall_renewal_rate()
    day = _literal(today.isoformat())
    years = _literal(float(ltv_years))
    disc = _literal(float(discount_rate))
    rate = "(1.0 * renewed / (renewed + lapsed))"
    if overall is None:
        fallback = "1.0 * comm"
    else:
        o = _literal(float(overall))
        fallback = f"comm * {o} / max(0.01, 1 + {disc} - {o})"
    db.execute_sql(
        f"""
        CREATE TEMP VIEW loyalty_scored AS
        SELECT s.*, CASE WHEN {valid} THEN s.override ELSE s.suggested END AS stage,
               coalesce({valid}, 0) AS manual,
               coalesce(s.ltv_shop, 0) + coalesce(s.ltv_pol, 0) AS ltv,
               CASE CASE WHEN {valid} THEN s.override ELSE s.suggested END {stage_whens}
                    END AS stage_i,
               CASE WHEN s.n > 0 THEN s.r * 10 + s.f ELSE 0 END AS cell
        FROM (
            SELECT lf.*,
                CASE WHEN n > 0 THEN {r_sql} END AS r,
                CASE WHEN n > 0 THEN {f_sql} END AS f,
                CASE WHEN n > 0 THEN {m_sql} END AS ms,
                CASE WHEN n > 0 THEN CASE {r_sql} * 10 + {f_sql} {whens} END END AS segment,
                CASE WHEN n > 0 AND adv THEN 'advocate'
                     WHEN n > 0 AND (nps >= 9 OR csat = 5) THEN 'supporter'
                     WHEN n >= 2 OR n_active_pol >= 2 THEN 'client'
                     WHEN n = 1 THEN 'customer'
                     ELSE 'prospect' END AS suggested,
                CASE WHEN n_purch > 0 THEN m_purch * {years}
                     / max(1.0, (julianday({day}) - julianday(first_purch)) / 365.0)
                     END AS ltv_shop,
                CASE WHEN n_pol > 0 THEN (
                     CASE WHEN renewed + lapsed > 0
                          THEN comm * {rate} / max(0.01, 1 + {disc} - {rate})
                          ELSE {fallback} END) END AS ltv_pol
            FROM loyalty_facts lf) AS s
        """
    )


def cell_counts() -> list[tuple[int, int, int]]:
    """(key, customers, revenue) with key = stage index × 1000 + manual × 100 + R × 10 + F
    (R, F = 0 without purchases). Grouping on one integer is 3× cheaper than on text."""
    return db.execute_sql(
        "SELECT stage_i * 1000 + manual * 100 + cell AS k, count(*), coalesce(sum(m), 0)"
        " FROM loyalty_scored GROUP BY k"
    ).fetchall()


def flat_sums(y1: date, today: date, default_days: int) -> dict[str, int]:
    """Totals over all customers in one pass (no grouping)."""
    row = db.execute_sql(
        f"""
        SELECT count(*), sum(n > 0), sum(last_d > :y1), sum(lapsed_recent),
            sum(open_complaints > 0), sum(n > 0 AND {_NO_CONTACT}),
            sum(ref IS NOT NULL), sum(ref IS NOT NULL AND n > 0),
            sum(CASE WHEN ref IS NOT NULL THEN m ELSE 0 END)
        FROM loyalty_facts
        """,
        _no_contact_params(today, default_days) | {"y1": y1.isoformat()},
    ).fetchone()
    names = (
        "customers",
        "active",
        "bought_12m",
        "lapsed",
        "complaints",
        "no_contact",
        "referred",
        "referred_buyers",
        "referred_revenue",
    )
    return {name: int(v or 0) for name, v in zip(names, row, strict=True)}


# No contact for longer than the customer's own rhythm, else the default number of days.
# contact_at is 'YYYY-MM-DD HH:MM:SS' (or a date): any time on the cut-off day is not older.
_NO_CONTACT = (
    "(CASE WHEN every IS NULL THEN contact_at < :contact_cut"
    " ELSE julianday(:today) - julianday(date(contact_at)) > every END)"
)


def _no_contact_params(today: date, default_days: int) -> dict:
    from datetime import timedelta

    cut = today - timedelta(days=default_days)
    return {"today": today.isoformat(), "contact_cut": cut.isoformat()}


def drop_facts() -> None:
    db.execute_sql("DROP VIEW IF EXISTS temp.loyalty_scored")
    db.execute_sql("DROP TABLE IF EXISTS temp.loyalty_facts")


# -- queries over the facts table ------------------------------------------------------------


def top_ltv(limit: int) -> list[tuple[int, str, float]]:
    """(id, name, lifetime value as float) of the customers with the highest value."""
    return [
        tuple(r)
        for r in db.execute_sql(
            "SELECT f.id, c.name, f.ltv FROM temp.loyalty_scored f"
            " JOIN customer c ON c.id = f.id WHERE f.n > 0 ORDER BY f.ltv DESC, f.id LIMIT ?",
            (limit,),
        ).fetchall()
    ]


def risk_condition(kind: str, today: date, default_days: int) -> tuple[str, dict]:
    """WHERE clause over ``temp.loyalty_scored`` for one at-risk list."""
    if kind in ("at_risk", "cant_lose"):
        return "n > 0 AND segment = :key", {"key": kind}
    if kind == "lapsed":
        return "lapsed_recent = 1", {}
    if kind == "complaints":
        return "open_complaints > 0", {}
    if kind == "no_contact":
        return f"n > 0 AND {_NO_CONTACT}", _no_contact_params(today, default_days)
    raise ValueError(kind)


def group_condition(group: str, key: object) -> tuple[str, dict]:
    """WHERE clause for a drill-down group (see ``crm_tui.domain.loyalty.customer_ids``)."""
    where = {
        "stage": "stage = :key",
        "segment": "n > 0 AND segment = :key",
        "active": "n > 0",
        "bought_12m": "last_d > :key",
        "new_month": "substr(first_d, 1, 7) = :key",
        "referrer": "ref = :key",
        "referred": "ref IS NOT NULL",
        "top_ltv": "n > 0",
    }
    if group not in where:
        raise ValueError(group)
    return where[group], {"key": key}


def ids_where(where: str, params: dict, by_ltv: bool = False) -> list[int]:
    """Customer ids matching ``where``, most revenue (or lifetime value) first."""
    order = "ltv DESC, id" if by_ltv else "m DESC, id"
    return [
        r[0]
        for r in db.execute_sql(
            f"SELECT id FROM temp.loyalty_scored WHERE {where} ORDER BY {order}", params
        ).fetchall()
    ]


def referrers(limit: int) -> list[tuple[int, str, int, int, int]]:
    """(referrer id, name, referred customers, of whom bought, their revenue) best first."""
    return [
        tuple(r)
        for r in db.execute_sql(
            "SELECT f.ref, c.name, count(*), sum(f.n > 0), sum(f.m) FROM temp.loyalty_facts f"
            " JOIN customer c ON c.id = f.ref WHERE f.ref IS NOT NULL"
            " GROUP BY f.ref ORDER BY sum(f.m) DESC, count(*) DESC, f.ref LIMIT ?",
            (limit,),
        ).fetchall()
    ]


def new_customers_by_month(start: date) -> dict[str, int]:
    """Customers whose first purchase or policy falls in each month from ``start`` on."""
    return dict(
        db.execute_sql(
            "SELECT substr(first_d, 1, 7) AS mo, count(*) FROM temp.loyalty_facts"
            " WHERE first_d >= ? GROUP BY mo",
            (start.isoformat(),),
        ).fetchall()
    )


def retention(y1: date, y2: date) -> tuple[int, int]:
    """(customers who bought in the 12 months before y1, of whom bought again after y1).

    Customers whose last purchase is after y1 are checked with an index seek each.
    """
    row = db.execute_sql(
        """
        SELECT count(*), coalesce(sum(last_d > :y1), 0) FROM temp.loyalty_facts f
        WHERE n > 0 AND first_d <= :y1 AND last_d > :y2 AND (
            last_d <= :y1
            OR EXISTS (SELECT 1 FROM purchase p WHERE p.customer_id = f.id
                       AND p.date > :y2 AND p.date <= :y1)
            OR EXISTS (SELECT 1 FROM policy q WHERE q.customer_id = f.id
                       AND q.status != 'cancelled'
                       AND q.start_date > :y2 AND q.start_date <= :y1))
        """,
        {"y1": y1.isoformat(), "y2": y2.isoformat()},
    ).fetchone()
    return row[0], row[1]


# -- queries over the base tables ----------------------------------------------------------------


def revenue_by_day(start: date, end: date) -> list[tuple[str, int]]:
    """Purchases and policy premiums per day in [start, end] (minor units)."""
    ensure_summary()
    rows = db.execute_sql(
        "SELECT date, total FROM purchase_daily WHERE date >= ? AND date <= ? AND n > 0",
        (start.isoformat(), end.isoformat()),
    ).fetchall()
    rows += db.execute_sql(
        "SELECT start_date, sum(coalesce(premium, 0)) FROM policy WHERE status != 'cancelled'"
        " AND start_date >= ? AND start_date <= ? GROUP BY start_date",
        (start.isoformat(), end.isoformat()),
    ).fetchall()
    return rows


def renewal_counts(since: date) -> tuple[int, int]:
    """(renewed, lapsed) policies whose end date is after ``since``."""
    row = db.execute_sql(
        "SELECT coalesce(sum(status = 'renewed'), 0), coalesce(sum(status = 'lapsed'), 0)"
        " FROM policy WHERE status IN ('renewed', 'lapsed') AND end_date > ?",
        (since.isoformat(),),
    ).fetchone()
    return row[0], row[1]


def answers_since(since: date, customer_id: int | None = None) -> list[tuple[str, int, int]]:
    """(kind, score, how many) of survey answers and resolved complaints' satisfaction
    (as CSAT; not counted twice when a CSAT survey is linked to the complaint)."""
    where_c = " AND customer_id = :cid" if customer_id is not None else ""
    rows = db.execute_sql(
        f"""
        SELECT kind, score, count(*) FROM survey
        WHERE kind IN ('nps', 'csat') AND at >= :since{where_c} GROUP BY kind, score
        UNION ALL
        SELECT 'csat', satisfaction, count(*) FROM complaint
        WHERE satisfaction IS NOT NULL AND status IN ('resolved', 'closed')
          AND coalesce(resolved_at, closed_at, updated_at) >= :since{where_c}
          AND id NOT IN (SELECT complaint_id FROM survey
                         WHERE complaint_id IS NOT NULL AND kind = 'csat')
        GROUP BY satisfaction
        """,
        {"since": since.isoformat(), "cid": customer_id},
    ).fetchall()
    return [tuple(r) for r in rows]


def rfm_population() -> tuple[list[str], list[int], list[int]]:
    """Sorted last-purchase dates, purchase counts and revenues of every active customer
    (for scoring one customer against everyone without building the facts table)."""
    ensure_summary()
    rows = db.execute_sql(
        """
        WITH po AS (
            SELECT customer_id AS cid, count(*) AS n, sum(coalesce(premium, 0)) AS m,
                   max(start_date) AS last_d
            FROM policy WHERE status != 'cancelled' GROUP BY customer_id
        ),
        ev AS (
            SELECT customer_id AS cid, n, total AS m, last_date AS last_d
            FROM purchase_summary WHERE n > 0
            UNION ALL SELECT cid, n, m, last_d FROM po
        )
        SELECT max(ev.last_d), sum(ev.n), sum(ev.m) FROM ev
        JOIN customer c ON c.id = ev.cid
        WHERE c.archived_at IS NULL AND c.anonymized_at IS NULL
        GROUP BY ev.cid
        """
    ).fetchall()
    lasts = sorted(r[0] for r in rows)
    ns = sorted(r[1] for r in rows)
    ms = sorted(r[2] for r in rows)
    return lasts, ns, ms


def data_stamp() -> tuple:
    """Cheap fingerprint of the data the loyalty figures depend on (for caching)."""
    return tuple(
        db.execute_sql(
            "SELECT (SELECT max(id) FROM purchase), (SELECT max(id) FROM policy),"
            " (SELECT max(updated_at) FROM policy), (SELECT max(id) FROM customer)"
        ).fetchone()
    )


# -- campaigns ------------------------------------------------------------------------------------


def consent_split(customer_ids: Iterable[int], channel: str) -> tuple[list[int], list[int]]:
    """Split ids into (consent in force for ``channel``, no consent). The newest consent row
    per customer and channel (by ``at``, then id) decides."""
    ids = list(customer_ids)
    granted: set[int] = set()
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        rows = db.execute_sql(
            f"""
            SELECT customer_id, granted FROM (
                SELECT customer_id, granted, row_number() OVER (
                    PARTITION BY customer_id ORDER BY at DESC, id DESC) AS rn
                FROM consent WHERE channel = ? AND customer_id IN ({marks}))
            WHERE rn = 1
            """,
            (channel, *chunk),
        ).fetchall()
        granted.update(cid for cid, g in rows if g)
    return [i for i in ids if i in granted], [i for i in ids if i not in granted]


def customers_with_policy_line(line: str) -> set[int]:
    return {
        r[0]
        for r in db.execute_sql(
            "SELECT DISTINCT customer_id FROM policy WHERE line = ? AND status != 'cancelled'",
            (line,),
        ).fetchall()
    }


def customers_with_category(category: str) -> set[int]:
    return {
        r[0]
        for r in db.execute_sql(
            "SELECT DISTINCT customer_id FROM purchase WHERE category = ?", (category,)
        ).fetchall()
    }
