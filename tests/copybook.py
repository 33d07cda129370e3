"""A varied book for the copy tests (``crm-tui copy-to``) and what must be equal after a
copy: every table's rows as the models read them, the loyalty totals (SQLite) and the
search results."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from crm_tui.db import close_database, open_database
from crm_tui.db.copy import COPIED
from crm_tui.db.models import Customer, Phone, db
from crm_tui.domain import demo
from crm_tui.domain.customers import search_customers

TODAY = date(2025, 3, 1)
TOTALS = (
    "customer_stats",
    "customer_gap",
    "purchase_daily",
    "policy_daily",
    "survey_daily",
)


def make_book(path: Path | str) -> None:
    open_database(path)
    try:
        demo.generate(customers=60, seed=7, today=TODAY)
        # a referral and a renewal pointing at a later row: copied in two passes
        db.execute_sql("UPDATE customer SET referred_by_id = 60 WHERE id = 3")
        db.execute_sql(
            "UPDATE policy SET renewed_from_id = (SELECT max(id) FROM policy) WHERE id = 1"
        )
    finally:
        close_database()


def rows() -> dict[str, list[tuple]]:
    """Every copied table's rows, as the models read them (Decimal, date, bool)."""
    return {
        m._meta.table_name: sorted(
            m.select().order_by(m._meta.primary_key).tuples(), key=lambda r: repr(r)
        )
        for m in COPIED
    }


def totals() -> dict[str, list[tuple]]:
    """The loyalty totals tables of an SQLite book."""
    return {t: sorted(db.execute_sql(f"SELECT * FROM {t}").fetchall()) for t in TOTALS}


def queries() -> list[str]:
    names = [c.name for c in Customer.select().order_by(Customer.id).limit(6)]
    words = [n.split()[0] for n in names] + [n.split()[-1][:3] for n in names]
    phone = Phone.select().order_by(Phone.id).first()
    return [*words, phone.digits[-4:], phone.e164, "a", "ist"]


def searches(qs: list[str]) -> list[tuple[str, list[int]]]:
    return [(q, [h.id for h in search_customers(q)]) for q in qs]


def snapshot(path: Path | str, qs: list[str] | None = None, with_totals: bool = True):
    """Rows, totals (SQLite) and search results of the book at ``path``."""
    open_database(path)
    try:
        qs = qs if qs is not None else queries()
        return rows(), (totals() if with_totals else None), searches(qs), qs
    finally:
        close_database()
