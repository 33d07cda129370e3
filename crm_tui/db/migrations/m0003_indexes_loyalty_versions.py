"""Step 3 (released in 165ff26): what came after step 2, in one step.

- Today screen: birthdays by month-day, stay-in-touch customers by the day contact falls due.
- Complaints list and the customer card: their sort keys and lookups as indexes.
- Loyalty figures: per-customer totals, gaps, revenue and premiums per day, kept up to date
  by triggers (read by ``crm_tui.db.analytics``), and the covering indexes of its queries.
- Edit conflicts: a ``version`` on reminders, policies and complaints, raised on every change.

Frozen: a change to any of it is a new step. ``crm_tui.db.analytics`` reads ``LOYALTY``
(which triggers to set aside and how to fill the totals in one pass) until a later step
changes those tables.
"""

from __future__ import annotations

from peewee import DatabaseProxy

STATEMENTS: list[str] = [
    # Today screen: birthdays by month-day in name order (one day's birthdays are read in
    # index order and the LIMIT ends the scan); stay-in-touch customers by the day contact
    # falls due (db/expressions.py contact_due(): newest contact or creation + rhythm).
    "CREATE INDEX IF NOT EXISTS customer_birthday_md_name ON customer"
    " (substr(birthday, 6, 5), name) WHERE birthday IS NOT NULL AND archived_at IS NULL",
    "CREATE INDEX IF NOT EXISTS customer_contact_due ON customer"
    " (julianday(coalesce(last_contact_at, created_at)) + contact_every_days)"
    " WHERE contact_every_days IS NOT NULL AND archived_at IS NULL",
    # Complaints list: its sort keys in one covering index (the page of ids is read from
    # the index alone), and the opening time for "newest first" and the 90-day figures.
    "CREATE INDEX IF NOT EXISTS complaint_list_order ON complaint"
    " (status, deadline_at, waiting_since, resolved_at)",
    "CREATE INDEX IF NOT EXISTS complaint_opened ON complaint (opened_at)",
    # Customer card: the loyalty figures check max(policy.updated_at) to reuse their cached
    # population scores; without an index that is a scan of every policy (~65 ms at 200k).
    "CREATE INDEX IF NOT EXISTS policy_updated_at ON policy (updated_at)",
]

# Loyalty figures (crm_tui.db.analytics): one row per customer with purchase and policy totals
# and the latest satisfaction answers, and revenue per day, kept up to date by triggers, so the
# Loyalty screen never aggregates the million purchase rows. Each trigger recomputes the
# customer it touches from that customer's own rows (a few index reads), except the insert of
# a purchase, which adds to the totals (imports insert many). ``active`` mirrors "not
# archived, not erased" for the RFM counts.
_STATS_PURCHASES = """
    INSERT INTO customer_stats (customer_id, active, n_purch, m_purch, first_purch, last_purch)
    SELECT {cid}, c.archived_at IS NULL AND c.anonymized_at IS NULL, p.n, p.m, p.first_d, p.last_d
    FROM customer c, (SELECT count(*) AS n, coalesce(sum(amount), 0) AS m, min(date) AS first_d,
                             max(date) AS last_d FROM purchase WHERE customer_id = {cid}) AS p
    WHERE c.id = {cid}
    ON CONFLICT (customer_id) DO UPDATE SET n_purch = excluded.n_purch,
        m_purch = excluded.m_purch, first_purch = excluded.first_purch,
        last_purch = excluded.last_purch;"""
_POLICY_FIGURES = """count(*), coalesce(sum(premium), 0), min(start_date), max(start_date),
    coalesce(sum(status = 'renewed'), 0), coalesce(sum(status = 'lapsed'), 0),
    coalesce(sum(status = 'active'), 0),
    coalesce(sum(CASE WHEN status = 'active' THEN coalesce(commission, 0) END), 0)
    FROM policy WHERE customer_id = {cid} AND status != 'cancelled'"""
