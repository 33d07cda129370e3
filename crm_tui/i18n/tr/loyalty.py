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
    "bought recently and often": "yakın zamanda ve sık alıyor",
    "buy often": "sık alıyor",
    "recent, bought a few times": "yakın zamanda, birkaç kez aldı",
    "first purchase just now": "ilk alışverişini yeni yaptı",
    "recent, bought once": "yakın zamanda, bir kez aldı",
    "average on both": "ikisinde de ortalama",
    "fading, bought rarely": "uzaklaşıyor, seyrek aldı",
    "bought often, but long ago": "sık alırdı ama uzun zamandır yok",
    "best buyers, gone quiet": "en iyi alıcılar, sesleri kesildi",
    "long ago and rarely": "uzun zaman önce ve seyrek",
    # at risk
    "At risk (RFM)": "Risk altında (RFM)",
    "Can't lose them (RFM)": "Kaybedilmemesi gerekenler (RFM)",
    "Policy lapsed in the last 12 months": "Son 12 ayda poliçesi yenilenmedi",
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
    "Active customer: not archived, with at least one purchase or policy. "
    "Revenue: purchases and policy premiums.": (
        "Aktif müşteri: arşivde olmayan, en az bir alışverişi ya da poliçesi olan müşteri. "
        "Ciro: alışverişler ve poliçe primleri."
    ),
    "RFM: R = how recently, F = how often, M = how much; each scored 1–5 by "
    "quintiles over active customers, 5 = best; equal values share the "
    "lower score.": (
        "RFM: R = ne kadar yakın zamanda, F = ne sıklıkla, M = ne kadar tutarda; her biri "
        "aktif müşteriler arasında beşte birlik dilimlerle 1–5 puanlanır, 5 = en iyi; eşit "
        "değerler düşük olan puanı paylaşır."
    ),
    "Lifetime value: shops = average purchase × purchases a year × expected "
    "years; policies = yearly commission × r / (1 + i − r), r = renewal rate, "
    "i = discount rate.": (
        "Yaşam boyu değer: mağaza = ortalama alışveriş × yıllık alışveriş sayısı × beklenen "
        "yıl; poliçe = yıllık komisyon × r / (1 + i − r), r = yenileme oranı, i = iskonto oranı."
    ),
    "Retention: customers who bought in the 12 months before and bought "
    "again in the last 12. NPS = % promoters (9–10) − % detractors (0–6). "
    "CSAT = share of 4 and 5 answers.": (
        "Elde tutma: önceki 12 ayda alışveriş yapıp son 12 ayda yeniden alanların oranı. "
        "NPS = % destekçi (9–10) − % eleştiren (0–6). CSAT = 4 ve 5 yanıtlarının payı."
    ),
    "Active customers": "Aktif müşteri",
    "Bought in 12 months": "12 ayda alan",
    "Retention": "Elde tutma",
    "Renewal rate": "Yenileme",
    "Revenue (12 months)": "Ciro (12 ay)",
    "Bought in the last 12 months": "Son 12 ayda alışveriş yapanlar",
    "Stage": "Basamak",
    "Segment": "Segment",
    "Revenue": "Ciro",
    "Why": "Neden",
    "Lifetime value": "Yaşam boyu değer",
    "Referred": "Tavsiye ettiği",
    "Bought": "Alan",
    "Their revenue": "Getirdikleri ciro",
    "Revenue per month": "Aylık ciro",
    "New customers per month": "Aylık yeni müşteri",
    "Last 12 months · Enter on a count lists those customers · r refresh": (
        "Son 12 ay · bir sayının üstünde Enter o müşterileri listeler · r yeniler"
    ),
    "Referrals": "Tavsiyeler",
    "Loyalty figures could not be computed: {reason}": (
        "Sadakat rakamları hesaplanamadı: {reason}"
    ),
    "({n} manual)": "({n} elle)",
    "Segment: {segment} ({hint})": "Segment: {segment} ({hint})",
    "This figure has no customer list; see the notes below.": (
        "Bu rakamın müşteri listesi yok; aşağıdaki açıklamalara bakın."
    ),
    "Loyalty ladder": "Sadakat merdiveni",
    "RFM segments (5 = best)": "RFM segmentleri (5 = en iyi)",
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
    "A CSV file, readable only by you (it holds personal data).": (
        "Yalnızca sizin okuyabileceğiniz bir CSV dosyası (kişisel veri içerir)."
    ),
    "Enter a file name, like campaign.csv.": "Bir dosya adı girin, örneğin kampanya.csv.",
    "All active customers": "Tüm segmentler",
    "Any product line": "Tüm ürünler",
    "Any city": "Tüm iller",
}

MESSAGES.update(
    {
        "export the customers of a segment who consented to a channel as CSV": (
            "bir segmentin, bir kanala izin veren müşterilerini CSV olarak aktar"
        ),
        "RFM segment (default: every active customer)": (
            "RFM segmenti (varsayılan: tüm aktif müşteriler)"
        ),
        "only buyers of this product line": "yalnızca bu ürünü alanlar",
        "only customers in this city": "yalnızca bu ildeki müşteriler",
        "consent channel": "izin kanalı",
        "CSV file to write": "yazılacak CSV dosyası",
    }
)
