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
}