_STATS_POLICIES = (
    """
    INSERT INTO customer_stats (customer_id, active, n_pol, m_pol, first_pol, last_pol, renewed,
        lapsed, n_active_pol, comm_active)
    SELECT {cid}, c.archived_at IS NULL AND c.anonymized_at IS NULL, p.*
    FROM customer c, (SELECT """
    + _POLICY_FIGURES
    + """) AS p
    WHERE c.id = {cid}
    ON CONFLICT (customer_id) DO UPDATE SET n_pol = excluded.n_pol, m_pol = excluded.m_pol,
        first_pol = excluded.first_pol, last_pol = excluded.last_pol,
        renewed = excluded.renewed, lapsed = excluded.lapsed,
        n_active_pol = excluded.n_active_pol, comm_active = excluded.comm_active;"""
)
# Latest answers: the newest NPS survey; the newest CSAT answer, where a resolved complaint's
# satisfaction counts unless a CSAT survey was recorded for that complaint (a survey wins a
# tie). crm_tui.domain.loyalty._latest_answers is the same rule in Python.
# By customer: ordered by date, SQLite would walk every answer of that kind instead.
_LATEST_NPS = """(SELECT score FROM survey INDEXED BY survey_customer_id
    WHERE customer_id = {cid} AND kind = 'nps' ORDER BY at DESC, id DESC LIMIT 1)"""
_LATEST_CSAT = """(SELECT score FROM (
        SELECT score, at AS t, 1 AS src, id FROM survey INDEXED BY survey_customer_id
        WHERE customer_id = {cid} AND kind = 'csat'
        UNION ALL
        SELECT satisfaction, coalesce(resolved_at, closed_at, updated_at), 0, id
        FROM complaint INDEXED BY complaint_customer_id
        WHERE customer_id = {cid} AND satisfaction IS NOT NULL AND status IN ('resolved', 'closed')
          AND id NOT IN (SELECT complaint_id FROM survey INDEXED BY survey_customer_id
                         WHERE customer_id = {cid} AND kind = 'csat'
                           AND complaint_id IS NOT NULL))
    ORDER BY t DESC, src DESC, id DESC LIMIT 1)"""
_STATS_ANSWERS = (
    """
    INSERT INTO customer_stats (customer_id, active, nps, csat)
    SELECT {cid}, c.archived_at IS NULL AND c.anonymized_at IS NULL, """
    + _LATEST_NPS
    + ", "
    + _LATEST_CSAT
    + """
    FROM customer c WHERE c.id = {cid}
    ON CONFLICT (customer_id) DO UPDATE SET nps = excluded.nps, csat = excluded.csat;"""
)

# Gaps of more than a year between one purchase or policy start of a customer and the next:
# 12-month retention asks whether a customer who bought before and after a year bought in
# it, i.e. whether that year lies in such a gap (few customers have one).
_GAPS = """
    DELETE FROM customer_gap WHERE customer_id = {cid};
    INSERT INTO customer_gap (customer_id, after, before)
    SELECT {cid}, p, d FROM (
        SELECT d, lag(d) OVER (ORDER BY d) AS p FROM (
            SELECT date AS d FROM purchase WHERE customer_id = {cid}
            UNION SELECT start_date FROM policy
            WHERE customer_id = {cid} AND status != 'cancelled'))
    WHERE p IS NOT NULL AND julianday(d) - julianday(p) > 365;"""


def _trigger(name: str, event: str, *bodies: str) -> str:
    return f"CREATE TRIGGER IF NOT EXISTS {name} {event} BEGIN" + "".join(bodies) + " END"


