"""PostgreSQL: what migration step 3 adds on SQLite besides plain indexes, in PostgreSQL's
words, made with the baseline (``postgres.create_baseline``) after ``pg_schema_v3.sql``.

- the ``version`` defaults of reminders, policies and complaints, and the trigger that raises
  a version an UPDATE did not raise (SQLite: ``{table}_version``);
- the loyalty totals (``customer_stats``, ``customer_gap``, ``purchase_daily``,
  ``policy_daily``) kept up to date by triggers with the same rules as step 3's (a purchase
  insert adds to the totals, every other change recomputes the customer it touches);
- the index of the stay-in-touch query (``agenda.contact_due``; the birthday query's
  ``to_char`` is not immutable, so it has no expression index here).

Part of the PostgreSQL baseline at version 3 (frozen with it: a change is a new step).
``analytics.totals`` reads ``LOYALTY_TRIGGERS`` and ``FILLS`` to set the per-row triggers
aside while a new database is filled in bulk.
"""

from __future__ import annotations

_ACTIVE = "CASE WHEN c.archived_at IS NULL AND c.anonymized_at IS NULL THEN 1 ELSE 0 END"

VERSIONED_TABLES = ("policy", "complaint", "reminder")  # with a {table}_version trigger

VERSIONS: list[str] = [
    *(f"ALTER TABLE {table} ALTER COLUMN version SET DEFAULT 1" for table in VERSIONED_TABLES),
    """CREATE FUNCTION crm_raise_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.version <= OLD.version THEN NEW.version := OLD.version + 1; END IF;
        RETURN NEW;
    END $$""",
    *(
        f"CREATE TRIGGER {table}_version BEFORE UPDATE ON {table}"
        " FOR EACH ROW EXECUTE FUNCTION crm_raise_version()"
        for table in VERSIONED_TABLES
    ),
]

TABLES: list[str] = [
    """CREATE TABLE customer_stats (
        customer_id INTEGER PRIMARY KEY,
        active INTEGER NOT NULL DEFAULT 1,
        n_purch INTEGER NOT NULL DEFAULT 0, m_purch BIGINT NOT NULL DEFAULT 0,
        first_purch DATE, last_purch DATE,
        n_pol INTEGER NOT NULL DEFAULT 0, m_pol BIGINT NOT NULL DEFAULT 0,
        first_pol DATE, last_pol DATE,
        renewed INTEGER NOT NULL DEFAULT 0, lapsed INTEGER NOT NULL DEFAULT 0,
        n_active_pol INTEGER NOT NULL DEFAULT 0, comm_active BIGINT NOT NULL DEFAULT 0,
        nps INTEGER, csat INTEGER,
        first_purch_jd DOUBLE PRECISION GENERATED ALWAYS AS (
            CAST(first_purch - DATE '1970-01-01' AS DOUBLE PRECISION) + 2440587.5) STORED,
        n INTEGER GENERATED ALWAYS AS (n_purch + n_pol) STORED,
        m BIGINT GENERATED ALWAYS AS (m_purch + m_pol) STORED,
        first_d DATE GENERATED ALWAYS AS (least(first_purch, first_pol)) STORED,
        last_d DATE GENERATED ALWAYS AS (greatest(last_purch, last_pol)) STORED)""",
    """CREATE TABLE customer_gap (
        customer_id INTEGER NOT NULL, after DATE NOT NULL, before DATE NOT NULL,
        PRIMARY KEY (customer_id, after))""",
    'CREATE TABLE purchase_daily ("date" DATE PRIMARY KEY, n INTEGER NOT NULL,'
    " total BIGINT NOT NULL)",
    'CREATE TABLE policy_daily ("date" DATE PRIMARY KEY, n INTEGER NOT NULL,'
    " total BIGINT NOT NULL)",
    # RFM cut points and counts (analytics.totals: the condition is sqlfn.truthy's)
    "CREATE INDEX customer_stats_n ON customer_stats (n) WHERE (active <> 0) AND n > 0",
    "CREATE INDEX customer_stats_m ON customer_stats (m) WHERE (active <> 0) AND n > 0",
    "CREATE INDEX customer_stats_last ON customer_stats (last_d) WHERE (active <> 0) AND n > 0",
]

