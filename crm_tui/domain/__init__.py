"""Business rules. Pure Python + Peewee: never imports Textual (checked by a test)."""
