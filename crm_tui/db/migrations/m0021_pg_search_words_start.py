"""Step 21: on PostgreSQL, the "name starts with" lookup reads a B-tree of the search words.

The lookup's first tier is ``words LIKE ' suk%'`` (the name's first word starts with what
was typed; ``db/postgres_search.py``) keeping the first 3,000 candidates by customer id.
The trigram GIN index cannot give rows in id order, so at 1,000,000 customers PostgreSQL
either walked the table in id order testing ~200,000 rows for 3,000 matches, or read all
15,776 matches of ``suk`` from the trigram index: 30 ms for the statement either way, the
bulk of a 44 ms lookup (issue 19). A ``text_pattern_ops`` B-tree on (words, customer_id)
turns the prefix into a range of the index (292 buffers, 3.8 ms; a policy number's prefix
tier 6.3 → 0.4 ms). The trigram index stays for the "a word anywhere" tier. Nothing to do
on SQLite (FTS5 reads prefixes from its own index).
"""

from __future__ import annotations

from peewee import DatabaseProxy

from ..dialect import Dialect

STATEMENT = (
    "CREATE INDEX IF NOT EXISTS customer_search_words_start"
    " ON customer_search (words text_pattern_ops, customer_id)"
)


def apply(db: DatabaseProxy, dialect: Dialect) -> None:
    if dialect.name != "postgresql":
        return
    db.execute_sql(STATEMENT)
