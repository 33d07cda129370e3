"""Customer search index (SQLite FTS5). All FTS-specific SQL lives here.

Two virtual tables, rowid = customer id:
- ``customer_fts``: folded words (name, company, e-mail, ids, policy numbers, plates, city)
- ``phone_fts``: trigram index over phone digits, so any 3+ digit fragment matches.

FTS5's unicode61 tokenizer folds most diacritics but not dotless ı, so text is folded
here (``fold``) both when indexed and when queried.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .models import Customer, Phone, Policy, db

_TR_FOLD = str.maketrans(
    {
        "ı": "i",
        "I": "i",
        "İ": "i",
        "ş": "s",
        "Ş": "s",
        "ğ": "g",
        "Ğ": "g",
        "ç": "c",
        "Ç": "c",
        "ö": "o",
        "Ö": "o",
        "ü": "u",
        "Ü": "u",
    }
)


def fold(text: str | None) -> str:
    """Lower-case, Turkish-aware, accent-free form used for indexing and matching."""
    if not text:
        return ""
    text = text.translate(_TR_FOLD).lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def phone_digits(text: str | None) -> str:
    """Digits of a typed phone fragment, without the Turkish trunk/country prefix."""
    digits = re.sub(r"\D", "", text or "")
    if digits.startswith("0090"):
        digits = digits[4:]
    elif digits.startswith("90") and len(digits) == 12:
        digits = digits[2:]
    elif digits.startswith("0") and len(digits) == 11:
        digits = digits[1:]
    return digits


SCHEMA = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS customer_fts USING fts5("
    "words, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS phone_fts USING fts5(digits, tokenize = 'trigram')",
]


def create_schema() -> None:
    for sql in SCHEMA:
        db.execute_sql(sql)


def _words_for(customer: Customer, policies: Iterable[Policy]) -> str:
    parts = [
        customer.name,
        customer.company,
        customer.email,
        (customer.email or "").split("@")[0].replace(".", " "),
        customer.national_id,
        customer.tax_number,
        customer.city,
    ]
    for p in policies:
        parts.append(p.number)
        if p.plate:
            parts.append(p.plate)
            parts.append(p.plate.replace(" ", ""))
    return fold(" ".join(x for x in parts if x))


def index_customers(customer_ids: Iterable[int]) -> None:
    """(Re)index the given customers; call inside the writing transaction."""
    ids = sorted(set(int(i) for i in customer_ids))
    if not ids:
        return
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        marks = ",".join("?" * len(chunk))
        db.execute_sql(f"DELETE FROM customer_fts WHERE rowid IN ({marks})", chunk)
        db.execute_sql(f"DELETE FROM phone_fts WHERE rowid IN ({marks})", chunk)
        customers = {c.id: c for c in Customer.select().where(Customer.id.in_(chunk))}
        pols: dict[int, list[Policy]] = {}
        for p in Policy.select(Policy.customer, Policy.number, Policy.plate).where(
            Policy.customer.in_(chunk)
        ):
            pols.setdefault(p.customer_id, []).append(p)
        phones: dict[int, list[str]] = {}
        for ph in Phone.select(Phone.customer, Phone.digits).where(Phone.customer.in_(chunk)):
            phones.setdefault(ph.customer_id, []).append(ph.digits)
        rows = [(cid, _words_for(c, pols.get(cid, []))) for cid, c in customers.items()]
        db.cursor().executemany("INSERT INTO customer_fts (rowid, words) VALUES (?, ?)", rows)
        prow = [(cid, " ".join(d)) for cid, d in phones.items() if d]
        db.cursor().executemany("INSERT INTO phone_fts (rowid, digits) VALUES (?, ?)", prow)


def rebuild_index() -> None:
    """Rebuild both FTS tables from scratch (after bulk imports and migrations)."""
    with db.atomic():
        db.execute_sql("DELETE FROM customer_fts")
        db.execute_sql("DELETE FROM phone_fts")
        ids = [row[0] for row in db.execute_sql("SELECT id FROM customer").fetchall()]
        index_customers(ids)


def _fts_query(text: str) -> str:
    tokens = re.findall(r"\w+", fold(text))
    return " ".join(f'"{t}"*' for t in tokens)


def match_ids(text: str, limit: int = 200) -> list[int]:
    """Candidate customer ids for a free-text query (words and phone digits), unranked."""
    found: list[int] = []
    query = _fts_query(text)
    if query:
        cur = db.execute_sql(
            "SELECT rowid FROM customer_fts WHERE customer_fts MATCH ? LIMIT ?", (query, limit)
        )
        found.extend(r[0] for r in cur.fetchall())
    digits = phone_digits(text)
    if len(digits) >= 3 and not re.search(r"[^\d\s()+\-./]", text.strip()):
        cur = db.execute_sql(
            "SELECT rowid FROM phone_fts WHERE phone_fts MATCH ? LIMIT ?",
            (f'"{digits}"', limit),
        )
        found.extend(r[0] for r in cur.fetchall())
    seen: set[int] = set()
    return [i for i in found if not (i in seen or seen.add(i))]