# One customer's totals recomputed from its own rows (step 3's _STATS_*, _GAPS).
_POLICY_FIGURES = """count(*) AS n, coalesce(sum(premium), 0) AS m, min(start_date) AS f,
    max(start_date) AS l, coalesce(sum(CASE WHEN status = 'renewed' THEN 1 ELSE 0 END), 0) AS r,
    coalesce(sum(CASE WHEN status = 'lapsed' THEN 1 ELSE 0 END), 0) AS x,
    coalesce(sum(CASE WHEN status = 'active' THEN 1 ELSE 0 END), 0) AS a,
    coalesce(sum(CASE WHEN status = 'active' THEN coalesce(commission, 0) END), 0) AS k
    FROM policy WHERE customer_id = {cid} AND status != 'cancelled'"""
_LATEST_NPS = """(SELECT score FROM survey WHERE customer_id = {cid} AND kind = 'nps'
    ORDER BY at DESC, id DESC LIMIT 1)"""
_LATEST_CSAT = """(SELECT score FROM (
        SELECT score, at AS t, 1 AS src, id FROM survey
        WHERE customer_id = {cid} AND kind = 'csat'
        UNION ALL
        SELECT satisfaction, coalesce(resolved_at, closed_at, updated_at), 0, id FROM complaint
        WHERE customer_id = {cid} AND satisfaction IS NOT NULL AND status IN ('resolved', 'closed')
          AND id NOT IN (SELECT complaint_id FROM survey WHERE customer_id = {cid}
                         AND kind = 'csat' AND complaint_id IS NOT NULL)) AS answers
    ORDER BY t DESC, src DESC, id DESC LIMIT 1)"""

