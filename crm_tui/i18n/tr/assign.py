"""Turkish messages of assignments (who is to do it), Today's Mine/Everyone's and the
audit screen (issue 15)."""

MESSAGES = {
    "Assigned to": "Atanan",
    "A user name has at most {n} characters.": "Kullanıcı adı en çok {n} karakter olabilir.",
    "reminder assigned": "hatırlatma atandı",
    "complaint assigned": "şikâyet atandı",
    "nobody (everyone's)": "kimse (herkesin)",
    "→ completes a known user; blank: nobody": "→ bilinen bir kullanıcıyı tamamlar; boş: kimse",
    # Today: Mine / Everyone's
    "Mine/Everyone's": "Benim/Herkesin",
    "Today: mine and nobody's": "Bugün: benimkiler ve atanmamışlar",
    "Today: everyone's": "Bugün: herkesinkiler",
    "Mine": "Benim",
    "Everyone's": "Herkesin",
    # the audit screen
    "Who did what": "Kim ne yaptı",
    "The record of changes: by user, customer and date": "Değişikliklerin kaydı: kullanıcıya, müşteriye ve tarihe göre",
    "User": "Kullanıcı",
    "→ completes a known user; blank: everyone": "→ bilinen bir kullanıcıyı tamamlar; boş: herkes",
    "From": "Başlangıç",
    "22/11/2026, today; blank: any day": "22/11/2026, bugün; boş: her gün",
    "From day": "Günden",
    "Detail": "Ayrıntı",
    "The newest {n} changes; narrow with u, c or d to see older ones.": "En yeni {n} değişiklik; daha eskileri görmek için u, c ya da d ile daraltın.",
    "{n} changes.": "{n} değişiklik.",
    "all": "hepsi",
    "any day": "her gün",
    "Whose changes?": "Kimin değişiklikleri?",
    "Changes to which customer?": "Hangi müşterinin değişiklikleri?",
    "Changes from which day?": "Hangi günden itibaren?",
}
