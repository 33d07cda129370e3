"""Turkish: loyalty overview, purchases and points, surveys, campaign lists."""

MESSAGES = {
    # RFM segments
    "Champions": "Şampiyonlar",
    "Loyal customers": "Sadık müşteriler",
    "Potential loyalists": "Sadık olmaya adaylar",
    "New customers": "Yeni müşteriler",
    "Promising": "Umut verenler",
    "Need attention": "İlgi bekleyenler",
    "About to sleep": "Uykuya dalmak üzere",
    "At risk": "Risk altında",
    "Can't lose them": "Kaybedilmemesi gerekenler",
    "Hibernating": "Kış uykusunda",
    "bought recently and often": "son dönemde sık alıyor",
    "buy often": "sık alıyor",
    "recent, bought a few times": "son dönemde birkaç kez aldı",
    "first purchase just now": "ilk alışverişi yeni yaptı",
    "recent, bought once": "son dönemde bir kez aldı",
    "average on both": "ikisinde de ortalama",
    "fading, bought rarely": "uzaklaşıyor, seyrek aldı",
    "bought often, but long ago": "sık alırdı, uzaklaştı",
    "best buyers, gone quiet": "en iyi alıcılardı, sessiz",
    "long ago and rarely": "uzun zaman önce ve seyrek",
    # at risk
    "At risk (RFM)": "Risk altında (RFM)",
    "Can't lose them (RFM)": "Kaybedilmemesi gerekenler (RFM)",
    "Open complaint": "Açık şikâyeti var",
    "No contact for a long time": "Uzun süredir görüşülmedi",
    # lifetime value
    "shop: average purchase {avg} × {per_year} purchases a year × {years} years": (
        "mağaza: ortalama alışveriş {avg} × yılda {per_year} alışveriş × {years} yıl"
    ),
    "policies: one year's commission {commission} (no renewals yet)": (
        "poliçeler: bir yıllık komisyon {commission} (henüz yenileme yok)"
    ),
    "policies: yearly commission {commission} × r / (1 + i − r), r = {r}, i = {i}": (
        "poliçeler: yıllık komisyon {commission} × r / (1 + i − r), r = {r}, i = {i}"
    ),
    "Choose a stage: {stages}.": "Bir basamak seçin: {stages}.",
    # tiers and points
    "Standard": "Standart",
    "Silver": "Gümüş",
    "Gold": "Altın",
    "Platinum": "Platin",
    "The purchase date cannot be in the future.": "Alışveriş tarihi ileride olamaz.",
    "Enter the correction, like 50 or -50.": "Düzeltmeyi girin, örneğin 50 ya da -50.",
    "Say why the points are adjusted.": "Puanların neden düzeltildiğini yazın.",
    "The amount must be more than zero.": "Tutar sıfırdan büyük olmalı.",
    "Points to redeem must be more than zero.": "Kullanılacak puan sıfırdan büyük olmalı.",
    "Expected a whole number of points, like 250.": "Tam sayı bir puan bekleniyor, örneğin 250.",
    "Only {balance} points available; cannot redeem {points}.": (
        "Yalnızca {balance} puan var; {points} puan kullanılamaz."
    ),
    "Only {balance} points available; the balance cannot go below zero.": (
        "Yalnızca {balance} puan var; bakiye sıfırın altına inemez."
    ),
    # surveys
    "Choose NPS (0-10) or CSAT (1-5).": "NPS (0-10) ya da CSAT (1-5) seçin.",
    "Expected a whole number from {low} to {high}.": "{low} ile {high} arasında bir tam sayı bekleniyor.",
    "That complaint is not this customer's.": "Bu şikâyet bu müşteriye ait değil.",
    # loyalty screen
    "Refresh": "Yenile",
    "Campaign lists": "Kampanya listeleri",
    "Open list": "Listeyi aç",
    "{n} customers came by referral; {buyers} of them bought, for {revenue}.": (
        "{n} müşteri tavsiyeyle geldi; {buyers} tanesi alışveriş yaptı, toplam {revenue}."
    ),
    "Active customer: not archived, with at least one purchase or policy.": (
        "Aktif müşteri: arşivde olmayan, en az bir alışverişi ya da poliçesi olan müşteri."
    ),
    "Revenue: {meaning}.": "Ciro: {meaning}.",
    "Lifetime value: {meaning}.": "Yaşam boyu değer: {meaning}.",
    "purchases and policy premiums, cancelled policies not counted": (
        "alışverişler ve poliçe primleri, iptal edilen poliçeler sayılmaz"
    ),
    "expected future value: purchases to come, and the commission of the policies in force": (
        "beklenen gelecek değer: gelecek alışverişler ve yürürlükteki poliçelerin komisyonu"
    ),
    "Shops = average purchase × purchases a year × expected "
    "years; policies = yearly commission × r / (1 + i − r), r = renewal rate, "
    "i = discount rate.": (
        "Mağaza = ortalama alışveriş × yıllık alışveriş sayısı × beklenen "
        "yıl; poliçe = yıllık komisyon × r / (1 + i − r), r = yenileme oranı, i = iskonto oranı."
    ),
    "no commission entered for the policies in force": (
        "yürürlükteki poliçelerin komisyonu girilmemiş"
    ),
    "policies: {note} (premiums {premium})": "poliçeler: {note} (primler {premium})",
    "Active customers": "Aktif müşteri",
    "Bought in 12 months": "12 ayda alan",
    "Retention": "Elde tutma",
    "Renewal rate": "Yenileme",
    "Bought in the last 12 months": "Son 12 ayda alışveriş yapanlar",
    "Stage": "Basamak",
    "Segment": "Segment",
    "Revenue": "Ciro",
    "Why": "Neden",
    "Lifetime value": "Yaşam boyu değer",
    "Referred": "Tavsiye ettiği",
    "Bought": "Alan",
    "Revenue per month": "Aylık ciro",
    "New customers per month": "Aylık yeni müşteri",
    "Referrals": "Tavsiyeler",
    "Loyalty figures could not be computed: {reason}": (
        "Sadakat rakamları hesaplanamadı: {reason}"
    ),
    "Segment: {segment} ({hint})": "Segment: {segment} ({hint})",
    "Loyalty ladder": "Sadakat merdiveni",
    "Customers at risk": "Risk altındaki müşteriler",
    "Top customers by lifetime value": "Yaşam boyu değere göre en iyi müşteriler",
    # purchase and points forms
    "New purchase": "Yeni alışveriş",
    "Points · balance {balance}": "Puan · bakiye {balance}",
    "Redeem points": "Puan kullan",
    "Purchase saved: {points} points earned, balance {balance}.": (
        "Alışveriş kaydedildi: {points} puan kazanıldı, bakiye {balance}."
    ),
    "Points saved; balance {balance}.": "Puan kaydedildi; bakiye {balance}.",
    "e.g. 1.250,00": "örn. 1.250,00",
    "Earns {rate} points per 100.": "Her 100 için {rate} puan kazandırır.",
    "e.g. shoes, service, kasko": "örn. ayakkabı, servis, kasko",
    "e.g. 250": "örn. 250",
    "Adjust takes a signed number: 50 adds, -50 takes away.": (
        "Düzeltme işaretli sayı alır: 50 ekler, -50 düşer."
    ),
    "Required when adjusting.": "Düzeltmede zorunlu.",
    "Redeem": "Kullan",
    "Adjust (+/−)": "Düzelt (+/−)",
    # survey form
    "Satisfaction answer": "Memnuniyet yanıtı",
    "Answer saved.": "Yanıt kaydedildi.",
    "Question": "Soru",
    "0-10 for NPS, 1-5 for CSAT": "NPS için 0-10, CSAT için 1-5",
    "NPS: how likely to recommend us (0-10)": "NPS: bizi tavsiye etme olasılığı (0-10)",
    "CSAT: how satisfied (1-5)": "CSAT: memnuniyet (1-5)",
    # customer lists and campaigns
    "{n} customers": "{n} müşteri",
    "Open card": "Kartı aç",
    "Enter opens the card": "Enter kartı açar",
    "showing {shown}; move down for more": "{shown} gösteriliyor; devamı için aşağı inin",
    "No customers in this list.": "Bu listede müşteri yok.",
    "Export campaign list": "Kampanya listesini dışa aktar",
    "Export CSV": "CSV olarak aktar",
    "ctrl+e exports those who consented to the chosen channel": (
        "ctrl+e seçilen kanala izin verenleri dışa aktarır"
    ),
    "first {shown} shown": "ilk {shown} gösteriliyor",
    "The list is empty: nothing to export.": "Liste boş: aktarılacak bir şey yok.",
    "{written} customers exported to {path}; {skipped} left out without consent for {channel}.": (
        "{written} müşteri {path} dosyasına aktarıldı; {channel} izni olmayan {skipped} "
        "müşteri dışarıda bırakıldı."
    ),
    "A CSV file, or XLSX when the name ends in .xlsx; readable only by you (it holds personal data).": (
        "Bir CSV dosyası, adı .xlsx ile bitiyorsa XLSX; yalnızca siz okuyabilirsiniz "
        "(kişisel veri içerir)."
    ),
    "Campaign": "Kampanya",
    "Enter a file name, like campaign.csv.": "Bir dosya adı girin, örneğin kampanya.csv.",
    "All active customers": "Tüm segmentler",
    "Any product line": "Tüm ürünler",
    "Any city": "Tüm iller",
    "Any tag": "Tüm etiketler",
}

