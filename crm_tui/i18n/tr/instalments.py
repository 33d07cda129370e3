"""Turkish texts of instalments and collections (taksit, tahsilat): rules, Today, card, report."""

MESSAGES = {
    # labels
    "Cash": "Nakit",
    "Card": "Kart",
    "Bank transfer": "Havale/EFT",
    "Cheque": "Çek",
    "Instalments": "Taksitler",
    # domain
    "Enter a whole number from {low} to {high}.": "{low} ile {high} arasında bir tam sayı girin.",
    "Enter the total to split into instalments.": "Taksitlere bölünecek toplamı girin.",
    "The total must be more than zero.": "Toplam sıfırdan büyük olmalı.",
    "Enter the first due date.": "İlk vade tarihini girin.",
    "The total is less than one kuruş an instalment.": "Toplam, taksit başına bir kuruştan az.",
    "A plan is on one policy or one purchase.": "Bir ödeme planı tek bir poliçeye ya da satışa bağlıdır.",
    "The policy or purchase of this plan was not found.": "Bu planın poliçesi ya da satışı bulunamadı.",
    "There is a plan already: change it instead.": "Zaten bir ödeme planı var: onu değiştirin.",
    "Part of this plan is paid: it can no longer be changed.": (
        "Bu planın bir kısmı tahsil edildi: artık değiştirilemez."
    ),
    "Part of this plan is paid: it can no longer be deleted.": (
        "Bu planın bir kısmı tahsil edildi: artık silinemez."
    ),
    "A payment cannot be in the future ({date}).": "Tahsilat tarihi gelecekte olamaz ({date}).",
    "Choose one of: {choices}.": "Şunlardan birini seçin: {choices}.",
    "The amount must be more than zero.": "Tutar sıfırdan büyük olmalı.",
    "Instalment {id} not found.": "{id} numaralı taksit bulunamadı.",
    "This instalment was changed elsewhere.": "Bu taksit başka bir yerde değiştirildi.",
    "This instalment is paid already.": "Bu taksit zaten ödendi.",
    "At most what is left: {amount}.": "En fazla kalan tutar: {amount}.",
    # Today
    "due in {n} day": "vadesine {n} gün",
    "due in {n} days": "vadesine {n} gün",
    # UI
    "Payment plan (instalments)": "Ödeme planı (taksitler)",
    "Instalment paid": "Taksit tahsilatı",
    "Instalment {n}/{count} of {name}, due {date}: {amount}": (
        "{name}: {n}/{count}. taksit, vade {date}: {amount}"
    ),
    "Change the payment plan": "Ödeme planını değiştir",
    "Total": "Toplam",
    "First due date": "İlk vade",
    "Every (months)": "Kaç ayda bir",
    "Paid on": "Ödeme tarihi",
    "Method": "Ödeme şekli",
    "e.g. 9": "örn. 9",
    "Equal instalments; the kuruş left over go on the first": (
        "Eşit taksitler; artan kuruşlar ilk taksite eklenir"
    ),
    "e.g. 15.12.2026": "örn. 15.12.2026",
    "Less than the instalment: a part payment, the rest stays due": (
        "Taksitten az: kısmi ödeme, kalanı vadede kalır"
    ),
    "Change plan": "Planı değiştir",
    "Delete plan": "Planı sil",
    "Total {total} · still due {left}": "Toplam {total} · kalan borç {left}",
    "No plan.": "Ödeme planı yok.",
    "Payment plan deleted.": "Ödeme planı silindi.",
    "Delete this payment plan?": "Bu ödeme planı silinsin mi?",
    "Balance due: {amount}": "Taksit borcu: {amount}",
    "Payment recorded for {name}.": "{name} için tahsilat kaydedildi.",
    "Instalments: choose a policy or a purchase first.": (
        "Taksitler: önce bir poliçe ya da satış seçin."
    ),
    # report
    "instalments by due date: amount, paid, left; --overdue for the ones to collect": (
        "vadeye göre taksitler: tutar, ödenen, kalan; --overdue ile tahsil edilecekler"
    ),
    "due date": "vade",
    "on": "neyin",
    "no.": "taksit",
    "amount": "tutar",
    "left": "kalan",
    "paid on": "ödeme tarihi",
    "method": "ödeme şekli",
    "No instalments in this period.": "Bu dönemde taksit yok.",
    "{n} instalments · {total} · paid {paid} · left {left}": (
        "{n} taksit · {total} · ödenen {paid} · kalan {left}"
    ),
    "only unpaid instalments past their due date": "yalnız vadesi geçmiş ödenmemiş taksitler",
}
