"""Kept for imports from the domain layer."""

from ..clock import now, today

__all__ = ["now", "today"]