LOYALTY: list[str] = [
    """CREATE TABLE IF NOT EXISTS customer_stats (
        customer_id INTEGER PRIMARY KEY,
        active INTEGER NOT NULL DEFAULT 1,
        n_purch INTEGER NOT NULL DEFAULT 0, m_purch INTEGER NOT NULL DEFAULT 0,
        first_purch TEXT, last_purch TEXT,
        n_pol INTEGER NOT NULL DEFAULT 0, m_pol INTEGER NOT NULL DEFAULT 0,
        first_pol TEXT, last_pol TEXT,
        renewed INTEGER NOT NULL DEFAULT 0, lapsed INTEGER NOT NULL DEFAULT 0,
        n_active_pol INTEGER NOT NULL DEFAULT 0, comm_active INTEGER NOT NULL DEFAULT 0,
        nps INTEGER, csat INTEGER,
        -- the day number of the first purchase, for lifetime value without parsing dates
        first_purch_jd REAL GENERATED ALWAYS AS (julianday(first_purch)) STORED,
        n INTEGER GENERATED ALWAYS AS (n_purch + n_pol) STORED,
        m INTEGER GENERATED ALWAYS AS (m_purch + m_pol) STORED,
        first_d TEXT GENERATED ALWAYS AS (CASE WHEN first_purch IS NULL THEN first_pol
            WHEN first_pol IS NULL THEN first_purch ELSE min(first_purch, first_pol) END) STORED,
        last_d TEXT GENERATED ALWAYS AS (CASE WHEN last_purch IS NULL THEN last_pol
            WHEN last_pol IS NULL THEN last_purch ELSE max(last_purch, last_pol) END) STORED)""",
    """CREATE TABLE IF NOT EXISTS customer_gap (
        customer_id INTEGER NOT NULL, after TEXT NOT NULL, before TEXT NOT NULL,
        PRIMARY KEY (customer_id, after))""",
    # RFM: the quintile cut points are read at offsets of these, a card's scores are counts
    # over them. The same condition on all three lets the planner pick one by its order.
    "CREATE INDEX IF NOT EXISTS customer_stats_n ON customer_stats (n) WHERE active AND n > 0",
    "CREATE INDEX IF NOT EXISTS customer_stats_m ON customer_stats (m) WHERE active AND n > 0",
    "CREATE INDEX IF NOT EXISTS customer_stats_last ON customer_stats (last_d)"
    " WHERE active AND n > 0",
    """CREATE TRIGGER IF NOT EXISTS customer_stats_purchase_ins AFTER INSERT ON purchase BEGIN
        INSERT INTO customer_stats (customer_id, active, n_purch, m_purch, first_purch,
            last_purch)
        SELECT NEW.customer_id, archived_at IS NULL AND anonymized_at IS NULL, 1, NEW.amount,
            NEW.date, NEW.date FROM customer WHERE id = NEW.customer_id
        ON CONFLICT (customer_id) DO UPDATE SET n_purch = n_purch + 1,
            m_purch = m_purch + excluded.m_purch,
            first_purch = coalesce(min(first_purch, excluded.first_purch), excluded.first_purch),
            last_purch = coalesce(max(last_purch, excluded.last_purch), excluded.last_purch);
    END""",
    # A new purchase changes the gaps only when it falls in one or has no other purchase or
    # policy within a year of it (an import of many purchases stays cheap).
    _trigger(
        "customer_gap_purchase_ins",
        """AFTER INSERT ON purchase WHEN EXISTS (
            SELECT 1 FROM customer_gap WHERE customer_id = NEW.customer_id
            AND after < NEW.date AND before > NEW.date)
        OR NOT EXISTS (
            SELECT 1 FROM purchase WHERE customer_id = NEW.customer_id AND id != NEW.id
            AND date >= date(NEW.date, '-365 days') AND date <= date(NEW.date, '+365 days'))
        AND NOT EXISTS (
            SELECT 1 FROM policy WHERE customer_id = NEW.customer_id AND status != 'cancelled'
            AND start_date >= date(NEW.date, '-365 days')
            AND start_date <= date(NEW.date, '+365 days'))""",
        _GAPS.format(cid="NEW.customer_id"),
    ),
    _trigger(
        "customer_stats_purchase_del",
        "AFTER DELETE ON purchase",
        _STATS_PURCHASES.format(cid="OLD.customer_id"),
        _GAPS.format(cid="OLD.customer_id"),
    ),
    _trigger(
        "customer_stats_purchase_upd",
        "AFTER UPDATE OF customer_id, date, amount ON purchase",
        _STATS_PURCHASES.format(cid="OLD.customer_id"),
        _STATS_PURCHASES.format(cid="NEW.customer_id"),
        _GAPS.format(cid="OLD.customer_id"),
        _GAPS.format(cid="NEW.customer_id"),
    ),
    _trigger(
        "customer_stats_policy_ins",
        "AFTER INSERT ON policy",
        _STATS_POLICIES.format(cid="NEW.customer_id"),
        _GAPS.format(cid="NEW.customer_id"),
    ),
    _trigger(
        "customer_stats_policy_del",
        "AFTER DELETE ON policy",
        _STATS_POLICIES.format(cid="OLD.customer_id"),
        _GAPS.format(cid="OLD.customer_id"),
    ),
    _trigger(
        "customer_stats_policy_upd",
        "AFTER UPDATE OF customer_id, status, start_date, premium, commission ON policy",
        _STATS_POLICIES.format(cid="OLD.customer_id"),
        _STATS_POLICIES.format(cid="NEW.customer_id"),
        _GAPS.format(cid="OLD.customer_id"),
        _GAPS.format(cid="NEW.customer_id"),
    ),
    _trigger(
        "customer_stats_survey_ins",
        "AFTER INSERT ON survey",
        _STATS_ANSWERS.format(cid="NEW.customer_id"),
    ),
    _trigger(
        "customer_stats_survey_del",
        "AFTER DELETE ON survey",
        _STATS_ANSWERS.format(cid="OLD.customer_id"),
    ),
    _trigger(
        "customer_stats_survey_upd",
        "AFTER UPDATE ON survey",
        _STATS_ANSWERS.format(cid="OLD.customer_id"),
        _STATS_ANSWERS.format(cid="NEW.customer_id"),
    ),
    _trigger(
        "customer_stats_complaint_ins",
        "AFTER INSERT ON complaint WHEN NEW.satisfaction IS NOT NULL",
        _STATS_ANSWERS.format(cid="NEW.customer_id"),
    ),
    _trigger(
        "customer_stats_complaint_del",
        "AFTER DELETE ON complaint WHEN OLD.satisfaction IS NOT NULL",
        _STATS_ANSWERS.format(cid="OLD.customer_id"),
    ),
    _trigger(
        "customer_stats_complaint_upd",
        "AFTER UPDATE OF customer_id, status, satisfaction, resolved_at, closed_at, updated_at"
        " ON complaint WHEN NEW.satisfaction IS NOT NULL OR OLD.satisfaction IS NOT NULL",
        _STATS_ANSWERS.format(cid="OLD.customer_id"),
        _STATS_ANSWERS.format(cid="NEW.customer_id"),
    ),
    """CREATE TRIGGER IF NOT EXISTS customer_stats_customer_upd
    AFTER UPDATE OF archived_at, anonymized_at ON customer BEGIN
        UPDATE customer_stats SET active = NEW.archived_at IS NULL AND NEW.anonymized_at IS NULL
        WHERE customer_id = NEW.id;
    END""",
    """CREATE TRIGGER IF NOT EXISTS customer_stats_customer_del AFTER DELETE ON customer BEGIN
        DELETE FROM customer_stats WHERE customer_id = OLD.id;
        DELETE FROM customer_gap WHERE customer_id = OLD.id;
    END""",
    # Filled from what a file already holds (nothing for a new one).
    "INSERT OR REPLACE INTO customer_stats (customer_id, active)"
    " SELECT id, archived_at IS NULL AND anonymized_at IS NULL FROM customer WHERE id IN ("
    " SELECT customer_id FROM purchase UNION SELECT customer_id FROM policy"
    " WHERE status != 'cancelled' UNION SELECT customer_id FROM survey"
    " UNION SELECT customer_id FROM complaint WHERE satisfaction IS NOT NULL)",
    "UPDATE customer_stats SET (n_purch, m_purch, first_purch, last_purch) = ("
    " SELECT count(*), coalesce(sum(amount), 0), min(date), max(date) FROM purchase"
    " WHERE customer_id = customer_stats.customer_id)",
    "UPDATE customer_stats SET (n_pol, m_pol, first_pol, last_pol, renewed, lapsed,"
    " n_active_pol, comm_active) = (SELECT "
    + _POLICY_FIGURES.format(cid="customer_stats.customer_id")
    + ")",
    "UPDATE customer_stats SET nps = "
    + _LATEST_NPS.format(cid="customer_stats.customer_id")
    + ", csat = "
    + _LATEST_CSAT.format(cid="customer_stats.customer_id"),
    "INSERT OR REPLACE INTO customer_gap (customer_id, after, before)"
    " SELECT c, p, d FROM (SELECT c, d, lag(d) OVER (PARTITION BY c ORDER BY d) AS p FROM ("
    " SELECT customer_id AS c, date AS d FROM purchase UNION SELECT customer_id, start_date"
    " FROM policy WHERE status != 'cancelled'))"
    " WHERE p IS NOT NULL AND julianday(d) - julianday(p) > 365",
    # Revenue per day (monthly chart, 12-month revenue) without reading every purchase.
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
    "INSERT OR REPLACE INTO purchase_daily SELECT date, count(*), sum(amount) FROM purchase"
    " GROUP BY date",
    # Premiums per start day of the policies not cancelled, likewise.
    """CREATE TABLE IF NOT EXISTS policy_daily (
        date TEXT PRIMARY KEY, n INTEGER NOT NULL, total INTEGER NOT NULL)""",
    """CREATE TRIGGER IF NOT EXISTS policy_daily_ins AFTER INSERT ON policy
    WHEN NEW.status != 'cancelled' BEGIN
        INSERT INTO policy_daily VALUES (NEW.start_date, 1, coalesce(NEW.premium, 0))
        ON CONFLICT (date) DO UPDATE SET n = n + 1, total = total + excluded.total;
    END""",
    """CREATE TRIGGER IF NOT EXISTS policy_daily_del AFTER DELETE ON policy
    WHEN OLD.status != 'cancelled' BEGIN
        UPDATE policy_daily SET n = n - 1, total = total - coalesce(OLD.premium, 0)
        WHERE date = OLD.start_date;
    END""",
    """CREATE TRIGGER IF NOT EXISTS policy_daily_upd AFTER UPDATE OF status, start_date, premium
    ON policy BEGIN
        UPDATE policy_daily SET n = n - 1, total = total - coalesce(OLD.premium, 0)
        WHERE date = OLD.start_date AND OLD.status != 'cancelled';
        INSERT INTO policy_daily SELECT NEW.start_date, 1, coalesce(NEW.premium, 0)
        WHERE NEW.status != 'cancelled'
        ON CONFLICT (date) DO UPDATE SET n = n + 1, total = total + excluded.total;
    END""",
    "INSERT OR REPLACE INTO policy_daily SELECT start_date, count(*),"
    " coalesce(sum(premium), 0) FROM policy WHERE status != 'cancelled' GROUP BY start_date",
    # Covering indexes for what the screen reads at "today": the customers (the rows are
    # wide), referrals, active policies already past their end date, recent lapses and
    # renewals, satisfaction answers of the last 12 months.
    # (archived_at and anonymized_at are always NULL in them, but SQLite reads a column a
    # query names from the row unless the index holds it.)
    "CREATE INDEX IF NOT EXISTS customer_loyalty_cover ON customer (id, referred_by_id,"
    " ladder_override, contact_every_days, last_contact_at, created_at, archived_at,"
    " anonymized_at) WHERE archived_at IS NULL AND anonymized_at IS NULL",
    "CREATE INDEX IF NOT EXISTS customer_ladder_override ON customer (id, ladder_override,"
    " archived_at, anonymized_at) WHERE ladder_override IS NOT NULL",
    # "No contact for a long time" without a rhythm of one's own: a range of this.
    "CREATE INDEX IF NOT EXISTS customer_quiet ON customer (coalesce(last_contact_at,"
    " created_at), id, contact_every_days, archived_at, anonymized_at)"
    " WHERE contact_every_days IS NULL AND archived_at IS NULL AND anonymized_at IS NULL",
    "CREATE INDEX IF NOT EXISTS customer_rhythm_cover ON customer (contact_every_days, id,"
    " last_contact_at, created_at, archived_at, anonymized_at)"
    " WHERE contact_every_days IS NOT NULL AND archived_at IS NULL AND anonymized_at IS NULL",
    "CREATE INDEX IF NOT EXISTS customer_referral_cover ON customer (referred_by_id, id,"
    " archived_at, anonymized_at)"
    " WHERE referred_by_id IS NOT NULL AND archived_at IS NULL AND anonymized_at IS NULL",
    "CREATE INDEX IF NOT EXISTS policy_active_end_cover ON policy"
    " (end_date, customer_id, commission) WHERE status = 'active'",
    "CREATE INDEX IF NOT EXISTS policy_status_end_customer ON policy"
    " (status, end_date, customer_id)",
    "CREATE INDEX IF NOT EXISTS complaint_open_customer ON complaint (customer_id, status)"
    " WHERE status IN ('new', 'in_progress', 'waiting')",
    "CREATE INDEX IF NOT EXISTS complaint_satisfaction ON complaint"
    " (coalesce(resolved_at, closed_at, updated_at), satisfaction, id, status)"
    " WHERE satisfaction IS NOT NULL AND status IN ('resolved', 'closed')",
    # (by score first: the 12-month counts per score then need no sort)
    "CREATE INDEX IF NOT EXISTS survey_kind_score ON survey (kind, score, at, complaint_id)",
]
STATEMENTS.extend(LOYALTY)


