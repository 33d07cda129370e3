"""Turkish texts of the complaints area (domain rules, list, detail and forms)."""

MESSAGES = {
    # domain: validation and workflow
    "Choose one of: {choices}.": "Şunlardan birini seçin: {choices}.",
    "A complaint that is “{current}” cannot move to “{target}”. Allowed: {allowed}.": (
        "“{current}” durumundaki bir şikâyet “{target}” durumuna geçemez. Geçilebilecek"
        " durumlar: {allowed}."
    ),
    "A subject is required: what is the complaint about?": ("Konu gerekli: şikâyet ne hakkında?"),
    "Choose the customer who complains.": "Şikâyet eden müşteriyi seçin.",
    "Complaint {id} not found.": "{id} numaralı şikâyet bulunamadı.",
    "The subject is too long ({n} characters, at most {max}).": (
        "Konu çok uzun ({n} karakter, en fazla {max})."
    ),
    "That policy does not belong to this customer.": "Bu poliçe bu müşteriye ait değil.",
    "That purchase does not belong to this customer.": "Bu alışveriş bu müşteriye ait değil.",
    "This complaint was changed elsewhere: it is now “{status}”.": (
        "Bu şikâyet başka bir yerde değiştirildi: şu an “{status}” durumunda."
    ),
    "Describe how the complaint was resolved.": "Şikâyetin nasıl çözüldüğünü yazın.",
    "Unknown status {status}.": "Bilinmeyen durum: {status}.",
    "Satisfaction is a whole number from 1 (very unhappy) to 5 (very happy), or empty when not asked.": (
        "Memnuniyet 1 (hiç memnun değil) ile 5 (çok memnun) arasında bir tam sayıdır;"
        " sorulmadıysa boş bırakın."
    ),
    "Only a resolved or closed complaint can be reopened; this one is “{status}”.": (
        "Yalnızca çözülmüş ya da kapatılmış bir şikâyet yeniden açılabilir; bu şikâyet"
        " “{status}” durumunda."
    ),
    "Write the note first: it cannot be empty.": "Önce notu yazın: not boş olamaz.",
    "Priority changed from {old} to {new}.": "Öncelik değişti: {old} → {new}.",
    "The complaint is already “{status}”.": "Şikâyet zaten “{status}” durumunda.",
    # list screen
    "Overdue": "Süresi geçmiş",
    "All": "Tümü",
    "{filter} ({count}) · {sort} · {shown}": "{filter} ({count}) · {sort} · {shown}",
    "[b]Open {open}[/b]": "[b]Açık {open}[/b]",
    "[b red]overdue {overdue}[/]": "[b red]süresi geçmiş {overdue}[/]",
    "Last {days} days: {count} complaints · breached {breached} · median resolution {median} · on time {on_time} · first contact {fcr} · satisfaction {csat}": (
        "Son {days} gün: {count} şikâyet · süresi aşılan {breached} · medyan çözüm süresi"
        " {median} · zamanında {on_time} · ilk temasta çözüm {fcr} · memnuniyet {csat}"
    ),
    "Note": "Not",
    "Filter": "Filtre",
    "Sort": "Sırala",
    "Find": "Bul",
    "By category": "Kategoriye göre",
    "Next page": "Sonraki sayfa",
    "Previous page": "Önceki sayfa",
    "Back to the list": "Listeye dön",
    "Deadline": "Son tarih",
    "Category": "Kategori",
    "Breached": "Süre aşımı",
    "Count": "Adet",
    "On time": "Zamanında",
    "First contact": "İlk temasta",
    "Satisfaction": "Memnuniyet",
    "{first}–{last} of {total}": "{first}–{last} / {total}",
    "0 of 0": "kayıt yok",
    "by deadline": "son tarihe göre",
    "newest first": "en yeni önce",
    "{avg}/5 ({n} answer)": "{avg}/5 ({n} yanıt)",
    "{avg}/5 ({n} answers)": "{avg}/5 ({n} yanıt)",
    "Complaint #{id} opened; deadline {deadline}.": (
        "#{id} numaralı şikâyet açıldı; son tarih {deadline}."
    ),
    "resolved {when}": "çözüldü {when}",
    "All categories": "Tüm kategoriler",
    "No complaint selected.": "Seçili şikâyet yok.",
    "No complaints match. f changes the filter, ctrl+f searches.": (
        "Eşleşen şikâyet yok. f ile süzgeci değiştirin, ctrl+f ile arayın."
    ),
    "ctrl+f: customer, subject, #no.": "ctrl+f: müşteri, konu, #no.",
    # durations and deadlines
    "{minutes} min": "{minutes} dk",
    "{hours} h": "{hours} sa",
    "{hours} h {minutes} min": "{hours} sa {minutes} dk",
    "{days} d": "{days} g",
    "{days} d {hours} h": "{days} g {hours} sa",
    "{time} left": "{time} kaldı",
    "{time} overdue": "{time} gecikti",
    "paused, {time} left": "durdu, {time} kaldı",
    "paused, {time} overdue": "durdu, {time} gecikti",
    # status change, resolution, notes
    "Change status": "Durumu değiştir",
    "Resolve complaint": "Şikâyeti çöz",
    "Add a note": "Not ekle",
    "Complaint #{id} is “{status}”. Move it to:": (
        "#{id} numaralı şikâyet “{status}” durumunda. Yeni durum:"
    ),
    "Complaint #{id}: {current} → {target}": "#{id} numaralı şikâyet: {current} → {target}",
    "Resolve complaint #{id}": "#{id} numaralı şikâyeti çöz",
    "Note on complaint #{id}": "#{id} numaralı şikâyete not",
    "Reopen (back to in progress)": "Yeniden aç (işleme geri al)",
    "optional: why, what was agreed": "isteğe bağlı: neden, ne konuşuldu",
    "how it was solved": "nasıl çözüldü",
    "Solved at the first contact, without calling back": (
        "İlk temasta, geri dönüş gerekmeden çözüldü"
    ),
    "1–5, empty if not asked": "1–5, sorulmadıysa boş",
    "1 very unhappy … 5 very happy": "1 hiç memnun değil … 5 çok memnun",
    "optional": "isteğe bağlı",
    "what happened, what was said": "ne oldu, ne konuşuldu",
    "Resolution": "Çözüm",
    # detail screen
    "Complaint #{id}: {subject}": "#{id} numaralı şikâyet: {subject}",
    "Resolve": "Çöz",
    "Reopen": "Yeniden aç",
    "When": "Zaman",
    "Owner": "Sorumlu",
    "not asked": "sorulmadı",
    "New deadline": "Yeni son tarih",
    "Reopened": "Yeniden açıldı",
    "History": "Geçmiş",
    "deadline missed": "süre aşıldı",
    "yes": "evet",
    "no": "hayır",
    # form
    "Deadline: {levels}": "Son tarih: {levels}",
    "New complaint": "Yeni şikâyet",
    "New complaint — {customer}": "Yeni şikâyet — {customer}",
    "Complaint #{id} — {customer}": "#{id} numaralı şikâyet — {customer}",
    "Next": "Sonraki",
    "Previous": "Önceki",
    "Which customer complains?": "Hangi müşteri şikâyetçi?",
    "{n} working day": "{n} iş günü",
    "{n} working days": "{n} iş günü",
    "{n} day": "{n} gün",
    "{n} working hours": "{n} iş saati",
    "{n} hours": "{n} saat",
    "{n} days": "{n} gün",
    "No customer matches: type a name or a phone number.": (
        "Eşleşen müşteri yok: bir ad ya da telefon numarası yazın."
    ),
    "in a few words: what went wrong": "birkaç kelimeyle: ne ters gitti",
    "who handles it": "kim ilgileniyor",
    "↑↓ choose · Enter take · Escape cancel": "↑↓ seç · Enter al · Escape vazgeç",
    "name, phone or policy number": "ad, telefon ya da poliçe numarası",
    # service levels (settings dialog, domain validation)
    "hours": "saat",
    "working hours": "iş saati",
    "working days": "iş günü",
    "days": "gün",
    "Not a date: {bad}. Write dates like 19.05.2027, separated by commas.": (
        "Tarih değil: {bad}. Tarihleri 19.05.2027 gibi, virgülle ayırarak yazın."
    ),
    "Write a number of hours from 0 to {max} (0: only overdue complaints).": (
        "0 ile {max} arasında bir saat sayısı yazın (0: yalnızca süresi geçmiş şikâyetler)."
    ),
    "Write how long, as a number greater than 0 (for example 4 or 1.5).": (
        "Süreyi 0'dan büyük bir sayı olarak yazın (örneğin 4 ya da 1,5)."
    ),
    "At most {days} days: a complaint should not wait longer than that.": (
        "En fazla {days} gün: bir şikâyet bundan uzun beklememeli."
    ),
    "At least a quarter of an hour (0.25 hours).": "En az çeyrek saat (0,25 saat).",
    "solved at the first contact": "ilk temasta çözüldü",
    "satisfaction {n}/5": "memnuniyet {n}/5",
    "Complaint service levels": "Şikâyet hizmet süreleri",
    "Service levels": "Hizmet süreleri",
    "Public holidays": "Resmî tatiller",
    "Extra holidays": "Ek tatil günleri",
    "On Today, hours": "Bugün (saat)",
    "Service levels saved. They apply to complaints opened from now on; open complaints keep their deadline.": (
        "Hizmet süreleri kaydedildi. Bundan sonra açılan şikâyetlere uygulanır; açık"
        " şikâyetlerin son tarihi değişmez."
    ),
    # list screen (short names, filters)
    "Waiting": "Beklemede",
    "Figures": "Rakamlar",
    "“{text}”: ": "“{text}”: ",
    "Show which complaints?": "Hangi şikâyetler gösterilsin?",
    "No complaints. Every customer is happy. n opens one.": (
        "Şikâyet yok. Bütün müşteriler memnun. Yeni şikâyet için n."
    ),
    "Figures of the last 90 days are being counted…": "Son 90 günün rakamları hesaplanıyor…",
    "Not counted as working time (known up to {year})": (
        "İş süresinden sayılmaz ({year} yılına kadar listeli)"
    ),
    "Other closed days: bridge days, your own holidays": ("Köprü izni gibi diğer kapalı günler"),
    "Shows on Today this many hours before the deadline": (
        "Son tarihe kaç saat kala Bugün ekranında görünsün"
    ),
    "Time allowed per priority; changes apply to complaints opened from now on.": (
        "Önceliğe göre tanınan süre; değişiklikler yeni şikâyetlere uygulanır."
    ),
    "waiting on the customer since {when}": "{when} tarihinden beri müşteri bekleniyor",
    "Description changed": "Açıklama değişti",
    "{n} hour": "{n} saat",
    "{n} working hour": "{n} iş saati",
}

MESSAGES.update(  # issue 20 items 6-9
    {
        "e.g. 28/10/2027, 31/12/2027": "ör. 28.10.2027, 31.12.2027",
    }
)
