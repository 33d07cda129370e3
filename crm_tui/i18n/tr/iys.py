"""Turkish texts of İYS consent and the KVKK information text (issue 17 item 4)."""

MESSAGES = {
    # cli
    "İYS: export consents for upload, import İYS's answer": (
        "İYS: izinleri yükleme için dışa aktar, İYS'nin cevabını içe al"
    ),
    "{rows} rows: {changes} changes, {unchanged} already so, {unknown} unknown, "
    "{problems} to look at.": (
        "{rows} satır: {changes} değişiklik, {unchanged} zaten aynı, {unknown} bilinmeyen, "
        "{problems} bakılacak."
    ),
    "write the consents in İYS's bulk upload format": (
        "izinleri İYS'nin toplu yükleme biçiminde yaz"
    ),
    "only consents given or recorded since DATE": (
        "yalnız TARİH'ten beri verilen ya da kaydedilen izinler"
    ),
    "file format": "dosya biçimi",
    "the file to write": "yazılacak dosya",
    "read İYS's answer or list and update the consents": (
        "İYS'nin cevabını ya da listesini oku, izinleri güncelle"
    ),
    "read İYS's answer or list and update the consents: a dry run that writes nothing "
    "unless --apply": (
        "İYS'nin cevabını ya da listesini oku, izinleri güncelle: --apply verilmedikçe hiçbir "
        "şey yazmayan bir deneme"
    ),
    "İYS's file (CSV or XLSX)": "İYS dosyası (CSV ya da XLSX)",
    "write the changes": "değişiklikleri yaz",
    "Unknown recipients ({n}):": "Bilinmeyen alıcılar ({n}):",
    "Dry run: nothing was written. Run again with --apply to write the changes.": (
        "Deneme: hiçbir şey yazılmadı. Değişiklikleri yazmak için --apply ile yeniden çalıştırın."
    ),
    "{n} consents written to {path} for İYS; {skipped} left out without a phone or e-mail.": (
        "{n} izin İYS için {path} dosyasına yazıldı; telefonu ya da e-postası olmayan "
        "{skipped} izin dışarıda kaldı."
    ),
    # privacy
    "Erasing {name} removes the name, phones, e-mail, ID numbers, address, notes, and every "
    "text about them (contacts, complaints, reminders); consents are withdrawn. Amounts, "
    "dates, premiums and scores stay, anonymous, for the figures; the dates of consents and "
    "of the information text shown stay 3 years as proof. This cannot be undone.": (
        "{name} silinince adı, telefonları, e-postası, kimlik numaraları, adresi, notları ve "
        "onunla ilgili her metin (görüşmeler, şikâyetler, hatırlatmalar) kaldırılır; izinleri "
        "geri alınır. Tutarlar, tarihler, primler ve puanlar rakamlar için anonim olarak "
        "kalır; onay/ret tarihleri ve gösterilen aydınlatma metni kanıt olarak 3 yıl saklanır. "
        "Bu geri alınamaz."
    ),
    # information text
    "Information text v{version} ({language}) shown {at} {how}{who}": (
        "Aydınlatma metni v{version} ({language}) gösterildi: {at} {how}{who}"
    ),
    "Information text: never shown": "Aydınlatma metni: hiç gösterilmedi",
    " by {who}": ", gösteren {who}",
    "The information text cannot be empty.": "Aydınlatma metni boş olamaz.",
    "Language must be tr or en.": "Dil tr ya da en olmalı.",
    "How: {list}.": "Nasıl: {list}.",
    "Information text {id} not found.": "{id} numaralı aydınlatma metni bulunamadı.",
    "No information text yet: add one under Information texts first.": (
        "Henüz aydınlatma metni yok: önce Aydınlatma metinleri'nden bir tane ekleyin."
    ),
    # labels
    "from İYS": "İYS'den",
    "in person (HS_FIZIKSEL_ORTAM)": "fiziksel ortamda (HS_FIZIKSEL_ORTAM)",
    "wet signature (HS_ISLAK_IMZA)": "ıslak imzayla (HS_ISLAK_IMZA)",
    "web site (HS_WEB)": "web sitesinden (HS_WEB)",
    "call centre (HS_CAGRI_MERKEZI)": "çağrı merkezinden (HS_CAGRI_MERKEZI)",
    "social media (HS_SOSYAL_MEDYA)": "sosyal medyadan (HS_SOSYAL_MEDYA)",
    "e-mail (HS_EPOSTA)": "e-postayla (HS_EPOSTA)",
    "message (HS_MESAJ)": "mesajla (HS_MESAJ)",
    "mobile app (HS_MOBIL)": "mobil uygulamadan (HS_MOBIL)",
    "electronic medium (HS_EORTAM)": "elektronik ortamda (HS_EORTAM)",
    "event (HS_ETKINLIK)": "etkinlikte (HS_ETKINLIK)",
    "before 2015 (HS_2015)": "2015 öncesi (HS_2015)",
    "court or authority decision (HS_KARAR)": "mahkeme ya da kurum kararı (HS_KARAR)",
    "İYS (via İYS)": "İYS (İYS üzerinden)",
    "in person": "yüz yüze",
    # consent
    "İYS source: {codes}.": "İYS kaynağı: {codes}.",
    "Consent given: {what}": "Onay verilmiş: {what}",
    "İYS: {status}": "İYS: {status}",
    "No consent was ever recorded for this channel.": "Bu kanal için hiç izin kaydedilmemiş.",
    "Consent withdrawn or refused: {what}": "İzin geri alınmış ya da reddedilmiş: {what}",
    "İYS says RET (refused) since {date}; a newer consent must reach İYS first.": (
        "İYS {date} tarihinden beri RET diyor; yeni bir onayın önce İYS'ye ulaşması gerekir."
    ),
    # import / export
    "Row {row}: '{text}' is not a date.": "Satır {row}: '{text}' bir tarih değil.",
    "{who}: {status} recorded from İYS": "{who}: {status} İYS'den kaydedildi",
    "{path} is not an İYS file: the columns {missing} are missing (expected: {expected}).": (
        "{path} bir İYS dosyası değil: {missing} sütunları yok (beklenen: {expected})."
    ),
    "Row {row}: type must be MESAJ, ARAMA or EPOSTA, not '{v}'.": (
        "Satır {row}: tür MESAJ, ARAMA ya da EPOSTA olmalı, '{v}' değil."
    ),
    "Row {row}: status must be ONAY or RET, not '{v}'.": (
        "Satır {row}: durum ONAY ya da RET olmalı, '{v}' değil."
    ),
    "{who}: İYS refused the row: {result}": "{who}: İYS satırı kabul etmedi: {result}",
    "{who}: {status} confirmed by İYS": "{who}: {status} İYS tarafından doğrulandı",
    "{who}: İYS says ONAY, the app says RET: upload the next export": (
        "{who}: İYS ONAY diyor, uygulama RET diyor: bir sonraki dışa aktarımı yükleyin"
    ),
    "Format must be csv or xlsx.": "Biçim csv ya da xlsx olmalı.",
    # ui
    "Information texts (KVKK)": "Aydınlatma metinleri (KVKK)",
    "Versions of the aydınlatma metni; add the next one": (
        "Aydınlatma metninin sürümleri; yenisini ekleyin"
    ),
    "information text {what}": "aydınlatma metni {what}",
    "İYS RET": "İYS RET",
    "information text not shown": "aydınlatma metni gösterilmedi",
    "İYS ONAY": "İYS ONAY",
    "Information texts (aydınlatma metni)": "Aydınlatma metinleri",
    "New information text version (aydınlatma metni)": "Yeni aydınlatma metni sürümü",
    "Information text v{version} ({language}) saved.": (
        "Aydınlatma metni v{version} ({language}) kaydedildi."
    ),
    "No versions yet: the first one gets number 1.": ("Henüz sürüm yok: ilki 1 numarayı alır."),
    "Language": "Dil",
    "Text": "Metin",
    "Information text shown": "Aydınlatma metni gösterildi",
}
