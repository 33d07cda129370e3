"""Turkish messages of assignments (who is to do it), Today's Mine/Everyone's and the
audit screen (issue 15)."""

MESSAGES = {
    "Assigned to": "Atanan",
    "A user name has at most {n} characters.": "Kullanıcı adı en çok {n} karakter olabilir.",
    "reminder assigned": "hatırlatma atandı",
    "complaint assigned": "şikâyet atandı",
}