# Columns (ALTER TABLE ADD COLUMN has no IF NOT EXISTS; added when missing).
COLUMNS: list[tuple[str, str, str]] = [
    # Edit conflicts between two desks, like customer.version: a form saves with the
    # version it loaded and the domain refuses when it moved on (ConflictError).
    ("reminder", "version", "INTEGER NOT NULL DEFAULT 1"),
    ("policy", "version", "INTEGER NOT NULL DEFAULT 1"),
    ("complaint", "version", "INTEGER NOT NULL DEFAULT 1"),
]

# Every change of such a row counts, whichever code path (snooze, renewal, status change,
# import) wrote it: an UPDATE that does not raise the version itself gets it raised here.
STATEMENTS += [
    f"CREATE TRIGGER IF NOT EXISTS {table}_version AFTER UPDATE ON {table}"
    f" WHEN NEW.version <= OLD.version BEGIN"
    f" UPDATE {table} SET version = OLD.version + 1 WHERE id = NEW.id; END"
    for table in ("reminder", "policy", "complaint")
]


def _add_column(db: DatabaseProxy, table: str, column: str, declaration: str) -> None:
    columns = {row[1] for row in db.execute_sql(f'PRAGMA table_info("{table}")')}
    if column not in columns:
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {declaration}')


def apply(db: DatabaseProxy) -> None:
    for table, column, declaration in COLUMNS:
        _add_column(db, table, column, declaration)
    for stmt in STATEMENTS:
        db.execute_sql(stmt)
