"""The stored loyalty totals: filling them in bulk, the renewal rate of the whole book,
and the reads of ``customer_stats`` (RFM cut points and counts, one customer's totals)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from .. import sqlfn
from ..dialect import chunked
from ..import_sql import pg_keys_and_indexes_after
from ..migrations import m0003_indexes_loyalty_versions as step3
from ..migrations import m0026_loyalty_counts_kept as step26
from ..models import db
from ..postgres_loyalty import FILLS as _PG_FILLS
from ..postgres_loyalty import LOYALTY_TRIGGERS as _PG_TRIGGERS
from .queries import renewal_counts

# The per-row triggers behind customer_stats, customer_gap, purchase_daily, policy_daily,
# and the statements that fill those tables from the rows: both as step 3 made them (a
# later step that changes these tables says here what replaces them); then step 26's
# counts (rfm_groups, stage_counts, policy_outcome_daily), filled after the totals.
_TRIGGERS = (
    *(
        stmt.split("IF NOT EXISTS", 1)[1].split()[0]
        for stmt in step3.LOYALTY
        if stmt.lstrip().startswith("CREATE TRIGGER")
    ),
    *step26.SQLITE_TRIGGERS,
)
_FILLS = (
    *(
        stmt
        for stmt in step3.LOYALTY
        if stmt.startswith(("INSERT OR REPLACE", "UPDATE customer_stats"))
    ),
    *step26.fills("sqlite"),
)


@contextmanager
def totals_computed_at_the_end() -> Iterator[None]:
    """For filling a new database in bulk (demo, benchmark data): the per-row loyalty
    triggers are set aside while rows go in, and the totals are computed in one pass at the
    end (about half the filling time at a million purchases). Never around work on a database
    other desks are writing to: their changes in between would be counted only at the end.
    The triggers come back exactly as the file had them (PostgreSQL: disabled, then
    enabled again)."""
    if sqlfn.is_postgres():
        with _pg_triggers_aside():
            yield
        return
    marks = ",".join("?" * len(_TRIGGERS))
    saved = db.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        _TRIGGERS,
    ).fetchall()
    with db.atomic():
        for name, _sql in saved:
            db.execute_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    try:
        yield
    finally:
        with db.atomic():
            db.execute_sql("DELETE FROM customer_stats")
            db.execute_sql("DELETE FROM purchase_daily")
            db.execute_sql("DELETE FROM policy_daily")
            db.execute_sql("DELETE FROM customer_gap")
            for stmt in _FILLS:
                db.execute_sql(stmt)
            for _name, sql in saved:
                db.execute_sql(sql)


# the tables the PostgreSQL fills read
_FILLS_READ = ("customer", "purchase", "policy", "survey", "complaint")


@contextmanager
def _pg_triggers_aside() -> Iterator[None]:
    def switch(state: str) -> None:
        with db.atomic():
            for name, table in (*_PG_TRIGGERS, *step26.PG_TRIGGERS):
                db.execute_sql(f"ALTER TABLE {table} {state} TRIGGER {name}")

    switch("DISABLE")
    try:
        yield
    finally:
        with db.atomic():
            # Statistics first: the rows just went in (in this transaction), so the planner
            # knew nothing of them and looked each customer's latest NPS up through the
            # whole ``kind`` index (a 100k copy-to: minutes). ANALYZE counts the
            # transaction's own rows.
            db.execute_sql(f"ANALYZE {', '.join(_FILLS_READ)}")
            # Without JIT: the NPS/CSAT fill rebuilds a hashed subplan per customer, and
            # PostgreSQL compiled each rebuild again (a 100k copy-to spent 78 s of its
            # 227 s there, 2.8 s without); only for these statements, then as it was.
            jit = db.execute_sql("SELECT current_setting('jit')").fetchone()[0]
            db.execute_sql("SELECT set_config('jit', 'off', true)")
            # the totals' dozen indexes made once after the fills (each fill rewrites every
            # row: maintaining them row by row made a 100k copy-to half as long again)
            with pg_keys_and_indexes_after(["customer_stats"]):
                for stmt in _PG_FILLS:
                    db.execute_sql(stmt)
            for stmt in step26.fills("postgresql"):  # over the totals just made
                db.execute_sql(stmt)
            db.execute_sql("SELECT set_config('jit', %s, true)", (jit,))
        switch("ENABLE")


def overall_renewal_rate() -> float | None:
    """renewed / (renewed + lapsed) over every policy ever (fallback for lifetime value):
    the per-day counts of ``policy_outcome_daily`` (step 26; a few thousand rows, where
    counting the policy index read every renewed policy: 52 ms at a million customers)."""
    renewed, lapsed = renewal_counts()
    return renewed / (renewed + lapsed) if renewed + lapsed else None


# -- RFM ---------------------------------------------------------------------------------------

# Column of customer_stats and the partial index ordered by it (same WHERE for all three).
_RFM_INDEX = {"last_d": "customer_stats_rf", "n": "customer_stats_n", "m": "customer_stats_m"}


def _scored() -> str:
    return f"{sqlfn.truthy('active')} AND n > 0"


def scored_count() -> int:
    """Active customers (not archived, at least one purchase or policy)."""
    return db.execute_sql(
        f"SELECT count(*) FROM customer_stats{sqlfn.indexed_by('customer_stats_n')}"
        f" WHERE {_scored()}"
    ).fetchone()[0]


def value_at(column: str, offset: int, count: int | None = None):
    """The value at ``offset`` (0-based) of ``column`` sorted ascending over active customers.
    With ``count`` (how many there are) the index is read from the nearer end: an offset is
    a walk through that many index entries."""
    index = _RFM_INDEX[column]
    order = "ASC"
    if count is not None and offset > count // 2:
        order, offset = "DESC", count - 1 - offset
    row = sqlfn.execute(
        f"SELECT {column} FROM customer_stats{sqlfn.indexed_by(index)} WHERE {_scored()}"
        f" ORDER BY {column} {order} LIMIT 1 OFFSET ?",
        (offset,),
    ).fetchone()
    return sqlfn.as_stored(row[0]) if row else None


def count_below(column: str, value) -> int:
    """Active customers whose ``column`` is strictly below ``value``."""
    index = _RFM_INDEX[column]
    return sqlfn.execute(
        f"SELECT count(*) FROM customer_stats{sqlfn.indexed_by(index)}"
        f" WHERE {_scored()} AND {column} < ?",
        (value,),
    ).fetchone()[0]


def customer_stats(customer_id: int) -> dict | None:
    """The stored totals of one customer (None without purchases or policies)."""
    cur = sqlfn.execute(
        "SELECT active, n_purch, m_purch, first_purch, last_purch, n_pol, m_pol, n, m,"
        " first_d, last_d FROM customer_stats WHERE customer_id = ?",
        (customer_id,),
    )
    row = cur.fetchone()
    if row is None:
        return None
    values = (sqlfn.as_stored(v) for v in row)
    return dict(zip([d[0] for d in cur.description], values, strict=True))


def many_stats(ids: Sequence[int]) -> dict[int, tuple[int, int, str | None]]:
    """{id: (purchases and policies, revenue in minor units, last date)} for the given ids."""
    out: dict[int, tuple[int, int, str | None]] = {}
    for chunk in chunked(ids):  # the engine limits the number of parameters
        marks = ",".join("?" * len(chunk))
        for cid, n, m, last in sqlfn.execute(
            f"SELECT customer_id, n, m, last_d FROM customer_stats WHERE customer_id IN ({marks})",
            chunk,
        ):
            out[cid] = (n, m, sqlfn.as_stored(last))
    return out