MESSAGES.update(
    {
        "export the customers of a segment who consented to a channel as CSV or XLSX": (
            "bir segmentin, bir kanala izin veren müşterilerini CSV veya XLSX olarak aktar"
        ),
        "RFM segment (default: every active customer)": (
            "RFM segmenti (varsayılan: tüm aktif müşteriler)"
        ),
        "only buyers of this product line": "yalnızca bu ürünü alanlar",
        "only customers in this city": "yalnızca bu ildeki müşteriler",
        "only customers with this tag": "yalnızca bu etiketi olan müşteriler",
        "consent channel": "izin kanalı",
        "file to write: CSV, or XLSX when its name ends in .xlsx": (
            "yazılacak dosya: CSV, adı .xlsx ile bitiyorsa XLSX"
        ),
    }
)

MESSAGES.update(
    {
        # loyalty screen
        "Enter lists the customers · o opens a card · Tab next table · PgDn/PgUp scroll": (
            "Enter müşterileri listeler · o kartı açar · Tab sonraki tablo · PgDn/PgUp kaydırır"
        ),
        "Choose a customer in the top customers or referrers table.": (
            "En iyi müşteriler ya da tavsiye edenler tablosunda bir müşteri seçin."
        ),
        "Settings": "Ayarlar",
        "Page down": "Sayfa aşağı",
        "Page up": "Sayfa yukarı",
        "no answers": "yanıt yok",
        "shop": "mağaza",
        "policies": "poliçe",
        "shop + policies": "mağaza + poliçe",
        "Last 12 months": "Son 12 ay",
        "Value": "Değer",
        "Based on": "Dayanağı",
        "of {count} customer": "toplam {count} müşteriden",
        "of {count} customers": "toplam {count} müşteriden",
        "since {date}": "{date} tarihinden beri",
        "12-month retention": "12 aylık elde tutma",
        "{kept} of {base} back": "{base} müşteriden {kept} geri geldi",
        "{count} policy due": "{count} poliçenin vadesi geldi",
        "{count} policies due": "{count} poliçenin vadesi geldi",
        "{count} answer": "{count} yanıt",
        "{count} answers": "{count} yanıt",
        "purchases and policy premiums": "alışverişler ve poliçe primleri",
        "Bought the year before, not in the last 12 months": (
            "Önceki yıl alıp son 12 ayda almayanlar"
        ),
        "Latest NPS answer 0–6 (detractors)": "Son NPS yanıtı 0–6 olanlar (eleştirenler)",
        "Latest CSAT answer 1–3": "Son CSAT yanıtı 1–3 olanlar",
        "({n} by hand)": "({n} elle)",
        "Policy lapsed (12 months)": "Poliçesi yenilenmedi (12 ay)",
        "RFM segments (scores 1–5 by quintiles, 5 = best)": (
            "RFM segmentleri (beşte birlik dilimlerle 1–5 puan, 5 = en iyi)"
        ),
        "R": "R",
        "F": "F",
        "Share": "Pay",
        "Means": "Anlamı",
        "Formula": "Formül",
        "Revenue brought": "Getirdiği ciro",
        "How these are computed": "Bu rakamlar nasıl hesaplanıyor",
        "RFM: R = how recently, F = how often, M = how much; each scored 1–5 by quintiles over "
        "active customers, 5 = best; equal values share the lower score. Segments follow R "
        "and F.": (
            "RFM: R = ne kadar yakın zamanda, F = ne sıklıkla, M = ne kadar tutarda; her biri "
            "aktif müşteriler arasında beşte birlik dilimlerle 1–5 puanlanır, 5 = en iyi; eşit "
            "değerler düşük olan puanı paylaşır. Segmentler R ve F'ye göre belirlenir."
        ),
        "Retention: customers who bought in the 12 months before and bought again in the last "
        "12. NPS = % promoters (9–10) − % detractors (0–6). CSAT = share of 4 and 5 answers, "
        "resolved complaints included.": (
            "Elde tutma: önceki 12 ayda alışveriş yapıp son 12 ayda yeniden alanların oranı. "
            "NPS = % destekçi (9–10) − % eleştiren (0–6). CSAT = 4 ve 5 yanıtlarının payı; "
            "çözülen şikâyetlerin memnuniyet puanları da sayılır."
        ),
        # ladder stage on the card
        "Loyalty of {name}": "{name} · sadakat",
        "RFM: R {r} · F {f} · M {m} (5 = best) · {segment}": (
            "RFM: R {r} · F {f} · M {m} (5 = en iyi) · {segment}"
        ),
        "Lifetime value {amount} ({meaning}): {formula}": (
            "Yaşam boyu değer {amount} ({meaning}): {formula}"
        ),
        "Revenue {amount}: {meaning}": "Ciro {amount}: {meaning}",
        "Tier {tier} · spent {spend} in 12 months · {points} points": (
            "Seviye {tier} · 12 ayda {spend} harcama · {points} puan"
        ),
        "Referred {n} customers; {buyers} bought, for {revenue}.": (
            "{n} müşteri tavsiye etti; {buyers} tanesi alışveriş yaptı, toplam {revenue}."
        ),
        "Latest entries:": "Son hareketler:",
        "No points yet.": "Henüz puan yok.",
        "Loyalty ladder stage": "Sadakat merdiveni basamağı",
        "The data suggests {stage}: {reason}.": "Verilere göre önerilen: {stage} ({reason}).",
        "Now set by hand: {stage}.": "Şu an elle belirlenmiş: {stage}.",
        "Now: {stage} (suggested).": "Şu an: {stage} (önerilen).",
        "As suggested ({stage})": "Önerildiği gibi ({stage})",
        "Manual stage removed: {stage}, as the data suggests.": (
            "Elle belirlenen basamak kaldırıldı: verilere göre {stage}."
        ),
        "Stage set by hand: {stage}.": "Basamak elle belirlendi: {stage}.",
        "A stage set by hand is kept until you choose “As suggested”.": (
            "Elle belirlenen basamak, “Önerildiği gibi” seçilene kadar korunur."
        ),
        "{stage} (set by hand)": "{stage} (elle)",
        "Tier: {tier}": "Seviye: {tier}",
        "referred {count} customer who bought": "tavsiye ettiği {count} müşteri alışveriş yaptı",
        "referred {count} customers who bought": ("tavsiye ettiği {count} müşteri alışveriş yaptı"),
        "latest NPS answer {score}": "son NPS yanıtı {score}",
        "latest CSAT answer {score}": "son CSAT yanıtı {score}",
        "{n} purchases and policies": "{n} alışveriş ve poliçe",
        "two or more policies in force": "yürürlükte iki ya da daha çok poliçe",
        "one purchase or policy": "bir alışveriş ya da poliçe",
        "no purchase yet": "henüz alışveriş yok",
        "Last purchase": "Son alışveriş",
        "Figure": "Gösterge",
        "Came by referral": "Tavsiyeyle gelen",
        "{buyers} bought, for {revenue}": "{buyers} tanesi aldı, toplam {revenue}",
        "Month by month": "Ay ay",
        "Month": "Ay",
        "First purchase in {month}": "{month}: ilk kez alışveriş yapanlar",
        "{with_consent} gave consent for {channel}, {without} did not (left out of the "
        "export) · ctrl+e export": (
            "{with_consent} müşteri {channel} izni verdi, {without} müşteri vermedi "
            "(aktarımın dışında kalır) · ctrl+e aktar"
        ),
        # loyalty settings
        "Loyalty settings": "Sadakat ayarları",
        "Loyalty settings (shared by every desk)": "Sadakat ayarları (tüm masalarda ortak)",
        "Loyalty settings saved.": "Sadakat ayarları kaydedildi.",
        "Points per 100": "100 başına puan",
        "Silver from": "Gümüş alt sınırı",
        "Gold from": "Altın alt sınırı",
        "Platinum from": "Platin alt sınırı",
        "Expected years": "Beklenen yıl",
        "Discount rate %": "İskonto oranı %",
        "No contact after": "Görüşülmeme süresi",
        "Points a purchase earns for every 100 of its amount (0: none).": (
            "Bir alışverişin her 100 birimi için kazandırdığı puan (0: puan yok)."
        ),
        "Spend in the last 12 months (purchases and premiums).": (
            "Son 12 aydaki harcama (alışverişler ve primler)."
        ),
        "Shop lifetime value: how many years a customer keeps buying.": (
            "Mağaza yaşam boyu değeri: bir müşterinin kaç yıl alışveriş yapmaya devam ettiği."
        ),
        "Policy lifetime value: i in commission × r / (1 + i − r); 10 is 10 %.": (
            "Poliçe yaşam boyu değeri: komisyon × r / (1 + i − r) içindeki i; 10, %10 demektir."
        ),
        "Days without contact before a buying customer is at risk.": (
            "Alışveriş yapan bir müşteri kaç gün görüşülmezse risk altında sayılsın."
        ),
        "Expected points per 100 from 0 to 1000, like 1 or 2.5.": (
            "100 başına 0 ile 1000 arasında bir puan bekleniyor, örneğin 1 ya da 2,5."
        ),
        "Expected an amount above zero, like 20,000.": (
            "Sıfırdan büyük bir tutar bekleniyor, örneğin 20.000."
        ),
        "Gold must start above Silver.": "Altın, Gümüş'ten yüksek başlamalı.",
        "Platinum must start above Gold.": "Platin, Altın'dan yüksek başlamalı.",
        "Expected years from 0.5 to 50, like 3.": (
            "0,5 ile 50 arasında bir yıl bekleniyor, örneğin 3."
        ),
        "Expected a percentage from 0 to 99, like 10.": (
            "0 ile 99 arasında bir yüzde bekleniyor, örneğin 10."
        ),
        "Expected a whole number of days from 7 to 3650, like 180.": (
            "7 ile 3650 arasında tam sayı bir gün bekleniyor, örneğin 180."
        ),
    }
)

