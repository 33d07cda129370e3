"""Turkish texts of vehicles, insured persons and the DASK/konut address (issue 16 item 4)."""

MESSAGES = {
    # labels
    "Private car": "Hususi",
    "Commercial": "Ticari",
    "Taxi": "Taksi",
    "Truck": "Kamyon",
    "Motorcycle": "Motosiklet",
    "Policyholder": "Kendisi",
    "Spouse": "Eşi",
    "Child": "Çocuğu",
    "Mother": "Annesi",
    "Father": "Babası",
    # rules
    "Expected a vehicle plate like 34 ABC 123 (province 01-81, letters, digits).": (
        "34 ABC 123 gibi bir plaka bekleniyor (il kodu 01-81, harfler, rakamlar)."
    ),
    "Plates do not use the letters Ç, Ğ, İ, Ö, Ş, Ü, Q, W, X (found {letters}).": (
        "Plakalarda Ç, Ğ, İ, Ö, Ş, Ü, Q, W, X harfleri kullanılmaz (yazılan: {letters})."
    ),
    "The province code of a plate is 01 to 81, not {code}.": (
        "Plakanın il kodu 01 ile 81 arasındadır, {code} değil."
    ),
    "A chassis number (VIN) has 17 characters, not {n}.": (
        "Şasi numarası 17 karakterdir, {n} değil."
    ),
    "A chassis number (VIN) holds letters and digits only, never I, O or Q.": (
        "Şasi numarası yalnızca harf ve rakamdan oluşur; I, O ve Q içermez."
    ),
    "A UAVT address code has exactly 10 digits.": "UAVT adres kodu tam 10 rakamdır.",
    "The model year is between {first} and {last}.": (
        "Model yılı {first} ile {last} arasında olmalı."
    ),
    "A vehicle needs a plate or a chassis number.": "Araç için plaka ya da şasi numarası gerekli.",
    "Choose how the vehicle is used.": "Aracın kullanım şeklini seçin.",
    "This customer already has a vehicle {plate}.": "Bu müşterinin {plate} plakalı aracı zaten var.",
    "This vehicle was changed at another desk while you were editing it.": (
        "Siz düzenlerken bu araç başka bir masada değiştirildi."
    ),
    "Vehicle {id} not found.": "{id} numaralı araç bulunamadı.",
    "Only traffic and kasko policies insure a vehicle.": (
        "Yalnızca trafik ve kasko poliçeleri bir aracı sigortalar."
    ),
    "A UAVT code and address belong to DASK and home policies.": (
        "UAVT kodu ve adres DASK ve konut poliçelerine aittir."
    ),
    "Choose one of this customer's vehicles.": "Bu müşterinin araçlarından birini seçin.",
    "Give the insured person's name.": "Sigortalının adını yazın.",
    "Choose the relation to the policyholder.": "Sigorta ettirene yakınlığını seçin.",
    "The birthday cannot be in the future.": "Doğum tarihi gelecekte olamaz.",
    "Insured person {id} not found.": "{id} numaralı sigortalı bulunamadı.",
    # screens
    "Vehicles": "Araçlar",
    "Vehicle": "Araç",
    "Plate": "Plaka",
    "Year": "Yıl",
    "Usage": "Kullanım",
    "Chassis no": "Şasi no",
    "No vehicles: press v to add one.": "Araç yok: eklemek için v'ye basın.",
    "New vehicle": "Yeni araç",
    "Edit vehicle": "Aracı düzenle",
    "Brand": "Marka",
    "Model": "Model",
    "Model year": "Model yılı",
    "17 characters (VIN), on the registration (ruhsat).": "17 karakter (VIN), ruhsatta yazar.",
    "Registration serial": "Ruhsat seri no",
    "Engine no": "Motor no",
    "Delete this vehicle? Its policies keep their plate.": (
        "Bu araç silinsin mi? Poliçeleri plakasını korur."
    ),
    "Insured persons": "Sigortalılar",
    "Traffic and kasko: one of the customer's vehicles (v on the card adds one).": (
        "Trafik ve kasko: müşterinin araçlarından biri (kartta v ile eklenir)."
    ),
    "UAVT code": "UAVT kodu",
    "DASK and home: the building's 10-digit address code.": (
        "DASK ve konut: binanın 10 haneli adres kodu."
    ),
    "Insured address": "Sigortalı adres",
    "Save the policy first, then add its insured persons.": (
        "Önce poliçeyi kaydedin, sonra sigortalılarını ekleyin."
    ),
    "Insured person": "Sigortalı",
    "Relation": "Yakınlık",
    "Add": "Ekle",
    "Delete": "Sil",
    "ID number": "T.C. kimlik no",
    "Remove": "Çıkar",
    "No insured persons: press a to add one.": "Sigortalı yok: eklemek için a'ya basın.",
    "Insured persons of {policy}": "{policy} sigortalıları",
}
