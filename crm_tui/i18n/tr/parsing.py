MESSAGES = {
    "{text} is not a real calendar date.": "{text} takvimde olmayan bir tarih.",
    "Expected a time like 09:30 or 14.00.": "09:30 ya da 14.00 gibi bir saat bekleniyor.",
    "Expected an amount like 1.234,50.": "1.234,50 gibi bir tutar bekleniyor.",
    "Expected a phone number like 0532 123 45 67 or +90 532 123 45 67.": "0532 123 45 67 ya da +90 532 123 45 67 gibi bir telefon numarası bekleniyor.",
    "Expected an 11-digit Turkish ID number (T.C. Kimlik No) with valid check digits.": "Kontrol hanesi doğru, 11 haneli bir T.C. Kimlik No bekleniyor.",
    "Expected a 10-digit Turkish tax number (VKN).": "10 haneli bir vergi kimlik numarası (VKN) bekleniyor.",
    "Expected an e-mail address like name@example.com.": "ad@ornek.com gibi bir e-posta adresi bekleniyor.",
    "Expected a whole number.": "Tam sayı bekleniyor.",
    "Expected a number from {lo} to {hi}.": "{lo} ile {hi} arasında bir sayı bekleniyor.",
}

MESSAGES.update(  # issue 20 items 6-9
    {
        "Expected a date like 22/11/2026, 22.11.2026, 2026-11-22, tomorrow or +3d.": "22.11.2026, 22/11/26, 2026-11-22, yarın ya da +3g gibi bir tarih bekleniyor.",
    }
)
