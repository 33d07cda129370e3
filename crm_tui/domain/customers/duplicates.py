"""Duplicates across the whole book: likely pairs best first, merged or dismissed.

The pairs are found set-based by ``crm_tui.db.duplicates`` (one GROUP BY per key); here
they are scored (the strongest shared key, plus a little for each further one) and the
dismissed ones left out. A dismissed pair stays dismissed (``duplicate_dismissed``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...clock import now as clock_now
from ...db import duplicates as dup_sql
from ...db.models import Customer, DuplicateDismissed, db
from ...i18n import _
from ..errors import ValidationError
from ..who import current_user, record
from .merge import merge_customers

# How much each shared key says; a pair sharing several adds 5 for each further one.
WEIGHTS = {
    "national_id": 100,
    "tax_number": 95,
    "phone": 90,
    "email": 85,
    "name_birthday": 75,
    "name_city": 50,
}
PER_KEY = 5000  # pairs read per key at most (a huge group of one name and city)


def reason_label(key: str) -> str:
    return {
        "national_id": _("same TCKN"),
        "tax_number": _("same VKN"),
        "phone": _("same phone"),
        "email": _("same e-mail"),
        "name_birthday": _("same name and birthday"),
        "name_city": _("same name and city"),
    }[key]


@dataclass
class DuplicatePair:
    a: int
    b: int
    a_name: str = ""
    b_name: str = ""
    a_city: str | None = None
    b_city: str | None = None
    reasons: list[str] = field(default_factory=list)  # keys, strongest first
    score: int = 0

    def reason_text(self) -> str:
        return ", ".join(reason_label(r) for r in self.reasons)


def find_duplicate_pairs(limit: int = 200) -> list[DuplicatePair]:
    """The likely duplicate pairs of the book, best first, without the dismissed ones."""
    found: dict[tuple[int, int], DuplicatePair] = {}
    for key in WEIGHTS:
        for a, b, _value in dup_sql.pairs_by(key, PER_KEY):
            pair = found.setdefault((a, b), DuplicatePair(a, b))
            pair.reasons.append(key)
    for pair_key in dup_sql.dismissed_pairs():
        found.pop(pair_key, None)
    pairs = list(found.values())
    for pair in pairs:
        pair.reasons.sort(key=lambda r: -WEIGHTS[r])
        pair.score = WEIGHTS[pair.reasons[0]] + 5 * (len(pair.reasons) - 1)
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    pairs = pairs[:limit]
    names = dup_sql.names_of(sorted({i for p in pairs for i in (p.a, p.b)}))
    for pair in pairs:
        pair.a_name, pair.a_city = names.get(pair.a, ("", None))
        pair.b_name, pair.b_city = names.get(pair.b, ("", None))
    return pairs


def dismiss_pair(a: int, b: int) -> None:
    """Never offer these two as duplicates again."""
    lo, hi = sorted((int(a), int(b)))
    if lo == hi:
        raise ValidationError(_("A customer cannot be their own duplicate."))
    with db.atomic():
        if DuplicateDismissed.get_or_none(customer_a=lo, customer_b=hi) is None:
            DuplicateDismissed.create(
                customer_a=lo, customer_b=hi, who=current_user(), at=clock_now()
            )
            record("duplicate_dismiss", lo, f"not a duplicate of customer {hi}")


def merge_pair(keep_id: int, other_id: int) -> Customer:
    """Merge ``other`` into ``keep`` (every record of both stays, on ``keep``)."""
    return merge_customers(other_id, keep_id)
