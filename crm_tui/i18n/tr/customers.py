MESSAGES = {
    "A name is required.": "Ad gerekli.",
    "The birthday cannot be in the future.": "Doğum tarihi gelecekte olamaz.",
    "This customer was changed elsewhere since you opened it.": "Bu müşteri siz açtıktan sonra başka bir yerde değiştirildi.",
    "Customer {id} not found.": "{id} numaralı müşteri bulunamadı.",
}
