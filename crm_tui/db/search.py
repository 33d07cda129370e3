"""Customer search index (SQLite FTS5). All FTS-specific SQL lives here; on PostgreSQL
the public functions hand over to ``current_dialect().search`` (``postgres_search``), which
gives the same results for the same data.

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
from typing import Any

from .dialect import current_dialect
from .models import Customer, CustomerTag, Phone, Policy, Tag, db

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
    raw = (text or "").strip()
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("00"):
        digits = digits[4:] if digits.startswith("0090") else digits[2:]
    elif raw.startswith("+") and digits.startswith("90"):
        digits = digits[2:]
    elif digits.startswith("90") and len(digits) == 12:
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    return digits


def phone_from_start(text: str | None) -> bool:
    """The user typed the number from its beginning (``0532…``, ``+90 532…``)."""
    raw = (text or "").strip()
    return raw.startswith(("0", "+")) or (len(re.sub(r"\D", "", raw)) >= 10)


def plate_words(plate: str | None) -> list[str]:
    """A plate as typed in any spacing finds it: ``34 ABC 123`` is indexed with
    ``34ABC123``, ``34ABC`` and ``ABC123`` too, so ``34abc123``, ``34 abc123`` and
    ``34abc 123`` are all word prefixes of the indexed text."""
    parts = (plate or "").split()
    if not parts:
        return []
    words = [" ".join(parts), "".join(parts)]
    if len(parts) == 3:
        words += [parts[0] + parts[1], parts[1] + parts[2]]
    return words


# A tag's words are indexed twice: as they are (``filo`` finds the customers tagged Filo
# among the name matches) and behind this marker, which only ``#filo`` asks for. The marker
# is letters only, so both FTS5's tokenizer and ``query_tokens`` keep it in the word.
TAG_MARK = "xxtag"


def tag_words(names: Iterable[str]) -> str:
    """The folded words a customer's tags add to the index (both engines, imports too)."""
    words = [w for name in names for w in re.findall(r"[^\W_]+", fold(name))]
    return " ".join(words + [TAG_MARK + w for w in words])


def customer_tags(chunk: list[int]) -> dict[int, list[str]]:
    """The tag names of the given customers, by customer, in name order (both engines)."""
    rows = (
        CustomerTag.select(CustomerTag.customer, Tag.name)
        .join(Tag)
        .where(CustomerTag.customer.in_(chunk))
        .order_by(Tag.name, Tag.id)
        .tuples()
    )
    tags: dict[int, list[str]] = {}
    for row in list(rows):
        tags.setdefault(int(row[0]), []).append(str(row[1]))  # type: ignore[index]
    return tags


def _words_for(
    customer: Any,
    policies: Iterable[Any],
    plates: Iterable[str] = (),
    tags: Iterable[str] = (),
) -> str:
    """``customer``: a ``Customer`` or any row with its name, company, email, national_id,
    tax_number and city; ``policies``: rows with a number and a plate; ``plates``: the
    customer's vehicles' plates (step 12), which a policy may not name; ``tags``: the
    customer's tag names."""
    parts = [
        customer.name,
        customer.company,
        customer.email,
        (customer.email or "").split("@")[0].replace(".", " "),
        customer.national_id,
        customer.tax_number,
        customer.city,
    ]
    seen: set[str] = set()
    for p in policies:
        parts.append(p.number)
        if p.plate and p.plate not in seen:
            seen.add(p.plate)
            parts.extend(plate_words(p.plate))
    for plate in plates:
        if plate and plate not in seen:
            seen.add(plate)
            parts.extend(plate_words(plate))
    text = fold(" ".join(x for x in parts if x))
    extra = tag_words(tags)
    return f"{text} {extra}" if extra else text


def _other_engine() -> Any:
    """The search module of the open database's engine, or None for SQLite (FTS5, here)."""
    return current_dialect().search


def vehicle_plates(chunk: list[int]) -> dict[int, list[str]]:
    """The plates of the given customers' vehicles (step 12), by customer, in id order
    (SQLite; postgres_search reads the same rows)."""
    marks = ",".join("?" * len(chunk))
    rows = db.execute_sql(
        f"SELECT customer_id, plate FROM vehicle WHERE customer_id IN ({marks})"
        " AND plate IS NOT NULL ORDER BY id",
        chunk,
    ).fetchall()
    plates: dict[int, list[str]] = {}
    for cid, plate in rows:
        plates.setdefault(cid, []).append(plate)
    return plates


