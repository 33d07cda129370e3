MESSAGES = {
    "Today": "Bugün",
    "Customers": "Müşteriler",
    "Reminders": "Hatırlatmalar",
    "Complaints": "Şikâyetler",
    "Loyalty": "Sadakat",
    "Search": "Ara",
    "Help": "Yardım",
    "Türkçe/English": "Türkçe/English",
    "Light/dark theme": "Açık/koyu tema",
    "Quit": "Çıkış",
    "Close": "Kapat",
    "Nothing here yet.": "Burada henüz bir şey yok.",
    "Keys — Escape closes this help": "Tuşlar — Escape ile kapatın",
    "Key": "Tuş",
    "Action": "İşlem",
    "Where": "Nerede",
    "This screen": "Bu ekran",
    "Everywhere": "Her yerde",
    "Go to {section}": "{section} ekranına git",
    "Search customers": "Müşteri ara",
    "Focus the customer search": "Müşteri aramasına git",
    "New customer": "Yeni müşteri",
    "Open an empty customer form": "Boş bir müşteri formu aç",
    "Switch language (Türkçe/English)": "Dili değiştir (Türkçe/English)",
    "Switch light/dark theme": "Açık/koyu temaya geç",
    "Show keys": "Tuşları göster",
    "Open customer card": "Müşteri kartını aç",
    "Unknown caller {number}: new customer.": "Bilinmeyen arayan {number}: yeni müşteri.",
    "Language: English": "Dil: İngilizce",
    "Language: Turkish": "Dil: Türkçe",
    "Settings not saved: {reason}": "Ayarlar kaydedilemedi: {reason}",
    "Nothing is due today. The day is clear.": "Bugün yapılacak bir şey yok. Gün boş.",
    "No customers yet.": "Henüz müşteri yok.",
    "No reminders yet.": "Henüz hatırlatma yok.",
    "No complaints. Every customer is happy.": "Şikâyet yok. Bütün müşteriler memnun.",
    "No purchases or policies yet: loyalty figures appear once there is data.": "Henüz satış ya da poliçe yok: sadakat rakamları veri oldukça görünür.",
    "palette": "komutlar",
}
MESSAGES.update(
    {
        "Yes": "Evet",
        "No": "Hayır",
        "Cancel": "Vazgeç",
        "Save": "Kaydet",
        "Next field": "Sonraki alan",
        "Previous field": "Önceki alan",
        "[b]y[/b] yes · [b]n[/b] no": "[b]e[/b] evet · [b]h[/b] hayır",
        "Discard unsaved changes?": "Kaydedilmemiş değişiklikler silinsin mi?",
        "Saving… waiting for the database (another desk may be writing).": "Kaydediliyor… veritabanı bekleniyor (başka bir masa yazıyor olabilir).",
        "This field held control characters (invisible here, they could wipe a screen or change the terminal's title); they were removed. Check the text and save again.": "Bu alanda kontrol karakterleri vardı (burada görünmezler; ekranı silebilir veya terminalin başlığını değiştirebilirlerdi); çıkarıldı. Metni kontrol edip yeniden kaydedin.",
    }
)
MESSAGES.update(
    {
        # command palette
        "Find a customer by name, phone, e-mail...": "Müşteriyi ada, telefona, e-postaya göre bul...",
        "A follow-up for a date, with or without a customer": "Bir tarih için takip; müşteriyle ya da müşterisiz",
        "Policies and contracts ending soon": "Süresi yakında dolacak poliçe ve sözleşmeler",
        "Customers of a segment who consented to a channel": "Bir segmentin, bir kanala izin veren müşterileri",
        "From CSV, vCard or a crm-tui JSON export": "CSV, vCard ya da crm-tui JSON dışa aktarımından",
        "Make a backup now or restore one": "Şimdi yedek al ya da bir yedeği geri yükle",
        "Choose a theme": "Tema seç",
        "Every colour theme, with a preview": "Bütün renk temaları, önizlemeli",
        "Every key of this screen and the global ones": "Bu ekranın ve her yerde geçerli tuşların tamamı",
        "Search for commands…": "Komut ara…",
        "Search for themes…": "Tema ara…",
        "Theme": "Tema",
        "Choose a colour theme": "Renk teması seç",
        "Keys": "Tuşlar",
        "Every key of this screen": "Bu ekranın bütün tuşları",
        "Minimize": "Küçült",
        "Back to the normal size": "Normal boyuta dön",
        "Maximize": "Büyüt",
        "Show the focused part full screen": "Seçili bölümü tam ekran göster",
        "Screenshot": "Ekran görüntüsü",
        "Save an SVG picture of the screen": "Ekranın SVG görüntüsünü kaydet",
        "Screenshot saved: {path}": "Ekran görüntüsü kaydedildi: {path}",
        "Close crm-tui": "crm-tui'yi kapat",
        # app
        "demo": "demo",
        "Press {key} to quit crm-tui.": "crm-tui'den çıkmak için {key} tuşuna basın.",
        "Do you want to quit?": "Çıkmak mı istiyorsunuz?",
        "Commands": "Komutlar",
        # help
        "Id": "Kimlik",
        'Change a key in settings.toml, [keys] section: "id" = "key".': 'Bir tuşu değiştirmek için settings.toml dosyasının [keys] bölümüne "kimlik" = "tuş" yazın.',
        # Textual's own key descriptions (shown in help and footer)
        "Focus Next": "Sonraki alan",
        "Focus Previous": "Önceki alan",
        "Copy selected text": "Seçili metni kopyala",
        "Open the command palette": "Komut paletini aç",
        # settings.toml [keys]
        "[keys] {id}: no key binding has this id (the help screen lists them); ignored.": "[keys] {id}: bu kimlikte bir kısayol yok (yardım ekranında listelenir); dikkate alınmadı.",
        "[keys] {id}: “{key}” is not a key (examples: f9, ctrl+n, shift+tab, question_mark); ignored.": "[keys] {id}: “{key}” bir tuş değil (örnekler: f9, ctrl+n, shift+tab, question_mark); dikkate alınmadı.",
        "[keys] {id}: “{key}” works everywhere and would stop it being typed in text fields; use a function key or ctrl+…; ignored.": "[keys] {id}: “{key}” her yerde geçerli olacağından metin alanlarına yazılamaz hâle gelir; bir fonksiyon tuşu ya da ctrl+… kullanın; dikkate alınmadı.",
        "[keys] {key} is now the key of {taker}; “{lost}” ({id}) no longer has it.": "[keys] {key} artık {taker} kısayolunun tuşu; “{lost}” ({id}) bu tuşu kaybetti.",
    }
)

