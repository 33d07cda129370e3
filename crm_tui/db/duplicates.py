"""Likely duplicate customers across the whole book, found set-based (both engines).

Each key is one ``GROUP BY normalised key HAVING COUNT(*) > 1`` joined back to its rows,
so the work grows with the customers, not with their pairs: the same phone (E.164), the
same e-mail (trimmed, lower case), TCKN, VKN; the same folded name with the same birthday
or the same folded city. Names fold in SQL as ``search.fold`` does for Turkish letters
(``fold_sql``): the letters are replaced before ``lower``, which on SQLite knows ASCII only.
Archived customers (merged ones are) are left out.
"""

from __future__ import annotations

from . import sqlfn

_TURKISH = (
    ("İ", "i"),
    ("I", "i"),
    ("ı", "i"),
    ("Ş", "s"),
    ("ş", "s"),
    ("Ğ", "g"),
    ("ğ", "g"),
    ("Ç", "c"),
    ("ç", "c"),
    ("Ö", "o"),
    ("ö", "o"),
    ("Ü", "u"),
    ("ü", "u"),
)


def fold_sql(expr: str) -> str:
    """``expr`` folded as ``search.fold`` folds Turkish text (trimmed)."""
    for letter, ascii_ in _TURKISH:
        expr = f"replace({expr}, '{letter}', '{ascii_}')"
    return f"lower(trim({expr}))"


_ACTIVE = "c.archived_at IS NULL AND c.anonymized_at IS NULL"

# key name -> (SELECT of (customer id, key) rows, whose key is never NULL)
KEYS: dict[str, str] = {
    "national_id": f"SELECT c.id, c.national_id FROM customer c WHERE {_ACTIVE}"
    " AND c.national_id IS NOT NULL AND c.national_id <> ''",
    "tax_number": f"SELECT c.id, c.tax_number FROM customer c WHERE {_ACTIVE}"
    " AND c.tax_number IS NOT NULL AND c.tax_number <> ''",
    "phone": f"SELECT DISTINCT c.id, p.e164 FROM phone p JOIN customer c ON c.id = p.customer_id"
    f" WHERE {_ACTIVE}",
    "email": f"SELECT c.id, lower(trim(c.email)) FROM customer c WHERE {_ACTIVE}"
    " AND c.email IS NOT NULL AND trim(c.email) <> ''",
    "name_birthday": f"SELECT c.id, {fold_sql('c.name')} || '|' || c.birthday"
    f" FROM customer c WHERE {_ACTIVE} AND c.birthday IS NOT NULL",
    "name_city": f"SELECT c.id, {fold_sql('c.name')} || '|' || {fold_sql('c.city')}"
    f" FROM customer c WHERE {_ACTIVE} AND c.city IS NOT NULL AND c.city <> ''",
}


def pairs_by(key: str, limit: int) -> list[tuple[int, int, str]]:
    """``(a, b, shared value)`` with a < b for the customers sharing ``key``."""
    rows = KEYS[key]
    sql = (
        f"WITH k (id, k) AS MATERIALIZED ({rows}),"
        " d AS (SELECT k FROM k GROUP BY k HAVING COUNT(*) > 1)"
        " SELECT a.id, b.id, a.k FROM d JOIN k a ON a.k = d.k"
        " JOIN k b ON b.k = a.k AND b.id > a.id"
        f" ORDER BY a.id, b.id LIMIT {int(limit)}"
    )
    return [(int(a), int(b), str(v)) for a, b, v in sqlfn.execute(sql).fetchall()]


def dismissed_pairs() -> set[tuple[int, int]]:
    rows = sqlfn.execute("SELECT customer_a_id, customer_b_id FROM duplicate_dismissed")
    return {(int(a), int(b)) for a, b in rows.fetchall()}


def names_of(ids: list[int]) -> dict[int, tuple[str, str | None]]:
    """``id -> (name, city)``."""
    out: dict[int, tuple[str, str | None]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for cid, name, city in sqlfn.execute(
            f"SELECT id, name, city FROM customer WHERE id IN ({marks})", chunk
        ).fetchall():
            out[int(cid)] = (name, city)
    return out