def has_vehicles() -> bool:
    """The vehicle table exists: not while step 2 builds the first index of an old file."""
    return "vehicle" in db.get_tables()


def index_customers(customer_ids: Iterable[int], vehicles: bool = True) -> None:
    """(Re)index the given customers; call inside the writing transaction. ``vehicles``:
    False only while migrating a file from before step 12 (no vehicle table yet)."""
    other = _other_engine()
    if other is not None:
        other.index_customers(customer_ids, vehicles)
        return
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
        plates = vehicle_plates(chunk) if vehicles else {}
        tags = customer_tags(chunk)
        rows = [
            (cid, _words_for(c, pols.get(cid, []), plates.get(cid, []), tags.get(cid, [])))
            for cid, c in customers.items()
        ]
        db.cursor().executemany("INSERT INTO customer_fts (rowid, words) VALUES (?, ?)", rows)
        prow = [(cid, " ".join(d)) for cid, d in phones.items() if d]
        db.cursor().executemany("INSERT INTO phone_fts (rowid, digits) VALUES (?, ?)", prow)


def rebuild_index() -> None:
    """Rebuild both FTS tables from scratch (after bulk imports and migrations)."""
    other = _other_engine()
    if other is not None:
        other.rebuild_index()
        return
    with db.atomic():
        db.execute_sql("DELETE FROM customer_fts")
        db.execute_sql("DELETE FROM phone_fts")
        ids = [row[0] for row in db.execute_sql("SELECT id FROM customer").fetchall()]
        index_customers(ids, has_vehicles())


def is_tag_query(text: str | None) -> bool:
    """``#filo``: only customers with a tag starting so."""
    return (text or "").lstrip().startswith("#")


def query_tokens(text: str | None) -> list[str]:
    """Folded word tokens of a typed query; FTS syntax characters (" * ( ) : ^ -) drop out.
    A ``#`` query asks for tag words only (``TAG_MARK``)."""
    tokens = re.findall(r"[^\W_]+", fold(text or ""))
    return [TAG_MARK + t for t in tokens] if is_tag_query(text) else tokens


def _fts_query(text: str, anchored: bool = False) -> str:
    """A syntax-safe FTS5 prefix query: every token quoted, so NEAR/AND/OR/NOT are plain words.

    ``anchored``: the first token must start the indexed text (the customer's name).
    """
    tokens = query_tokens(text)
    if not tokens:
        return ""
    query = " ".join(f'"{t}"*' for t in tokens)
    return "^" + query if anchored else query


def is_phone_query(text: str) -> bool:
    """Digits with the usual phone punctuation only (``0532 123 45 67``, ``+90 (532)``)."""
    raw = (text or "").strip()
    return bool(raw) and not re.search(r"[^\d\s()+\-./]", raw)


def match_ids(text: str, limit: int = 200) -> list[int]:
    """Candidate customer ids for a free-text query (words and phone digits), unranked."""
    other = _other_engine()
    if other is not None:
        return list(other.match_ids(text, limit))
    found: list[int] = []
    query = _fts_query(text)
    if query:
        cur = db.execute_sql(
            "SELECT rowid FROM customer_fts WHERE customer_fts MATCH ? LIMIT ?", (query, limit)
        )
        found.extend(r[0] for r in cur.fetchall())
    digits = phone_digits(text)
    if len(digits) >= 3 and is_phone_query(text):
        cur = db.execute_sql(
            "SELECT rowid FROM phone_fts WHERE phone_fts MATCH ? LIMIT ?",
            (f'"{digits}"', limit),
        )
        found.extend(r[0] for r in cur.fetchall())
    return list(dict.fromkeys(found))  # first occurrence of each, in order


# How many raw FTS hits one tier may look at before ranking by recency. Bounds the work of
# one- and two-letter queries on big databases (each tier still returns the freshest of them).
CANDIDATES = 3000
PHONE_CANDIDATES = 1000  # phone rows are not clustered by number: each hit is a page read


def _tier(table: str, param: str, limit: int, include_archived: bool) -> list[int]:
    archived = "" if include_archived else " AND c.archived_at IS NULL"
    sql = (
        f"SELECT c.id FROM customer c WHERE c.id IN "
        f"(SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?){archived} "
        "ORDER BY c.last_contact_at IS NULL, c.last_contact_at DESC, c.id DESC LIMIT ?"
    )
    return [r[0] for r in db.execute_sql(sql, (param, CANDIDATES, limit)).fetchall()]