MESSAGES.update(  # issue 20 items 6-9
    {
        "Phone (+90, for SMS services)": "Telefon (+90, SMS servisleri için)",
        "Consent given on": "İzin tarihi",
        "campaign": "kampanya",
        "everyone": "herkes",
        "{path} exists: press ctrl+s again to replace it, or change the name.": "{path} zaten var: değiştirmek için yeniden ctrl+s'ye basın ya da adı değiştirin.",
    }
)

MESSAGES.update(
    {
        # issue 18 item 6: the month charts, the card's years
        "Purchases by year": "Yıllara göre alışverişler",
        "Premiums by year": "Yıllara göre primler",
        "Premiums": "Primler",
        "Purchases/premiums": "Alışveriş/prim",
        "Chart/table": "Grafik/tablo",
        "By year (chart)": "Yıllara göre (grafik)",
        "g purchases/premiums · t chart/table · Esc back": (
            "g alışveriş/prim · t grafik/tablo · Esc geri"
        ),
        "Lost customers per month": "Aylık kaybedilen müşteri",
        "Renewal rate per month": "Aylık yenileme oranı",
        "NPS per month": "Aylık NPS",
        "g: next": "g: sonraki",
        "Next chart": "Sonraki grafik",
        "Charts/table": "Grafik/tablo",
        "Charts hidden: the figures are in the table “Month by month”.": (
            "Grafikler gizlendi: rakamlar “Ay ay” tablosunda."
        ),
        "New and lost customers (a policy ending that month lapsed), the renewal "
        "rate of the policies ending that month, NPS of that month's answers.": (
            "Yeni ve kaybedilen müşteriler (o ay biten poliçesi yenilenmeyen), o ay biten "
            "poliçelerin yenileme oranı, o ayki yanıtların NPS'i."
        ),
    }
)