FUNCTIONS: list[str] = [
    f"""CREATE FUNCTION crm_stats_purchases(cid INTEGER) RETURNS void LANGUAGE sql AS $$
    INSERT INTO customer_stats (customer_id, active, n_purch, m_purch, first_purch, last_purch)
    SELECT c.id, {_ACTIVE}, p.n, p.m, p.f, p.l
    FROM customer c, (SELECT count(*) AS n, coalesce(sum(amount), 0) AS m, min(date) AS f,
                             max(date) AS l FROM purchase WHERE customer_id = cid) AS p
    WHERE c.id = cid
    ON CONFLICT (customer_id) DO UPDATE SET n_purch = excluded.n_purch,
        m_purch = excluded.m_purch, first_purch = excluded.first_purch,
        last_purch = excluded.last_purch
    $$""",
    f"""CREATE FUNCTION crm_stats_policies(cid INTEGER) RETURNS void LANGUAGE sql AS $$
    INSERT INTO customer_stats (customer_id, active, n_pol, m_pol, first_pol, last_pol, renewed,
        lapsed, n_active_pol, comm_active)
    SELECT c.id, {_ACTIVE}, p.n, p.m, p.f, p.l, p.r, p.x, p.a, p.k
    FROM customer c, (SELECT {_POLICY_FIGURES.format(cid="cid")}) AS p
    WHERE c.id = cid
    ON CONFLICT (customer_id) DO UPDATE SET n_pol = excluded.n_pol, m_pol = excluded.m_pol,
        first_pol = excluded.first_pol, last_pol = excluded.last_pol,
        renewed = excluded.renewed, lapsed = excluded.lapsed,
        n_active_pol = excluded.n_active_pol, comm_active = excluded.comm_active
    $$""",
    f"""CREATE FUNCTION crm_stats_answers(cid INTEGER) RETURNS void LANGUAGE sql AS $$
    INSERT INTO customer_stats (customer_id, active, nps, csat)
    SELECT c.id, {_ACTIVE}, {_LATEST_NPS.format(cid="cid")}, {_LATEST_CSAT.format(cid="cid")}
    FROM customer c WHERE c.id = cid
    ON CONFLICT (customer_id) DO UPDATE SET nps = excluded.nps, csat = excluded.csat
    $$""",
    # gaps of more than a year between one purchase or policy start and the next
    """CREATE FUNCTION crm_gaps(cid INTEGER) RETURNS void LANGUAGE sql AS $$
    DELETE FROM customer_gap WHERE customer_id = cid;
    INSERT INTO customer_gap (customer_id, after, before)
    SELECT cid, p, d FROM (
        SELECT d, lag(d) OVER (ORDER BY d) AS p FROM (
            SELECT date AS d FROM purchase WHERE customer_id = cid
            UNION SELECT start_date FROM policy
            WHERE customer_id = cid AND status != 'cancelled') AS days) AS pairs
    WHERE p IS NOT NULL AND d - p > 365
    $$""",
    # a new purchase adds to the totals (imports insert many); it changes the gaps only when
    # it falls in one or has no other purchase or policy within a year of it
    f"""CREATE FUNCTION crm_purchase_ins() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO customer_stats AS s (customer_id, active, n_purch, m_purch, first_purch,
            last_purch)
        SELECT NEW.customer_id, {_ACTIVE}, 1, NEW.amount, NEW.date, NEW.date
        FROM customer c WHERE c.id = NEW.customer_id
        ON CONFLICT (customer_id) DO UPDATE SET n_purch = s.n_purch + 1,
            m_purch = s.m_purch + excluded.m_purch,
            first_purch = least(s.first_purch, excluded.first_purch),
            last_purch = greatest(s.last_purch, excluded.last_purch);
        IF EXISTS (SELECT 1 FROM customer_gap WHERE customer_id = NEW.customer_id
                   AND after < NEW.date AND before > NEW.date)
           OR (NOT EXISTS (SELECT 1 FROM purchase WHERE customer_id = NEW.customer_id
                           AND id != NEW.id AND date >= NEW.date - 365
                           AND date <= NEW.date + 365)
               AND NOT EXISTS (SELECT 1 FROM policy WHERE customer_id = NEW.customer_id
                               AND status != 'cancelled' AND start_date >= NEW.date - 365
                               AND start_date <= NEW.date + 365)) THEN
            PERFORM crm_gaps(NEW.customer_id);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION crm_purchase_del() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM crm_stats_purchases(OLD.customer_id);
        PERFORM crm_gaps(OLD.customer_id);
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION crm_purchase_upd() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM crm_stats_purchases(OLD.customer_id);
        PERFORM crm_stats_purchases(NEW.customer_id);
        PERFORM crm_gaps(OLD.customer_id);
        PERFORM crm_gaps(NEW.customer_id);
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION crm_policy_ins() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM crm_stats_policies(NEW.customer_id);
        PERFORM crm_gaps(NEW.customer_id);
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION crm_policy_del() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM crm_stats_policies(OLD.customer_id);
        PERFORM crm_gaps(OLD.customer_id);
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION crm_policy_upd() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM crm_stats_policies(OLD.customer_id);
        PERFORM crm_stats_policies(NEW.customer_id);
        PERFORM crm_gaps(OLD.customer_id);
        PERFORM crm_gaps(NEW.customer_id);
        RETURN NULL;
    END $$""",
    # revenue and premiums per day (step 3's purchase_daily_*, policy_daily_*)
    """CREATE FUNCTION crm_purchase_daily() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE purchase_daily SET n = n - 1, total = total - OLD.amount
            WHERE "date" = OLD.date;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
            INSERT INTO purchase_daily AS d VALUES (NEW.date, 1, NEW.amount)
            ON CONFLICT ("date") DO UPDATE SET n = d.n + 1, total = d.total + excluded.total;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION crm_policy_daily() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status != 'cancelled' THEN
            UPDATE policy_daily SET n = n - 1, total = total - coalesce(OLD.premium, 0)
            WHERE "date" = OLD.start_date;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status != 'cancelled' THEN
            INSERT INTO policy_daily AS d VALUES (NEW.start_date, 1, coalesce(NEW.premium, 0))
            ON CONFLICT ("date") DO UPDATE SET n = d.n + 1, total = d.total + excluded.total;
        END IF;
        RETURN NULL;
    END $$""",
    # surveys and complaints' satisfaction: the latest answers of the customers touched
    """CREATE FUNCTION crm_answers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM crm_stats_answers(OLD.customer_id); END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM crm_stats_answers(NEW.customer_id); END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION crm_customer_upd() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE customer_stats SET active = (SELECT {_ACTIVE} FROM customer c WHERE c.id = NEW.id)
        WHERE customer_id = NEW.id;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION crm_customer_del() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM customer_stats WHERE customer_id = OLD.id;
        DELETE FROM customer_gap WHERE customer_id = OLD.id;
        RETURN NULL;
    END $$""",
]

