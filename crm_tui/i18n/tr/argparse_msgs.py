"""Turkish for the messages Python's argparse prints (help headers and errors)."""

MESSAGES = {
    "usage: ": "kullanım: ",
    "options": "seçenekler",
    "positional arguments": "konumsal argümanlar",
    "show this help message and exit": "bu yardımı göster ve çık",
    "show program's version number and exit": "sürüm numarasını göster ve çık",
    "unrecognized arguments: %s": "tanınmayan argümanlar: %s",
    "argument %(argument_name)s: %(message)s": "argüman %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "şu argümanlar gerekli: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "geçersiz seçim: %(value)r (seçenekler: %(choices)s)",
    "expected one argument": "bir değer bekleniyor",
    "invalid %(type)s value: %(value)r": "geçersiz %(type)s değeri: %(value)r",
    "%(prog)s: error: %(message)s\n": "%(prog)s: hata: %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "belirsiz seçenek: %(option)s, şunlardan biri olabilir: %(matches)s",
}
