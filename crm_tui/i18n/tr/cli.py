MESSAGES = {
    "see crm-tui --help": "yardım: crm-tui --help",
    "unknown language '{value}': use tr or en": "bilinmeyen dil '{value}': tr ya da en kullanın",
    "Keyboard-driven terminal CRM for small businesses.": "Küçük işletmeler için klavyeyle kullanılan terminal CRM.",
    "database file (default: CRM_TUI_DB or the data folder)": "veritabanı dosyası (varsayılan: CRM_TUI_DB ya da veri klasörü)",
    "open the demo database, creating it if needed": "demo veritabanını aç, yoksa oluştur",
    "language: tr or en (default: settings, then system locale)": "dil: tr ya da en (varsayılan: ayarlar, sonra sistem dili)",
    "open the card of this caller (for caller-ID hooks)": "arayan numaranın kartını aç (arayan kimliği entegrasyonu için)",
    "COMMAND": "KOMUT",
    "Creating the demo database in {path}…": "Demo veritabanı {path} konumunda oluşturuluyor…",
}
