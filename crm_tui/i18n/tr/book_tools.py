"""Turkish texts of tags, saved views and duplicates (issue 18 items 1-3)."""

MESSAGES = {
    # tags
    "Every tag with its customers: rename, merge": "Her etiket ve müşterileri: yeniden adlandır, birleştir",
    "Rename": "Yeniden adlandır",
    "Merge into…": "Şununla birleştir…",
    "Rename the tag {name}": "{name} etiketini yeniden adlandır",
    "Merge {name} into the tag:": "{name} etiketini şu etiketle birleştir:",
    "Tag": "Etiket",
    "Tag: {name}": "Etiket: {name}",
    "{n} tags": "{n} etiket",
    "r rename · m merge into another · Enter lists its customers": (
        "r yeniden adlandır · m başka etiketle birleştir · Enter müşterilerini listeler"
    ),
    "There is no tag named {name}.": "{name} adında bir etiket yok.",
    "A tag needs a name.": "Etiketin bir adı olmalı.",
    "A tag cannot be merged into itself.": "Bir etiket kendisiyle birleştirilemez.",
    "This tag no longer exists.": "Bu etiket artık yok.",
    "There is already a tag {name}: merge the two instead.": (
        "{name} etiketi zaten var: ikisini birleştirin."
    ),
    # saved views
    "Saved views": "Kayıtlı görünümler",
    "Customer lists filtered by city, tag, stage, segment, line...": (
        "Şehre, etikete, aşamaya, segmente, branşa göre süzülmüş müşteri listeleri..."
    ),
    "Customer view": "Müşteri görünümü",
    "Filter the customers (a name saves the view)": "Müşterileri süz (bir ad görünümü kaydeder)",
    "Ladder stage": "Sadakat basamağı",
    "RFM segment": "RFM segmenti",
    "Active policy of": "Yürürlükte poliçesi olan branş",
    "No contact since": "Şu tarihten beri temas yok",
    "Birthday month": "Doğum ayı",
    "Save as": "Kayıt adı",
    "e.g. 01.06.2026": "örn. 01.06.2026",
    "1-12": "1-12",
    "empty: do not save": "boş: kaydetme",
    "New view": "Yeni görünüm",
    "Enter opens · n new · d delete": "Enter açar · n yeni · d sil",
    "{n} saved views": "{n} kayıtlı görünüm",
    "A date such as 22.11.2026.": "22.11.2026 gibi bir tarih.",
    "The birthday month is 1 to 12.": "Doğum ayı 1 ile 12 arasındadır.",
    "A saved view needs a name.": "Kayıtlı görünümün bir adı olmalı.",
    "Choose at least one filter before saving.": "Kaydetmeden önce en az bir süzgeç seçin.",
    "There is no saved view named {name}.": "{name} adında kayıtlı görünüm yok.",
    "city": "şehir",
    "tag": "etiket",
    "stage": "basamak",
    "segment": "segment",
    "active policy": "yürürlükte poliçe",
    "no contact since": "temas yok, şu tarihten beri",
    "birthday month": "doğum ayı",
    "every customer": "tüm müşteriler",
    "list the customers of a saved view instead": "bunun yerine kayıtlı bir görünümün müşterilerini listele",
    # duplicates
    "Duplicates": "Mükerrer kayıtlar",
    "Likely duplicate customers: merge or dismiss": (
        "Büyük olasılıkla mükerrer müşteriler: birleştir ya da geç"
    ),
    "Likely duplicates, best first": "Olası mükerrerler, en güçlüsü önce",
    "Not a duplicate": "Mükerrer değil",
    "Open first": "Birinciyi aç",
    "Open second": "İkinciyi aç",
    "Same as": "Aynısı",
    "{n} likely pairs": "{n} olası çift",
    "m merge the second into the first · d not a duplicate": (
        "m ikinciyi birinciyle birleştir · d mükerrer değil"
    ),
    "Merged {b} into {a}.": "{b}, {a} ile birleştirildi.",
    "A customer cannot be their own duplicate.": "Bir müşteri kendisinin mükerreri olamaz.",
    "same TCKN": "aynı TCKN",
    "same VKN": "aynı VKN",
    "same name and birthday": "aynı ad ve doğum günü",
    "same name and city": "aynı ad ve şehir",
}
