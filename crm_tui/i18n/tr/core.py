MESSAGES = {
    "{path} is a folder, not a database file.": "{path} bir klasör, veritabanı dosyası değil.",
    "Cannot read {path}: permission denied.": "{path} okunamıyor: erişim izni yok.",
    "{path} is not a crm-tui database (not an SQLite file).": "{path} bir crm-tui veritabanı değil (SQLite dosyası değil).",
    "Folder {folder} does not exist.": "{folder} klasörü yok.",
    "Cannot create {path}: permission denied.": "{path} oluşturulamıyor: erişim izni yok.",
    "Cannot create {path}: {reason}": "{path} oluşturulamıyor: {reason}",
    "{path} does not exist.": "{path} bulunamadı.",
    "{path} was made by a newer crm-tui (schema {found}, this version knows {known}).": "{path} daha yeni bir crm-tui sürümüyle oluşturulmuş (şema {found}, bu sürüm {known} sürümünü biliyor).",
    "Cannot write to {path}: read-only.": "{path} dosyasına yazılamıyor: salt okunur.",
    "{path} was made by an unreleased build of crm-tui (its schema {found} is not the released one); the file was not changed.": "{path} yayımlanmamış bir crm-tui derlemesiyle oluşturulmuş (şema {found} yayımlanan şemayla aynı değil); dosya değiştirilmedi.",
    "{path} records schema step {step} ({name}), which this version of crm-tui does not know; the file was not changed.": "{path} bu crm-tui sürümünün bilmediği {step}. şema adımını ({name}) içeriyor; dosya değiştirilmedi.",
    "{path} cannot be opened: {reason}": "{path} açılamıyor: {reason}",
}
MESSAGES.update(
    {
        "Settings file {path} is not valid TOML: {reason}": "Ayar dosyası {path} geçerli bir TOML değil: {reason}",
        "Settings file {path}: language must be 'tr' or 'en'.": "Ayar dosyası {path}: dil 'tr' ya da 'en' olmalı.",
        "Settings file {path}: [keys] maps binding ids to key names.": "Ayar dosyası {path}: [keys] bölümü kısayol kimliklerini tuş adlarına eşler.",
    }
)
MESSAGES.update(
    {
        '[keys] must be a table of binding id = "key" lines; it was ignored.': '[keys] bölümü kısayol kimliği = "tuş" satırlarından oluşmalı; dikkate alınmadı.',
        '[keys] {id}: the key must be text such as "f9" or "ctrl+n"; ignored.': '[keys] {id}: tuş "f9" ya da "ctrl+n" gibi bir metin olmalı; dikkate alınmadı.',
    }
)