# (name, table, event, function): the per-row triggers behind the loyalty totals
_TRIGGERS: list[tuple[str, str, str, str]] = [
    ("customer_stats_purchase_ins", "purchase", "AFTER INSERT", "crm_purchase_ins"),
    ("customer_stats_purchase_del", "purchase", "AFTER DELETE", "crm_purchase_del"),
    (
        "customer_stats_purchase_upd",
        "purchase",
        "AFTER UPDATE OF customer_id, date, amount",
        "crm_purchase_upd",
    ),
    ("customer_stats_policy_ins", "policy", "AFTER INSERT", "crm_policy_ins"),
    ("customer_stats_policy_del", "policy", "AFTER DELETE", "crm_policy_del"),
    (
        "customer_stats_policy_upd",
        "policy",
        "AFTER UPDATE OF customer_id, status, start_date, premium, commission",
        "crm_policy_upd",
    ),
    ("customer_stats_survey_ins", "survey", "AFTER INSERT", "crm_answers_changed"),
    ("customer_stats_survey_del", "survey", "AFTER DELETE", "crm_answers_changed"),
    ("customer_stats_survey_upd", "survey", "AFTER UPDATE", "crm_answers_changed"),
    (
        "customer_stats_complaint_ins",
        "complaint",
        "AFTER INSERT",
        "crm_answers_changed",
    ),
    (
        "customer_stats_complaint_del",
        "complaint",
        "AFTER DELETE",
        "crm_answers_changed",
    ),
    (
        "customer_stats_complaint_upd",
        "complaint",
        "AFTER UPDATE OF customer_id, status, satisfaction, resolved_at, closed_at, updated_at",
        "crm_answers_changed",
    ),
    (
        "customer_stats_customer_upd",
        "customer",
        "AFTER UPDATE OF archived_at, anonymized_at",
        "crm_customer_upd",
    ),
    ("customer_stats_customer_del", "customer", "AFTER DELETE", "crm_customer_del"),
    ("purchase_daily_ins", "purchase", "AFTER INSERT", "crm_purchase_daily"),
    ("purchase_daily_del", "purchase", "AFTER DELETE", "crm_purchase_daily"),
    ("purchase_daily_upd", "purchase", "AFTER UPDATE OF date, amount", "crm_purchase_daily"),
    ("policy_daily_ins", "policy", "AFTER INSERT", "crm_policy_daily"),
    ("policy_daily_del", "policy", "AFTER DELETE", "crm_policy_daily"),
    (
        "policy_daily_upd",
        "policy",
        "AFTER UPDATE OF status, start_date, premium",
        "crm_policy_daily",
    ),
]
_WHEN = {
    "policy_daily_ins": "NEW.status != 'cancelled'",
    "policy_daily_del": "OLD.status != 'cancelled'",
    "customer_stats_complaint_ins": "NEW.satisfaction IS NOT NULL",
    "customer_stats_complaint_del": "OLD.satisfaction IS NOT NULL",
    "customer_stats_complaint_upd": "NEW.satisfaction IS NOT NULL OR OLD.satisfaction IS NOT NULL",
}

# (trigger, table): what ``analytics.totals.totals_computed_at_the_end`` sets aside
LOYALTY_TRIGGERS: tuple[tuple[str, str], ...] = tuple(
    (name, table) for name, table, *_ in _TRIGGERS
)

TRIGGERS: list[str] = [
    f"CREATE TRIGGER {name} {event} ON {table} FOR EACH ROW"
    + (f" WHEN ({_WHEN[name]})" if name in _WHEN else "")
    + f" EXECUTE FUNCTION {function}()"
    for name, table, event, function in _TRIGGERS
]

# The loyalty totals from the rows, in one pass (after a bulk fill with the triggers aside).
FILLS: list[str] = [
    "DELETE FROM customer_stats",
    "DELETE FROM customer_gap",
    "DELETE FROM purchase_daily",
    "DELETE FROM policy_daily",
    f"INSERT INTO customer_stats (customer_id, active) SELECT c.id, {_ACTIVE} FROM customer c"
    " WHERE c.id IN (SELECT customer_id FROM purchase UNION SELECT customer_id FROM policy"
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
    "INSERT INTO customer_gap (customer_id, after, before)"
    " SELECT c, p, d FROM (SELECT c, d, lag(d) OVER (PARTITION BY c ORDER BY d) AS p FROM ("
    " SELECT customer_id AS c, date AS d FROM purchase UNION SELECT customer_id, start_date"
    " FROM policy WHERE status != 'cancelled') AS days) AS pairs"
    " WHERE p IS NOT NULL AND d - p > 365",
    'INSERT INTO purchase_daily SELECT "date", count(*), sum(amount) FROM purchase GROUP BY "date"',
    "INSERT INTO policy_daily SELECT start_date, count(*), coalesce(sum(premium), 0)"
    " FROM policy WHERE status != 'cancelled' GROUP BY start_date",
]

# Today screen: stay-in-touch customers by the day contact falls due (agenda.contact_due()
# on PostgreSQL: sqlfn.day_number of the newest contact or creation, plus the rhythm).
INDEXES: list[str] = [
    "CREATE INDEX customer_contact_due ON customer"
    " ((extract(epoch from (coalesce(last_contact_at, created_at))::timestamp)::float8 / 86400"
    " + 2440587.5 + contact_every_days))"
    " WHERE contact_every_days IS NOT NULL AND archived_at IS NULL",
]

STATEMENTS: list[str] = VERSIONS + TABLES + FUNCTIONS + TRIGGERS + INDEXES
