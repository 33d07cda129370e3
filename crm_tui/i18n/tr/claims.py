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
    "reports of the book of business (claims...) as a table or CSV": (
        "portföy raporları (hasarlar...), tablo ya da CSV olarak"
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
}
