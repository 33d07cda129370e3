"""Turkish messages of several desks on one book: PostgreSQL, network shares, users."""

MESSAGES = {
    "{path} is on a network share ({fstype}). A SQLite book there can be corrupted without warning when two computers use it; for several desks use PostgreSQL (docs/MULTI-DESK.md). To open it anyway (one computer only), set {env}=1.": "{path} bir ağ paylaşımında ({fstype}). Oradaki bir SQLite defteri iki bilgisayar kullandığında haber vermeden bozulabilir; birden çok masa için PostgreSQL kullanın (docs/MULTI-DESK.md). Yine de açmak için (yalnız tek bilgisayar) {env}=1 ayarlayın.",
    "Settings file {path}: the database address must not hold a password; put it in ~/.pgpass (or PGPASSWORD).": "Ayar dosyası {path}: veritabanı adresinde parola olmamalı; parolayı ~/.pgpass dosyasına (ya da PGPASSWORD'e) yazın.",
    "PostgreSQL refused the login for {url} (wrong user or password; see ~/.pgpass or PGPASSWORD).": "PostgreSQL {url} için girişi reddetti (kullanıcı ya da parola yanlış; ~/.pgpass veya PGPASSWORD'e bakın).",
    "The PostgreSQL database {url} does not exist; create it first.": "PostgreSQL veritabanı {url} yok; önce oluşturun.",
    "Cannot reach the PostgreSQL server of {url}: is it running and reachable?": "{url} için PostgreSQL sunucusuna ulaşılamıyor: çalışıyor ve erişilebilir mi?",
    "PostgreSQL: no permission for {url} ({reason}).": "PostgreSQL: {url} için yetki yok ({reason}).",
    "{url} is a PostgreSQL database of another program (it has tables, none of crm-tui's); nothing was changed.": "{url} başka bir programın PostgreSQL veritabanı (tabloları var, hiçbiri crm-tui'nin değil); hiçbir şey değiştirilmedi.",
    # copy-to: a book into an empty database of either engine
    "{target} is not empty ({table} holds rows); copy into a new, empty database. Nothing was written.": "{target} boş değil ({table} tablosunda kayıt var); yeni, boş bir veritabanına kopyalayın. Hiçbir şey yazılmadı.",
    "{target} holds another program's tables; copy into a new, empty database. Nothing was written.": "{target} başka bir programın tablolarını içeriyor; yeni, boş bir veritabanına kopyalayın. Hiçbir şey yazılmadı.",
    "{target} is in use (it has a -wal or -journal file); close it first.": "{target} kullanımda (-wal ya da -journal dosyası var); önce kapatın.",
    "{target} is the database being copied; choose another.": "{target} kopyalanan veritabanının kendisi; başka birini seçin.",
    "The copy failed; {target} was left as it was: {reason}": "Kopyalama başarısız oldu; {target} olduğu gibi bırakıldı: {reason}",
    "copy the database into an empty one (a postgresql:// address or a new file), all or nothing": "veritabanını boş bir veritabanına kopyala (bir postgresql:// adresi ya da yeni bir dosya), ya hep ya hiç",
    "an empty PostgreSQL database (postgresql://user@host/name) or a new file": "boş bir PostgreSQL veritabanı (postgresql://kullanici@sunucu/ad) ya da yeni bir dosya",
    "table": "tablo",
    "source": "kaynak",
    "target": "hedef",
    "total": "toplam",
    "{source} → {target}": "{source} → {target}",
    "Copied: {target} holds the book now.": "Kopyalandı: defter artık {target} içinde de var.",
}
