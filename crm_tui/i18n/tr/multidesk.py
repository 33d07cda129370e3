"""Turkish messages of several desks on one book: PostgreSQL, network shares, users."""

MESSAGES = {
    "{path} is on a network share ({fstype}). A SQLite book there can be corrupted without warning when two computers use it; for several desks use PostgreSQL (docs/MULTI-DESK.md). To open it anyway (one computer only), set {env}=1.": "{path} bir ağ paylaşımında ({fstype}). Oradaki bir SQLite defteri iki bilgisayar kullandığında haber vermeden bozulabilir; birden çok masa için PostgreSQL kullanın (docs/MULTI-DESK.md). Yine de açmak için (yalnız tek bilgisayar) {env}=1 ayarlayın.",
}
