"""Turkish messages of the reliability work: damaged, foreign, read-only files, full disk."""

MESSAGES = {
    "Cannot write to {path}: the disk is full or the file is too large. Free some space and try again.": "{path} dosyasına yazılamıyor: disk dolu ya da dosya çok büyük. Biraz yer açıp yeniden deneyin.",
    "{path} is damaged ({reason}). Restore a backup; the file was not changed.": "{path} bozuk ({reason}). Bir yedeği geri yükleyin; dosyaya dokunulmadı.",
    "The database {path} is busy in another window or desk; try again in a moment.": "{path} veritabanı başka bir pencerede ya da masada kullanılıyor; birazdan yeniden deneyin.",
    "{path} is not a folder.": "{path} bir klasör değil.",
    "{path} is an SQLite database of another program, not a crm-tui database.": "{path} başka bir programın SQLite veritabanı, crm-tui veritabanı değil.",
    "invalid header or the file was cut short": "başlığı geçersiz ya da dosya yarım kalmış",
    "the integrity check found errors": "bütünlük denetimi hata buldu",
    # storage errors and edit conflicts in the TUI
    "Nothing was saved. {reason}": "Hiçbir şey kaydedilmedi. {reason}",
    "This reminder was changed at another desk while you were editing it.": "Bu hatırlatma, siz düzenlerken başka bir masada değiştirildi.",
    "This policy was changed at another desk while you were editing it.": "Bu poliçe, siz düzenlerken başka bir masada değiştirildi.",
    "This complaint was changed at another desk while you were editing it.": "Bu şikâyet, siz düzenlerken başka bir masada değiştirildi.",
    "Keep your version or load theirs?": "Sizin sürümünüz mü kalsın, onlarınki mi yüklensin?",
    "Loaded the latest version.": "En son sürüm yüklendi.",
}
