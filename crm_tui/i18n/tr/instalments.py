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
}
