"""Turkish texts of insurers' production and renewal lists (XLSX in, saved column
mappings, renewals) and of XLSX reports (issue 16 items 6 and 7)."""

MESSAGES = {
    # import: options and messages
    "SHEET": "SAYFA",
    "XLSX: the sheet to read, by name or number": "XLSX: okunacak sayfa, adı veya numarası",
    "use the column mapping saved under this name (e.g. the insurer's)": "bu adla kaydedilmiş sütun eşlemesini kullan (ör. sigorta şirketinin adı)",
    "save the columns under this name; offered again for a file with the same columns": "sütunları bu adla kaydet; aynı sütunlu bir dosyada yeniden önerilir",
    "Using the saved mapping '{name}'.": "Kayıtlı '{name}' eşlemesi kullanılıyor.",
    "{path}: {rows} rows, sheet '{sheet}'.": "{path}: {rows} satır, '{sheet}' sayfası.",
    "Columns saved as '{name}'.": "Sütunlar '{name}' adıyla kaydedildi.",
    "Same columns as the saved mapping '{name}': using it.": "Sütunlar kayıtlı '{name}' eşlemesiyle aynı: o kullanılıyor.",
    "Previous policy number": "Yenilenen poliçe no",
    "Renewals:": "Yenilemeler:",
    "Give the mapping a name (e.g. the insurer's).": "Eşlemeye bir ad verin (ör. sigorta şirketinin adı).",
    "The mapping does not fit the file's columns.": "Eşleme dosyanın sütunlarına uymuyor.",
    "No saved mapping '{name}'. Saved: {names}.": "'{name}' adlı kayıtlı eşleme yok. Kayıtlı olanlar: {names}.",
    "policy {number} renews {old}: premium {before} → {after} ({change})": "{number} poliçesi {old} poliçesini yeniliyor: prim {before} → {after} ({change})",
    "policy {number} renews {old}: new policy, {old} becomes renewed": "{number} poliçesi {old} poliçesini yeniliyor: yeni poliçe, {old} yenilendi olur",
    "policy {old} that this one renews belongs to another customer": "yenilenen {old} poliçesi başka bir müşterinin",
    "previous policy {old} is not in the book: {number} is imported as a new policy": "yenilenen {old} poliçesi kayıtlarda yok: {number} yeni poliçe olarak alınır",
    "{path} is password-protected or an old .xls file: open it in Excel, remove the password and save it as .xlsx.": "{path} parola korumalı ya da eski bir .xls dosyası: Excel'de açın, parolayı kaldırın ve .xlsx olarak kaydedin.",
    "{path} is not a readable XLSX file: save it again from Excel as .xlsx.": "{path} okunabilir bir XLSX dosyası değil: Excel'den yeniden .xlsx olarak kaydedin.",
    "{path} has no sheet '{sheet}'. Sheets: {sheets}.": "{path} dosyasında '{sheet}' sayfası yok. Sayfalar: {sheets}.",
    "Renewal: {what}": "Yenileme: {what}",
    # reports as XLSX
    "--format xlsx writes a file: add --out FILE.xlsx.": "--format xlsx bir dosya yazar: --out DOSYA.xlsx ekleyin.",
    "Report": "Rapor",
}
