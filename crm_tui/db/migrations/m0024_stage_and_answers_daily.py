"""Step 24: the ladder stage of each totals row, and survey answers per day.

Two more things the Loyalty overview read customer by customer or answer by answer
(issue 19):

- ``customer_stats.stage_i``: the ladder's suggested stage of the row's own terms (its
  index in ``rules.STAGES``), a generated column with a partial index, so the ladder is
  five counts of an index instead of a grouping of every customer's terms. Every active
  policy counts as in force here (which are past their end depends on the day: the
  overview corrects those customers, and those with a manual stage, one by one). The
  expression is rendered from ``rules.LADDER`` when this step runs; a test checks that it
  is still the rules' (``test_the_stored_stage_is_the_rules_stage``): a change of the
  rules needs a step that makes the column again.
- ``survey_daily``: answers per (day, kind, score), kept by triggers on ``survey``, so the
  monthly NPS and the year's NPS and CSAT read a few hundred rows instead of every answer
  of the year (a resolved complaint's satisfaction is still read from its index).

SQLite adds the column as VIRTUAL (ALTER TABLE cannot add a STORED one; the index keeps
the values); PostgreSQL as STORED, over the base columns (its generated columns may not
read other generated columns such as ``n``).
"""

from __future__ import annotations

from peewee import DatabaseProxy

from .. import loyalty_rules as rules
from ..dialect import Dialect


def stage_sql(dialect: str) -> str:
    """The suggested stage over a totals row's own columns, in either engine's SQL."""
    n = "n" if dialect == "sqlite" else "(n_purch + n_pol)"
    columns = {
        "n": n,
        "in_force": "n_active_pol",
        "nps": "nps",
        "csat": "csat",
        "referred_buyers": "ref_buyers",
    }
    return rules.ladder_sql(columns, rules.STAGES)


_DAY = {"sqlite": "date({r}.at)", "postgresql": "CAST({r}.at AS date)"}


def _count(dialect: str, r: str, delta: int) -> str:
    day = _DAY[dialect].format(r=r)
    return (
        f"INSERT INTO survey_daily (day, kind, score, n) VALUES ({day}, {r}.kind, {r}.score,"
        f" {delta}) ON CONFLICT (day, kind, score) DO UPDATE SET n = survey_daily.n + {delta}"
    )


def _table(day_type: str, options: str = "") -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS survey_daily (day {day_type} NOT NULL, kind TEXT NOT NULL,"
        f" score INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, kind, score)){options}"
    )


def _fill(dialect: str) -> str:
    day = _DAY[dialect].format(r="s")
    return (
        f"INSERT INTO survey_daily (day, kind, score, n) SELECT {day}, s.kind, s.score, count(*)"
        f" FROM survey s GROUP BY {day}, s.kind, s.score"
    )


_ON_SURVEY = "AFTER UPDATE OF at, kind, score ON survey"


def _sqlite() -> list[str]:
    return [
        "ALTER TABLE customer_stats ADD COLUMN stage_i INTEGER"
        f" GENERATED ALWAYS AS ({stage_sql('sqlite')}) VIRTUAL",
        "CREATE INDEX IF NOT EXISTS customer_stats_stage ON customer_stats (stage_i) WHERE active",
        _table("TEXT", " WITHOUT ROWID"),  # the rows in day order: a range is one read
        _fill("sqlite"),
        f"""CREATE TRIGGER IF NOT EXISTS survey_daily_ins AFTER INSERT ON survey
        BEGIN {_count("sqlite", "NEW", 1)}; END""",
        f"""CREATE TRIGGER IF NOT EXISTS survey_daily_del AFTER DELETE ON survey
        BEGIN {_count("sqlite", "OLD", -1)}; END""",
        f"""CREATE TRIGGER IF NOT EXISTS survey_daily_upd {_ON_SURVEY} BEGIN
            {_count("sqlite", "OLD", -1)};
            {_count("sqlite", "NEW", 1)};
        END""",
    ]


def _postgresql() -> list[str]:
    return [
        "ALTER TABLE customer_stats ADD COLUMN IF NOT EXISTS stage_i INTEGER"
        f" GENERATED ALWAYS AS ({stage_sql('postgresql')}) STORED",
        "CREATE INDEX IF NOT EXISTS customer_stats_stage ON customer_stats (stage_i)"
        " WHERE (active <> 0)",
        _table("DATE"),
        _fill("postgresql"),
        f"""CREATE OR REPLACE FUNCTION crm_survey_daily() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                {_count("postgresql", "OLD", -1)};
            END IF;
            IF TG_OP IN ('UPDATE', 'INSERT') THEN
                {_count("postgresql", "NEW", 1)};
            END IF;
            RETURN NULL;
        END $$""",
        "DROP TRIGGER IF EXISTS survey_daily ON survey",
        "CREATE TRIGGER survey_daily AFTER INSERT OR DELETE OR UPDATE OF at, kind, score"
        " ON survey FOR EACH ROW EXECUTE FUNCTION crm_survey_daily()",
    ]


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    statements = _postgresql() if dialect.name == "postgresql" else _sqlite()
    for statement in statements:
        db.execute_sql(statement)
    if dialect.name == "postgresql":
        from .. import pg_roles

        if pg_roles.groups_exist():  # staff read the new table; the function runs as owner
            pg_roles.grant_all()