MESSAGES.update(  # issue 20 items 6-9
    {
        "{key} save · Escape cancel · Tab next field": "{key} kaydet · Escape vazgeç · Tab sonraki alan",
        "Dismiss menu": "Menüyü kapat",
    }
)

MESSAGES.update(
    {
        # undo (ctrl+z)
        "Undo": "Geri al",
        "Undone: {what}": "Geri alındı: {what}",
        "Nothing to undo.": "Geri alınacak bir değişiklik yok.",
        "Cannot undo “{what}”: changed since by {user}.": (
            "“{what}” geri alınamıyor: o zamandan beri {user} değiştirdi."
        ),
        "Cannot undo “{what}”: changed since.": (
            "“{what}” geri alınamıyor: o zamandan beri değişti."
        ),
        "change undone": "değişiklik geri alındı",
        "edit of {name}": "{name} düzenlemesi",
        "archiving of {name}": "{name} arşivlemesi",
        "edit of reminder “{title}”": "“{title}” hatırlatmasının düzenlemesi",
        "“{title}” marked done": "“{title}” yapıldı işareti",
        "snooze of “{title}”": "“{title}” ertelemesi",
        "edit of policy {number}": "{number} poliçesinin düzenlemesi",
        "status change of complaint “{subject}”": "“{subject}” şikâyetinin durum değişikliği",
    }
)
