"""Turkish texts of claims (hasar dosyası): rules, list, form, report."""

MESSAGES = {
    # labels
    "Reported": "İhbar edildi",
    "Expert assigned": "Eksper atandı",
    "Documents awaited": "Evrak bekleniyor",
    "Approved": "Onaylandı",
    "Rejected": "Reddedildi",
    "Paid": "Ödendi",
    "Closed": "Kapandı",
    "Collision": "Çarpışma",
    "Theft": "Hırsızlık",
    "Fire": "Yangın",
    "Flood / water damage": "Su basması",
    "Earthquake": "Deprem",
    "Glass breakage": "Cam kırılması",
    "Health": "Sağlık",
    "Liability": "Sorumluluk",
    "Claims": "Hasarlar",
    # domain
    "The date of loss is required.": "Hasar tarihi gerekli.",
    "The date of loss cannot be in the future ({date}).": (
        "Hasar tarihi gelecekte olamaz ({date})."
    ),
    "For this policy choose one of: {choices}.": "Bu poliçe için şunlardan birini seçin: {choices}.",
    "At most {max} characters.": "En fazla {max} karakter.",
    "Choose the policy the claim is on.": "Hasarın bağlı olduğu poliçeyi seçin.",
    "Claim {id} not found.": "{id} numaralı hasar dosyası bulunamadı.",
    "This claim was changed elsewhere.": "Bu hasar dosyası başka bir yerde değiştirildi.",
    "A claim that is “{current}” cannot move to “{target}”. Allowed: {allowed}.": (
        "“{current}” durumundaki bir hasar dosyası “{target}” durumuna geçemez. Geçilebilecek"
        " durumlar: {allowed}."
    ),
    "Enter the amount the insurer paid.": "Sigorta şirketinin ödediği tutarı girin.",
    # Today
    "follow up today": "bugün takip",
    "follow-up {n} day late": "takip {n} gün gecikti",
    "follow-up {n} days late": "takip {n} gün gecikti",
    # crm-tui report
    "reports of the book of business (claims...) as a table, CSV or XLSX": (
        "portföy raporları (hasarlar...), tablo, CSV ya da XLSX olarak"
    ),
    "claims by date of loss: status, insurer, expected and paid amounts": (
        "hasar tarihine göre hasarlar: durum, sigorta şirketi, beklenen ve ödenen tutar"
    ),
    "from this day on (e.g. 01.01.2026)": "bu günden itibaren (ör. 01.01.2026)",
    "up to this day": "bu güne kadar",
    "only this product line (e.g. kasko)": "yalnızca bu branş (ör. kasko)",
    "only this insurer": "yalnızca bu sigorta şirketi",
    "output format": "çıktı biçimi",
    "write to this file instead": "ekrana değil bu dosyaya yaz",
    "only claims not closed": "yalnızca kapanmamış hasarlar",
    "LINE": "BRANŞ",
    "FILE": "DOSYA",
    "REPORT": "RAPOR",
    "{option} “{date}”: {reason}": "{option} “{date}”: {reason}",
    "--to must not be before --from.": "--to, --from'dan önce olamaz.",
    "Unknown line “{line}”: use {lines}.": "Bilinmeyen branş “{line}”: {lines} kullanın.",
    "Written: {path}": "Yazıldı: {path}",
    "date of loss": "hasar tarihi",
    "line": "branş",
    "insurer": "sigorta şirketi",
    "file no": "dosya no",
    "type": "tür",
    "status": "durum",
    "expected": "beklenen",
    "paid": "ödenen",
    "No claims in this period.": "Bu dönemde hasar yok.",
    "{n} claims · expected {expected} · paid {paid}": (
        "{n} hasar · beklenen {expected} · ödenen {paid}"
    ),
    # screens and dialogs
    "Open claims (hasar dosyaları) by status and insurer": (
        "Açık hasar dosyaları, duruma ve sigorta şirketine göre"
    ),
    "Claim status": "Hasar durumu",
    "Claim #{id} is “{status}”. Move it to:": "{id} numaralı hasar “{status}”. Şuraya taşı:",
    "Claim #{id}: {current} → {target}": "Hasar #{id}: {current} → {target}",
    "Note on claim #{id}": "Hasar #{id} için not",
    "A closed claim does not move on.": "Kapanmış bir hasar dosyası ilerletilemez.",
    "optional: what happened, who said it": "isteğe bağlı: ne oldu, kim söyledi",
    "Paid amount": "Ödenen tutar",
    "Follow up on": "Takip tarihi",
    "e.g. 12.500,00": "ör. 12.500,00",
    "empty: the usual time for this step": "boş: bu adımın olağan süresi",
    "The claim comes back on Today that day": "Hasar o gün Bugün ekranına gelir",
    "Claim": "Hasar",
    "Claims list": "Hasar listesi",
    "No claims: press h to open one on a policy.": (
        "Hasar yok: bir poliçeye hasar açmak için h'ye basın."
    ),
    "File no": "Dosya no",
    "Expected": "Beklenen",
    "Loss": "Hasar tarihi",
    "Claim ({status})": "Hasar ({status})",
    "New claim": "Yeni hasar",
    "New claim — {customer}": "Yeni hasar — {customer}",
    "Claim #{id} — {customer}": "Hasar #{id} — {customer}",
    "Claim #{id} opened.": "Hasar #{id} açıldı.",
    "Date of loss": "Hasar tarihi",
    "Place": "Yer",
    "Insurer file no": "Hasar dosya no",
    "Expected amount": "Beklenen tutar",
    "e.g. 03.11.2026, yesterday": "ör. 03.11.2026, dün",
    "the insurer's claim file number": "sigorta şirketinin hasar dosya numarası",
    "Insurer": "Sigorta şirketi",
    "Open/all": "Açık/tümü",
    "Move": "İlerlet",
    "No claims here.": "Burada hasar yok.",
    "Follow up": "Takip",
    "Open claims": "Açık hasarlar",
    "Every status": "Her durum",
    "Show claims that are:": "Şu durumdaki hasarları göster:",
    "Every insurer": "Her sigorta şirketi",
    "Show claims of insurer:": "Şu sigorta şirketinin hasarlarını göster:",
    "Claim #{id}: {kind}": "Hasar #{id}: {kind}",
    "Opened: {status}": "Açıldı: {status}",
    "Who": "Kim",
}
