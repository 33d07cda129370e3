"""Demo dataset: a realistic Turkish small business that is also an insurance agency."""

from .generator import CHUNK, DEFAULT_CUSTOMERS, generate, is_empty

__all__ = ["CHUNK", "DEFAULT_CUSTOMERS", "generate", "is_empty"]