def _phone_prefix(digits: str, limit: int, include_archived: bool) -> list[int]:
    """Customers with a phone whose national number starts with ``digits`` (exact when whole)."""
    archived = "" if include_archived else " AND c.archived_at IS NULL"
    sql = (
        "SELECT c.id FROM customer c WHERE c.id IN (SELECT p.customer_id FROM phone p "
        f"WHERE p.digits GLOB ? LIMIT ?){archived} "
        "ORDER BY c.last_contact_at IS NULL, c.last_contact_at DESC, c.id DESC LIMIT ?"
    )
    params = (digits + "*", PHONE_CANDIDATES, limit)
    return [r[0] for r in db.execute_sql(sql, params).fetchall()]


def ranked_ids(text: str, limit: int = 50, include_archived: bool = False) -> list[tuple[int, int]]:
    """Matching customer ids, best first, as ``(id, tier)``.

    Tiers: 0 phone number typed from its start or name starting with the query, 1 a phone containing the
    digits, 2 any other word starting with the query (company, e-mail, ids, policy number,
    plate, city). Within a tier the most recently contacted customer comes first. Only a
    bounded candidate set is ranked, so the cost does not grow with the database.
    """
    out: list[tuple[int, int]] = []
    seen: set[int] = set()

    def add(ids: list[int], tier: int) -> None:
        for i in ids:
            if i not in seen and len(out) < limit:
                seen.add(i)
                out.append((i, tier))

    if limit <= 0:
        return out
    digits = phone_digits(text)
    phone_like = is_phone_query(text) and len(digits) >= 3
    other = _other_engine()
    if phone_like:
        if phone_from_start(text):
            prefix = other.phone_prefix if other is not None else _phone_prefix
            add(prefix(digits, limit, include_archived), 0)
        if other is not None:
            add(other.phone_tier(digits, limit, include_archived), 1)
        else:
            add(_tier("phone_fts", f'"{digits}"', limit, include_archived), 1)
    anchored = _fts_query(text, anchored=True)
    if anchored and len(out) < limit:
        if other is not None:
            add(other.word_tier(text, True, limit, include_archived), 0)
        else:
            add(_tier("customer_fts", anchored, limit, include_archived), 0)
        if len(out) < limit:
            if other is not None:
                add(other.word_tier(text, False, limit, include_archived), 2)
            else:
                add(_tier("customer_fts", _fts_query(text), limit, include_archived), 2)
    if phone_like:
        out.sort(key=lambda pair: pair[1])  # stable: recency order kept inside each tier
    return out


def add_rows(words: list[tuple[int, str]], phones: list[tuple[int, str]]) -> None:
    """Index new customers from ready rows: ``(id, folded words)`` and ``(id, phone digits
    separated by spaces)`` (bulk imports, which fold the words themselves)."""
    other = _other_engine()
    if other is not None:
        other.add_rows(words, phones)
        return
    db.cursor().executemany("INSERT INTO customer_fts (rowid, words) VALUES (?, ?)", words)
    db.cursor().executemany("INSERT INTO phone_fts (rowid, digits) VALUES (?, ?)", phones)


def _in_marks(ids: list[int]) -> str:
    return ",".join("?" * len(ids))


def hit_rows(ids: list[int]) -> list[tuple]:
    """``(id, name, company, city, email, last_contact_at, archived_at)`` of the given
    customers as raw rows (the result list needs no model objects; this is the hot path)."""
    if not ids:
        return []
    sql = (
        "SELECT id, name, company, city, email, last_contact_at, archived_at FROM customer "
        f"WHERE id IN ({_in_marks(ids)})"
    )
    return db.execute_sql(sql, list(ids)).fetchall()


def phone_rows(ids: list[int]) -> list[tuple]:
    """``(customer_id, e164, digits)``, primary phone first for each customer."""
    if not ids:
        return []
    sql = (
        "SELECT customer_id, e164, digits FROM phone "
        f"WHERE customer_id IN ({_in_marks(ids)}) ORDER BY is_primary DESC, id"
    )
    return db.execute_sql(sql, list(ids)).fetchall()
