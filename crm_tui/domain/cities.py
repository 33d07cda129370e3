"""One spelling per city: the 81 provinces of Türkiye as they are written, found however
the user typed them (``izmir``, ``IZMIR``, ``İzmir`` and ``Izmir`` are one city in filters,
segments and exports). A place that is not a province (a district, a town abroad) is kept,
in Turkish title case."""

from __future__ import annotations

from functools import lru_cache

from ..db.search import fold

PROVINCES = (
    "Adana Adıyaman Afyonkarahisar Ağrı Aksaray Amasya Ankara Antalya Ardahan Artvin Aydın "
    "Balıkesir Bartın Batman Bayburt Bilecik Bingöl Bitlis Bolu Burdur Bursa Çanakkale "
    "Çankırı Çorum Denizli Diyarbakır Düzce Edirne Elazığ Erzincan Erzurum Eskişehir "
    "Gaziantep Giresun Gümüşhane Hakkari Hatay Iğdır Isparta İstanbul İzmir Kahramanmaraş "
    "Karabük Karaman Kars Kastamonu Kayseri Kilis Kırıkkale Kırklareli Kırşehir Kocaeli Konya "
    "Kütahya Malatya Manisa Mardin Mersin Muğla Muş Nevşehir Niğde Ordu Osmaniye Rize "
    "Sakarya Samsun Şanlıurfa Siirt Sinop Sivas Şırnak Tekirdağ Tokat Trabzon Tunceli Uşak "
    "Van Yalova Yozgat Zonguldak"
).split()

# other names people write for a province
ALIASES = {
    "afyon": "Afyonkarahisar",
    "antep": "Gaziantep",
    "maras": "Kahramanmaraş",
    "urfa": "Şanlıurfa",
    "icel": "Mersin",
    "izmit": "Kocaeli",
    "adapazari": "Sakarya",
    "hakari": "Hakkari",
}

_BY_FOLD = {fold(name): name for name in PROVINCES} | ALIASES


def _title_tr(word: str) -> str:
    """Turkish title case: ``istanbul`` → ``İstanbul``, ``IŞIK`` → ``Işık``."""
    if not word:
        return word
    head, rest = word[0], word[1:]
    head = {"i": "İ", "ı": "I"}.get(head, head.upper())
    rest = rest.replace("I", "ı").replace("İ", "i").lower()
    return head + rest


@lru_cache(maxsize=4096)
def normalize_city(text: str | None) -> str | None:
    """The one spelling of a city, or None for an empty one (remembered: an import asks
    for the same few cities 100,000 times)."""
    text = " ".join((text or "").split())
    if not text:
        return None
    known = _BY_FOLD.get(fold(text))
    if known:
        return known
    if text.isupper() or text.islower():
        return " ".join(_title_tr(word) for word in text.split(" "))
    return text
