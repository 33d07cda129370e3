"""Step 2 (released): the customer search index (FTS5), filled from the rows already there.

The two tables are written out here, as released; filling them uses today's indexing
(``search.rebuild_index``), which reads only columns of step 1 (name, company, e-mail,
ids, city, policy numbers and plates, phone digits).
"""

from __future__ import annotations

from peewee import DatabaseProxy

from .. import search

TABLES = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS customer_fts USING fts5("
    "words, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS phone_fts USING fts5(digits, tokenize = 'trigram')",
]


def apply(db: DatabaseProxy) -> None:
    for stmt in TABLES:
        db.execute_sql(stmt)
    search.rebuild_index()
