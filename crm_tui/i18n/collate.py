"""Alphabetical order of names as a Turkish reader expects it: a b c ç d e f g ğ h ı i j k
l m n o ö p r s ş t u ü v y z (Python and SQLite compare code points, which puts Çağlar,
Özlem, Şükrü and İbrahim after Zeynep). Used for the short lists that are shown by name;
the database keeps its byte order for indexes."""

from __future__ import annotations

ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"
_RANK = {ch: i for i, ch in enumerate(ALPHABET)}
# Turkish case: I is the capital of ı, İ that of i.
_LOWER = str.maketrans({"I": "ı", "İ": "i"})
# Letters of other alphabets that Turkish names meet: after their base letter.
_NEAR = {"â": "a", "î": "i", "û": "u", "q": "p", "w": "v", "x": "v", "é": "e", "ë": "e"}


def sort_key(text: str | None) -> tuple[tuple[int, int], ...]:
    """A key for ``sorted``: Turkish letter order, case ignored, then other characters by
    code point (digits and spaces first, as in a phone book)."""
    out = []
    for ch in (text or "").translate(_LOWER).lower():
        if ch in _RANK:
            out.append((1, _RANK[ch] * 4))
        elif ch in _NEAR:
            out.append((1, _RANK[_NEAR[ch]] * 4 + 1))
        else:
            out.append((0 if not ch.isalpha() else 2, ord(ch)))
    return tuple(out)
