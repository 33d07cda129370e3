"""Turkish texts of commission (komisyon): rates, a policy's lines, the report."""

MESSAGES = {
    # rates
    "Commission rates": "Komisyon oranları",
    "The rate per insurer and line (owner only)": (
        "Sigorta şirketi ve branşa göre oran (yalnız sahip)"
    ),
    "Commission rates (shared by every desk)": "Komisyon oranları (tüm masalar için ortak)",
    "No rates yet: a policy's commission is then the amount entered on it.": (
        "Henüz oran yok: bir poliçenin komisyonu, üzerine girilen tutardır."
    ),
    "Commission rate saved.": "Komisyon oranı kaydedildi.",
    "Rate %": "Oran %",
    "Valid from": "Geçerlilik başı",
    "… and {n} more": "… ve {n} tane daha",
    "e.g. 12,5": "örn. 12,5",
    "empty: always (by the policy's start day)": "boş: her zaman (poliçe başlangıcına göre)",
    "from": "başlangıç",
    "Name the insurer.": "Sigorta şirketini yazın.",
    "A rate is between 0 and 100 %.": "Oran 0 ile 100 % arasında olmalı.",
    "Rate {id} not found.": "Oran {id} bulunamadı.",
    # a policy's commission
    "received": "tahsil edilen",
    "clawback": "iade (iptal)",
    "sub-agent": "tali acente",
    "outstanding": "bekleyen",
    "entered on the policy": "poliçede girilen",
    "Expected {amount} ({source})": "Beklenen {amount} ({source})",
    "Received {received} · outstanding {outstanding} · net {net}": (
        "Tahsil {received} · bekleyen {outstanding} · net {net}"
    ),
    "Commission — {line} {insurer}": "Komisyon — {line} {insurer}",
    "{rate} % of the premium": "primin %{rate} kadarı",
    "no rate for this insurer and line": "bu şirket ve branş için oran yok",
    "Commission saved.": "Komisyon kaydedildi.",
    "Received on": "Tahsil tarihi",
    "Amount received": "Tahsil edilen tutar",
    "Sub-agent share": "Tali acente payı",
    "e.g. 20% or 150,00; empty: none": "örn. 20% ya da 150,00; boş: yok",
    "Outstanding commission: {amount} (k: commission rates)": (
        "Bekleyen komisyon: {amount} (k: komisyon oranları)"
    ),
    "Choose a policy row first (2: Policies).": "Önce bir poliçe satırı seçin (2: Poliçeler).",
    "A receipt cannot be dated after {day}.": "Tahsilat {day} sonrasına tarihlenemez.",
    "cancelled on {day}": "{day} tarihinde iptal",
    "A share is between 0 and 100 %.": "Pay 0 ile 100 % arasında olmalı.",
    "commission received": "komisyon tahsil edildi",
    "commission clawback due": "komisyon iadesi doğdu",
    "commission clawback void (cancellation undone)": "komisyon iadesi düştü (iptal geri alındı)",
    # report
    "commission by insurer, line and month: expected, received, outstanding": (
        "sigorta şirketi, branş ve aya göre komisyon: beklenen, tahsil edilen, bekleyen"
    ),
    "No commission in this period.": "Bu dönemde komisyon yok.",
    "{n} policies · expected {expected} · received {received} · outstanding {outstanding}": (
        "{n} poliçe · beklenen {expected} · tahsil edilen {received} · bekleyen {outstanding}"
    ),
    "one row a policy instead of monthly totals": "aylık toplamlar yerine poliçe başına bir satır",
    "start": "başlangıç",
    "policy no": "poliçe no",
    "month": "ay",
}
