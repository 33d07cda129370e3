"""Customer search on PostgreSQL: the same results as the SQLite FTS5 index (``search``)
for the same data.

``customer_search`` (pg_schema_v3.sql) has one row per customer: ``words``, the folded word
tokens of what FTS5 indexes (``search._words_for``) and ``digits``, the phones' digits,
each with a space before it. A query word ``t`` matches a word starting with it
(``words LIKE '% t%'``, FTS5's ``"t"*``); the name first (``^``) is ``words LIKE ' t%'``;
a phone fragment is a substring of ``digits`` (FTS5's trigram phrase). Tokens hold only
letters and digits (``search.query_tokens``), so no LIKE wildcard needs escaping. With
pg_trgm the LIKEs use the GIN trigram indexes. FTS5 returns hits in rowid order before
the ``LIMIT``; here ``ORDER BY customer_id`` gives the same candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from . import sqlfn
from .models import db
from .search import (
    CANDIDATES,
    PHONE_CANDIDATES,
    _words_for,
    customer_tags,
    has_vehicles,
    is_phone_query,
    phone_digits,
    query_tokens,
)

_WORD = re.compile(r"[^\W_]+")


class _Customer(NamedTuple):
    """What ``_words_for`` reads of a customer."""

    name: str
    company: str | None
    email: str | None
    national_id: str | None
    tax_number: str | None
    city: str | None


class _Policy(NamedTuple):
    number: str | None
    plate: str | None


def _spaced(tokens: Iterable[str]) -> str:
    return "".join(f" {t}" for t in tokens)


def index_customers(
    customer_ids: Iterable[int], vehicles: bool = True, *, new: bool = False
) -> None:
    """(Re)index the given customers; call inside the writing transaction. ``new``: none
    of them is in the index (``rebuild_index`` emptied it): their rows are streamed in with
    COPY instead of upserted one by one."""
    ids = sorted(set(int(i) for i in customer_ids))
    size = 2000 if new else 500
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        if not new:
            db.execute_sql("DELETE FROM customer_search WHERE customer_id = ANY(%s)", (chunk,))
        # plain rows, not models: a model object costs more than its words (a copy-to
        # indexes 100,000 customers and their 200,000 policies)
        customers = {
            row[0]: _Customer(*row[1:])
            for row in db.execute_sql(
                "SELECT id, name, company, email, national_id, tax_number, city FROM customer"
                " WHERE id = ANY(%s)",
                (chunk,),
            ).fetchall()
        }
        pols: dict[int, list[_Policy]] = {}
        policy_rows = db.execute_sql(
            "SELECT customer_id, number, plate FROM policy WHERE customer_id = ANY(%s) ORDER BY id",
            (chunk,),
        )
        for cid, number, plate in policy_rows.fetchall():
            pols.setdefault(cid, []).append(_Policy(number, plate))
        phones: dict[int, list[str]] = {}
        phone_rows = db.execute_sql(
            "SELECT customer_id, digits FROM phone WHERE customer_id = ANY(%s) ORDER BY id",
            (chunk,),
        )
        for cid, digits in phone_rows.fetchall():
            phones.setdefault(cid, []).append(digits)
        plates: dict[int, list[str]] = {}
        if vehicles:  # the same plates, in the same order, as search.vehicle_plates
            plate_rows = db.execute_sql(
                "SELECT customer_id, plate FROM vehicle WHERE customer_id = ANY(%s)"
                " AND plate IS NOT NULL ORDER BY id",
                (chunk,),
            )
            for cid, plate in plate_rows.fetchall():
                plates.setdefault(cid, []).append(plate)
        tags = customer_tags(chunk)
        words = [
            (cid, _words_for(c, pols.get(cid, []), plates.get(cid, []), tags.get(cid, [])))
            for cid, c in customers.items()
        ]
        add_rows(words, [(cid, " ".join(d)) for cid, d in phones.items() if d], new=new)


def search_rows(
    words: list[tuple[int, str]], phones: list[tuple[int, str]]
) -> list[tuple[int, str, str]]:
    """``customer_search`` rows of index rows as FTS5 takes them: ``(customer id, folded
    words)`` and ``(customer id, digits separated by spaces)``. No database work."""
    digits = dict(phones)
    rows = [
        (cid, _spaced(_WORD.findall(text)), _spaced((digits.pop(cid, "") or "").split()))
        for cid, text in words
    ]
    rows += [(cid, "", _spaced(d.split())) for cid, d in digits.items()]
    return rows


def add_rows(
    words: list[tuple[int, str]], phones: list[tuple[int, str]], *, new: bool = False
) -> None:
    """Index rows as FTS5 takes them (``search_rows``). ``new``: customers not indexed yet
    (a bulk import's), streamed in with COPY rather than upserted row by row."""
    rows = search_rows(words, phones)
    if rows and new:
        sqlfn.insert_many("customer_search", ("customer_id", "words", "digits"), rows)
    elif rows:
        db.cursor().executemany(
            "INSERT INTO customer_search (customer_id, words, digits) VALUES (%s, %s, %s)"
            " ON CONFLICT (customer_id) DO UPDATE SET words = excluded.words,"
            " digits = excluded.digits",
            rows,
        )


def rebuild_index() -> None:
    with db.atomic():
        db.execute_sql("DELETE FROM customer_search")
        ids = [row[0] for row in db.execute_sql("SELECT id FROM customer").fetchall()]
        # a copy-to's 100,000 customers: 35 s upserted, most of it row by row
        index_customers(ids, has_vehicles(), new=True)


def _word_condition(tokens: list[str], anchored: bool) -> tuple[str, list[str]]:
    """``words`` has every token as a word prefix (the first one at the start)."""
    params = [f" {t}%" if anchored and i == 0 else f"% {t}%" for i, t in enumerate(tokens)]
    return " AND ".join("s.words LIKE %s" for _ in tokens), params


def _phone_condition(digits: str) -> tuple[str, list[str]]:
    return "s.digits LIKE %s", [f"%{digits}%"]


def match_ids(text: str, limit: int = 200) -> list[int]:
    found: list[int] = []
    tokens = query_tokens(text)
    if tokens:
        cond, params = _word_condition(tokens, anchored=False)
        sql = f"SELECT s.customer_id FROM customer_search s WHERE {cond} ORDER BY 1 LIMIT %s"
        found.extend(r[0] for r in db.execute_sql(sql, (*params, limit)).fetchall())
    digits = phone_digits(text)
    if len(digits) >= 3 and is_phone_query(text):
        cond, params = _phone_condition(digits)
        sql = f"SELECT s.customer_id FROM customer_search s WHERE {cond} ORDER BY 1 LIMIT %s"
        found.extend(r[0] for r in db.execute_sql(sql, (*params, limit)).fetchall())
    return list(dict.fromkeys(found))


# ``c.id = ANY(ARRAY(subquery))``, not ``c.id IN (subquery)``: with IN the planner joins the
# ~1,500 candidates of a common prefix by hashing a scan of every customer (34 ms at 100k);
# an array is looked up through the primary key (7-10 ms; docs/PERFORMANCE.md).
_RECENT_FIRST = "ORDER BY c.last_contact_at IS NULL, c.last_contact_at DESC, c.id DESC LIMIT %s"


def tier(cond: str, params: list[str], limit: int, include_archived: bool) -> list[int]:
    archived = "" if include_archived else " AND c.archived_at IS NULL"
    sql = (
        "SELECT c.id FROM customer c WHERE c.id = ANY(ARRAY(SELECT s.customer_id"
        f" FROM customer_search s WHERE {cond} ORDER BY s.customer_id LIMIT %s)){archived}"
        f" {_RECENT_FIRST}"
    )
    return [r[0] for r in db.execute_sql(sql, (*params, CANDIDATES, limit)).fetchall()]


def phone_prefix(digits: str, limit: int, include_archived: bool) -> list[int]:
    archived = "" if include_archived else " AND c.archived_at IS NULL"
    sql = (
        "SELECT c.id FROM customer c WHERE c.id = ANY(ARRAY(SELECT p.customer_id FROM phone p"
        f" WHERE p.digits LIKE %s ORDER BY p.digits, p.id LIMIT %s)){archived} {_RECENT_FIRST}"
    )
    params = (digits + "%", PHONE_CANDIDATES, limit)
    return [r[0] for r in db.execute_sql(sql, params).fetchall()]


def word_tier(text: str, anchored: bool, limit: int, include_archived: bool) -> list[int]:
    tokens = query_tokens(text)
    if not tokens:
        return []
    cond, params = _word_condition(tokens, anchored)
    return tier(cond, params, limit, include_archived)


def phone_tier(digits: str, limit: int, include_archived: bool) -> list[int]:
    cond, params = _phone_condition(digits)
    return tier(cond, params, limit, include_archived)
