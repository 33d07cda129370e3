"""Demo dataset (placeholder until the generator lands)."""

from ..db.models import Customer


def is_empty() -> bool:
    return not Customer.select().exists()


def generate(**kwargs) -> None:
    return None
