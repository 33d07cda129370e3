"""The demo generator moved to ``crm_tui.demo``; its names stay importable from here."""

from ..demo import CHUNK, DEFAULT_CUSTOMERS, generate, is_empty

__all__ = ["CHUNK", "DEFAULT_CUSTOMERS", "generate", "is_empty"]
