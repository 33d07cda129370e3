"""Demo dataset: a realistic Turkish small business that is also an insurance agency.

``generate(customers=300, seed=42, today=None)`` fills an (empty) database with customers
(people and companies), phones, e-mail addresses, ID and tax numbers, consent history,
tags, referrals, policies with renewal chains, purchases and loyalty points,
interactions, reminders, complaints with their history, and surveys. Everything is
relative to ``today`` (default: ``crm_tui.clock.today()``, so ``CRM_TUI_TODAY`` freezes
it) and fully determined by ``seed``: the same arguments give the same rows, ids included.

It is built for volume: rows are generated per chunk of customers as stored values
(money in minor units, ISO text for dates) and written with ``db.bulk.bulk_insert``,
one transaction per chunk, so memory stays bounded. Proportions per customer are fixed
(about 2 policies, 3 reminders, 5 interactions, 10 purchases and 0.2 complaints), so
``generate(customers=100_000)`` (or ``scale``) makes a benchmark-sized database.
Timestamps are handled as integer minutes since ``date.min`` for speed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import date, datetime, time

from ..db import analytics
from ..db.bulk import bulk_insert, next_id
from ..db.models import (
    Complaint,
    ComplaintEvent,
    Consent,
    Customer,
    CustomerTag,
    Interaction,
    Phone,
    PointsEntry,
    Policy,
    Purchase,
    Reminder,
    Setting,
    Survey,
    Tag,
    db,
)
from ..db.search import fold, rebuild_index

DEFAULT_CUSTOMERS = 300
CHUNK = 2000  # customers generated and written per transaction
DAY = 1440  # minutes

# --------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------

MALE = (
    "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Murat Ömer Ramazan "
    "Halil Süleyman Abdullah Mahmut Recep Salih Fatih Kadir Emre Şükrü Çağlar Barış Oğuz "
    "Uğur Gökhan Tuğrul Özgür Doğan Ergün Şahin Cem Burak Serkan Tolga Ilgaz Ümit Ercüment "
    "Kürşat Onur Yiğit Çetin Görkem Erdinç Sinan Levent Bülent Kemal Necati Şenol Cengiz"
).split()
FEMALE = (
    "Fatma Ayşe Emine Hatice Zeynep Elif Meryem Şerife Zehra Sultan Hanife Merve Özlem "
    "Gülşen Işık Şükran Gülay Çiğdem Dilek Büşra Tuğba Gözde Ebru Nurgül Sevgi Ülkü Öykü "
    "İpek Irmak Ilgın Derya Şeyma Gül Nesrin Songül Ceren Ayten Gönül Müge Pınar Selin "
    "Yasemin Bahar Nilüfer Gülsüm Hülya Canan Sibel Tülay Özge"
).split()
SURNAMES = (
    "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç "
    "Aslan Çetin Kara Koç Kurt Özkan Şimşek Polat Özer Güneş Erdoğan Ağaoğlu Karaağaç "
    "Işıklar Çakır Aksoy Uğurlu Gündoğdu Bozkurt Türkmen Ünal Kahraman Tekin Acar Ateş "
    "Sarı Erdem Güler Altıntaş Keskin Taş Ekinci İnce Işık Çağlayan Gümüş Şen Dağ "
    "Büyükakın Sağlam Özgür Çiftçi Karakaya Tunç Yavuz Önal Bayraktar Akgül Dursun Eroğlu "
    "Kocabıyık Gökçe Ilıcak Ölmez Üstün Çınar Soylu Ergüven"
).split()
SECTORS = (
    "Gıda",
    "İnşaat",
    "Otomotiv",
    "Tekstil",
    "Mobilya",
    "Nakliyat",
    "Kuyumculuk",
    "Turizm",
    "Yapı Market",
    "Elektrik",
    "Matbaacılık",
    "Tarım Ürünleri",
    "Lojistik",
    "Bilişim",
    "Makine",
    "Ambalaj",
)
SOLE_TRADERS = ("Eczanesi", "Fırını", "Kırtasiye", "Kasabı", "Oto Servis", "Market", "Optik")
COMPANY_SUFFIXES = (("Ltd. Şti.", 55), ("A.Ş.", 20), ("San. ve Tic. Ltd. Şti.", 15))
EMPLOYERS = (
    "Anadolu Tekstil A.Ş.",
    "Ege Gıda Ltd. Şti.",
    "Marmara Lojistik A.Ş.",
    "Başkent Üniversitesi",
    "Devlet Hastanesi",
    "Milli Eğitim Bakanlığı",
    "Türk Telekom",
    "Belediye",
)
CITIES = (
    # name, weight, districts, area codes, plate code
    (
        "İstanbul",
        30,
        ("Kadıköy", "Üsküdar", "Beşiktaş", "Bakırköy", "Ataşehir", "Şişli"),
        ("212", "216"),
        "34",
    ),
    ("Ankara", 12, ("Çankaya", "Keçiören", "Yenimahalle", "Etimesgut"), ("312",), "06"),
    ("İzmir", 10, ("Karşıyaka", "Bornova", "Konak", "Buca"), ("232",), "35"),
    ("Bursa", 6, ("Nilüfer", "Osmangazi", "Yıldırım"), ("224",), "16"),
    ("Antalya", 5, ("Muratpaşa", "Konyaaltı", "Kepez"), ("242",), "07"),
    ("Konya", 4, ("Selçuklu", "Meram", "Karatay"), ("332",), "42"),
    ("Eskişehir", 4, ("Tepebaşı", "Odunpazarı"), ("222",), "26"),
    ("Kocaeli", 3, ("İzmit", "Gebze", "Gölcük"), ("262",), "41"),
    ("Adana", 3, ("Seyhan", "Çukurova"), ("322",), "01"),
    ("Gaziantep", 3, ("Şahinbey", "Şehitkamil"), ("342",), "27"),
    ("Kayseri", 2, ("Melikgazi", "Kocasinan"), ("352",), "38"),
    ("Trabzon", 2, ("Ortahisar", "Akçaabat"), ("462",), "61"),
    ("Muğla", 2, ("Bodrum", "Fethiye", "Menteşe"), ("252",), "48"),
    ("Çanakkale", 1, ("Merkez", "Gelibolu"), ("286",), "17"),
    ("Samsun", 2, ("İlkadım", "Atakum"), ("362",), "55"),
    ("Denizli", 1, ("Pamukkale", "Merkezefendi"), ("258",), "20"),
)
STREETS = (
    "Atatürk Cad.",
    "Cumhuriyet Cad.",
    "İstiklal Cad.",
    "Gül Sok.",
    "Menekşe Sok.",
    "Çınar Sok.",
    "Şehit Er Mehmet Sok.",
    "Gazi Bulvarı",
    "Fevzi Çakmak Cad.",
    "Ihlamur Sok.",
)
NEIGHBOURHOODS = ("Cumhuriyet", "Yeni", "Fatih", "Barbaros", "Çamlık", "İnönü", "Güzelyalı")
MOBILE_PREFIXES = (
    "501 505 506 507 530 531 532 533 534 535 536 537 538 539 541 542 543 544 545 546 "
    "547 548 549 551 552 553 554 555 559"
).split()
MAIL_DOMAINS = (("gmail.com", 50), ("hotmail.com", 20), ("yahoo.com", 8), ("outlook.com", 8))
MAIL_DOMAINS += (("icloud.com", 5), ("yandex.com", 4), ("mynet.com", 3), ("superonline.net", 2))
TAX_OFFICES = ("Kadıköy", "Üsküdar", "Çankaya", "Karşıyaka", "Nilüfer", "Muratpaşa", "Selçuklu")
TAGS = (
    "VIP",
    "Sadık müşteri",
    "Kurumsal",
    "Filo",
    "Fiyat hassas",
    "Emekli",
    "Esnaf",
    "Öğretmen",
    "Sağlıkçı",
    "Yeni müşteri",
    "Tahsilat takibi",
    "Çapraz satış fırsatı",
)
SOURCES = (("walk-in", 35), ("web", 15), ("phone", 15), ("social", 10), (None, 12))
LADDER = ("prospect", "customer", "client", "supporter", "advocate")
CUSTOMER_NOTES = (
    "Öğleden sonra aranmayı tercih ediyor.",
    "WhatsApp'tan yazışmayı seviyor, telefonu pek açmıyor.",
    "Eşinin poliçeleri de bizde; aile indirimi sorulabilir.",
    "Ödemelerini hep taksitli yapıyor.",
    "Kasko yenilemesinde fiyat karşılaştırması yapıyor, erken teklif verilmeli.",
    "Yeni ev aldı; DASK ve konut sigortası teklif edilecek.",
    "Mağazaya cumartesi günleri uğruyor.",
    "İşitme güçlüğü var, yavaş ve net konuşulmalı.",
    "Oğlu da müşterimiz olmak istiyor.",
    "Geçen yıl hasar dosyasında sorun yaşadı, özenle ilgilenilmeli.",
)
CONSENT_METHODS = (
    ("written", "KVKK aydınlatma metni ve açık rıza formu (imzalı)", 40),
    ("phone", "Telefonda sözlü onay alındı, ses kaydı mevcut", 25),
    ("web", "Web sitesi iletişim formunda onay kutusu işaretlendi", 20),
    ("sms", "SMS ile ONAY yanıtı verildi", 15),
)

# Policies: line, premium range (TRY, this year), commission rate, providers
PROVIDERS = (
    "Anadolu Sigorta",
    "Allianz Sigorta",
    "Axa Sigorta",
    "Mapfre Sigorta",
    "HDI Sigorta",
    "Sompo Sigorta",
    "Türkiye Sigorta",
    "Ray Sigorta",
    "Quick Sigorta",
    "Aksigorta",
    "Neova Katılım Sigorta",
)
HEALTH_PROVIDERS = ("Allianz Sigorta", "Axa Sigorta", "Acıbadem Sigorta", "Anadolu Sigorta")
LIFE_PROVIDERS = ("AgeSA Hayat", "Anadolu Hayat Emeklilik", "Allianz Yaşam", "Türkiye Hayat")
LINES = {
    "trafik": (6_500, 19_000, 0.10, PROVIDERS),
    "kasko": (16_000, 65_000, 0.15, PROVIDERS),
    "dask": (650, 3_200, 0.15, PROVIDERS),
    "konut": (1_400, 6_500, 0.15, PROVIDERS),
    "saglik": (11_000, 48_000, 0.12, HEALTH_PROVIDERS),
    "hayat": (2_200, 14_000, 0.13, LIFE_PROVIDERS),
    "isyeri": (5_000, 42_000, 0.15, PROVIDERS),
}
LOST_REASONS = (("price", 45), ("competitor", 25), ("service", 10), ("moved", 10), ("other", 10))
PLATE_LETTERS = "ABCDEFGHIJKLMNOPRSTUVYZ"
WARRANTY_BRANDS = ("Arçelik", "Beko", "Vestel", "Bosch", "Siemens", "Profilo", "Samsung")

# Purchases: category, weight, min, max (TRY this year), descriptions
PURCHASE_CATEGORIES = (
    (
        "Beyaz eşya",
        6,
        18_000,
        65_000,
        ("Buzdolabı", "Çamaşır makinesi", "Bulaşık makinesi", "Ankastre fırın", "Kurutma makinesi"),
    ),
    (
        "Küçük ev aletleri",
        20,
        900,
        12_000,
        (
            "Elektrikli süpürge",
            "Türk kahvesi makinesi",
            "Ütü",
            "Blender seti",
            "Tost makinesi",
            "Çay makinesi",
        ),
    ),
    (
        "Elektronik",
        12,
        1_500,
        70_000,
        ("Televizyon", "Tablet", "Cep telefonu", "Bluetooth kulaklık", "Dizüstü bilgisayar"),
    ),
    (
        "Aksesuar",
        35,
        80,
        1_200,
        (
            "Şarj aleti",
            "Telefon kılıfı",
            "HDMI kablo",
            "Pil paketi",
            "Uzatma kablosu",
            "Ekran koruyucu",
        ),
    ),
    (
        "Servis",
        15,
        350,
        3_500,
        ("Montaj ücreti", "Periyodik bakım", "Tamir işçiliği", "Kombi bakımı"),
    ),
    (
        "Mutfak",
        12,
        400,
        8_000,
        ("Tencere seti", "Çatal bıçak takımı", "Yemek takımı", "Düdüklü tencere"),
    ),
)

# Interactions: channel, direction, weight, summaries, duration range (minutes) or None
INTERACTIONS = (
    (
        "phone",
        "in",
        30,
        (
            "Poliçe teminatlarını sordu",
            "Hasar ihbarı için aradı, eksper süreci anlatıldı",
            "Taksit tarihini sordu",
            "Yeni aldığı araç için trafik sigortası fiyatı sordu",
            "Kampanya hakkında bilgi aldı",
            "Adres değişikliği bildirdi",
            "Siparişinin ne zaman geleceğini sordu",
        ),
        (1, 15),
    ),
    (
        "phone",
        "out",
        22,
        (
            "Yenileme hatırlatması yapıldı",
            "Kasko teklifi iletildi, düşünüp dönecek",
            "Ulaşılamadı, mesaj bırakıldı",
            "Memnuniyet araması yapıldı",
            "Doğum günü kutlandı",
            "Eksik evrak için arandı",
            "Servis randevusu teyit edildi",
        ),
        (1, 12),
    ),
    (
        "visit",
        "in",
        16,
        (
            "Mağazaya geldi, buzdolabı modellerine baktı",
            "Poliçe imzası için ofise geldi",
            "Ödeme yaptı, makbuz verildi",
            "Servis kaydı açtırdı",
            "Çay içmeye uğradı, DASK yenilemesini konuştuk",
        ),
        (10, 60),
    ),
    (
        "email",
        "out",
        10,
        (
            "Poliçe PDF'i e-postayla gönderildi",
            "Teklif e-postayla iletildi",
            "Fatura e-postayla gönderildi",
        ),
        None,
    ),
    (
        "email",
        "in",
        6,
        (
            "Hasar fotoğraflarını e-postayla gönderdi",
            "Teklif için ruhsat bilgilerini iletti",
        ),
        None,
    ),
    (
        "whatsapp",
        "in",
        9,
        (
            "WhatsApp'tan ruhsat fotoğrafını gönderdi",
            "WhatsApp'tan konum paylaştı, servis randevusu verildi",
            "WhatsApp'tan ürün fiyatı sordu",
        ),
        None,
    ),
    (
        "whatsapp",
        "out",
        5,
        (
            "WhatsApp'tan teklif gönderildi",
            "WhatsApp'tan bayram tebriği gönderildi",
        ),
        None,
    ),
    ("sms", "out", 2, ("Yenileme SMS'i gönderildi", "Kampanya SMS'i gönderildi"), None),
)
OUTCOMES = (None, None, None, "Bilgi verildi", "Teklif verildi", "Randevu alındı", "Satış yapıldı")

REMINDER_TITLES = {
    "manual": (
        "Kasko teklifini takip et",
        "Eksik evrakları iste (ruhsat, kimlik)",
        "DASK poliçesini yenilemeyi hatırlat",
        "Sağlık sigortası için teklif hazırla",
        "Yeni ürün kataloğunu gönder",
        "Servis sonrası memnuniyeti sor",
        "Tahsilat: kalan taksit",
        "Poliçe asıllarını teslim et",
        "Konut sigortası için ekspertiz randevusu ayarla",
    ),
    "callback": (
        "Geri ara: hasar dosyası durumu",
        "Geri ara: fiyat teklifi",
        "Geri ara: ödeme planı",
        "Geri ara: servis randevusu",
        "Geri ara: poliçe değişikliği",
    ),
}
RECURRING = (
    ("FREQ=MONTHLY", "calendar", "Aylık taksit tahsilatını kontrol et"),
    ("FREQ=YEARLY", "calendar", "Yıllık poliçe gözden geçirme görüşmesi"),
    ("FREQ=MONTHLY;INTERVAL=3", "completion", "Üç ayda bir hal hatır sor"),
    ("FREQ=WEEKLY;BYDAY=MO", "completion", "Haftalık sipariş listesini al"),
)
GENERAL_TASKS = (
    "Aylık üretim raporunu hazırla",
    "Sigorta şirketi bölge toplantısı",
    "Anadolu Sigorta hesap mutabakatı",
    "Vitrin düzenlemesi ve kampanya afişleri",
    "Levha kaydı ve mesleki eğitim saatlerini kontrol et",
)

STAFF = ("Ayşe Demir", "Murat Kaya", "Elif Şahin", "Kemal Öztürk")
COMPLAINT_CHANNELS = (
    ("phone", 40),
    ("visit", 20),
    ("email", 15),
    ("web", 10),
    ("social", 5),
    ("complaint_site", 10),
)
PRIORITIES = (("low", 20), ("normal", 50), ("high", 22), ("urgent", 8))
STATUS_WEIGHTS = (("new", 8), ("in_progress", 12), ("waiting", 8), ("resolved", 22), ("closed", 50))
COMPLAINTS = {
    "product": (
        ("Buzdolabı soğutmuyor", "Aldığı buzdolabı iki haftadır yeterince soğutmuyor."),
        ("Çamaşır makinesi su kaçırıyor", "Montajdan sonra alttan su sızıyor."),
        ("Televizyon ekranında çizgi var", "Kutudan çıkınca ekranda dikey çizgi görmüş."),
    ),
    "service": (
        ("Servis randevusuna gelinmedi", "Verilen saatte teknisyen gelmedi, haber de verilmedi."),
        ("Söz verilen dönüş yapılmadı", "Teklif için aranacağı söylenmiş ama kimse aramamış."),
    ),
    "billing": (
        (
            "Prim tutarı tekliften yüksek çekildi",
            "Kredi kartından tekliftekinden fazla tutar çekilmiş.",
        ),
        ("Kartından iki kez tahsilat yapıldı", "Aynı taksit iki kez çekilmiş, iade istiyor."),
        ("Faturadaki unvan yanlış", "Şirket unvanı faturada eksik yazılmış."),
    ),
    "delivery": (
        ("Teslimat üç gün gecikti", "Söz verilen günde teslimat yapılmadı."),
        ("Ürün hasarlı teslim edildi", "Kutu ezik geldi, üründe çizik var."),
    ),
    "staff": (
        ("Personel ilgisiz davrandı", "Mağazada uzun süre beklemiş, kimse ilgilenmemiş."),
        ("Telefonda bekletildi", "Üç kez aramış, her seferinde beklemeye alınmış."),
    ),
    "claim": (
        ("Hasar ödemesi gecikiyor", "Kaza dosyası bir aydır sonuçlanmadı."),
        ("Eksper raporuna itiraz", "Eksper hasarı düşük değerlendirmiş, itiraz ediyor."),
        ("Cam hasarı reddedildi", "Ön cam değişimi teminat dışı denmiş."),
    ),
    "other": (
        ("Poliçe belgeleri eksik gönderildi", "Poliçenin ek sayfaları e-postada yokmuş."),
        ("Otopark sorunu", "Mağaza önünde park yeri bulamadığından şikâyetçi."),
    ),
}
COMPLAINT_CATEGORIES = (("product", 18), ("service", 16), ("billing", 16), ("delivery", 10))
COMPLAINT_CATEGORIES += (("staff", 8), ("claim", 24), ("other", 8))
COMPLAINT_NOTES = (
    "Müşteri arandı, süreç hakkında bilgi verildi.",
    "Sigorta şirketine iletildi, dönüş bekleniyor.",
    "Servisten teknik rapor istendi.",
    "Müşteriden fatura fotokopisi istendi.",
    "Bölge müdürlüğüne eskalasyon yapıldı.",
)
RESOLUTIONS = (
    "Ürün yenisiyle değiştirildi.",
    "Fazla çekilen tutar karta iade edildi.",
    "Hasar ödemesi yapıldı, müşteri bilgilendirildi.",
    "Teknisyen ertesi gün gidip arızayı giderdi.",
    "Özür dilendi, bir sonraki alışverişte indirim tanımlandı.",
    "Eksik belgeler e-postayla yeniden gönderildi.",
    "Fatura düzeltilerek yeniden kesildi.",
)
NPS_COMMENTS = {
    "promoter": (
        "Her zaman ilgililer, herkese tavsiye ediyorum.",
        "Hasarda çok hızlı döndüler, teşekkürler.",
        "Güler yüzlü ve dürüst hizmet.",
        None,
    ),
    "passive": ("Fiyatlar biraz yüksek ama hizmet iyi.", "Genel olarak memnunum.", None),
    "detractor": (
        "Telefonlara geç dönülüyor.",
        "Yenileme primi çok arttı, başka yere bakacağım.",
        "Hasar sürecinde yalnız bırakıldım.",
    ),
}
CSAT_COMMENTS = {
    5: ("Sorunum hemen çözüldü.", "Çok teşekkür ederim, ilginiz için."),
    4: ("Çözüldü ama biraz uzun sürdü.", None),
    3: ("İdare eder.", None),
    2: ("Çözüm için çok uğraştım.",),
    1: ("Hiç memnun kalmadım.", "Sorunum hâlâ tam çözülmedi."),
}


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _weighted(pairs):
    values = [p[0] for p in pairs]
    cum = []
    total = 0
    for p in pairs:
        total += p[-1]
        cum.append(total)
    return values, cum


def _tckn(rng: random.Random) -> str:
    d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d11 = (sum(d) + d10) % 10
    return "".join(map(str, d)) + str(d10) + str(d11)


def _vkn(rng: random.Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(9)]
    total = 0
    for i in range(9):
        tmp = (digits[i] + 10 - (i + 1)) % 10
        total += 9 if tmp == 9 else (tmp * (2 ** (10 - (i + 1)))) % 9
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def _slug(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _birthday(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


def is_empty() -> bool:
    return not Customer.select().exists()


# --------------------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------------------

CUSTOMER_COLS = (
    "id kind name company national_id tax_number tax_office email address city district "
    "birthday source referred_by ladder_override contact_every_days last_contact_at notes "
    "created_at updated_at archived_at version"
).split()
PHONE_COLS = ["id", "customer", "label", "e164", "digits", "is_primary"]
TAG_COLS = ["customer", "tag"]
CONSENT_COLS = "customer channel granted at method reference iys_registered recorded_at".split()
POLICY_COLS = (
    "id customer kind line provider number plate start_date end_date premium commission "
    "currency status renewed_from lost_reason renewal_postponed_to renewal_handled_at notes "
    "created_at updated_at"
).split()
PURCHASE_COLS = "id customer date amount description category created_at".split()
POINTS_COLS = "customer at kind points purchase note".split()
COMPLAINT_COLS = (
    "id customer policy purchase opened_at channel category priority subject description "
    "owner status deadline_at waiting_since breached resolved_at closed_at resolution "
    "first_contact_resolution satisfaction created_at updated_at"
).split()
EVENT_COLS = "complaint at kind from_status to_status note author".split()
REMINDER_COLS = (
    "customer policy complaint title notes due_at has_time kind rrule recur_from status "
    "snoozed_count done_at created_at updated_at"
).split()
INTERACTION_COLS = "customer at channel direction summary outcome duration_min created_at".split()
SURVEY_COLS = "customer at kind score comment complaint".split()

TABLES = (
    (Customer, CUSTOMER_COLS, "customers"),
    (Phone, PHONE_COLS, "phones"),
    (CustomerTag, TAG_COLS, "customer_tags"),
    (Consent, CONSENT_COLS, "consents"),
    (Policy, POLICY_COLS, "policies"),
    (Purchase, PURCHASE_COLS, "purchases"),
    (PointsEntry, POINTS_COLS, "points"),
    (Complaint, COMPLAINT_COLS, "complaints"),
    (ComplaintEvent, EVENT_COLS, "complaint_events"),
    (Reminder, REMINDER_COLS, "reminders"),
    (Interaction, INTERACTION_COLS, "interactions"),
    (Survey, SURVEY_COLS, "surveys"),
)

# Fixed first customers, so demos and tests can rely on them (see DESIGN.md: lookup).
ANCHORS = (
    ("person", "Şükrü", "Öztürk", "m"),
    ("person", "Işık", "Yılmaz", "f"),
    ("person", "İbrahim", "Ağaoğlu", "m"),
    ("person", "Gülşen", "Çağlar", "f"),
    ("business", "Çağlayan", "Otomotiv", "Ltd. Şti."),
)


class _Generator:
    def __init__(self, rng: random.Random, today: date, now: datetime, tag_ids: list[int]):
        self.rng = rng
        self.today = today
        self.t0 = today.toordinal()
        self.now_m = self.t0 * DAY + now.hour * 60 + now.minute
        self.tag_ids = tag_ids
        self.base = self.t0 - 7000
        self.iso = [date.fromordinal(self.base + i).isoformat() for i in range(9000)]
        self.hm = [f" {m // 60:02d}:{m % 60:02d}:00" for m in range(DAY)]
        self.phones: set[str] = set()
        self.emails: set[str] = set()
        self.ids: set[str] = set()
        self.plates: set[str] = set()
        self.next = {
            "customer": next_id(Customer),
            "phone": next_id(Phone),
            "policy": next_id(Policy),
            "purchase": next_id(Purchase),
            "complaint": next_id(Complaint),
        }
        self.first_customer = self.next["customer"]
        self.city_w = _weighted([(c, c[1]) for c in CITIES])
        self.domain_w = _weighted(MAIL_DOMAINS)
        self.source_w = _weighted(SOURCES)
        self.suffix_w = _weighted(COMPANY_SUFFIXES)
        self.lost_w = _weighted(LOST_REASONS)
        self.cat_w = _weighted([(c, c[1]) for c in PURCHASE_CATEGORIES])
        self.inter_w = _weighted([(c, c[2]) for c in INTERACTIONS])
        self.cchan_w = _weighted(COMPLAINT_CHANNELS)
        self.prio_w = _weighted(PRIORITIES)
        self.status_w = _weighted(STATUS_WEIGHTS)
        self.ccat_w = _weighted(COMPLAINT_CATEGORIES)
        self.consent_w = _weighted([(m[:2], m[2]) for m in CONSENT_METHODS])
        self.complaint_count = 0
        self.person_count = 0
        self.reset()

    # -- small tools ------------------------------------------------------------------
    def pick(self, weighted):
        values, cum = weighted
        return self.rng.choices(values, cum_weights=cum)[0]

    def d(self, ordinal: int) -> str:
        i = ordinal - self.base
        if 0 <= i < len(self.iso):
            return self.iso[i]
        return date.fromordinal(ordinal).isoformat()

    def ts(self, minute: int) -> str:
        return self.d(minute // DAY) + self.hm[minute % DAY]

    def work_minute(self, ordinal: int, lo: int = 9 * 60, hi: int = 19 * 60) -> int:
        """A moment during opening hours of that day, never after now."""
        m = ordinal * DAY + self.rng.randrange(lo, hi)
        if m >= self.now_m:
            m = self.now_m - self.rng.randrange(5, 120)
        return m

    def reset(self) -> None:
        self.rows: dict[str, list] = {name: [] for _m, _c, name in TABLES}

    def flush(self, counts: dict[str, int]) -> None:
        with db.atomic():
            for model, cols, name in TABLES:
                rows = self.rows[name]
                if rows:
                    bulk_insert(model, cols, rows, raw=True)
                    counts[name] = counts.get(name, 0) + len(rows)
        self.reset()

    # -- one customer -----------------------------------------------------------------
    def customer(self, index: int) -> None:
        rng = self.rng
        cid = self.next["customer"]
        self.next["customer"] += 1
        city, _w, districts, area_codes, plate_code = self.pick(self.city_w)
        district = rng.choice(districts)
        company = None
        national_id = tax_number = tax_office = None
        birthday = None
        contact = None
        if index < len(ANCHORS):
            kind, first, last, extra = ANCHORS[index]
            if kind == "business":
                name = f"{first} {last} {extra}"
                contact = f"{rng.choice(MALE)} {first}"
        else:
            kind = "business" if rng.random() < 0.18 else "person"
            extra = "m" if rng.random() < 0.5 else "f"
            first = rng.choice(MALE if extra == "m" else FEMALE)
            last = rng.choice(SURNAMES)
            if kind == "business":
                contact = f"{rng.choice(MALE + FEMALE)} {last}"
                if rng.random() < 0.12:
                    name = f"{last} {rng.choice(SOLE_TRADERS)}"
                else:
                    name = f"{last} {rng.choice(SECTORS)} {self.pick(self.suffix_w)}"
            elif rng.random() < 0.08:  # two given names: Mehmet Ali, Ayşe Gül
                second = rng.choice(MALE if extra == "m" else FEMALE)
                if second != first:
                    first = f"{first} {second}"
        if kind == "person":
            name = f"{first} {last}"
            self.person_count += 1
            if rng.random() < 0.1:
                company = rng.choice(EMPLOYERS)
            if rng.random() < 0.6:
                national_id = self.unique(self.ids, lambda: _tckn(rng))
            birthday = self.birth(index)
        else:
            tax_number = self.unique(self.ids, lambda: _vkn(rng))
            tax_office = rng.choice(TAX_OFFICES)

        # since when a customer; activities may start earlier (chains of policies)
        since = self.t0 - int(1800 * rng.random() ** 1.3) - 3
        earliest = since

        # phones
        phone_rows = self.rows["phones"]
        numbers = []
        if kind == "business":
            numbers.append(("work", self.landline(area_codes)))
            if rng.random() < 0.7:
                numbers.append(("mobile", self.mobile()))
        elif rng.random() < 0.96 or index < len(ANCHORS):
            numbers.append(("mobile", self.mobile()))
            r = rng.random()
            if r < 0.12:
                numbers.append(("mobile", self.mobile()))
            elif r < 0.2:
                numbers.append(("home", self.landline(area_codes)))
        for i, (label, e164) in enumerate(numbers):
            pid = self.next["phone"]
            self.next["phone"] += 1
            # every demo number is +90 and ten national digits
            phone_rows.append((pid, cid, label, e164, e164[3:], int(i == 0)))

        # e-mail
        email = None
        if kind == "business":
            email = self.unique_email(
                f"info@{_slug(name.split(' ')[0] + name.split(' ')[1])}.com.tr"
            )
        elif rng.random() < 0.75 or index < len(ANCHORS):
            f, l_ = _slug(first.split(" ")[0]), _slug(last)
            style = rng.random()
            local = (
                f"{f}.{l_}"
                if style < 0.5
                else f"{f}{l_}"
                if style < 0.7
                else f"{f[0]}{l_}"
                if style < 0.85
                else f"{f}.{l_}{rng.randint(60, 99)}"
            )
            email = self.unique_email(f"{local}@{self.pick(self.domain_w)}")

        address = (
            f"{rng.choice(NEIGHBOURHOODS)} Mah. {rng.choice(STREETS)} "
            f"No: {rng.randint(1, 180)}"
            + (f" D: {rng.randint(1, 24)}" if kind == "person" and rng.random() < 0.7 else "")
        )

        # referral
        referred_by = None
        source = self.pick(self.source_w)
        if cid - self.first_customer > 10 and rng.random() < 0.15:
            referred_by = rng.randrange(self.first_customer, cid)
            source = "referral"

        tags = set()
        if kind == "business":
            tags.add(2)  # Kurumsal
        if rng.random() < 0.4:
            tags.update(rng.sample(range(len(TAGS)), rng.choice((1, 1, 2, 3))))

        # consent history
        self.consents(cid, since, email is not None, bool(numbers))

        # activity
        vehicles = 0
        insured = index < len(ANCHORS) or rng.random() < 0.43
        policies: list[tuple[int, str]] = []  # (id, status) of current terms
        if insured:
            vehicles, e = self.insurance(cid, kind, plate_code, policies)
            earliest = min(earliest, e)
            if vehicles >= 3:
                tags.add(3)  # Filo
        purchases: list[tuple[int, int]] = []  # (id, ordinal)
        if index < len(ANCHORS) or rng.random() < 0.7:
            e = self.shopping(cid, since, purchases, policies)
            earliest = min(earliest, e)
        complaints = self.complaints(cid, index, policies, purchases)
        last_contact = self.interactions(cid, since)
        self.reminders(cid, policies, complaints)
        self.surveys(cid, since)

        for t in sorted(tags):
            self.rows["customer_tags"].append((cid, self.tag_ids[t]))

        created = earliest * DAY + rng.randrange(9 * 60, 18 * 60)
        updated = created + rng.randrange(0, max(1, self.now_m - created))
        archived = None
        if index >= len(ANCHORS) and rng.random() < 0.02:
            archived = self.ts(updated)
        notes = rng.choice(CUSTOMER_NOTES) if rng.random() < 0.2 else None
        if contact:
            notes = f"Yetkili: {contact}" + (f". {notes}" if notes else "")
        self.rows["customers"].append(
            (
                cid,
                kind,
                name,
                company,
                national_id,
                tax_number,
                tax_office,
                email,
                address,
                city,
                district,
                birthday,
                source,
                referred_by,
                rng.choice(LADDER) if rng.random() < 0.03 else None,
                rng.choice((30, 60, 90, 180)) if rng.random() < 0.08 else None,
                self.ts(last_contact) if last_contact else None,
                notes,
                self.ts(created),
                self.ts(updated),
                archived,
                1,
            )
        )

    def unique(self, seen: set, make: Callable[[], str]) -> str:
        value = make()
        while value in seen:
            value = make()
        seen.add(value)
        return value

    def unique_email(self, email: str) -> str:
        local, _at, domain = email.partition("@")
        n = 2
        while email in self.emails:
            email = f"{local}{n}@{domain}"
            n += 1
        self.emails.add(email)
        return email

    def mobile(self) -> str:
        rng = self.rng
        return self.unique(
            self.phones,
            lambda: f"+90{rng.choice(MOBILE_PREFIXES)}{rng.randrange(2000000, 9999999)}",
        )

    def landline(self, area_codes) -> str:
        rng = self.rng
        return self.unique(
            self.phones, lambda: f"+90{rng.choice(area_codes)}{rng.randrange(2000000, 9999999)}"
        )

    def birth(self, index: int) -> str | None:
        rng = self.rng
        today = self.today
        year = today.year - rng.randint(19, 82)
        n = self.person_count
        if index == 1 or n % 150 == 7:  # birthday today
            return _birthday(year, today.month, today.day).isoformat()
        if index == 3 or n % 50 == 11:  # within the coming week
            soon = date.fromordinal(self.t0 + rng.randint(1, 7))
            return _birthday(year, soon.month, soon.day).isoformat()
        if index == 2:  # a leap-day birthday
            return date(1988, 2, 29).isoformat()
        if rng.random() < 0.12:
            return None
        return _birthday(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()

    def consents(self, cid: int, since: int, has_email: bool, has_phone: bool) -> None:
        rng = self.rng
        rows = self.rows["consents"]
        for channel, p in (("sms", 0.7), ("email", 0.6), ("call", 0.75)):
            if (channel == "email" and not has_email) or (channel != "email" and not has_phone):
                continue
            if rng.random() >= p:
                continue
            at = self.work_minute(since + rng.randint(0, 10))
            method, reference = self.pick(self.consent_w)
            granted = rng.random() < 0.9
            iys = int(channel != "email" and granted and rng.random() < 0.8)
            rows.append(
                (cid, channel, int(granted), self.ts(at), method, reference, iys, self.ts(at))
            )
            if granted and rng.random() < 0.08:  # withdrawn later
                later = (
                    self.work_minute(rng.randint(since + 11, self.t0))
                    if since + 11 < self.t0
                    else at + 60
                )
                rows.append(
                    (
                        cid,
                        channel,
                        0,
                        self.ts(later),
                        "sms",
                        "İYS üzerinden ret bildirimi",
                        iys,
                        self.ts(later),
                    )
                )

    # -- insurance ----------------------------------------------------------------------
    def plate(self, code: str) -> str:
        rng = self.rng
        letters = PLATE_LETTERS

        def make() -> str:
            n = rng.random()
            if n < 0.2:
                return f"{code} {rng.choice(letters)} {rng.randint(1000, 9999)}"
            if n < 0.6:
                return f"{code} {''.join(rng.choices(letters, k=2))} {rng.randint(100, 9999)}"
            return f"{code} {''.join(rng.choices(letters, k=3))} {rng.randint(10, 999)}"

        return self.unique(self.plates, make)

    def insurance(self, cid: int, kind: str, plate_code: str, current: list) -> tuple[int, int]:
        rng = self.rng
        products: list[tuple[str, str | None]] = []
        r = rng.random()
        vehicles = 0
        if kind == "business":
            vehicles = rng.choice((0, 1, 1, 2, 3, 5))
        else:
            vehicles = 0 if r < 0.33 else 1 if r < 0.88 else 2
        for _v in range(vehicles):
            plate = self.plate(plate_code)
            products.append(("trafik", plate))
            if rng.random() < 0.55:
                products.append(("kasko", plate))
        if kind == "business":
            if rng.random() < 0.75:
                products.append(("isyeri", None))
            if rng.random() < 0.25:
                products.append(("saglik", None))
        else:
            if rng.random() < 0.32:
                products.append(("dask", None))
                if rng.random() < 0.55:
                    products.append(("konut", None))
            if rng.random() < 0.12:
                products.append(("saglik", None))
            if rng.random() < 0.08:
                products.append(("hayat", None))
        if not products:
            products.append(("dask", None))
        earliest = self.t0
        for line, plate in products:
            earliest = min(earliest, self.chain(cid, line, plate, current))
        return vehicles, earliest

    def chain(self, cid: int, line: str, plate: str | None, current: list) -> int:
        """Yearly terms of one product, oldest first; returns the first start ordinal."""
        rng = self.rng
        lo, hi, rate, providers = LINES[line]
        provider = rng.choice(providers)
        r = rng.random()
        if r < 0.14:
            end = self.t0 - rng.randint(1, 60)  # ended recently
        elif r < 0.44:
            end = self.t0 + rng.randint(1, 90)  # renewal season
        else:
            end = self.t0 + rng.randint(91, 335)
        r = rng.random()
        terms = 1 if r < 0.5 else 2 if r < 0.8 else rng.randint(3, 4)
        base_premium = rng.uniform(lo, hi)
        previous = None
        first_start = end
        for k in range(terms - 1, -1, -1):  # k = years before the current term
            t_end = end - 365 * k
            t_start = t_end - 365
            first_start = min(first_start, t_start)
            pid = self.next["policy"]
            self.next["policy"] += 1
            premium = int(base_premium / (1.35**k) * 100)
            if provider != "Türkiye Sigorta" and rng.random() < 0.1:
                provider = rng.choice(providers)  # moved to another insurer at renewal
            commission = int(premium * (rate + rng.uniform(-0.01, 0.01)))
            lost = postponed = handled = None
            if k > 0:
                status = "renewed"
                handled = self.ts(self.work_minute(t_end - rng.randint(1, 20)))
            elif t_end < self.t0:
                s = rng.random()
                if s < 0.45:
                    status = "lapsed"
                    lost = self.pick(self.lost_w)
                    handled = self.ts(self.work_minute(min(self.t0, t_end + rng.randint(0, 10))))
                elif s < 0.6:
                    status = "cancelled"
                    lost = self.pick(self.lost_w)
                else:
                    status = "active"  # ended, renewal not handled yet
            else:
                status = "active"
                if t_end - self.t0 <= 30 and rng.random() < 0.05:
                    postponed = self.d(self.t0 + rng.randint(1, 7))
            created = self.work_minute(t_start - rng.randint(0, 10))
            self.rows["policies"].append(
                (
                    pid,
                    cid,
                    "policy",
                    line,
                    provider,
                    f"{rng.randint(1, 9)}{(pid * 618_033_989 + 271_828_183) % 1_000_000_000:09d}",
                    plate,
                    self.d(t_start),
                    self.d(t_end),
                    premium,
                    commission,
                    "TRY",
                    status,
                    previous,
                    lost,
                    postponed,
                    handled,
                    None,
                    self.ts(created),
                    handled or self.ts(created),
                )
            )
            previous = pid
            if k == 0:
                current.append((pid, status))
        return first_start

    # -- shop -------------------------------------------------------------------------
    def shopping(self, cid: int, since: int, out: list, policies: list) -> int:
        rng = self.rng
        n = min(120, int(rng.paretovariate(1.5) * 5.6))
        start = max(since, self.t0 - 1095)
        span = self.t0 - start
        moments = sorted(self.work_minute(start + int(span * rng.random())) for _ in range(n))
        rows = self.rows["purchases"]
        points = self.rows["points"]
        balance = 0
        for at in moments:
            day = at // DAY
            pid = self.next["purchase"]
            self.next["purchase"] += 1
            category, _w, lo, hi, items = self.pick(self.cat_w)
            item = rng.choice(items)
            years_ago = (self.t0 - day) / 365
            amount = rng.uniform(lo, hi) * (0.3 + 0.7 * rng.random()) / (1.4**years_ago)
            if category == "Servis":
                minor = max(1, round(amount / 50)) * 5000
            else:
                minor = max(1, int(amount)) * 100 - rng.choice((1, 1, 10, 100))
            rows.append((pid, cid, self.d(day), minor, item, category, self.ts(at)))
            out.append((pid, day))
            earned = minor // 10000
            if earned:
                balance += earned
                points.append((cid, self.ts(at), "earn", earned, pid, None))
            if balance >= 100 and rng.random() < 0.08:
                spend = min(balance, rng.choice((50, 100, 200, 500)))
                balance -= spend
                points.append(
                    (cid, self.ts(at + 1), "redeem", -spend, None, "Alışverişte puan kullanıldı")
                )
            if category == "Beyaz eşya" and rng.random() < 0.2:
                self.warranty(cid, pid, day, minor, item)
        if moments and rng.random() < 0.02:
            at = self.work_minute(self.t0 - rng.randint(1, 200))
            points.append((cid, self.ts(at), "adjust", 50, None, "Doğum günü hediyesi puanı"))
        return moments[0] // DAY if moments else self.t0

    def warranty(self, cid: int, purchase_id: int, day: int, minor: int, item: str) -> None:
        rng = self.rng
        pid = self.next["policy"]
        self.next["policy"] += 1
        years = rng.choice((2, 3))
        end = day + 365 * (2 + years)  # manufacturer's 2 years, then the extension
        price = int(minor * rng.uniform(0.06, 0.1)) // 100 * 100
        self.rows["policies"].append(
            (
                pid,
                cid,
                "warranty",
                "warranty",
                rng.choice(WARRANTY_BRANDS),
                f"GR-{purchase_id:07d}",
                None,
                self.d(day),
                self.d(end),
                price,
                int(price * 0.2),
                "TRY",
                "active" if end >= self.t0 else "lapsed",
                None,
                None,
                None,
                None,
                f"{item} için uzatılmış garanti",
                self.ts(self.work_minute(day)),
                self.ts(self.work_minute(day)),
            )
        )

    # -- complaints -------------------------------------------------------------------
    def deadline(self, opened: int, priority: str) -> int:
        if priority == "urgent":
            return opened + 4 * 60
        if priority == "low":
            return opened + 7 * DAY
        days = 1 if priority == "high" else 3
        o, minute = divmod(opened, DAY)
        if (o + 6) % 7 >= 5:  # opened at the weekend: the clock starts on Monday
            while (o + 6) % 7 >= 5:
                o += 1
            minute = 0
        while days:
            o += 1
            if (o + 6) % 7 < 5:
                days -= 1
        return o * DAY + minute

    def complaints(
        self, cid: int, index: int, policies: list, purchases: list
    ) -> list[tuple[int, str]]:
        rng = self.rng
        r = rng.random()
        n = 1 if r < 0.15 else 2 if r < 0.175 else 0
        if index < len(ANCHORS) and index in (0, 4):
            n = max(n, 1)
        made = []
        for _i in range(n):
            coid = self.next["complaint"]
            self.next["complaint"] += 1
            if self.complaint_count < len(STATUS_WEIGHTS):  # every status at least once
                status = STATUS_WEIGHTS[self.complaint_count][0]
            else:
                status = self.pick(self.status_w)
            self.complaint_count += 1
            made.append(self.complaint(coid, cid, status, policies, purchases))
        return made

    def complaint(self, coid, cid, status, policies, purchases) -> tuple[int, str]:
        rng = self.rng
        now = self.now_m
        priority = self.pick(self.prio_w)
        category = self.pick(self.ccat_w)
        subject, description = rng.choice(COMPLAINTS[category])
        policy = purchase = None
        if category in ("claim", "billing") and policies:
            policy = rng.choice(policies)[0]
        if category in ("product", "delivery") and purchases:
            purchase = rng.choice(purchases)[0]
        owner = rng.choice(STAFF) if rng.random() < 0.85 else None
        if status == "new":
            days_ago = int(4 * rng.random() ** 2)
        elif status in ("in_progress", "waiting"):
            days_ago = int(11 * rng.random() ** 1.5)
        elif status == "resolved":
            days_ago = rng.randint(3, 40)
        else:
            days_ago = rng.randint(10, 900)
        opened = self.work_minute(self.t0 - days_ago, 8 * 60, 20 * 60)
        opened = min(opened, now - 15)
        deadline = self.deadline(opened, priority)
        events = self.rows["complaint_events"]
        author = owner or rng.choice(STAFF)
        events.append(
            (coid, self.ts(opened), "status", None, "new", "Şikâyet kaydı açıldı", author)
        )
        waiting_since = resolved_at = closed_at = resolution = fcr = satisfaction = None
        t = opened
        fast = rng.random() < 0.3  # first contact resolution
        if status != "new":
            step = (now - opened) // 4
            if fast and status in ("resolved", "closed"):
                t = opened + rng.randint(5, 40)
            else:
                t = opened + rng.randint(10, max(11, min(step, DAY)))
                events.append((coid, self.ts(t), "status", "new", "in_progress", None, author))
                if rng.random() < 0.4:
                    t += rng.randint(10, max(11, min(step, 2 * DAY)))
                    events.append(
                        (coid, self.ts(t), "note", None, None, rng.choice(COMPLAINT_NOTES), author)
                    )
            if status == "waiting":
                t += rng.randint(10, max(11, min(step, DAY)))
                waiting_since = t
                events.append(
                    (
                        coid,
                        self.ts(t),
                        "status",
                        "in_progress",
                        "waiting",
                        "Müşteriden belge bekleniyor",
                        author,
                    )
                )
            if status in ("resolved", "closed"):
                if fast:
                    resolved_at = t
                    fcr = 1
                    events.append((coid, self.ts(t), "status", "new", "resolved", None, author))
                else:
                    allowed = max(60, deadline - opened)
                    if rng.random() < 0.78:  # most are solved within the service level
                        took = int(allowed * rng.uniform(0.15, 0.95))
                    else:
                        took = int(allowed * rng.uniform(1.05, 3.0))
                    resolved_at = max(t + 10, opened + took)
                    resolved_at = min(resolved_at, now - 5)
                    fcr = 0
                    events.append(
                        (
                            coid,
                            self.ts(resolved_at),
                            "status",
                            "in_progress",
                            "resolved",
                            None,
                            author,
                        )
                    )
                resolution = rng.choice(RESOLUTIONS)
                late = resolved_at > deadline
                weights = (1, 1, 2, 3, 3) if late else (0.3, 0.5, 1, 3, 6)
                satisfaction = rng.choices((1, 2, 3, 4, 5), weights=weights)[0]
                if status == "closed":
                    closed_at = min(now - 1, resolved_at + rng.randint(60, 7 * DAY))
                    events.append(
                        (coid, self.ts(closed_at), "status", "resolved", "closed", None, author)
                    )
                if rng.random() < 0.6:
                    self.csat(
                        cid,
                        coid,
                        (closed_at or resolved_at) + rng.randint(60, 3 * DAY),
                        satisfaction,
                    )
        end = resolved_at if resolved_at is not None else (waiting_since or now)
        breached = int(end > deadline)
        updated = max(t, closed_at or 0, resolved_at or 0)
        self.rows["complaints"].append(
            (
                coid,
                cid,
                policy,
                purchase,
                self.ts(opened),
                self.pick(self.cchan_w),
                category,
                priority,
                subject,
                description,
                owner,
                status,
                self.ts(deadline),
                self.ts(waiting_since) if waiting_since else None,
                breached,
                self.ts(resolved_at) if resolved_at else None,
                self.ts(closed_at) if closed_at else None,
                resolution,
                fcr,
                satisfaction,
                self.ts(opened),
                self.ts(updated),
            )
        )
        return coid, status

    def csat(self, cid: int, coid: int, at: int, score: int) -> None:
        at = min(at, self.now_m - 1)
        comment = self.rng.choice(CSAT_COMMENTS[score])
        self.rows["surveys"].append((cid, self.ts(at), "csat", score, comment, coid))

    def surveys(self, cid: int, since: int) -> None:
        rng = self.rng
        if rng.random() >= 0.3:
            return
        for _i in range(1 if rng.random() < 0.8 else 2):
            day = rng.randint(max(since, self.t0 - 730), self.t0)
            r = rng.random()
            if r < 0.55:
                score, band = rng.choice((9, 10)), "promoter"
            elif r < 0.8:
                score, band = rng.choice((7, 8)), "passive"
            else:
                score, band = rng.randint(0, 6), "detractor"
            comment = rng.choice(NPS_COMMENTS[band])
            self.rows["surveys"].append(
                (cid, self.ts(self.work_minute(day)), "nps", score, comment, None)
            )

    # -- contact ------------------------------------------------------------------------
    def interactions(self, cid: int, since: int) -> int | None:
        rng = self.rng
        n = int(rng.expovariate(1 / 5.7))
        if n == 0:
            return None
        start = max(since, self.t0 - 730)
        span = self.t0 - start
        rows = self.rows["interactions"]
        newest = None
        for _i in range(n):
            day = self.t0 - int(span * rng.random() ** 1.7)
            at = self.work_minute(day)
            channel, direction, _w, summaries, duration = self.pick(self.inter_w)
            minutes = rng.randint(*duration) if duration else None
            rows.append(
                (
                    cid,
                    self.ts(at),
                    channel,
                    direction,
                    rng.choice(summaries),
                    rng.choice(OUTCOMES),
                    minutes,
                    self.ts(at),
                )
            )
            if newest is None or at > newest:
                newest = at
        return newest

    def reminders(self, cid: int | None, policies: list, complaints: list) -> None:
        rng = self.rng
        rows = self.rows["reminders"]
        n = int(rng.expovariate(1 / 3.6))
        open_complaints = [c for c, s in complaints if s in ("new", "in_progress", "waiting")]
        for _i in range(n):
            kind = "callback" if rng.random() < 0.4 else "manual"
            title = rng.choice(REMINDER_TITLES[kind])
            rrule = recur = policy = complaint = None
            r = rng.random()
            if rng.random() < 0.03:  # recurring: the next occurrence is near
                kind = "manual"
                rrule, recur, title = rng.choice(RECURRING)
                day = self.t0 + rng.randint(-3, 30)
            elif kind == "callback" and open_complaints:  # promised the customer news
                complaint = open_complaints.pop()
                title = "Geri ara: şikâyet hakkında bilgi ver"
                day = self.t0 + rng.randint(-1, 2)
            elif r < 0.74:
                day = self.t0 - 1 - int(700 * rng.random() ** 2)
            elif r < 0.755:
                day = self.t0
            else:
                day = self.t0 + 1 + int(60 * rng.random() ** 1.5)
            has_time = rng.random() < (0.8 if kind == "callback" else 0.2)
            minute = (
                rng.choice((9 * 60 + 30, 11 * 60, 14 * 60, 14 * 60 + 30, 16 * 60))
                if has_time
                else 9 * 60
            )
            due = day * DAY + minute
            status, done_at, snoozed = "open", None, 0
            if day < self.t0 and not (rrule or complaint):
                age = self.t0 - day
                p_open = 0.2 if age <= 14 else 0.03 if age <= 45 else 0.0
                s = rng.random()
                if s < p_open:
                    snoozed = rng.choice((0, 0, 1, 2, 3))
                elif s < p_open + 0.08:
                    status = "cancelled"
                else:
                    status = "done"
                    done_at = min(self.now_m - 1, due + rng.randint(-120, 2 * DAY))
            elif day == self.t0 and due < self.now_m and not rrule and rng.random() < 0.3:
                status = "done"
                done_at = self.now_m - rng.randint(1, 60)
            if kind == "manual" and policies and rng.random() < 0.4:
                policy = rng.choice(policies)[0]
            created = min(self.now_m - 1, due - rng.randint(60, 14 * DAY))
            updated = done_at or created
            rows.append(
                (
                    cid,
                    policy,
                    complaint,
                    title,
                    None,
                    self.ts(due),
                    int(has_time),
                    kind,
                    rrule,
                    recur,
                    status,
                    snoozed,
                    self.ts(done_at) if done_at else None,
                    self.ts(created),
                    self.ts(updated),
                )
            )

    def general_task(self) -> None:
        """A reminder without a customer (office work)."""
        rng = self.rng
        day = self.t0 + rng.randint(-3, 20)
        due = day * DAY + 10 * 60
        status = "open"
        self.rows["reminders"].append(
            (
                None,
                None,
                None,
                rng.choice(GENERAL_TASKS),
                None,
                self.ts(due),
                1,
                "manual",
                None,
                None,
                status,
                0,
                None,
                self.ts(min(self.now_m - 1, due - 3 * DAY)),
                self.ts(min(self.now_m - 1, due - 3 * DAY)),
            )
        )


def _ensure_tags() -> list[int]:
    existing = {t.name: t.id for t in Tag.select()}
    missing = [name for name in TAGS if name not in existing]
    if missing:
        start = next_id(Tag)
        rows = [(start + i, name) for i, name in enumerate(missing)]
        bulk_insert(Tag, ["id", "name"], rows, raw=True)
        existing.update({name: tid for tid, name in rows})
    return [existing[name] for name in TAGS]


def generate(
    customers: int = DEFAULT_CUSTOMERS,
    seed: int = 42,
    today: date | None = None,
    scale: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Fill the open database with demo data; returns the number of rows per table.

    ``scale`` multiplies ``customers`` (and with it everything else): ``scale=100`` on the
    default gives 30,000 customers. Same arguments, same data. ``progress(done, total)``
    is called after each chunk of customers.
    """
    from .. import clock

    if scale is not None:
        customers = max(1, round(customers * scale))
    if today is None:
        now = clock.now()
        today = now.date()
    else:
        now = datetime.combine(today, time(10, 0))
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    with db.atomic():
        tag_ids = _ensure_tags()
        if Setting.get_or_none(Setting.key == "business_name") is None:
            value = json.dumps("Yıldız Sigorta ve Ticaret (demo)", ensure_ascii=False)
            Setting.insert(key="business_name", value=value).execute()
    gen = _Generator(rng, today, now, tag_ids)
    with analytics.totals_computed_at_the_end():
        for index in range(customers):
            gen.customer(index)
            if index % 100 == 50:
                gen.general_task()
            if (index + 1) % CHUNK == 0:
                gen.flush(counts)
                if progress:
                    progress(index + 1, customers)
        gen.flush(counts)
    if progress and customers % CHUNK:
        progress(customers, customers)
    rebuild_index()
    return counts
